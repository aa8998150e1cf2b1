/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "frame-socket.h"

#include "muses-byte-order.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FrameSocket");

NS_OBJECT_ENSURE_REGISTERED(FrameSocket);

namespace
{
const uint32_t LENGTH_SIZE = 2;

/// \return the next connection's creation number (only their order matters)
uint64_t
NextSerial()
{
    static uint64_t next = 0;
    return next++;
}

/// \tparam Ip Ipv4 or Ipv6 \param node a node \param local one of its addresses
/// \return true if the interface with that address is up and its link too
template <typename Ip, typename IpAddress>
bool
IsUpWith(Ptr<Node> node, IpAddress local)
{
    Ptr<Ip> ip = node->GetObject<Ip>();
    int32_t interface = ip ? ip->GetInterfaceForAddress(local) : -1;
    return interface >= 0 && ip->IsUp(interface) && ip->GetNetDevice(interface)->IsLinkUp();
}
} // namespace

TypeId
FrameSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FrameSocket")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddConstructor<FrameSocket>()
            .AddAttribute("MaxPendingBytes",
                          "Bytes of frames that may wait for room in the TCP send buffer; an "
                          "ordinary frame beyond is dropped (urgent ones are always queued).",
                          UintegerValue(16 * 1024 * 1024),
                          MakeUintegerAccessor(&FrameSocket::m_maxPendingBytes),
                          MakeUintegerChecker<uint32_t>(MAX_PACKET_SIZE + LENGTH_SIZE))
            .AddTraceSource("Drop",
                            "A packet refused because the queue was full.",
                            MakeTraceSourceAccessor(&FrameSocket::m_dropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

FrameSocket::FrameSocket()
    : m_serial(NextSerial()),
      m_connectedAt(Seconds(-1)),
      m_urgent(0),
      m_pendingBytes(0),
      m_maxPendingBytes(16 * 1024 * 1024),
      m_drops(0),
      m_txCapacity(0),
      m_lastProgress(Seconds(-1)),
      m_acked(0),
      m_written(0),
      m_sent(0),
      m_left(0),
      m_lastSentAt(Seconds(-1)),
      m_rto(Seconds(0)),
      m_minRtt(Seconds(0)),
      m_retryFrom(Seconds(0)),
      m_retryRto(Seconds(0))
{
    NS_LOG_FUNCTION(this);
}

FrameSocket::~FrameSocket()
{
    NS_LOG_FUNCTION(this);
}

void
FrameSocket::DoDispose()
{
    Release();
    Object::DoDispose();
}

void
FrameSocket::Attach(Ptr<Socket> socket, bool connected)
{
    NS_LOG_FUNCTION(this << socket << connected);
    m_socket = socket;
    m_connectedAt = connected ? Simulator::Now() : Seconds(-1);
    m_txCapacity = socket->GetTxAvailable(); // nothing sent yet
    // One callback for the three ends, and none for connecting on an accepted connection: a
    // callback is a few hundred bytes, and a peer of a large overlay has many links.
    Callback<void, Ptr<Socket>> failed = MakeCallback(&FrameSocket::HandleFailed, this);
    if (!connected)
    {
        socket->SetConnectCallback(MakeCallback(&FrameSocket::HandleConnected, this), failed);
    }
    socket->SetCloseCallbacks(failed, failed);
    socket->SetSendCallback(MakeCallback(&FrameSocket::HandleSend, this));
    socket->SetRecvCallback(MakeCallback(&FrameSocket::HandleRead, this));
    // Not a TcpSocketBase (no such trace): the RTO stays unknown, GetRetryDeadline() negative.
    socket->TraceConnectWithoutContext("RTO", MakeCallback(&FrameSocket::RtoChanged, this));
    // Each RTT sample: "LastRTT" since ns-3.38 ("RTT" became the smoothed one), "RTT" before.
    if (!socket->TraceConnectWithoutContext("LastRTT",
                                            MakeCallback(&FrameSocket::RttSampled, this)))
    {
        socket->TraceConnectWithoutContext("RTT", MakeCallback(&FrameSocket::RttSampled, this));
    }
    socket->TraceConnectWithoutContext("HighestSequence",
                                       MakeCallback(&FrameSocket::HighestSent, this));
}

void
FrameSocket::SetReceiveCallback(ReceiveCallback callback)
{
    m_receive = callback;
}

void
FrameSocket::SetCloseCallback(CloseCallback callback)
{
    m_close = callback;
}

void
FrameSocket::SetRoomCallback(RoomCallback callback)
{
    m_room = callback;
}

bool
FrameSocket::Send(Ptr<const Packet> packet, bool urgent)
{
    if (!m_socket || packet->GetSize() > MAX_PACKET_SIZE)
    {
        return false;
    }
    uint32_t framed = LENGTH_SIZE + packet->GetSize();
    if (!urgent && m_queued.count(packet->GetUid()))
    {
        return true; // sent again while its first copy still waits here: that one will do
    }
    if (!urgent && m_pendingBytes + framed > m_maxPendingBytes)
    {
        ++m_drops;
        m_dropTrace(packet);
        return false;
    }
    m_pendingBytes += framed;
    // A copy shares the caller's bytes: nothing is duplicated.
    if (urgent)
    {
        m_pending.insert(std::next(m_pending.begin(), m_urgent++), packet->Copy());
    }
    else
    {
        m_queued.insert(packet->GetUid());
        m_pending.push_back(packet->Copy());
    }
    Flush();
    return true;
}

void
FrameSocket::Close()
{
    NS_LOG_FUNCTION(this);
    Detach(true);
}

void
FrameSocket::Release()
{
    Detach(false);
}

bool
FrameSocket::IsOpen() const
{
    return m_socket != nullptr;
}

Address
FrameSocket::GetPeerAddress() const
{
    Address address;
    if (m_socket)
    {
        m_socket->GetPeerName(address);
    }
    return address;
}

Address
FrameSocket::GetLocalAddress() const
{
    Address address;
    if (m_socket && m_socket->GetSockName(address) == 0)
    {
        if (InetSocketAddress::IsMatchingType(address))
        {
            return InetSocketAddress::ConvertFrom(address).GetIpv4();
        }
        if (Inet6SocketAddress::IsMatchingType(address))
        {
            return Inet6SocketAddress::ConvertFrom(address).GetIpv6();
        }
    }
    return Address();
}

uint32_t
FrameSocket::GetPendingBytes() const
{
    return m_pendingBytes;
}

uint32_t
FrameSocket::GetTxAvailable(uint64_t queuing, uint32_t count) const
{
    uint64_t used = m_pendingBytes + queuing + uint64_t(count + 1) * LENGTH_SIZE;
    uint64_t limit = std::min<uint64_t>(m_maxPendingBytes, std::max(m_txCapacity, MAX_PACKET_SIZE));
    return used < limit ? std::min<uint64_t>(limit - used, MAX_PACKET_SIZE) : 0;
}

uint64_t
FrameSocket::GetDrops() const
{
    return m_drops;
}

bool
FrameSocket::IsBacklogged() const
{
    return m_pendingBytes > 0 || (m_socket && m_socket->GetTxAvailable() < m_txCapacity);
}

Time
FrameSocket::GetLastProgress() const
{
    return m_lastProgress;
}

Time
FrameSocket::GetProgressOf(Ptr<const Packet> newest) const
{
    if (!newest)
    {
        return Seconds(-1);
    }
    return Holds(newest) ? m_lastProgress : GetReleased(newest);
}

Time
FrameSocket::GetConnectedAt() const
{
    return m_connectedAt;
}

bool
FrameSocket::Holds(Ptr<const Packet> packet) const
{
    if (m_queued.count(packet->GetUid()))
    {
        return true;
    }
    uint64_t acked = GetAckedBytes();
    for (auto it = m_inTcp.rbegin(); it != m_inTcp.rend() && it->second > acked; ++it)
    {
        if (it->first == packet->GetUid())
        {
            return true;
        }
    }
    return false;
}

bool
FrameSocket::HasLeft(Ptr<const Packet> packet) const
{
    for (const auto& [uid, end] : m_inTcp)
    {
        if (uid == packet->GetUid())
        {
            return end <= m_left;
        }
    }
    return !GetReleased(packet).IsNegative(); // acknowledged: it left
}

void
FrameSocket::HighestSent(SequenceNumber32 old, SequenceNumber32 now)
{
    // Before the connection is up only its SYN moved the mark: our bytes start after it.
    if (m_connectedAt.IsNegative())
    {
        return;
    }
    // TCP's latest burst may still wait in the interface's queue or be on the wire when the
    // link goes: only what it sent before counts as gone (a burst's time to get out).
    if (Simulator::Now() != m_lastSentAt)
    {
        m_left = m_sent;
        m_lastSentAt = Simulator::Now();
    }
    m_sent += now - old;
}

uint64_t
FrameSocket::GetAckedBytes() const
{
    // What TCP's send buffer still holds was written and not yet acknowledged.
    return m_written - (m_socket ? m_txCapacity - m_socket->GetTxAvailable() : 0);
}

Time
FrameSocket::GetReleased(Ptr<const Packet> packet) const
{
    for (auto it = m_released.rbegin(); it != m_released.rend(); ++it)
    {
        if (it->first == packet->GetUid())
        {
            return it->second;
        }
    }
    return Seconds(-1);
}

Time
FrameSocket::GetRetryDeadline(uint32_t retries, Time since) const
{
    bool silent = Simulator::Now() >= m_retryFrom + m_retryRto ||
                  (!since.IsNegative() && m_retryFrom <= since);
    if (!IsBacklogged() || !m_retryRto.IsStrictlyPositive() || !silent || !IsLocalLinkUp())
    {
        return Seconds(-1);
    }
    retries = std::min(retries, 16U);
    return m_retryFrom + m_retryRto * int64_t((1U << retries) - 1);
}

void
FrameSocket::RtoChanged(Time /* oldRto */, Time rto)
{
    m_rto = rto;
}

void
FrameSocket::RttSampled(Time /* old */, Time rtt)
{
    if (rtt.IsStrictlyPositive() && (m_minRtt.IsZero() || rtt < m_minRtt))
    {
        m_minRtt = rtt;
    }
}

Time
FrameSocket::GetMinRtt() const
{
    return m_minRtt;
}

void
FrameSocket::RetryTimerRestarted()
{
    m_retryFrom = Simulator::Now();
    m_retryRto = m_rto;
}

bool
FrameSocket::IsLocalLinkUp() const
{
    Address local;
    if (!m_socket || m_socket->GetSockName(local) != 0)
    {
        return true; // nothing to tell otherwise
    }
    if (InetSocketAddress::IsMatchingType(local))
    {
        return IsUpWith<Ipv4>(m_socket->GetNode(), InetSocketAddress::ConvertFrom(local).GetIpv4());
    }
    if (Inet6SocketAddress::IsMatchingType(local))
    {
        return IsUpWith<Ipv6>(m_socket->GetNode(),
                              Inet6SocketAddress::ConvertFrom(local).GetIpv6());
    }
    return true;
}

void
FrameSocket::Flush()
{
    // TCP arms its retransmission timer when it sends into an empty buffer.
    bool idle =
        m_socket && !m_connectedAt.IsNegative() && m_socket->GetTxAvailable() >= m_txCapacity;
    bool sent = false;
    while (m_socket && !m_connectedAt.IsNegative() && !m_pending.empty() &&
           m_socket->GetTxAvailable() >= LENGTH_SIZE + m_pending.front()->GetSize())
    {
        Ptr<Packet> packet = m_pending.front();
        m_pending.pop_front();
        m_queued.erase(packet->GetUid());
        bool urgent = m_urgent > 0;
        m_urgent -= urgent ? 1 : 0;
        m_pendingBytes -= LENGTH_SIZE + packet->GetSize();
        // The length, then the packet itself: the TCP buffer keeps both as given.
        uint8_t length[LENGTH_SIZE];
        uint8_t* p = length;
        WriteBigEndian(p, packet->GetSize(), LENGTH_SIZE);
        m_socket->Send(Create<Packet>(length, LENGTH_SIZE));
        m_socket->Send(packet);
        m_written += LENGTH_SIZE + packet->GetSize();
        // Only ordinary packets are followed (Holds, HasLeft, GetReleased): nobody asks about
        // a control message, and a record of each keepalive would be most of the history.
        if (!urgent)
        {
            m_inTcp.emplace_back(packet->GetUid(), m_written);
        }
        sent = true;
    }
    if (idle && sent)
    {
        RetryTimerRestarted();
    }
}

void
FrameSocket::DropPending()
{
    m_pending.clear();
    m_queued.clear();
    m_urgent = 0;
    m_pendingBytes = 0;
}

void
FrameSocket::Detach(bool close)
{
    Ptr<Socket> socket = m_socket;
    m_socket = nullptr;
    DropPending();
    m_received.clear();
    m_receive = MakeNullCallback<void, Ptr<FrameSocket>, Ptr<Packet>>();
    m_close = MakeNullCallback<void, Ptr<FrameSocket>>();
    m_room = MakeNullCallback<void, Ptr<FrameSocket>>();
    if (!socket)
    {
        return;
    }
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    socket->TraceDisconnectWithoutContext("RTO", MakeCallback(&FrameSocket::RtoChanged, this));
    socket->TraceDisconnectWithoutContext("LastRTT", MakeCallback(&FrameSocket::RttSampled, this));
    socket->TraceDisconnectWithoutContext("RTT", MakeCallback(&FrameSocket::RttSampled, this));
    socket->TraceDisconnectWithoutContext("HighestSequence",
                                          MakeCallback(&FrameSocket::HighestSent, this));
    if (close)
    {
        socket->Close();
    }
}

void
FrameSocket::HandleConnected(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    m_connectedAt = Simulator::Now();
    FlushAndNotify();
}

void
FrameSocket::HandleFailed(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    CloseCallback close = m_close;
    Detach(true);
    if (!close.IsNull())
    {
        close(this);
    }
}

void
FrameSocket::HandleSend(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    // TCP also calls this when it sends and when it connects: progress is only when the
    // peer acknowledged bytes (and TCP restarted its timer).
    uint64_t acked = GetAckedBytes();
    if (acked > m_acked)
    {
        m_acked = acked;
        m_lastProgress = Simulator::Now();
        RetryTimerRestarted();
    }
    auto done = m_inTcp.begin();
    for (; done != m_inTcp.end() && done->second <= acked; ++done)
    {
        // Oldest out first: never above RELEASED_KEPT, the history never doubles its room.
        if (m_released.size() == RELEASED_KEPT)
        {
            m_released.erase(m_released.begin());
        }
        m_released.emplace_back(done->first, Simulator::Now());
    }
    m_inTcp.erase(m_inTcp.begin(), done);
    FlushAndNotify();
}

void
FrameSocket::FlushAndNotify()
{
    uint32_t before = m_pendingBytes;
    Flush();
    if (m_pendingBytes < before && !m_room.IsNull())
    {
        m_room(this);
    }
}

void
FrameSocket::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()) && packet->GetSize() > 0)
    {
        size_t old = m_received.size();
        m_received.resize(old + packet->GetSize());
        packet->CopyData(m_received.data() + old, packet->GetSize());
    }
    size_t offset = 0;
    Ptr<FrameSocket> self = this; // the upcall may drop the owner's last reference
    while (m_socket && m_received.size() - offset >= LENGTH_SIZE)
    {
        const uint8_t* p = m_received.data() + offset;
        uint32_t length = ReadBigEndian(p, LENGTH_SIZE);
        if (m_received.size() - offset - LENGTH_SIZE < length)
        {
            break;
        }
        Ptr<Packet> frame = Create<Packet>(m_received.data() + offset + LENGTH_SIZE, length);
        offset += LENGTH_SIZE + length;
        if (!m_receive.IsNull())
        {
            m_receive(this, frame);
        }
    }
    if (m_socket)
    {
        m_received.erase(m_received.begin(), m_received.begin() + offset);
        // Keep room for the partial frame left, not for the burst just read, and none when
        // every frame was whole: with many connections that would be much of the memory.
        if (m_received.empty() || m_received.capacity() > 2 * m_received.size() + 4096)
        {
            m_received.shrink_to_fit();
        }
    }
}

} // namespace ns3
