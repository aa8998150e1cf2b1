/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "static-transport.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
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
            .AddAttribute("AddressCheckInterval",
                          "How often the node's addresses are checked for a change (a move, "
                          "an interface back up); 0 disables the check.",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&StaticTransport::m_addressCheckInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("TxDrop",
                            "A packet was dropped because the peer's name has no address.",
                            MakeTraceSourceAccessor(&StaticTransport::m_txDropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

StaticTransport::StaticTransport()
    : m_port(7100),
      m_name(0),
      m_connectionCount(0),
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
    m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                    "StaticTransport: cannot bind TCP port " << m_port);
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeCallback(&StaticTransport::HandleRequest, this),
                                  MakeCallback(&StaticTransport::HandleAccept, this));
    m_monitor = CreateObject<LocalAddressMonitor>();
    m_monitor->SetAttribute("Interval", TimeValue(m_addressCheckInterval));
    m_monitor->Start(node, MakeCallback(&StaticTransport::AddressesChanged, this));
    if (!m_monitor->GetAddresses().empty())
    {
        m_table->Set(m_name, *m_monitor->GetAddresses().begin());
    }
}

void
StaticTransport::DoSend(Ptr<Packet> packet, uint64_t peer)
{
    NS_LOG_FUNCTION(this << packet << peer);
    auto it = m_current.find(peer);
    Ptr<FrameSocket> conn = it != m_current.end() ? it->second : Dial(peer);
    if (!conn)
    {
        m_txDropTrace(packet);
        return;
    }
    conn->Send(packet);
}

void
StaticTransport::Reconnect(uint64_t peer)
{
    NS_LOG_FUNCTION(this << peer);
    auto it = m_current.find(peer);
    if (it != m_current.end())
    {
        Forget(it->second);
    }
}

uint64_t
StaticTransport::GetConnectionCount() const
{
    return m_connectionCount;
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
    while (!m_conns.empty())
    {
        Forget(m_conns.begin()->first, false);
    }
    if (m_monitor)
    {
        m_monitor->Dispose();
        m_monitor = nullptr;
    }
    m_listener = nullptr;
    m_node = nullptr;
    m_table = nullptr;
    MusesTransport::DoDispose();
}

Ptr<FrameSocket>
StaticTransport::Dial(uint64_t peer)
{
    Ipv4Address address;
    if (!m_table->Lookup(peer, address))
    {
        NS_LOG_LOGIC("no address for peer " << peer);
        return nullptr;
    }
    NS_LOG_LOGIC("dial peer " << peer << " at " << address);
    Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    socket->Bind();
    Ptr<FrameSocket> conn = Adopt(socket, false, peer);
    socket->Connect(InetSocketAddress(address, m_port));
    uint8_t hello[HELLO_SIZE];
    std::memcpy(hello, HELLO_MAGIC, sizeof(HELLO_MAGIC));
    uint8_t* name = hello + sizeof(HELLO_MAGIC);
    WriteBigEndian(name, m_name, 8);
    conn->Send(Create<Packet>(hello, HELLO_SIZE));
    m_current[peer] = conn;
    return conn;
}

Ptr<FrameSocket>
StaticTransport::Adopt(Ptr<Socket> socket, bool connected, uint64_t peer)
{
    ++m_connectionCount;
    Ptr<FrameSocket> conn = CreateObject<FrameSocket>();
    conn->Attach(socket, connected);
    conn->SetReceiveCallback(MakeCallback(&StaticTransport::HandleFrame, this));
    conn->SetCloseCallback(MakeCallback(&StaticTransport::HandleClosed, this));
    m_conns[conn] = peer;
    return conn;
}

void
StaticTransport::Forget(Ptr<FrameSocket> conn, bool close)
{
    NS_LOG_FUNCTION(this << conn);
    auto it = m_conns.find(conn);
    if (it == m_conns.end())
    {
        return;
    }
    auto current = m_current.find(it->second);
    if (current != m_current.end() && current->second == conn)
    {
        m_current.erase(current);
    }
    m_conns.erase(it);
    if (close)
    {
        conn->Close();
    }
    else
    {
        conn->Release();
    }
}

void
StaticTransport::AddressesChanged(const std::set<Ipv4Address>& addresses)
{
    NS_LOG_INFO("node " << m_node->GetId() << " addresses changed, "
                        << (addresses.empty() ? "now offline" : "reconnecting"));
    // Connections bound to a vanished address can never recover.
    while (!m_conns.empty())
    {
        Forget(m_conns.begin()->first);
    }
    if (!addresses.empty())
    {
        m_table->Set(m_name, *addresses.begin());
        NotifyPathChange();
    }
}

bool
StaticTransport::HandleRequest(Ptr<Socket> /* socket */, const Address& /* from */)
{
    return true;
}

void
StaticTransport::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    Adopt(socket, true, 0);
}

void
StaticTransport::HandleClosed(Ptr<FrameSocket> conn)
{
    NS_LOG_FUNCTION(this << conn);
    Forget(conn, false);
}

void
StaticTransport::HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame)
{
    auto it = m_conns.find(conn);
    if (it == m_conns.end())
    {
        return;
    }
    if (it->second == 0)
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
        it->second = ReadBigEndian(name, 8);
        // The hello is not authenticated: anyone may claim a name. A new connection only
        // takes over once a packet on it is authenticated (PeerAuthenticated), unless there
        // is none to that peer yet.
        if (m_current.count(it->second) == 0)
        {
            m_current[it->second] = conn;
        }
        return;
    }
    if (frame->GetSize() == 0)
    {
        ++m_badFrames;
        return;
    }
    m_arriving = conn;
    Deliver(frame, it->second);
    m_arriving = nullptr;
}

void
StaticTransport::PeerAuthenticated(uint64_t peer)
{
    // The newest connection that carried an authentic packet is the one that works: the
    // peer opened it (after a move, say).
    auto it = m_arriving ? m_conns.find(m_arriving) : m_conns.end();
    if (it != m_conns.end() && it->second == peer)
    {
        m_current[peer] = m_arriving;
    }
}

} // namespace ns3
