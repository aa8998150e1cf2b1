/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "checked-stream-source.h"

#include "ns3/address-utils.h"
#include "ns3/log.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CheckedStreamSource");

NS_OBJECT_ENSURE_REGISTERED(CheckedStreamSource);

TypeId
CheckedStreamSource::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CheckedStreamSource")
            .SetParent<Application>()
            .SetGroupName("Muses")
            .AddConstructor<CheckedStreamSource>()
            .AddAttribute("Protocol",
                          "The stream socket factory: ns3::MusesSocketFactory or "
                          "ns3::TcpSocketFactory.",
                          TypeIdValue(TcpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&CheckedStreamSource::m_tid),
                          MakeTypeIdChecker())
            .AddAttribute("Remote",
                          "The peer's address.",
                          AddressValue(),
                          MakeAddressAccessor(&CheckedStreamSource::m_remote),
                          MakeAddressChecker())
            .AddAttribute("Local",
                          "The address to bind to; empty: any.",
                          AddressValue(),
                          MakeAddressAccessor(&CheckedStreamSource::m_local),
                          MakeAddressChecker())
            .AddAttribute("MaxBytes",
                          "Bytes to send, then close; 0: send until stopped.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&CheckedStreamSource::m_maxBytes),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("SendSize",
                          "Bytes handed to the socket per Send().",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&CheckedStreamSource::m_sendSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Tx",
                            "Bytes the socket accepted.",
                            MakeTraceSourceAccessor(&CheckedStreamSource::m_txTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

CheckedStreamSource::CheckedStreamSource()
    : m_maxBytes(0),
      m_sendSize(1024),
      m_connected(false)
{
    NS_LOG_FUNCTION(this);
}

CheckedStreamSource::~CheckedStreamSource()
{
    NS_LOG_FUNCTION(this);
}

uint64_t
CheckedStreamSource::GetBytesSent() const
{
    return m_stream.GetSize();
}

std::string
CheckedStreamSource::GetSha256() const
{
    return m_stream.GetSha256();
}

Ptr<Socket>
CheckedStreamSource::GetSocket() const
{
    return m_socket;
}

void
CheckedStreamSource::DoDispose()
{
    m_socket = nullptr;
    Application::DoDispose();
}

void
CheckedStreamSource::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_socket = Socket::CreateSocket(GetNode(), m_tid);
    int bound = m_local.IsInvalid() ? m_socket->Bind() : m_socket->Bind(m_local);
    NS_ABORT_MSG_IF(bound != 0, "CheckedStreamSource: cannot bind");
    m_socket->SetConnectCallback(MakeCallback(&CheckedStreamSource::Connected, this),
                                 MakeCallback(&CheckedStreamSource::ConnectFailed, this));
    m_socket->SetSendCallback(MakeCallback(&CheckedStreamSource::Room, this));
    m_socket->Connect(m_remote);
    m_socket->ShutdownRecv();
}

void
CheckedStreamSource::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->Close();
        m_connected = false;
    }
}

void
CheckedStreamSource::Connected(Ptr<Socket> /* socket */)
{
    NS_LOG_FUNCTION(this);
    m_connected = true;
    SendMore();
}

void
CheckedStreamSource::ConnectFailed(Ptr<Socket> /* socket */)
{
    NS_LOG_WARN("CheckedStreamSource: connection failed");
}

void
CheckedStreamSource::Room(Ptr<Socket> /* socket */, uint32_t /* available */)
{
    if (m_connected)
    {
        SendMore();
    }
}

void
CheckedStreamSource::SendMore()
{
    std::vector<uint8_t> buffer;
    while (m_maxBytes == 0 || m_stream.GetSize() < m_maxBytes)
    {
        uint64_t size = std::min<uint64_t>(m_sendSize, m_socket->GetTxAvailable());
        if (m_maxBytes > 0)
        {
            size = std::min<uint64_t>(size, m_maxBytes - m_stream.GetSize());
        }
        if (size == 0)
        {
            return; // the send callback brings us back
        }
        // Bytes count as sent only once the socket takes them: a refused Send loses nothing.
        buffer.resize(size);
        m_stream.Peek(buffer.data(), size);
        Ptr<Packet> packet = Create<Packet>(buffer.data(), size);
        if (m_socket->Send(packet) != int(size))
        {
            return;
        }
        m_stream.Commit(buffer.data(), size);
        m_txTrace(packet);
    }
    m_socket->Close();
    m_connected = false;
}

} // namespace ns3
