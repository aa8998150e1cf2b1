/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "static-transport.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("StaticTransport");

NS_OBJECT_ENSURE_REGISTERED(StaticTransport);

namespace
{
/// The first frame a dialer sends: this magic, then its 8-byte name.
const uint8_t HELLO_MAGIC[4] = {'M', 'U', 'S', 'E'};
const uint32_t HELLO_SIZE = 12;
} // namespace

TypeId
StaticTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::StaticTransport")
            .SetParent<MusesTransport>()
            .SetGroupName("Muses")
            .AddConstructor<StaticTransport>()
            .AddAttribute("Port",
                          "TCP port on which every peer accepts MUSEs connections.",
                          UintegerValue(7100),
                          MakeUintegerAccessor(&StaticTransport::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PreferIpv6",
                          "Publish the node's IPv6 address in the name table when it has "
                          "one (dual stack); false: its IPv4 address when it has one.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&StaticTransport::m_preferIpv6),
                          MakeBooleanChecker())
            .AddAttribute("AddressCheckInterval",
                          "How often the node's addresses are checked for a change (a move, "
                          "an interface back up); 0 disables the check.",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&StaticTransport::m_addressCheckInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReconnectHoldoff",
                          "A connection dialled or established less than this long ago is "
                          "kept when a session asks for a new path (Reconnect): the sessions "
                          "to one peer suspend and move together, and each would otherwise "
                          "tear down the connection another has just dialled, with its "
                          "REHELLO in it, or the one the peer has just answered on.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&StaticTransport::m_reconnectHoldoff),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("HelloTimeout",
                          "An accepted connection that has not sent its hello (the dialer's "
                          "name) within this (at most twice this) is closed and counted: a "
                          "stranger cannot hold connections open for free.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&StaticTransport::m_helloTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddTraceSource("TxDrop",
                            "A packet was dropped: the peer's name has no address, or its "
                            "connection's queue is full (FrameSocket::MaxPendingBytes).",
                            MakeTraceSourceAccessor(&StaticTransport::m_txDropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

StaticTransport::StaticTransport()
    : m_port(7100),
      m_preferIpv6(false),
      m_name(0),
      m_badFrames(0)
{
    NS_LOG_FUNCTION(this);
}

StaticTransport::~StaticTransport()
{
    NS_LOG_FUNCTION(this);
}

void
StaticTransport::SetNameTable(Ptr<MusesNameTable> table)
{
    m_table = table;
}

void
StaticTransport::Start(Ptr<Node> node, uint64_t name)
{
    NS_LOG_FUNCTION(this << node << name);
    NS_ABORT_MSG_IF(!m_table, "StaticTransport: SetNameTable() before Start()");
    m_node = node;
    m_name = name;
    m_links.SetCallbacks(MakeCallback(&StaticTransport::HandleFrame, this),
                         MakeCallback(&StaticTransport::LinkClosed, this));
    m_links.SetRoomCallback(MakeCallback(&StaticTransport::HandleRoom, this));
    // An accepted connection's peer is unknown (0) until its hello.
    bool listening =
        m_links.Listen(node, m_port, MakeCallback(&StaticTransport::Accepted, this), true);
    NS_ABORT_MSG_IF(!listening, "StaticTransport: cannot bind TCP port " << m_port);
    m_monitor = CreateObject<LocalAddressMonitor>();
    m_monitor->SetAttribute("Interval", TimeValue(m_addressCheckInterval));
    m_monitor->Start(node, MakeCallback(&StaticTransport::AddressesChanged, this));
    if (!m_monitor->GetAddresses().empty())
    {
        m_table->Set(m_name, LocalAddressMonitor::Choose(m_monitor->GetAddresses(), m_preferIpv6));
    }
}

void
StaticTransport::DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent)
{
    NS_LOG_FUNCTION(this << packet << peer);
    Ptr<FrameSocket> conn = GetCurrent(peer);
    if (!conn)
    {
        conn = Dial(peer);
    }
    if (!conn || !conn->Send(packet, urgent))
    {
        m_txDropTrace(packet);
    }
    else if (!urgent)
    {
        NoteCarrier(peer, conn);
    }
}

Ptr<FrameSocket>
StaticTransport::GetCurrent(uint64_t peer) const
{
    auto it = m_current.find(peer);
    return it != m_current.end() ? it->second : nullptr;
}

Time
StaticTransport::GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const
{
    // Only the connection the session's bytes went into says where they are: a newer one
    // busy with other packets (its ACKs, say) makes progress while they died with the old.
    Ptr<FrameSocket> conn = GetCurrent(peer);
    return conn ? conn->GetProgressOf(newest) : Seconds(-1);
}

Time
StaticTransport::GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const
{
    Ptr<FrameSocket> conn = GetCurrent(peer);
    return conn ? conn->GetRetryDeadline(retries, since) : Seconds(-1);
}

uint32_t
StaticTransport::GetTxAvailable(uint64_t peer) const
{
    Ptr<FrameSocket> conn = GetCurrent(peer);
    if (!conn)
    {
        return UINT32_MAX;
    }
    uint64_t bytes = 0;
    uint32_t count = GetHeld(peer, bytes);
    return conn->GetTxAvailable(bytes, count);
}

void
StaticTransport::Reconnect(uint64_t peer)
{
    NS_LOG_FUNCTION(this << peer);
    auto it = m_current.find(peer);
    if (it == m_current.end())
    {
        return;
    }
    // A connection just dialled, or just established (its SYN may have waited for the link),
    // is as fresh as a new one: the peer may already have answered on it.
    auto dialled = m_dialledAt.find(it->second);
    Time fresh = std::max(dialled != m_dialledAt.end() ? dialled->second : Seconds(-1),
                          it->second->GetConnectedAt());
    if (!fresh.IsNegative() && Simulator::Now() - fresh < m_reconnectHoldoff)
    {
        NS_LOG_LOGIC("connection to peer " << peer << " dialled or established "
                                           << (Simulator::Now() - fresh).As(Time::MS)
                                           << " ago: kept");
        return;
    }
    Forget(it->second);
}

uint64_t
StaticTransport::GetConnectionCount() const
{
    return m_links.GetOpened();
}

uint64_t
StaticTransport::GetBadFrameCount() const
{
    return m_badFrames;
}

void
StaticTransport::DoDispose()
{
    // The simulation is over: nothing may be sent now (a FIN would go through a node being
    // disposed), so the sockets are only let go.
    while (!m_links.GetLinks().empty())
    {
        Forget(m_links.GetLinks().begin()->first, false);
    }
    m_links.StopListening(false);
    m_silentCheck.Cancel();
    m_silent.clear();
    if (m_monitor)
    {
        m_monitor->Dispose();
        m_monitor = nullptr;
    }
    m_node = nullptr;
    m_table = nullptr;
    MusesTransport::DoDispose();
}

Ptr<FrameSocket>
StaticTransport::Dial(uint64_t peer)
{
    Address address;
    if (!m_table->Lookup(peer, address))
    {
        NS_LOG_LOGIC("no address for peer " << peer);
        return nullptr;
    }
    NS_LOG_LOGIC("dial peer " << peer << " at " << LocalAddressMonitor::Format(address));
    Ptr<FrameSocket> conn = m_links.Dial(address, m_port, peer);
    uint8_t hello[HELLO_SIZE];
    std::memcpy(hello, HELLO_MAGIC, sizeof(HELLO_MAGIC));
    uint8_t* name = hello + sizeof(HELLO_MAGIC);
    WriteBigEndian(name, m_name, 8);
    // Urgent: it must stay ahead of the urgent MUSEs messages queued while connecting.
    conn->Send(Create<Packet>(hello, HELLO_SIZE), true);
    m_current[peer] = conn;
    m_dialledAt[conn] = Simulator::Now();
    return conn;
}

uint64_t
StaticTransport::Accepted(const Address& /* from */)
{
    if (m_silentCheck.IsExpired())
    {
        m_silentCheck = Simulator::Schedule(m_helloTimeout, &StaticTransport::CloseSilent, this);
    }
    return 0;
}

void
StaticTransport::CloseSilent()
{
    // Two sweeps a HelloTimeout apart: a connection without a hello at both is closed.
    std::set<Ptr<FrameSocket>> silent;
    std::vector<Ptr<FrameSocket>> expired;
    for (const auto& [conn, peer] : m_links.GetLinks())
    {
        if (peer != 0)
        {
            continue;
        }
        if (m_silent.count(conn))
        {
            expired.push_back(conn);
        }
        else
        {
            silent.insert(conn);
        }
    }
    for (const Ptr<FrameSocket>& conn : expired)
    {
        NS_LOG_WARN("connection without a hello for " << m_helloTimeout.As(Time::S) << ": closed");
        ++m_silentClosed;
        Forget(conn);
    }
    m_silent = silent;
    if (!m_silent.empty())
    {
        m_silentCheck = Simulator::Schedule(m_helloTimeout, &StaticTransport::CloseSilent, this);
    }
}

uint64_t
StaticTransport::GetSilentClosedCount() const
{
    return m_silentClosed;
}

void
StaticTransport::Forget(Ptr<FrameSocket> conn, bool close)
{
    NS_LOG_FUNCTION(this << conn);
    uint64_t peer = 0;
    if (m_links.Forget(conn, close, &peer))
    {
        ForgetCurrent(conn, peer);
    }
}

void
StaticTransport::ForgetCurrent(Ptr<FrameSocket> conn, uint64_t peer)
{
    m_dialledAt.erase(conn);
    auto current = m_current.find(peer);
    if (current != m_current.end() && current->second == conn)
    {
        m_current.erase(current);
    }
}

void
StaticTransport::AddressesChanged(const std::set<Address>& addresses)
{
    NS_LOG_INFO("node " << m_node->GetId() << " addresses changed, "
                        << (addresses.empty() ? "now offline" : "reconnecting"));
    // Connections bound to a vanished address can never recover.
    while (!m_links.GetLinks().empty())
    {
        Forget(m_links.GetLinks().begin()->first);
    }
    if (!addresses.empty())
    {
        m_table->Set(m_name, LocalAddressMonitor::Choose(addresses, m_preferIpv6));
        NotifyPathChange();
    }
}

void
StaticTransport::LinkClosed(Ptr<FrameSocket> conn, const uint64_t& peer)
{
    NS_LOG_FUNCTION(this << conn);
    ForgetCurrent(conn, peer);
}

void
StaticTransport::HandleRoom(Ptr<FrameSocket> conn)
{
    uint64_t* peer = m_links.Find(conn);
    if (peer && *peer != 0)
    {
        auto current = m_current.find(*peer);
        if (current != m_current.end() && current->second == conn)
        {
            NotifyRoom(*peer);
        }
    }
}

void
StaticTransport::HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame)
{
    uint64_t* peer = m_links.Find(conn);
    if (!peer)
    {
        return;
    }
    if (*peer == 0)
    {
        // The dialer's hello names it; anything else is not a MUSEs peer.
        uint8_t hello[HELLO_SIZE];
        if (frame->GetSize() != HELLO_SIZE || frame->CopyData(hello, HELLO_SIZE) != HELLO_SIZE ||
            std::memcmp(hello, HELLO_MAGIC, sizeof(HELLO_MAGIC)) != 0)
        {
            NS_LOG_WARN("connection without a valid hello: closed");
            ++m_badFrames;
            Forget(conn);
            return;
        }
        const uint8_t* name = hello + sizeof(HELLO_MAGIC);
        // The hello is not authenticated: anyone may claim a name. The connection is used
        // for that name only once a packet on it is authentic and new.
        *peer = ReadBigEndian(name, 8);
        return;
    }
    if (frame->GetSize() == 0)
    {
        ++m_badFrames;
        return;
    }
    // The newest connection that carried an authentic, new packet is the one that works:
    // the peer opened it (after a move, say).
    // Answers to a packet that proved nothing (a HELLO's) go back on its connection while
    // there is no other: a forged name claim leaves no connection in use for that name.
    uint64_t name = *peer;
    Deliver(
        frame,
        name,
        [this, name, conn]() {
            if (m_links.Find(conn))
            {
                m_current[name] = conn;
            }
        },
        [this, name, conn](Ptr<Packet> answer, bool urgent) {
            if (GetCurrent(name) || !m_links.Find(conn))
            {
                DoSend(answer, name, urgent);
            }
            else if (!conn->Send(answer, urgent))
            {
                m_txDropTrace(answer);
            }
        },
        [conn]() {
            Address remote = conn->GetPeerAddress();
            std::vector<uint8_t> arrival(remote.GetSerializedSize());
            arrival.resize(remote.CopyAllTo(arrival.data(), arrival.size()));
            return arrival;
        });
}

} // namespace ns3
