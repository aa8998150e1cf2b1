/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-transport.h"

#include "ns3/frame-socket.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakTransport");

NS_OBJECT_ENSURE_REGISTERED(CloakTransport);

TypeId
CloakTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CloakTransport")
            .SetParent<MusesTransport>()
            .SetGroupName("Muses")
            .AddConstructor<CloakTransport>()
            .AddAttribute("MaxQueue",
                          "Packets kept per peer while its address is being looked up.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&CloakTransport::m_maxQueue),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Path",
                            "The address used for a peer changed, or was proven: the peer's "
                            "name, the address, and whether it is proven (path validation).",
                            MakeTraceSourceAccessor(&CloakTransport::m_pathTrace),
                            "ns3::CloakTransport::PathTracedCallback")
            .AddTraceSource("TxDrop",
                            "A packet was dropped: no address for the peer, or the overlay "
                            "could not take it.",
                            MakeTraceSourceAccessor(&CloakTransport::m_txDropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

CloakTransport::CloakTransport()
    : m_maxQueue(64),
      m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

CloakTransport::~CloakTransport()
{
    NS_LOG_FUNCTION(this);
}

void
CloakTransport::DoDispose()
{
    if (m_cloak)
    {
        m_cloak->SetLinkRoomCallback(Callback<void, Ptr<FrameSocket>>());
    }
    m_cloak = nullptr;
    m_waiting.clear();
    m_unvalidated.clear();
    m_repliedTo.clear();
    m_heldBack.clear();
    MusesTransport::DoDispose();
}

Ptr<CloakNode>
CloakTransport::GetCloakNode() const
{
    return m_cloak;
}

void
CloakTransport::Start(Ptr<Node> node, uint64_t name)
{
    NS_LOG_FUNCTION(this << node << name);
    for (uint32_t i = 0; i < node->GetNApplications() && !m_cloak; ++i)
    {
        m_cloak = DynamicCast<CloakNode>(node->GetApplication(i));
    }
    NS_ABORT_MSG_IF(!m_cloak, "CloakTransport: node " << node->GetId() << " has no CloakNode");
    NS_ABORT_MSG_IF(m_cloak->GetName() != 0 && m_cloak->GetName() != name,
                    "CloakTransport: the CLOAK name " << m_cloak->GetName()
                                                      << " is not the MUSEs name " << name);
    m_cloak->SetName(name);
    m_cloak->SetReceiveCallback(MakeCallback(&CloakTransport::Received, this));
    m_cloak->SetLinkRoomCallback(MakeCallback(&CloakTransport::LinkRoom, this));
    m_cloak->TraceConnectWithoutContext("AddressChange",
                                        MakeCallback(&CloakTransport::AddressChanged, this));
}

void
CloakTransport::DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent)
{
    NS_LOG_FUNCTION(this << packet << peer);
    auto it = m_addresses.find(peer);
    auto check = m_unvalidated.find(peer);
    if (it != m_addresses.end() &&
        (check == m_unvalidated.end() || packet->GetSize() <= check->second.budget))
    {
        if (check != m_unvalidated.end())
        {
            check->second.budget -= packet->GetSize();
        }
        Ptr<FrameSocket> link;
        if (!m_cloak->Send(packet, peer, it->second, urgent, &link))
        {
            m_txDropTrace(packet);
        }
        else if (!urgent)
        {
            NoteCarrier(peer, link);
        }
        return;
    }
    // No address yet, or one not validated whose budget this packet exceeds: it waits for
    // the lookup or the path's answer.
    std::deque<std::pair<Ptr<Packet>, bool>>& waiting = m_waiting[peer];
    if (waiting.size() >= m_maxQueue)
    {
        m_txDropTrace(waiting.front().first);
        waiting.pop_front();
    }
    waiting.emplace_back(packet, urgent);
    if (it == m_addresses.end())
    {
        Resolve(peer);
    }
}

void
CloakTransport::Learn(uint64_t name, const HyperbolicAddress& address, uint32_t size)
{
    // An authentic, new packet came from this address. Where our answer to the peer's HELLO
    // went and its answer came from is proven (it got ours); a return to the last proven
    // address is too; another address is used at once, but within AMPLIFICATION_LIMIT times
    // the bytes received from it until it answers our challenge (a captured packet raced
    // from a victim's address must not draw a window of data there).
    auto known = m_addresses.find(name);
    auto check = m_unvalidated.find(name);
    auto replied = m_repliedTo.find(name);
    bool proven =
        (known == m_addresses.end() && replied != m_repliedTo.end() &&
         replied->second == address) ||
        (known != m_addresses.end() && known->second == address && check == m_unvalidated.end()) ||
        (check != m_unvalidated.end() && check->second.proven == address &&
         check->second.hasProven);
    if (replied != m_repliedTo.end())
    {
        m_repliedTo.erase(replied);
    }
    if (known == m_addresses.end() || known->second != address ||
        (proven && check != m_unvalidated.end()))
    {
        m_pathTrace(name, address, proven);
    }
    if (!proven)
    {
        PathCheck& path = m_unvalidated[name];
        if (check == m_unvalidated.end() && known != m_addresses.end())
        {
            path.proven = known->second; // where to fall back to without a new challenge
            path.hasProven = true;
        }
        if (path.address != address || path.token == 0)
        {
            path.address = address;
            path.budget = 0;
            path.token = uint64_t(m_random->GetInteger(1, UINT32_MAX)) << 32 |
                         m_random->GetInteger(0, UINT32_MAX);
            path.challenged = Seconds(-1);
        }
        path.budget += AMPLIFICATION_LIMIT * size;
        // Challenge again on new packets if the last one may be lost (at most every 100 ms).
        if (path.challenged.IsNegative() || Simulator::Now() - path.challenged >= MilliSeconds(100))
        {
            path.challenged = Simulator::Now();
            SendPathFrame(PATH_CHALLENGE, path.token, name, address);
        }
    }
    m_addresses[name] = address;
    if (m_resolving.count(name))
    {
        m_heard.insert(name);
    }
    if (proven)
    {
        m_heardAt[name] = {address, Simulator::Now()};
        Proven(name);
    }
    SendWaiting(name, true);
}

void
CloakTransport::Proven(uint64_t peer)
{
    if (m_unvalidated.erase(peer) > 0)
    {
        NotifyRoom(peer); // the budget no longer bounds what GetTxAvailable() says
    }
}

void
CloakTransport::SendPathFrame(uint8_t type,
                              uint64_t token,
                              uint64_t name,
                              const HyperbolicAddress& to)
{
    uint8_t frame[PATH_FRAME_SIZE];
    uint8_t* p = frame;
    WriteBigEndian(p, type, 1);
    WriteBigEndian(p, token, 8);
    m_cloak->Send(Create<Packet>(frame, sizeof(frame)), name, to, true);
}

bool
CloakTransport::ReceivePathFrame(Ptr<Packet> packet, uint64_t name, const HyperbolicAddress& from)
{
    uint8_t frame[PATH_FRAME_SIZE];
    if (packet->GetSize() != PATH_FRAME_SIZE ||
        packet->CopyData(frame, PATH_FRAME_SIZE) != PATH_FRAME_SIZE ||
        (frame[0] != PATH_CHALLENGE && frame[0] != PATH_RESPONSE))
    {
        return false; // a MUSEs packet (its first byte is its version, 1)
    }
    const uint8_t* p = frame + 1;
    uint64_t token = ReadBigEndian(p, 8);
    if (frame[0] == PATH_CHALLENGE)
    {
        // Echoed to where it came from: no more bytes than came.
        SendPathFrame(PATH_RESPONSE, token, name, from);
        return true;
    }
    auto check = m_unvalidated.find(name);
    if (check != m_unvalidated.end() && check->second.token == token &&
        check->second.address == from)
    {
        m_pathTrace(name, from, true);
        Proven(name);
        SendWaiting(name, true);
    }
    return true;
}

bool
CloakTransport::IsPathValidated(uint64_t peer) const
{
    return m_addresses.count(peer) > 0 && m_unvalidated.count(peer) == 0;
}

Ptr<FrameSocket>
CloakTransport::GetFirstLink(uint64_t peer) const
{
    auto it = m_addresses.find(peer);
    return it != m_addresses.end() ? m_cloak->GetNextHop(it->second) : nullptr;
}

Time
CloakTransport::GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const
{
    // Still held: the session's bytes are still going through the link (an ACK may wait at
    // the peer for the rest of them). Passed on: the wait counts from then.
    Ptr<FrameSocket> link = GetFirstLink(peer);
    return link ? link->GetProgressOf(newest) : Seconds(-1);
}

Time
CloakTransport::GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const
{
    Ptr<FrameSocket> link = GetFirstLink(peer);
    return link ? link->GetRetryDeadline(retries, since) : Seconds(-1);
}

uint32_t
CloakTransport::GetTxAvailable(uint64_t peer) const
{
    auto it = m_addresses.find(peer);
    if (it == m_addresses.end())
    {
        return UINT32_MAX;
    }
    uint64_t bytes = 0;
    uint32_t count = GetHeld(peer, bytes);
    uint32_t room = m_cloak->GetTxAvailable(it->second, bytes, count);
    // Until the path answers our challenge, what its budget allows; behind packets waiting
    // for it, nothing (they would overflow MaxQueue: the oldest, the first a resumption
    // resends, would be dropped).
    auto check = m_unvalidated.find(peer);
    if (check != m_unvalidated.end())
    {
        room = std::min<uint64_t>(room,
                                  check->second.budget > bytes ? check->second.budget - bytes : 0);
    }
    if (m_waiting.count(peer))
    {
        room = 0;
    }
    if (room < FrameSocket::MAX_PACKET_SIZE)
    {
        m_heldBack.insert(peer);
    }
    return room;
}

void
CloakTransport::LinkRoom(Ptr<FrameSocket> conn)
{
    // Those sending on other links stay held back (and listed) until theirs has room.
    std::vector<uint64_t> woken;
    for (uint64_t peer : m_heldBack)
    {
        if (!m_addresses.count(peer) || GetFirstLink(peer) == conn)
        {
            woken.push_back(peer);
        }
    }
    for (uint64_t peer : woken)
    {
        m_heldBack.erase(peer);
        NotifyRoom(peer);
    }
}

void
CloakTransport::Reconnect(uint64_t peer)
{
    NS_LOG_FUNCTION(this << peer);
    // An address that never answered our challenge: back to the last proven one (as QUIC
    // returns to its last validated path).
    auto check = m_unvalidated.find(peer);
    if (check != m_unvalidated.end() && check->second.hasProven)
    {
        m_addresses[peer] = check->second.proven;
        m_pathTrace(peer, check->second.proven, true);
        m_unvalidated.erase(check);
        SendWaiting(peer, true);
    }
    // The peer may have moved: look it up again, and meanwhile keep sending to the address
    // we have (if the peer did not move, or moves back, nothing waits for the lookup). Not
    // when the DHT has just told us where it is (its REHELLO goes there now): the lookup's
    // packets would share the path with that REHELLO and what follows.
    if (peer != m_announcing)
    {
        Resolve(peer);
    }
}

void
CloakTransport::Resolve(uint64_t peer)
{
    if (!m_resolving.insert(peer).second)
    {
        return;
    }
    // Our first lookup since our own move: the peer may have moved at the same instant, its
    // new record still on its way to the replicas; they answer when it is in (or the
    // peer stayed: the answer after their WatchTime changes nothing).
    auto known = m_addresses.find(peer);
    if (m_recheck.erase(peer) > 0 && known != m_addresses.end())
    {
        auto heard = m_heardAt.find(peer);
        bool there = heard != m_heardAt.end() && heard->second.first == known->second;
        m_cloak->Watch(peer,
                       known->second,
                       MakeCallback(&CloakTransport::Resolved, this),
                       there ? heard->second.second : Seconds(-1));
        return;
    }
    m_cloak->Lookup(peer, MakeCallback(&CloakTransport::Resolved, this));
}

void
CloakTransport::Resolved(uint64_t name,
                         bool found,
                         const HyperbolicAddress& address,
                         const std::vector<uint8_t>& /* value */)
{
    NS_LOG_FUNCTION(this << name << found);
    m_resolving.erase(name);
    // A packet from the peer since the lookup started told a newer address than the DHT.
    bool heard = m_heard.erase(name) > 0;
    if (found && !heard)
    {
        auto known = m_addresses.find(name);
        bool moved = known != m_addresses.end() && known->second != address;
        if (known == m_addresses.end() || moved || m_unvalidated.count(name))
        {
            m_pathTrace(name, address, true); // the peer's own signed word
        }
        m_addresses[name] = address;
        Proven(name);
        if (moved)
        {
            m_announcing = name;
            NotifyPeerMoved(name); // a REHELLO to the old address is lost: again, here
            m_announcing = 0;
        }
    }
    SendWaiting(name, m_addresses.count(name) > 0);
}

void
CloakTransport::SendWaiting(uint64_t peer, bool found)
{
    auto it = m_waiting.find(peer);
    if (it == m_waiting.end())
    {
        return;
    }
    std::deque<std::pair<Ptr<Packet>, bool>> waiting;
    waiting.swap(it->second);
    m_waiting.erase(it);
    // (DoSend queues again what the path's budget cannot take yet.)
    for (const auto& [packet, urgent] : waiting)
    {
        if (found)
        {
            DoSend(packet, peer, urgent);
        }
        else
        {
            m_txDropTrace(packet);
        }
    }
    if (found && !m_waiting.count(peer))
    {
        NotifyRoom(peer); // GetTxAvailable() said 0 while they waited
    }
}

void
CloakTransport::Received(Ptr<Packet> packet, uint64_t name, const HyperbolicAddress& address)
{
    // The packet carries the sender's current address, newer than any lookup; but anyone
    // can write a CLOAK header: the address is learned only once the session has found the
    // packet authentic and new. Answers to one that proved nothing (a HELLO's) go back
    // where it came from while no address is known, and nothing is kept: a forged first
    // contact leaves no entry, and our own calls to that name still ask the DHT.
    if (ReceivePathFrame(packet, name, address))
    {
        return;
    }
    uint32_t size = packet->GetSize();
    Deliver(
        packet,
        name,
        [this, name, address, size]() { Learn(name, address, size); },
        [this, name, address](Ptr<Packet> answer, bool urgent) {
            if (m_addresses.count(name))
            {
                DoSend(answer, name, urgent);
                return;
            }
            m_repliedTo[name] = address; // the peer's answer from there proves the path
            if (!m_cloak->Send(answer, name, address, urgent))
            {
                m_txDropTrace(answer);
            }
        },
        [&address]() {
            Buffer bytes;
            bytes.AddAtStart(address.GetSerializedSize());
            Buffer::Iterator i = bytes.Begin();
            address.Serialize(i);
            std::vector<uint8_t> arrival(bytes.GetSize());
            bytes.CopyData(arrival.data(), arrival.size());
            return arrival;
        });
}

bool
CloakTransport::GetPeerAddress(uint64_t peer, HyperbolicAddress& address) const
{
    auto it = m_addresses.find(peer);
    if (it == m_addresses.end())
    {
        return false;
    }
    address = it->second;
    return true;
}

void
CloakTransport::AddressChanged(const HyperbolicAddress& /* oldAddress */,
                               const HyperbolicAddress& /* newAddress */)
{
    // Lookups begun before the move may be lost with the old links (an answer comes only
    // after their timeouts): the sessions' REHELLOs start new ones at once. An old one that
    // still answers is taken as any answer.
    m_resolving.clear();
    m_heard.clear();
    m_recheck.clear();
    for (const auto& [peer, address] : m_addresses)
    {
        m_recheck.insert(peer);
    }
    NotifyPathChange();
}

} // namespace ns3
