/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-neighbours.h"

#include "cloak-payload.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"

#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakNeighbours");

namespace
{
/// KEEPALIVE payload flags.
const uint8_t KEEPALIVE_JOINED = 0x01;  //!< The sender has an address (the header's source)
const uint8_t KEEPALIVE_REQUEST = 0x02; //!< Answer with a keepalive
} // namespace

CloakNeighbours::CloakNeighbours()
    : m_owner(nullptr)
{
}

void
CloakNeighbours::Start(Ptr<Node> node, const Config& config, Owner* owner)
{
    m_node = node;
    m_config = config;
    m_owner = owner;
    m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), config.port)) != 0,
                    "CloakNode: cannot bind TCP port " << config.port);
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeCallback(&CloakNeighbours::HandleRequest, this),
                                  MakeCallback(&CloakNeighbours::HandleAccept, this));
}

void
CloakNeighbours::Stop(bool close)
{
    DropAll(close);
    if (m_listener && close)
    {
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeNullCallback<void, Ptr<Socket>, const Address&>());
        m_listener->Close();
    }
    m_listener = nullptr;
    m_updateEvent.Cancel();
    if (!close)
    {
        m_node = nullptr;
        m_owner = nullptr;
    }
}

Ptr<FrameSocket>
CloakNeighbours::Dial(Ipv4Address ip, Role role)
{
    NS_LOG_LOGIC("peer " << m_config.name << " dials " << ip);
    Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    socket->Bind();
    Ptr<FrameSocket> conn = Adopt(socket, false, ip, role);
    socket->Connect(InetSocketAddress(ip, m_config.port));
    return conn;
}

Ptr<FrameSocket>
CloakNeighbours::Adopt(Ptr<Socket> socket, bool connected, Ipv4Address ip, Role role)
{
    Ptr<FrameSocket> conn = CreateObject<FrameSocket>();
    conn->Attach(socket, connected);
    conn->SetReceiveCallback(MakeCallback(&CloakNeighbours::HandleFrame, this));
    conn->SetCloseCallback(MakeCallback(&CloakNeighbours::HandleClosed, this));
    Link& link = m_links[conn];
    link.role = role;
    link.ip = ip;
    link.lastHeard = Simulator::Now();
    return conn;
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
    auto it = m_links.find(conn);
    if (it == m_links.end())
    {
        return;
    }
    Link link = it->second;
    m_links.erase(it);
    if (close)
    {
        conn->Close();
    }
    else
    {
        conn->Release();
    }
    EndRole(link);
}

void
CloakNeighbours::DropAll(bool close)
{
    while (!m_links.empty())
    {
        Drop(m_links.begin()->first, close);
    }
}

void
CloakNeighbours::DropSilent()
{
    Time oldest = Simulator::Now() - m_config.neighbourTimeout;
    std::vector<Ptr<FrameSocket>> silent;
    for (const auto& [conn, link] : m_links)
    {
        if (link.role != JOINING && link.lastHeard < oldest)
        {
            silent.push_back(conn);
        }
    }
    for (Ptr<FrameSocket> conn : silent)
    {
        NS_LOG_INFO("peer " << m_config.name << ": neighbour " << m_links[conn].name << " silent");
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
    for (const auto& [conn, link] : m_links)
    {
        if (link.role >= PARENT)
        {
            SendKeepalive(conn, false);
        }
    }
}

void
CloakNeighbours::SendKeepaliveRequests()
{
    // One side of each link asks, the other answers at once: the answer carries the TCP
    // acknowledgement of the question, so a round costs three packets, not four.
    for (const auto& [conn, link] : m_links)
    {
        if (link.role >= PARENT && (link.name == 0 || m_config.name < link.name))
        {
            SendKeepalive(conn, true);
        }
    }
}

bool
CloakNeighbours::SendOn(Ptr<FrameSocket> conn, CloakHeader header, Ptr<Packet> payload)
{
    header.SetPayloadLength(payload->GetSize());
    Ptr<Packet> packet = payload->Copy();
    packet->AddHeader(header);
    return conn->Send(packet);
}

const CloakNeighbours::LinkMap&
CloakNeighbours::GetLinks() const
{
    return m_links;
}

CloakNeighbours::Link*
CloakNeighbours::Find(Ptr<FrameSocket> conn)
{
    auto it = m_links.find(conn);
    return it != m_links.end() ? &it->second : nullptr;
}

const std::map<uint8_t, Ptr<FrameSocket>>&
CloakNeighbours::GetChildren() const
{
    return m_childBySlot;
}

void
CloakNeighbours::AddChild(Ptr<FrameSocket> conn,
                          uint8_t slot,
                          uint64_t name,
                          const HyperbolicAddress& address)
{
    Link& link = m_links[conn];
    link.role = CHILD;
    link.slot = slot;
    link.name = name;
    link.address = address;
    link.hasAddress = true;
    m_childBySlot[slot] = conn;
}

std::vector<uint64_t>
CloakNeighbours::GetNeighbourNames() const
{
    std::set<uint64_t> names;
    for (const auto& [conn, link] : m_links)
    {
        if (link.hasAddress && link.role >= PARENT)
        {
            names.insert(link.name);
        }
    }
    return std::vector<uint64_t>(names.begin(), names.end());
}

uint64_t
CloakNeighbours::GetParentName() const
{
    for (const auto& [conn, link] : m_links)
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
    std::pair<long double, int> best(here.DistanceTo(target), 0);
    Ptr<FrameSocket> hop;
    for (const auto& [conn, link] : m_links)
    {
        if (!link.hasAddress || link.role < PARENT)
        {
            continue;
        }
        std::pair<long double, int> here(link.address.DistanceTo(target), 1);
        for (uint32_t i = 0; m_config.lookahead && conn != from && i < link.others.size(); ++i)
        {
            here = std::min(here, std::make_pair(link.others[i].DistanceTo(target), 2));
        }
        if (here < best)
        {
            best = here;
            hop = conn;
        }
    }
    return hop;
}

uint32_t
CloakNeighbours::CountExtraLinks() const
{
    uint32_t extra = 0;
    for (const auto& [conn, link] : m_links)
    {
        extra += link.role == EXTRA;
    }
    return extra;
}

void
CloakNeighbours::HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame)
{
    auto it = m_links.find(conn);
    if (it == m_links.end())
    {
        return;
    }
    it->second.lastHeard = Simulator::Now();
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
        EndRole(it->second);
        return;
    default:
        m_owner->HandleLinkFrame(conn, header, frame);
    }
}

void
CloakNeighbours::SendKeepalive(Ptr<FrameSocket> conn, bool request)
{
    CloakPayloadWriter w;
    w.Integer((m_owner->IsJoined() ? KEEPALIVE_JOINED : 0) | (request ? KEEPALIVE_REQUEST : 0), 1);
    std::vector<const HyperbolicAddress*> others;
    for (const auto& [other, link] : m_links)
    {
        if (link.hasAddress && link.role >= PARENT && others.size() < 255)
        {
            others.push_back(&link.address);
        }
    }
    w.Integer(m_config.lookahead ? others.size() : 0, 1);
    for (uint32_t i = 0; m_config.lookahead && i < others.size(); ++i)
    {
        w.Address(*others[i]);
    }
    SendOn(conn, m_owner->MakeLinkHeader(CloakHeader::KEEPALIVE), w.ToPacket());
}

void
CloakNeighbours::HandleKeepalive(Ptr<FrameSocket> conn,
                                 const CloakHeader& header,
                                 Ptr<Packet> payload)
{
    Link& link = m_links[conn];
    CloakPayloadReader r(payload);
    uint8_t flags = r.Integer(1);
    bool joined = flags & KEEPALIVE_JOINED;
    uint32_t count = r.Integer(1);
    std::vector<HyperbolicAddress> others(count);
    for (HyperbolicAddress& other : others)
    {
        r.Address(other);
    }
    if (!r.Done() || link.role == JOINING || (flags & ~(KEEPALIVE_JOINED | KEEPALIVE_REQUEST)))
    {
        m_owner->BadFrame(header);
        return;
    }
    if (link.role == PENDING)
    {
        if (CountExtraLinks() >= m_config.maxExtraLinks)
        {
            // Popular peers (the root is everybody's contact) would drown in links.
            Drop(conn, true);
            return;
        }
        link.role = EXTRA;
        SendKeepalive(conn, false); // the dialer learns our address now, not a period later
    }
    else if (flags & KEEPALIVE_REQUEST)
    {
        SendKeepalive(conn, false);
    }
    link.name = header.GetSourceName();
    link.others = std::move(others);
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
CloakNeighbours::HandleClosed(Ptr<FrameSocket> conn)
{
    NS_LOG_FUNCTION(this << conn);
    Drop(conn, false);
    m_owner->LinkClosed(conn);
}

bool
CloakNeighbours::HandleRequest(Ptr<Socket> /* socket */, const Address& /* from */)
{
    return true;
}

void
CloakNeighbours::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    Adopt(socket, true, InetSocketAddress::ConvertFrom(from).GetIpv4(), PENDING);
}

} // namespace ns3
