/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-node.h"

#include "cloak-messages.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakNode");

NS_OBJECT_ENSURE_REGISTERED(CloakNode);

TypeId
CloakNode::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CloakNode")
            .SetParent<Application>()
            .SetGroupName("Muses")
            .AddConstructor<CloakNode>()
            .AddAttribute("Name",
                          "The peer's permanent name (0: the node's id + 1).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CloakNode::m_name),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("Port",
                          "TCP port of the links between overlay neighbours.",
                          UintegerValue(7200),
                          MakeUintegerAccessor(&CloakNode::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Degree",
                          "q, the degree of the tree embedding (children per peer: q, or q-1 "
                          "below the root). Every peer of an overlay must use the same.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&CloakNode::m_degree),
                          MakeUintegerChecker<uint32_t>(3, HyperbolicAddress::MAX_DEGREE))
            .AddAttribute("KeepaliveInterval",
                          "How often a keepalive goes to every neighbour.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CloakNode::m_keepaliveInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("NeighbourTimeout",
                          "A neighbour silent this long is lost.",
                          TimeValue(Seconds(3.5)),
                          MakeTimeAccessor(&CloakNode::m_neighbourTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("JoinTimeout",
                          "How long a contact has to answer a JOIN.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&CloakNode::m_joinTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("JoinRetry",
                          "Pause before trying the contacts again when none accepted.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CloakNode::m_joinRetry),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("LocalRejoin",
                          "After a move, first ask the peer on the new first hop (the "
                          "gateway of the route toward the first contact), if one runs "
                          "there, to adopt this peer; the contacts remain the fallback.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CloakNode::m_localRejoin),
                          MakeBooleanChecker())
            .AddAttribute("MaxRedirects",
                          "JOIN_REDIRECTs followed from one contact before the next contact.",
                          UintegerValue(32),
                          MakeUintegerAccessor(&CloakNode::m_maxRedirects),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ExtraLinks",
                          "Non-tree links this peer opens to random contacts once joined.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&CloakNode::m_extraLinks),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxExtraLinks",
                          "Non-tree links a peer keeps at most (its own and accepted ones); "
                          "beyond, it closes new ones and the dialer picks another peer.",
                          UintegerValue(12),
                          MakeUintegerAccessor(&CloakNode::m_maxExtraLinks),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Lookahead",
                          "Greedy routing also considers the neighbours' neighbours.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CloakNode::m_lookahead),
                          MakeBooleanChecker())
            .AddAttribute("ProximityRouting",
                          "Greedy routing weighs progress against latency: among the "
                          "neighbours closer to the destination than this peer, the one "
                          "with the most progress per unit of cost (its link's base RTT, as "
                          "TCP measured it, plus HopCost). False: the closest one (the paper's).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CloakNode::m_proximity),
                          MakeBooleanChecker())
            .AddAttribute("Ipv6",
                          "The overlay's links are IPv6: the peer listens there too, its "
                          "contacts are IPv6 addresses, and it joins and rejoins from its "
                          "global IPv6 address. False: IPv4.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CloakNode::m_ipv6),
                          MakeBooleanChecker())
            .AddAttribute("HopCost",
                          "With ProximityRouting, the cost of an overlay hop besides its "
                          "link's RTT: relaying, queues; it keeps links next door from "
                          "drawing many short hops.",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&CloakNode::m_hopCost),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("Ttl",
                          "Overlay hops a packet may take.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&CloakNode::m_ttl),
                          MakeUintegerChecker<uint8_t>(1))
            .AddTraceSource("AddressChange",
                            "The peer got an overlay address (joined, rejoined, readdressed).",
                            MakeTraceSourceAccessor(&CloakNode::m_addressTrace),
                            "ns3::CloakNode::AddressTracedCallback")
            .AddTraceSource("ParentLost",
                            "The peer lost its tree parent (or its own underlay address).",
                            MakeTraceSourceAccessor(&CloakNode::m_parentLostTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("Deliver",
                            "A routed packet reached its end here, with its hop count.",
                            MakeTraceSourceAccessor(&CloakNode::m_deliverTrace),
                            "ns3::CloakNode::RouteTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped here, with a DropReason.",
                            MakeTraceSourceAccessor(&CloakNode::m_dropTrace),
                            "ns3::CloakNode::DropTracedCallback")
            .AddAttribute("Dht",
                          "The peer's part of the DHT (its attributes: Replicas, KeyRadius, ...).",
                          PointerValue(),
                          MakePointerAccessor(&CloakNode::m_dht),
                          MakePointerChecker<CloakDht>());
    return tid;
}

const char*
CloakNode::DropReasonName(uint8_t reason)
{
    // In the order of DropReason, from DROP_MALFORMED (1).
    static const char* const names[] = {"MALFORMED",
                                        "TTL_EXPIRED",
                                        "NO_ROUTE",
                                        "WRONG_PEER",
                                        "NOT_JOINED",
                                        "NO_LINK",
                                        "FORGED_RECORD",
                                        "UNSIGNED_RECORD",
                                        "STALE_RECORD",
                                        "LONG_LIVED_RECORD",
                                        "SHORT_GET"};
    static_assert(sizeof(names) / sizeof(names[0]) == DROP_SHORT_GET, "a name per reason");
    return reason >= DROP_MALFORMED && reason <= DROP_SHORT_GET ? names[reason - 1] : "UNKNOWN";
}

CloakNode::CloakNode()
    : m_port(7200),
      m_degree(8),
      m_extraLinks(2),
      m_maxExtraLinks(12),
      m_lookahead(true),
      m_proximity(false),
      m_ttl(64),
      m_maxRedirects(32),
      m_name(0),
      m_root(false),
      m_joined(false),
      m_hasOldAddress(false),
      m_nextContact(0),
      m_attempts(0),
      m_redirects(0)
{
    NS_LOG_FUNCTION(this);
    m_random = CreateObject<UniformRandomVariable>();
    m_dht = CreateObject<CloakDht>();
    m_dht->SetOverlay(this);
}

CloakNode::~CloakNode()
{
    NS_LOG_FUNCTION(this);
}

int64_t
CloakNode::AssignStreams(int64_t stream)
{
    m_random->SetStream(stream);
    return 1;
}

void
CloakNode::DoDispose()
{
    // The simulation is over: the sockets are let go, nothing is sent.
    m_neighbours.Stop(false);
    if (m_monitor)
    {
        m_monitor->Dispose();
        m_monitor = nullptr;
    }
    m_joining = nullptr;
    m_dht->Dispose();
    m_dht = nullptr;
    m_receive = ReceiveCallback();
    m_linkRoom = Callback<void, Ptr<FrameSocket>>();
    Application::DoDispose();
}

void
CloakNode::SetName(uint64_t name)
{
    m_name = name;
}

uint64_t
CloakNode::GetName() const
{
    return m_name;
}

void
CloakNode::SetContacts(const std::vector<Address>& contacts)
{
    m_contacts = contacts;
}

void
CloakNode::AddContact(const Address& contact)
{
    if (std::find(m_contacts.begin(), m_contacts.end(), contact) == m_contacts.end())
    {
        m_contacts.push_back(contact);
    }
}

void
CloakNode::SetRoot()
{
    m_root = true;
}

bool
CloakNode::IsJoined() const
{
    return m_joined;
}

const HyperbolicAddress&
CloakNode::GetAddress() const
{
    return m_address;
}

std::vector<uint64_t>
CloakNode::GetNeighbourNames() const
{
    return m_neighbours.GetNeighbourNames();
}

std::vector<HyperbolicAddress::Point>
CloakNode::GetTwoHopView(uint64_t name) const
{
    return m_neighbours.GetTwoHopView(name);
}

uint64_t
CloakNode::GetParentName() const
{
    return m_neighbours.GetParentName();
}

void
CloakNode::SetIdentity(Ptr<MusesIdentity> identity)
{
    NS_ABORT_MSG_IF(!identity->HasKey(), "CloakNode::SetIdentity: the identity has no key");
    m_dht->SetIdentity(identity);
    m_name = identity->GetName();
}

uint32_t
CloakNode::GetRecordCount() const
{
    return m_dht->GetRecordCount();
}

Ptr<CloakDht>
CloakNode::GetDht() const
{
    return m_dht;
}

const CloakNode::Counters&
CloakNode::GetCounters() const
{
    return m_counters;
}

void
CloakNode::SetReceiveCallback(ReceiveCallback callback)
{
    m_receive = callback;
}

void
CloakNode::SetLinkRoomCallback(Callback<void, Ptr<FrameSocket>> callback)
{
    m_linkRoom = callback;
}

void
CloakNode::LinkRoom(Ptr<FrameSocket> conn)
{
    if (!m_linkRoom.IsNull())
    {
        m_linkRoom(conn);
    }
}

// ---------------------------------------------------------------------------------------
// Starting and stopping

void
CloakNode::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_name == 0)
    {
        m_name = GetNode()->GetId() + 1;
    }
    m_address = HyperbolicAddress::Root(m_degree);
    CloakNeighbours::Config config;
    config.name = m_name;
    config.port = m_port;
    config.neighbourTimeout = m_neighbourTimeout;
    config.maxExtraLinks = m_maxExtraLinks;
    config.lookahead = m_lookahead;
    config.proximity = m_proximity;
    config.hopCost = m_hopCost;
    config.ipv6 = m_ipv6;
    m_neighbours.Start(GetNode(), config, this);
    m_monitor = CreateObject<LocalAddressMonitor>();
    m_monitor->Start(GetNode(), MakeCallback(&CloakNode::AddressesChanged, this));
    // Spread the peers' periodic work over the period.
    m_keepaliveEvent = Simulator::Schedule(m_keepaliveInterval * m_random->GetValue(0, 1),
                                           &CloakNode::SendKeepalives,
                                           this);
    m_dht->Start(m_random->GetValue(0.5, 1));
    TryJoin();
}

void
CloakNode::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_neighbours.Stop(true);
    m_joining = nullptr;
    if (m_monitor)
    {
        m_monitor->Dispose();
        m_monitor = nullptr;
    }
    m_joinEvent.Cancel();
    m_keepaliveEvent.Cancel();
    m_dht->Stop();
    m_joined = false;
}

void
CloakNode::Leave()
{
    NS_LOG_FUNCTION(this);
    Ptr<FrameSocket> parent;
    for (const auto& [conn, link] : m_neighbours.GetLinks())
    {
        if (link.role >= CloakNeighbours::PARENT)
        {
            m_neighbours.SendOn(conn, MakeHeader(CloakHeader::LEAVE), Create<Packet>());
        }
        if (link.role == CloakNeighbours::PARENT)
        {
            parent = conn;
        }
    }
    if (parent)
    {
        m_dht->HandOverAll([this, parent](const CloakHeader& header, Ptr<Packet> payload) {
            m_neighbours.SendOn(parent, header, payload);
        });
    }
    StopApplication();
}

// ---------------------------------------------------------------------------------------
// Links

void
CloakNode::DropLink(Ptr<FrameSocket> conn, bool close)
{
    if (conn == m_joining)
    {
        m_joining = nullptr;
    }
    m_neighbours.Drop(conn, close);
}

void
CloakNode::AddressesChanged(const std::set<Address>& addresses)
{
    NS_LOG_INFO("peer " << m_name << ": underlay address changed, rejoining");
    // Links bound to a vanished address never recover; the children rejoin on their own.
    m_joining = nullptr;
    m_neighbours.DropAll(true);
    m_dht->Moved();
    m_hasOldAddress = false; // no subtree left to avoid
    if (m_joined)
    {
        m_joined = false; // the root too: it takes its address again below
        m_parentLostTrace();
    }
    m_joinEvent.Cancel();
    m_attempts = 0;
    m_askGateway = m_localRejoin;
    if (!addresses.empty())
    {
        TryJoin();
    }
}

bool
CloakNode::HasUnderlayAddress() const
{
    const std::set<Address>& own = m_monitor->GetAddresses();
    return std::any_of(own.begin(), own.end(), [this](const Address& address) {
        return Ipv6Address::IsMatchingType(address) == m_ipv6;
    });
}

Address
CloakNode::GetGateway() const
{
    Socket::SocketErrno error;
    if (m_contacts.empty())
    {
        return Address();
    }
    if (Ipv6Address::IsMatchingType(m_contacts.front()))
    {
        Ptr<Ipv6> ipv6 = GetNode()->GetObject<Ipv6>();
        if (!ipv6 || !ipv6->GetRoutingProtocol())
        {
            return Address();
        }
        Ipv6Header toward;
        toward.SetDestination(Ipv6Address::ConvertFrom(m_contacts.front()));
        Ptr<Ipv6Route> route =
            ipv6->GetRoutingProtocol()->RouteOutput(nullptr, toward, nullptr, error);
        // A link-local gateway is no peer's underlay address.
        return route && !route->GetGateway().IsAny() && !route->GetGateway().IsLinkLocal()
                   ? Address(route->GetGateway())
                   : Address();
    }
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    if (!ipv4 || !ipv4->GetRoutingProtocol())
    {
        return Address();
    }
    Ipv4Header toward;
    toward.SetDestination(Ipv4Address::ConvertFrom(m_contacts.front()));
    Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(nullptr, toward, nullptr, error);
    return route && route->GetGateway() != Ipv4Address::GetAny() ? Address(route->GetGateway())
                                                                 : Address();
}

CloakHeader
CloakNode::MakeLinkHeader(CloakHeader::MessageType type) const
{
    return MakeHeader(type);
}

CloakHeader
CloakNode::MakeHeader(CloakHeader::MessageType type) const
{
    CloakHeader header;
    header.SetType(type);
    header.SetTtl(m_ttl);
    header.SetSourceName(m_name);
    header.SetSourceAddress(m_address);
    return header;
}

void
CloakNode::HandleLinkFrame(Ptr<FrameSocket> conn, const CloakHeader& frameHeader, Ptr<Packet> frame)
{
    CloakHeader header = frameHeader;
    switch (header.GetType())
    {
    case CloakHeader::JOIN:
        HandleJoin(conn, header, frame);
        return;
    case CloakHeader::JOIN_ACCEPT:
        HandleJoinAccept(conn, header);
        return;
    case CloakHeader::JOIN_REDIRECT:
        HandleJoinRedirect(conn, frame);
        return;
    default:
        if (!header.DecrementTtl() || header.GetTtl() == 0)
        {
            Drop(header, DROP_TTL_EXPIRED);
            return;
        }
        Route(header, frame, conn);
    }
}

void
CloakNode::LinkClosed(Ptr<FrameSocket> conn)
{
    if (conn == m_joining)
    {
        m_joining = nullptr;
        JoinFailed();
    }
}

void
CloakNode::BadFrame(const CloakHeader& header)
{
    ++m_counters.badFrames;
    Drop(header, DROP_MALFORMED);
}

// ---------------------------------------------------------------------------------------
// Joining and the tree

void
CloakNode::TryJoin()
{
    NS_LOG_FUNCTION(this);
    if (m_root)
    {
        SetAddress(HyperbolicAddress::Root(m_degree));
        return;
    }
    if (m_joined || m_joining || !m_monitor)
    {
        return;
    }
    if (!HasUnderlayAddress())
    {
        return;
    }
    // Both families: a contact or gateway of ours is never dialled.
    const std::set<Address>& own = m_monitor->GetAddresses();
    if (m_askGateway)
    {
        // The peer next door answers in a round trip of the access link, where the root
        // may be half the underlay away; if none runs there, the dial fails and the
        // contacts follow.
        m_askGateway = false;
        Address gateway = GetGateway();
        if (!gateway.IsInvalid() && own.count(gateway) == 0)
        {
            m_redirects = 0;
            SendJoin(gateway);
            return;
        }
    }
    std::vector<Address> candidates;
    for (const Address& ip : m_contacts)
    {
        if (own.count(ip) == 0)
        {
            candidates.push_back(ip);
        }
    }
    if (candidates.empty() || m_attempts >= candidates.size())
    {
        m_attempts = 0;
        m_joinEvent = Simulator::Schedule(m_joinRetry, &CloakNode::TryJoin, this);
        return;
    }
    ++m_attempts;
    Address contact = candidates[m_nextContact++ % candidates.size()];
    m_redirects = 0;
    SendJoin(contact);
}

void
CloakNode::SendJoin(const Address& contact)
{
    NS_LOG_INFO("peer " << m_name << ": JOIN through " << LocalAddressMonitor::Format(contact));
    m_joining = m_neighbours.Dial(contact, CloakNeighbours::JOINING);
    CloakJoinHeader join;
    if (m_hasOldAddress)
    {
        join.SetOldAddress(m_oldAddress);
    }
    m_neighbours.SendOn(m_joining, MakeHeader(CloakHeader::JOIN), MakeCloakBody(join));
    m_joinEvent.Cancel();
    m_joinEvent = Simulator::Schedule(m_joinTimeout, &CloakNode::JoinFailed, this);
}

void
CloakNode::JoinFailed()
{
    NS_LOG_FUNCTION(this);
    m_joinEvent.Cancel();
    if (m_joining)
    {
        DropLink(m_joining, true);
    }
    if (!m_joined)
    {
        TryJoin();
    }
}

void
CloakNode::HandleJoin(Ptr<FrameSocket> conn, const CloakHeader& header, Ptr<Packet> payload)
{
    CloakJoinHeader join;
    if (m_neighbours.Find(conn)->role != CloakNeighbours::PENDING || !ReadCloakBody(payload, join))
    {
        ++m_counters.badFrames;
        Drop(header, DROP_MALFORMED);
        return;
    }
    CloakRedirectHeader redirect;
    // A joiner must not hang below itself: its old subtree still has its old prefix.
    const std::vector<uint8_t>& mine = m_address.GetPath();
    const std::vector<uint8_t>& theirs = join.GetOldAddress().GetPath();
    bool below = join.HasOldAddress() && join.GetOldAddress().GetDegree() == m_degree &&
                 mine.size() >= theirs.size() &&
                 std::equal(theirs.begin(), theirs.end(), mine.begin());
    if (!m_joined || below)
    {
        m_neighbours.SendOn(conn, MakeHeader(CloakHeader::JOIN_REDIRECT), MakeCloakBody(redirect));
        return;
    }
    HyperbolicAddress child;
    if (m_neighbours.AdoptChild(conn, header.GetSourceName(), m_address, child))
    {
        CloakHeader accept = MakeHeader(CloakHeader::JOIN_ACCEPT);
        accept.SetDestinationName(header.GetSourceName());
        accept.SetDestinationAddress(child);
        m_neighbours.SendOn(conn, accept, Create<Packet>());
        m_neighbours.NeighboursChanged();
        m_dht->HandOver();
        return;
    }
    // Full (or at the precision limit): send the joiner to a random child.
    const std::map<uint8_t, Ptr<FrameSocket>>& children = m_neighbours.GetChildren();
    if (!children.empty())
    {
        auto child = children.begin();
        std::advance(child, m_random->GetInteger(0, children.size() - 1));
        redirect.SetTarget(m_neighbours.Find(child->second)->ip);
    }
    m_neighbours.SendOn(conn, MakeHeader(CloakHeader::JOIN_REDIRECT), MakeCloakBody(redirect));
}

void
CloakNode::HandleJoinAccept(Ptr<FrameSocket> conn, const CloakHeader& header)
{
    CloakNeighbours::Link& link = *m_neighbours.Find(conn);
    if ((conn != m_joining && link.role != CloakNeighbours::PARENT) || header.IsKeyDestination() ||
        header.GetDestinationAddress().GetDegree() != m_degree)
    {
        ++m_counters.badFrames;
        Drop(header, DROP_MALFORMED);
        return;
    }
    link.role = CloakNeighbours::PARENT;
    link.name = header.GetSourceName();
    link.address = header.GetSourceAddress();
    link.hasAddress = true;
    m_joining = nullptr;
    m_joinEvent.Cancel();
    SetAddress(header.GetDestinationAddress());
}

void
CloakNode::HandleJoinRedirect(Ptr<FrameSocket> conn, Ptr<Packet> payload)
{
    if (conn != m_joining)
    {
        return;
    }
    CloakRedirectHeader redirect;
    bool valid = ReadCloakBody(payload, redirect);
    DropLink(conn, true);
    if (valid && redirect.HasTarget() && m_redirects < m_maxRedirects)
    {
        ++m_redirects;
        SendJoin(redirect.GetTarget());
        return;
    }
    JoinFailed();
}

void
CloakNode::SetAddress(const HyperbolicAddress& address)
{
    NS_LOG_INFO("peer " << m_name << " address " << address);
    HyperbolicAddress old = m_address;
    m_address = address;
    m_joined = true;
    m_hasOldAddress = false;
    ++m_counters.joins;
    // Readdress the subtree: each child keeps its slot under the new address.
    std::vector<Ptr<FrameSocket>> lost;
    for (const auto& [slot, conn] : m_neighbours.GetChildren())
    {
        CloakNeighbours::Link& link = *m_neighbours.Find(conn);
        if (!m_address.GetChild(slot, link.address))
        {
            lost.push_back(conn); // beyond the precision limit: let it rejoin elsewhere
            continue;
        }
        CloakHeader accept = MakeHeader(CloakHeader::JOIN_ACCEPT);
        accept.SetDestinationName(link.name);
        accept.SetDestinationAddress(link.address);
        m_neighbours.SendOn(conn, accept, Create<Packet>());
    }
    for (Ptr<FrameSocket> conn : lost)
    {
        DropLink(conn, true);
    }
    m_neighbours.SendUpdates();
    m_neighbours.OpenExtraLinks(m_contacts, m_monitor->GetAddresses(), m_extraLinks, m_random);
    m_dht->Attached(m_name, m_address);
    // Last: what the trace's users send at once (a session's REHELLO and resends) goes
    // behind our new record and the children's new addresses, not ahead of them.
    m_addressTrace(old, address);
}

void
CloakNode::ParentLost()
{
    NS_LOG_INFO("peer " << m_name << " lost its parent");
    if (!m_joined || m_root)
    {
        return;
    }
    m_joined = false;
    m_oldAddress = m_address;
    m_hasOldAddress = !m_neighbours.GetChildren().empty();
    m_parentLostTrace();
    m_attempts = 0;
    m_joinEvent.Cancel();
    m_joinEvent = Simulator::ScheduleNow(&CloakNode::TryJoin, this);
}

void
CloakNode::SendKeepalives()
{
    m_keepaliveEvent.Cancel();
    m_neighbours.DropSilent();
    if (m_joined)
    {
        m_neighbours.OpenExtraLinks(m_contacts, m_monitor->GetAddresses(), m_extraLinks, m_random);
    }
    m_neighbours.SendKeepaliveRound();
    m_keepaliveEvent = Simulator::Schedule(m_keepaliveInterval, &CloakNode::SendKeepalives, this);
}

// ---------------------------------------------------------------------------------------
// Routing

bool
CloakNode::Send(Ptr<Packet> packet,
                uint64_t name,
                const HyperbolicAddress& address,
                bool urgent,
                Ptr<FrameSocket>* link)
{
    NS_LOG_FUNCTION(this << packet << name);
    if (packet->GetSize() > FrameSocket::MAX_PACKET_SIZE - 600)
    {
        return false;
    }
    CloakHeader header = MakeHeader(CloakHeader::DATA);
    header.SetDestinationName(name);
    header.SetDestinationAddress(address);
    header.SetPayloadLength(packet->GetSize());
    header.SetUrgent(urgent);
    return Route(header, packet, nullptr, link);
}

Ptr<FrameSocket>
CloakNode::GetNextHop(const HyperbolicAddress& address) const
{
    return m_joined ? m_neighbours.NextHop(m_address, address, nullptr) : nullptr;
}

uint32_t
CloakNode::GetTxAvailable(const HyperbolicAddress& address, uint64_t queuing, uint32_t count) const
{
    Ptr<FrameSocket> hop = GetNextHop(address);
    if (!hop)
    {
        return UINT32_MAX;
    }
    CloakHeader header = MakeHeader(CloakHeader::DATA);
    header.SetDestinationAddress(address);
    uint32_t overhead = header.GetSerializedSize();
    uint32_t room = hop->GetTxAvailable(queuing + uint64_t(count) * overhead, count);
    return room > overhead ? room - overhead : 0;
}

bool
CloakNode::Route(CloakHeader header,
                 Ptr<Packet> payload,
                 Ptr<FrameSocket> from,
                 Ptr<FrameSocket>* link)
{
    if (!m_joined)
    {
        Drop(header, DROP_NOT_JOINED);
        return false;
    }
    HyperbolicAddress target =
        header.IsKeyDestination()
            ? m_dht->GetKeyPoint(header.GetDestinationName(), header.GetReplica())
            : header.GetDestinationAddress();
    Ptr<FrameSocket> hop = m_neighbours.NextHop(m_address, target, from);
    if (!hop)
    {
        return Arrived(header, payload);
    }
    if (!m_neighbours.SendOn(hop, header, payload))
    {
        Drop(header, DROP_NO_LINK);
        return false;
    }
    ++m_counters.forwarded;
    if (link)
    {
        *link = hop;
    }
    return true;
}

bool
CloakNode::Arrived(const CloakHeader& header, Ptr<Packet> payload)
{
    uint32_t hops = m_ttl - header.GetTtl();
    if (header.IsKeyDestination())
    {
        if (header.GetType() != CloakHeader::DHT_PUT && header.GetType() != CloakHeader::DHT_GET)
        {
            Drop(header, DROP_MALFORMED);
            return false;
        }
        ToDht(header, payload);
        m_deliverTrace(header, hops);
        return true;
    }
    if (header.GetDestinationAddress() != m_address)
    {
        Drop(header, DROP_NO_ROUTE);
        return false;
    }
    if (header.GetDestinationName() != m_name)
    {
        Drop(header, DROP_WRONG_PEER);
        return false;
    }
    m_deliverTrace(header, hops);
    if (header.GetType() == CloakHeader::DHT_REPLY)
    {
        ToDht(header, payload);
        return true;
    }
    if (header.GetType() != CloakHeader::DATA)
    {
        Drop(header, DROP_MALFORMED);
        return false;
    }
    ++m_counters.delivered;
    if (!m_receive.IsNull())
    {
        m_receive(payload, header.GetSourceName(), header.GetSourceAddress());
    }
    return true;
}

void
CloakNode::ToDht(const CloakHeader& header, Ptr<Packet> payload)
{
    if (!m_dht->Receive(header, payload))
    {
        ++m_counters.badFrames;
        Drop(header, DROP_MALFORMED);
    }
}

void
CloakNode::Drop(const CloakHeader& header, DropReason reason)
{
    NS_LOG_LOGIC("peer " << m_name << " drops " << header << ": " << DropReasonName(reason));
    ++m_counters.dropped;
    m_dropTrace(header, reason);
}

// ---------------------------------------------------------------------------------------
// DHT: the overlay's side of CloakDht::Overlay, and the public calls it serves

CloakHeader
CloakNode::MakeDhtHeader(CloakHeader::MessageType type) const
{
    return MakeHeader(type);
}

bool
CloakNode::IsAttached() const
{
    return m_joined;
}

void
CloakNode::RouteDht(const CloakHeader& header, Ptr<Packet> payload)
{
    Route(header, payload);
}

bool
CloakNode::IsClosestTo(const HyperbolicAddress& point) const
{
    return !m_neighbours.NextHop(m_address, point, nullptr);
}

void
CloakNode::RefuseDht(const CloakHeader& header, CloakDht::Refusal reason)
{
    switch (reason)
    {
    case CloakDht::REFUSED_FORGED:
        Drop(header, DROP_FORGED_RECORD);
        return;
    case CloakDht::REFUSED_UNSIGNED:
        Drop(header, DROP_UNSIGNED_RECORD);
        return;
    case CloakDht::REFUSED_LONG_LIVED:
        Drop(header, DROP_LONG_LIVED_RECORD);
        return;
    case CloakDht::REFUSED_AMPLIFICATION:
        Drop(header, DROP_SHORT_GET);
        return;
    default:
        Drop(header, DROP_STALE_RECORD);
    }
}

void
CloakNode::Lookup(uint64_t name, LookupCallback callback)
{
    m_dht->Lookup(name, callback);
}

void
CloakNode::Watch(uint64_t name,
                 const HyperbolicAddress& unlessAt,
                 LookupCallback callback,
                 Time heardAt)
{
    m_dht->Watch(name, unlessAt, callback, heardAt);
}

void
CloakNode::Put(const CloakRecord& record)
{
    m_dht->Put(record);
}

} // namespace ns3
