/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "checked-stream-sink.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"

#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CheckedStreamSink");

NS_OBJECT_ENSURE_REGISTERED(CheckedStreamSink);

TypeId
CheckedStreamSink::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CheckedStreamSink")
            .SetParent<Application>()
            .SetGroupName("Muses")
            .AddConstructor<CheckedStreamSink>()
            .AddAttribute("Protocol",
                          "The stream socket factory: ns3::MusesSocketFactory or "
                          "ns3::TcpSocketFactory.",
                          TypeIdValue(TcpSocketFactory::GetTypeId()),
                          MakeTypeIdAccessor(&CheckedStreamSink::m_tid),
                          MakeTypeIdChecker())
            .AddAttribute("Local",
                          "The address to listen on.",
                          AddressValue(),
                          MakeAddressAccessor(&CheckedStreamSink::m_local),
                          MakeAddressChecker())
            .AddAttribute("CloseOnPeerClose",
                          "Close our side when the peer closes (a server done "
                          "with its client), so the connection ends at both.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CheckedStreamSink::m_closeOnPeerClose),
                          MakeBooleanChecker())
            .AddTraceSource("Rx",
                            "Bytes received, and from whom.",
                            MakeTraceSourceAccessor(&CheckedStreamSink::m_rxTrace),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

CheckedStreamSink::CheckedStreamSink()
    : m_connections(0),
      m_closeOnPeerClose(false),
      m_closedAt(Seconds(-1))
{
    NS_LOG_FUNCTION(this);
}

CheckedStreamSink::~CheckedStreamSink()
{
    NS_LOG_FUNCTION(this);
}

uint64_t
CheckedStreamSink::GetBytesReceived() const
{
    return m_stream.GetSize();
}

int64_t
CheckedStreamSink::GetFirstMismatch() const
{
    return m_stream.GetFirstMismatch();
}

std::string
CheckedStreamSink::GetSha256() const
{
    return m_stream.GetSha256();
}

uint32_t
CheckedStreamSink::GetConnections() const
{
    return m_connections;
}

Time
CheckedStreamSink::GetClosedAt() const
{
    return m_closedAt;
}

void
CheckedStreamSink::DoDispose()
{
    m_listener = nullptr;
    m_socket = nullptr;
    Application::DoDispose();
}

void
CheckedStreamSink::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_listener = Socket::CreateSocket(GetNode(), m_tid);
    NS_ABORT_MSG_IF(m_listener->Bind(m_local) != 0, "CheckedStreamSink: cannot bind");
    m_listener->Listen();
    m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                  MakeCallback(&CheckedStreamSink::Accept, this));
}

void
CheckedStreamSink::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->Close();
    }
}

void
CheckedStreamSink::Accept(Ptr<Socket> socket, const Address& from)
{
    NS_LOG_FUNCTION(this << socket << from);
    ++m_connections;
    m_socket = socket;
    socket->SetRecvCallback(MakeCallback(&CheckedStreamSink::Read, this));
    socket->SetCloseCallbacks(MakeCallback(&CheckedStreamSink::PeerClosed, this),
                              MakeCallback(&CheckedStreamSink::PeerClosed, this));
}

void
CheckedStreamSink::Read(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    std::vector<uint8_t> bytes;
    while ((packet = socket->RecvFrom(from)) && packet->GetSize() > 0)
    {
        bytes.resize(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        if (!m_stream.Consume(bytes.data(), bytes.size()))
        {
            NS_LOG_WARN("stream differs at offset " << m_stream.GetFirstMismatch());
        }
        m_rxTrace(packet, from);
    }
}

void
CheckedStreamSink::PeerClosed(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Read(socket);
    m_closedAt = Simulator::Now();
    if (m_closeOnPeerClose)
    {
        socket->Close();
    }
}

} // namespace ns3
