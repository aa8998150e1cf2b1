/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "static-transport.h"

#include "muses-byte-order.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
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
const uint32_t LENGTH_SIZE = 2;

/// \return a frame: 2-byte length then the packet
Ptr<Packet>
Frame(Ptr<const Packet> packet)
{
    uint8_t length[LENGTH_SIZE];
    uint8_t* p = length;
    WriteBigEndian(p, packet->GetSize(), LENGTH_SIZE);
    Ptr<Packet> frame = Create<Packet>(length, LENGTH_SIZE);
    frame->AddAtEnd(packet);
    return frame;
}
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
    m_addresses = GetLocalAddresses();
    if (!m_addresses.empty())
    {
        m_table->Set(m_name, *m_addresses.begin());
    }
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        // A Ptr keeps the transport alive as long as the device may call back.
        node->GetDevice(i)->AddLinkChangeCallback(
            MakeCallback(&StaticTransport::LinkChanged, Ptr<StaticTransport>(this)));
    }
    if (!m_addressCheckInterval.IsZero())
    {
        m_checkEvent =
            Simulator::Schedule(m_addressCheckInterval, &StaticTransport::PollAddresses, this);
    }
}

void
StaticTransport::DoSend(Ptr<Packet> packet, uint64_t peer)
{
    NS_LOG_FUNCTION(this << packet << peer);
    auto it = m_current.find(peer);
    Ptr<Socket> socket = it != m_current.end() ? it->second : Dial(peer);
    if (!socket)
    {
        m_txDropTrace(packet);
        return;
    }
    Enqueue(socket, Frame(packet));
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
    m_checkEvent.Cancel();
    // The simulation is over: nothing may be sent now (a FIN would go through a node being
    // disposed), so the sockets are only let go.
    while (!m_conns.empty())
    {
        Forget(m_conns.begin()->first, false);
    }
    m_listener = nullptr;
    m_node = nullptr;
    m_table = nullptr;
    MusesTransport::DoDispose();
}

Ptr<Socket>
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
    Adopt(socket, peer);
    socket->Connect(InetSocketAddress(address, m_port));
    uint8_t hello[HELLO_SIZE];
    std::memcpy(hello, HELLO_MAGIC, sizeof(HELLO_MAGIC));
    uint8_t* name = hello + sizeof(HELLO_MAGIC);
    WriteBigEndian(name, m_name, 8);
    Enqueue(socket, Frame(Create<Packet>(hello, HELLO_SIZE)));
    m_current[peer] = socket;
    return socket;
}

void
StaticTransport::Adopt(Ptr<Socket> socket, uint64_t peer)
{
    ++m_connectionCount;
    m_conns[socket].peer = peer;
    socket->SetConnectCallback(MakeCallback(&StaticTransport::HandleConnected, this),
                               MakeCallback(&StaticTransport::HandleFailed, this));
    socket->SetCloseCallbacks(MakeCallback(&StaticTransport::HandleFailed, this),
                              MakeCallback(&StaticTransport::HandleFailed, this));
    socket->SetSendCallback(MakeCallback(&StaticTransport::HandleSend, this));
    socket->SetRecvCallback(MakeCallback(&StaticTransport::HandleRead, this));
}

void
StaticTransport::Enqueue(Ptr<Socket> socket, Ptr<Packet> frame)
{
    m_conns[socket].pending.push_back(frame);
    Flush(socket);
}

void
StaticTransport::Flush(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end() || !it->second.connected)
    {
        return;
    }
    std::deque<Ptr<Packet>>& pending = it->second.pending;
    while (!pending.empty() && socket->GetTxAvailable() >= pending.front()->GetSize())
    {
        socket->Send(pending.front());
        pending.pop_front();
    }
}

void
StaticTransport::Forget(Ptr<Socket> socket, bool close)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    auto current = m_current.find(it->second.peer);
    if (current != m_current.end() && current->second == socket)
    {
        m_current.erase(current);
    }
    m_conns.erase(it);
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    if (close)
    {
        socket->Close();
    }
}

std::set<Ipv4Address>
StaticTransport::GetLocalAddresses() const
{
    std::set<Ipv4Address> addresses;
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        if (!ipv4->IsUp(i))
        {
            continue;
        }
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
            if (!local.IsLocalhost())
            {
                addresses.insert(local);
            }
        }
    }
    return addresses;
}

void
StaticTransport::CheckAddresses()
{
    std::set<Ipv4Address> now = GetLocalAddresses();
    if (now != m_addresses)
    {
        NS_LOG_INFO("node " << m_node->GetId() << " addresses changed, "
                            << (now.empty() ? "now offline" : "reconnecting"));
        m_addresses = now;
        // Connections bound to a vanished address can never recover.
        while (!m_conns.empty())
        {
            Forget(m_conns.begin()->first);
        }
        if (!now.empty())
        {
            m_table->Set(m_name, *now.begin());
            NotifyPathChange();
        }
    }
}

void
StaticTransport::PollAddresses()
{
    CheckAddresses();
    m_checkEvent =
        Simulator::Schedule(m_addressCheckInterval, &StaticTransport::PollAddresses, this);
}

void
StaticTransport::LinkChanged()
{
    if (m_node)
    {
        // After the current event: whoever changed the link may set addresses next.
        Simulator::ScheduleNow(&StaticTransport::CheckAddresses, this);
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
    Adopt(socket, 0);
    m_conns[socket].connected = true;
}

void
StaticTransport::HandleConnected(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    auto it = m_conns.find(socket);
    if (it != m_conns.end())
    {
        it->second.connected = true;
        Flush(socket);
    }
}

void
StaticTransport::HandleFailed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Forget(socket);
}

void
StaticTransport::HandleSend(Ptr<Socket> socket, uint32_t /* available */)
{
    Flush(socket);
}

void
StaticTransport::HandleRead(Ptr<Socket> socket)
{
    auto it = m_conns.find(socket);
    if (it == m_conns.end())
    {
        return;
    }
    std::vector<uint8_t>& bytes = it->second.received;
    Ptr<Packet> packet;
    while ((packet = socket->Recv()) && packet->GetSize() > 0)
    {
        size_t old = bytes.size();
        bytes.resize(old + packet->GetSize());
        packet->CopyData(bytes.data() + old, packet->GetSize());
    }
    size_t offset = 0;
    while (bytes.size() - offset >= LENGTH_SIZE)
    {
        const uint8_t* p = bytes.data() + offset;
        uint32_t length = ReadBigEndian(p, LENGTH_SIZE);
        if (bytes.size() - offset - LENGTH_SIZE < length)
        {
            break;
        }
        const uint8_t* body = bytes.data() + offset + LENGTH_SIZE;
        offset += LENGTH_SIZE + length;
        Connection& conn = it->second;
        if (conn.peer == 0)
        {
            // The dialer's hello names it; anything else is not a MUSEs peer.
            if (length != HELLO_SIZE || std::memcmp(body, HELLO_MAGIC, sizeof(HELLO_MAGIC)) != 0)
            {
                NS_LOG_WARN("connection without a valid hello: closed");
                ++m_badFrames;
                Forget(socket);
                return;
            }
            const uint8_t* name = body + sizeof(HELLO_MAGIC);
            conn.peer = ReadBigEndian(name, 8);
            // The newest connection is the one that works: the peer just opened it.
            m_current[conn.peer] = socket;
            continue;
        }
        if (length == 0)
        {
            ++m_badFrames;
            continue;
        }
        Deliver(Create<Packet>(body, length), conn.peer);
        if (m_conns.find(socket) == m_conns.end())
        {
            return; // the upcall reset this connection
        }
    }
    bytes.erase(bytes.begin(), bytes.begin() + offset);
}

} // namespace ns3
