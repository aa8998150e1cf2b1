/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "frame-socket.h"

#include "muses-byte-order.h"

#include "ns3/log.h"

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
} // namespace

TypeId
FrameSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::FrameSocket")
                            .SetParent<Object>()
                            .SetGroupName("Muses")
                            .AddConstructor<FrameSocket>();
    return tid;
}

FrameSocket::FrameSocket()
    : m_serial(NextSerial()),
      m_connected(false),
      m_pendingBytes(0)
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
    m_connected = connected;
    socket->SetConnectCallback(MakeCallback(&FrameSocket::HandleConnected, this),
                               MakeCallback(&FrameSocket::HandleFailed, this));
    socket->SetCloseCallbacks(MakeCallback(&FrameSocket::HandleFailed, this),
                              MakeCallback(&FrameSocket::HandleFailed, this));
    socket->SetSendCallback(MakeCallback(&FrameSocket::HandleSend, this));
    socket->SetRecvCallback(MakeCallback(&FrameSocket::HandleRead, this));
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

bool
FrameSocket::Send(Ptr<const Packet> packet)
{
    if (!m_socket || packet->GetSize() > MAX_PACKET_SIZE)
    {
        return false;
    }
    uint8_t length[LENGTH_SIZE];
    uint8_t* p = length;
    WriteBigEndian(p, packet->GetSize(), LENGTH_SIZE);
    Ptr<Packet> frame = Create<Packet>(length, LENGTH_SIZE);
    frame->AddAtEnd(packet);
    m_pendingBytes += frame->GetSize();
    m_pending.push_back(frame);
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

uint32_t
FrameSocket::GetPendingBytes() const
{
    return m_pendingBytes;
}

void
FrameSocket::Flush()
{
    while (m_socket && m_connected && !m_pending.empty() &&
           m_socket->GetTxAvailable() >= m_pending.front()->GetSize())
    {
        m_pendingBytes -= m_pending.front()->GetSize();
        m_socket->Send(m_pending.front());
        m_pending.pop_front();
    }
}

void
FrameSocket::Detach(bool close)
{
    Ptr<Socket> socket = m_socket;
    m_socket = nullptr;
    m_pending.clear();
    m_pendingBytes = 0;
    m_received.clear();
    m_receive = MakeNullCallback<void, Ptr<FrameSocket>, Ptr<Packet>>();
    m_close = MakeNullCallback<void, Ptr<FrameSocket>>();
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
    if (close)
    {
        socket->Close();
    }
}

void
FrameSocket::HandleConnected(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    m_connected = true;
    Flush();
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
    Flush();
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
    }
}

} // namespace ns3
