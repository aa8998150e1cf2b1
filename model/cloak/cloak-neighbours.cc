/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-neighbours.h"

#include "cloak-messages.h"

#include "ns3/abort.h"
#include "ns3/local-address-monitor.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakNeighbours");

CloakNeighbours::CloakNeighbours()
    : m_owner(nullptr)
{
}

void
CloakNeighbours::Start(Ptr<Node> node, const Config& config, Owner* owner)
{
    m_config = config;
    m_owner = owner;
    m_links.SetCallbacks(MakeCallback(&CloakNeighbours::HandleFrame, this),
                         MakeCallback(&CloakNeighbours::LinkClosed, this));
    m_links.SetRoomCallback(MakeCallback(&Owner::LinkRoom, owner));
    bool listening = m_links.Listen(node,
                                    config.port,
                                    MakeCallback(&CloakNeighbours::Accepted, this),
                                    config.ipv6);
    NS_ABORT_MSG_IF(!listening, "CloakNode: cannot bind TCP port " << config.port);
}

void
CloakNeighbours::Stop(bool close)
{
    DropAll(close);
    m_links.StopListening(close);
    m_updateEvent.Cancel();
    if (!close)
    {
        m_owner = nullptr;
    }
}

Ptr<FrameSocket>
CloakNeighbours::Dial(const Address& ip, Role role)
{
    NS_LOG_LOGIC("peer " << m_config.name << " dials " << LocalAddressMonitor::Format(ip));
    Link link;
    link.role = role;
    link.ip = ip;
    link.lastHeard = Simulator::Now();
    return m_links.Dial(ip, m_config.port, link);
}

CloakNeighbours::Link
CloakNeighbours::Accepted(const Address& ip)
{
    Link link;
    link.ip = ip;
    link.lastHeard = Simulator::Now();
    return link;
}

void
CloakNeighbours::EndRole(Link& link)
{
    if (link.role == CHILD)
    {
        m_childBySlot.erase(link.slot);
    }
    if (link.hasAddress && link.role >= PARENT)
    {
        NeighboursChanged();
    }
    bool wasParent = link.role == PARENT;
    link.role = PENDING;
    link.hasAddress = false;
    if (wasParent)
    {
        m_owner->ParentLost();
    }
}

void
CloakNeighbours::Drop(Ptr<FrameSocket> conn, bool close)
{
    Link link;
    if (m_links.Forget(conn, close, &link))
    {
        EndRole(link);
    }
}

void
CloakNeighbours::DropAll(bool close)
{
    while (!m_links.GetLinks().empty())
    {
        Drop(m_links.GetLinks().begin()->first, close);
    }
}

void
CloakNeighbours::DropSilent()
{
    Time oldest = Simulator::Now() - m_config.neighbourTimeout;
    std::vector<Ptr<FrameSocket>> silent;
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        if (link.role != JOINING && std::max(link.lastHeard, conn->GetLastProgress()) < oldest)
        {
            silent.push_back(conn);
        }
    }
    for (Ptr<FrameSocket> conn : silent)
    {
        NS_LOG_INFO("peer " << m_config.name << ": neighbour " << m_links.Find(conn)->name
                            << " silent");
        Drop(conn, true);
    }
}

void
CloakNeighbours::NeighboursChanged()
{
    // The neighbours' two-hop view must follow quickly, or their lookahead sends packets
    // toward peers that are gone. One round per event, whatever changed in it.
    if (m_updateEvent.IsExpired())
    {
        m_updateEvent = Simulator::ScheduleNow(&CloakNeighbours::SendUpdates, this);
    }
}

void
CloakNeighbours::SendUpdates()
{
    View view = GetView();
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        if (link.role >= PARENT)
        {
            SendKeepalive(conn, false, view);
        }
    }
}

void
CloakNeighbours::SendKeepaliveRound()
{
    // One side of each link speaks; the other hears it, and the speaker hears the other's
    // TCP acknowledgement (DropSilent counts it): two packets a round. (An answer carried the
    // acknowledgement of the question but drew one of its own: three.) Changes of address
    // or of neighbours are not waited for: SendUpdates sends them when they happen.
    // A link that carried a frame either way since the last round (this round's keepalive,
    // sent at its instant, is not one) needs none: the other side heard it, the sender has its
    // acknowledgement, as with a keepalive; the speaker checks the neighbour has our view too,
    // in case a change went unsent.
    View view = GetView();
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        bool speaker = link.role >= PARENT && (link.name == 0 || m_config.name < link.name);
        bool busy =
            std::max(link.lastHeard, link.lastSent) > m_lastRound && link.viewSent == view.digest;
        if (speaker && !busy)
        {
            SendKeepalive(conn, false, view);
        }
    }
    m_lastRound = Simulator::Now();
}

bool
CloakNeighbours::SendOn(Ptr<FrameSocket> conn, CloakHeader header, Ptr<Packet> payload)
{
    header.SetPayloadLength(payload->GetSize());
    Ptr<Packet> packet = payload->Copy();
    packet->AddHeader(header);
    // The overlay's own messages, and data marked so, go ahead of queued data.
    if (!conn->Send(packet, header.GetType() != CloakHeader::DATA || header.IsUrgent()))
    {
        return false;
    }
    if (Link* link = m_links.Find(conn))
    {
        link->lastSent = Simulator::Now();
    }
    return true;
}

const CloakNeighbours::LinkMap&
CloakNeighbours::GetLinks() const
{
    return m_links.GetLinks();
}

CloakNeighbours::Link*
CloakNeighbours::Find(Ptr<FrameSocket> conn)
{
    return m_links.Find(conn);
}

const std::map<uint8_t, Ptr<FrameSocket>>&
CloakNeighbours::GetChildren() const
{
    return m_childBySlot;
}

bool
CloakNeighbours::AdoptChild(Ptr<FrameSocket> conn,
                            uint64_t name,
                            const HyperbolicAddress& own,
                            HyperbolicAddress& child)
{
    // Slot 0 of a peer other than the root is the direction of its parent.
    for (uint32_t slot = own.GetPath().empty() ? 0 : 1; slot < own.GetDegree(); ++slot)
    {
        if (m_childBySlot.count(slot) == 0 && own.GetChild(slot, child))
        {
            Link& link = *m_links.Find(conn);
            link.role = CHILD;
            link.slot = slot;
            link.name = name;
            link.address = child;
            link.hasAddress = true;
            m_childBySlot[slot] = conn;
            return true;
        }
    }
    return false;
}

void
CloakNeighbours::OpenExtraLinks(const std::vector<Address>& contacts,
                                const std::set<Address>& own,
                                uint32_t want,
                                Ptr<UniformRandomVariable> random)
{
    uint32_t extra = CountExtraLinks();
    if (extra >= want)
    {
        return; // the usual case, every keepalive round
    }
    std::set<Address> linked = own;
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        linked.insert(link.ip);
    }
    for (auto it = m_refusedUntil.begin(); it != m_refusedUntil.end();)
    {
        if (it->second <= Simulator::Now())
        {
            it = m_refusedUntil.erase(it);
            continue;
        }
        linked.insert(it->first);
        ++it;
    }
    std::vector<Address> candidates;
    for (const Address& ip : contacts)
    {
        if (linked.count(ip) == 0)
        {
            candidates.push_back(ip);
        }
    }
    while (extra < want && !candidates.empty())
    {
        uint32_t i = random->GetInteger(0, candidates.size() - 1);
        SendKeepalive(Dial(candidates[i], EXTRA), true);
        candidates.erase(candidates.begin() + i);
        ++extra;
    }
}

std::vector<uint64_t>
CloakNeighbours::GetNeighbourNames() const
{
    std::set<uint64_t> names;
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        if (link.hasAddress && link.role >= PARENT)
        {
            names.insert(link.name);
        }
    }
    return std::vector<uint64_t>(names.begin(), names.end());
}

std::vector<HyperbolicAddress::Point>
CloakNeighbours::GetTwoHopView(uint64_t name) const
{
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        if (link.hasAddress && link.role >= PARENT && link.name == name)
        {
            return link.others;
        }
    }
    return {};
}

uint64_t
CloakNeighbours::GetParentName() const
{
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        if (link.role == PARENT)
        {
            return link.name;
        }
    }
    return 0;
}

Ptr<FrameSocket>
CloakNeighbours::NextHop(const HyperbolicAddress& here,
                         const HyperbolicAddress& target,
                         Ptr<FrameSocket> from) const
{
    // The closest known peer, a neighbour before a neighbour's neighbour at the same
    // distance: a packet must not go the long way round to a peer next door (it would come
    // back, since that peer is next door to us for the next hop too). Neighbours' lists may
    // be a keepalive old, so a packet never goes back where it came from for a peer of
    // that neighbour's list: the two lists could otherwise send it to and fro.
    // Distances are compared as their cosh (the same order, no logarithm); the proximity
    // rate needs the distances themselves.
    const HyperbolicAddress::Point goal = target.GetPoint();
    const long double left = HyperbolicAddress::CoshDistance(here.GetPoint(), goal);
    std::pair<long double, int> best(left, 0);
    Ptr<FrameSocket> hop;
    // With proximity, only neighbours nearer than here are candidates (the distance left
    // shrinks at every hop: no loop, even though the choice is not the closest peer).
    long double bestRate = 0;
    Ptr<FrameSocket> nearHop;
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        if (!link.hasAddress || link.role < PARENT)
        {
            continue;
        }
        const long double own = HyperbolicAddress::CoshDistance(link.address.GetPoint(), goal);
        std::pair<long double, int> reach(own, 1);
        for (uint32_t i = 0; m_config.lookahead && conn != from && i < link.others.size(); ++i)
        {
            reach =
                std::min(reach,
                         std::make_pair(HyperbolicAddress::CoshDistance(link.others[i], goal), 2));
        }
        if (reach < best)
        {
            best = reach;
            hop = conn;
        }
        if (m_config.proximity && own < left)
        {
            // A link with no RTT sample yet counts as a slow one (1 s).
            Time rtt = conn->GetMinRtt().IsZero() ? Seconds(1) : conn->GetMinRtt();
            long double gain = std::acosh(left) - std::acosh(reach.first);
            long double rate = gain / (rtt + m_config.hopCost).GetSeconds();
            if (rate > bestRate)
            {
                bestRate = rate;
                nearHop = conn;
            }
        }
    }
    return m_config.proximity ? nearHop : hop;
}

uint32_t
CloakNeighbours::CountExtraLinks() const
{
    uint32_t extra = 0;
    for (const auto& [conn, link] : m_links.GetLinks())
    {
        extra += link.role == EXTRA;
    }
    return extra;
}

void
CloakNeighbours::HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame)
{
    Link* link = m_links.Find(conn);
    if (!link)
    {
        return;
    }
    link->lastHeard = Simulator::Now();
    CloakHeader header;
    if (frame->RemoveHeader(header) == 0 || header.GetPayloadLength() != frame->GetSize())
    {
        m_owner->BadFrame(CloakHeader());
        return;
    }
    switch (header.GetType())
    {
    case CloakHeader::KEEPALIVE:
        HandleKeepalive(conn, header, frame);
        return;
    case CloakHeader::LEAVE:
        EndRole(*link);
        return;
    default:
        m_owner->HandleLinkFrame(conn, header, frame);
    }
}

CloakNeighbours::View
CloakNeighbours::GetView() const
{
    // FNV-1a over what a keepalive tells: whether we are joined, our address (the header's),
    // the neighbour list's wire form.
    View view;
    view.digest = 14695981039346656037ULL;
    auto add = [&view](const HyperbolicAddress& address) {
        for (uint8_t byte : address.GetPath())
        {
            view.digest = (view.digest ^ byte) * 1099511628211ULL;
        }
        view.digest = (view.digest ^ 0x100) * 1099511628211ULL; // end of this address
    };
    bool joined = m_owner->IsJoined();
    view.digest = (view.digest ^ (joined ? 0x101 : 0x102)) * 1099511628211ULL;
    add(m_owner->MakeLinkHeader(CloakHeader::KEEPALIVE).GetSourceAddress());
    for (const auto& [other, link] : m_links.GetLinks())
    {
        if (m_config.lookahead && link.hasAddress && link.role >= PARENT &&
            view.others.size() < CloakKeepaliveHeader::MAX_NEIGHBOURS)
        {
            view.others.push_back(link.address);
            add(link.address);
        }
    }
    return view;
}

void
CloakNeighbours::SendKeepalive(Ptr<FrameSocket> conn, bool request)
{
    SendKeepalive(conn, request, GetView());
}

void
CloakNeighbours::SendKeepalive(Ptr<FrameSocket> conn, bool request, const View& view)
{
    CloakKeepaliveHeader keepalive;
    keepalive.SetJoined(m_owner->IsJoined());
    keepalive.SetRequest(request);
    // TCP delivers what was sent, in order: a list the neighbour already has is not sent
    // again (the tree's degree is the same for all, the paths say the rest).
    Link& link = *m_links.Find(conn);
    bool unchanged = link.viewSent == view.digest;
    if (unchanged)
    {
        keepalive.SetUnchanged();
    }
    else
    {
        keepalive.SetNeighbours(view.others);
    }
    if (SendOn(conn, m_owner->MakeLinkHeader(CloakHeader::KEEPALIVE), MakeCloakBody(keepalive)) &&
        !unchanged)
    {
        link.viewSent = view.digest;
    }
}

void
CloakNeighbours::Refuse(Ptr<FrameSocket> conn, Link& link)
{
    if (!link.refusedAt.IsNegative())
    {
        // Asked already (what crossed our answer is no sign of a dialer that will not close).
        if (Simulator::Now() - link.refusedAt > m_config.neighbourTimeout)
        {
            Drop(conn, true); // it did not close
        }
        return;
    }
    // The closing side keeps the connection in TIME_WAIT (2 MSL, 240 s in ns-3): the dialer,
    // not the popular peer that refuses hundreds.
    link.refusedAt = Simulator::Now();
    CloakKeepaliveHeader keepalive;
    keepalive.SetJoined(m_owner->IsJoined());
    keepalive.SetFull();
    SendOn(conn, m_owner->MakeLinkHeader(CloakHeader::KEEPALIVE), MakeCloakBody(keepalive));
}

void
CloakNeighbours::HandleKeepalive(Ptr<FrameSocket> conn,
                                 const CloakHeader& header,
                                 Ptr<Packet> payload)
{
    Link& link = *m_links.Find(conn);
    CloakKeepaliveHeader keepalive;
    if (!ReadCloakBody(payload, keepalive) || link.role == JOINING ||
        (keepalive.IsFull() && link.role != EXTRA))
    {
        m_owner->BadFrame(header);
        return;
    }
    if (keepalive.IsFull())
    {
        // Our extra link, refused: we close it, and leave that peer alone for a while.
        m_refusedUntil[link.ip] = Simulator::Now() + REFUSAL_HOLDOFF * m_config.neighbourTimeout;
        Drop(conn, true);
        return;
    }
    if (link.role == PENDING)
    {
        if (CountExtraLinks() >= m_config.maxExtraLinks)
        {
            // Popular peers (the root is everybody's contact) would drown in links.
            Refuse(conn, link);
            return;
        }
        link.role = EXTRA;
        SendKeepalive(conn, false); // the dialer learns our address now, not a period later
    }
    else if (keepalive.IsRequest())
    {
        SendKeepalive(conn, false);
    }
    link.name = header.GetSourceName();
    if (!keepalive.IsUnchanged())
    {
        // Exactly as many as listed: a list grown by doubling keeps up to twice the room.
        link.others.clear();
        link.others.reserve(keepalive.GetNeighbours().size());
        for (const HyperbolicAddress& other : keepalive.GetNeighbours())
        {
            link.others.push_back(other.GetPoint());
        }
    }
    bool joined = keepalive.IsJoined();
    // A child's address is the one we gave it; the others tell theirs.
    if ((link.role == EXTRA || link.role == PARENT) &&
        (link.hasAddress != joined || (joined && link.address != header.GetSourceAddress())))
    {
        link.hasAddress = joined;
        link.address = header.GetSourceAddress();
        NeighboursChanged();
    }
}

void
CloakNeighbours::LinkClosed(Ptr<FrameSocket> conn, const Link& last)
{
    NS_LOG_FUNCTION(this << conn);
    Link link = last;
    EndRole(link);
    m_owner->LinkClosed(conn);
}

} // namespace ns3
