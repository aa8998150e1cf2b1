/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-socket.h"

#include "muses-identifier.h"
#include "muses-l4-protocol.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesSocket");

NS_OBJECT_ENSURE_REGISTERED(MusesSocket);

TypeId
MusesSocket::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesSocket")
                            .SetParent<Socket>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesSocket>()
                            .AddTraceSource("Tx",
                                            "Application bytes accepted by Send().",
                                            MakeTraceSourceAccessor(&MusesSocket::m_txTrace),
                                            "ns3::Packet::TracedCallback")
                            .AddTraceSource("Rx",
                                            "Application bytes returned by Recv().",
                                            MakeTraceSourceAccessor(&MusesSocket::m_rxTrace),
                                            "ns3::Packet::TracedCallback");
    return tid;
}

MusesSocket::MusesSocket()
    : m_localPort(0),
      m_peer(0, 0),
      m_byIdentifier(false),
      m_errno(ERROR_NOTERROR),
      m_listening(false),
      m_shutdownSend(false),
      m_shutdownRecv(false),
      m_peerClosed(false),
      m_closeNotified(false),
      m_rxSize(0),
      m_bytesSent(0),
      m_bytesReceived(0)
{
    NS_LOG_FUNCTION(this);
}

MusesSocket::~MusesSocket()
{
    NS_LOG_FUNCTION(this);
}

void
MusesSocket::DoDispose()
{
    if (m_session)
    {
        m_session->SetUpcalls(MusesSession::Upcalls());
        m_session = nullptr;
    }
    m_listener = nullptr;
    m_l4 = nullptr;
    m_node = nullptr;
    m_rxBuffer.clear();
    Socket::DoDispose();
}

void
MusesSocket::SetL4(Ptr<Node> node, Ptr<MusesL4Protocol> l4)
{
    m_node = node;
    m_l4 = l4;
}

Ptr<MusesSession>
MusesSocket::GetSession() const
{
    return m_session;
}

uint64_t
MusesSocket::GetBytesSent() const
{
    return m_bytesSent;
}

uint64_t
MusesSocket::GetBytesReceived() const
{
    return m_bytesReceived;
}

Socket::SocketErrno
MusesSocket::GetErrno() const
{
    return m_errno;
}

Socket::SocketType
MusesSocket::GetSocketType() const
{
    return NS3_SOCK_STREAM;
}

Ptr<Node>
MusesSocket::GetNode() const
{
    return m_node;
}

bool
MusesSocket::ReadAddress(const Address& address, MusesAddress& out)
{
    if (MusesAddress::IsMatchingType(address))
    {
        out = MusesAddress::ConvertFrom(address);
        return true;
    }
    if (!InetSocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_INVAL;
        return false;
    }
    InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
    uint64_t name = MusesIdentifier::GetName(inet.GetIpv4());
    if (name == MusesAddress::ANY_NAME && inet.GetIpv4() != Ipv4Address::GetAny())
    {
        NS_LOG_WARN(inet.GetIpv4() << " is not the identifier of a MUSEs peer name");
        m_errno = ERROR_NOROUTETOHOST;
        return false;
    }
    out = MusesAddress(name, inet.GetPort());
    m_byIdentifier = true;
    return true;
}

Address
MusesSocket::ForApplication(const MusesAddress& address) const
{
    if (m_byIdentifier)
    {
        return InetSocketAddress(MusesIdentifier::Get(address.GetName()), address.GetPort());
    }
    return address;
}

int
MusesSocket::Bind(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    MusesAddress local(MusesAddress::ANY_NAME, 0);
    if (!ReadAddress(address, local))
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    if (m_localPort != 0 ||
        (local.GetName() != MusesAddress::ANY_NAME && local.GetName() != m_l4->GetName()))
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    m_localPort = m_l4->AllocatePort(local.GetPort());
    if (m_localPort == 0)
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    return 0;
}

int
MusesSocket::Bind()
{
    return Bind(MusesAddress(MusesAddress::ANY_NAME, 0));
}

int
MusesSocket::Bind6()
{
    m_errno = ERROR_AFNOSUPPORT;
    return -1;
}

int
MusesSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (m_session || m_listening)
    {
        m_errno = m_session ? ERROR_ISCONN : ERROR_INVAL;
        return -1;
    }
    MusesAddress peer(MusesAddress::ANY_NAME, 0);
    if (!ReadAddress(address, peer))
    {
        return -1;
    }
    if (peer.GetName() == MusesAddress::ANY_NAME)
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    if (m_localPort == 0 && Bind() != 0)
    {
        return -1;
    }
    StartSession(peer);
    if (!m_session)
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    m_session->Connect();
    return 0;
}

void
MusesSocket::StartSession(const MusesAddress& peer)
{
    m_peer = peer;
    m_session = m_l4->CreateSession(m_localPort, peer.GetName(), peer.GetPort());
    if (!m_session)
    {
        return;
    }
    MusesSession::Upcalls upcalls;
    upcalls.established = MakeCallback(&MusesSocket::Established, this);
    upcalls.failed = MakeCallback(&MusesSocket::Failed, this);
    upcalls.deliver = MakeCallback(&MusesSocket::Deliver, this);
    upcalls.txSpace = MakeCallback(&MusesSocket::TxSpace, this);
    upcalls.peerClosed = MakeCallback(&MusesSocket::PeerClosed, this);
    upcalls.closed = MakeCallback(&MusesSocket::SessionClosed, this);
    m_session->SetUpcalls(upcalls);
}

int
MusesSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    if (m_localPort == 0 || m_session)
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    m_listening = true;
    m_l4->AddListener(m_localPort, this);
    return 0;
}

MusesDropReason
MusesSocket::Fork(Ptr<Packet> hello, const MusesAddress& from)
{
    NS_LOG_FUNCTION(this << hello << from);
    Ptr<MusesSocket> socket = CreateObject<MusesSocket>();
    socket->SetL4(m_node, m_l4);
    socket->m_localPort = m_localPort; // shared with the listener, like TCP's
    socket->m_listener = this;
    socket->m_byIdentifier = m_byIdentifier;
    socket->StartSession(from);
    // The application hears of a connection only once its HELLO is authentic: forged ones
    // never reach its connection-request callback.
    MusesDropReason reason =
        socket->m_session ? socket->m_session->OpenHello(hello) : MUSES_DROP_NO_SESSION;
    if (reason == MUSES_DROP_NONE)
    {
        reason = m_l4->AdmitHello(socket->m_session); // fresh, and not above the HELLO rate
    }
    if (reason == MUSES_DROP_NONE && !NotifyConnectionRequest(ForApplication(from)))
    {
        reason = MUSES_DROP_NO_SESSION; // the application refused it
    }
    if (reason == MUSES_DROP_NONE)
    {
        reason = socket->m_session->AcceptHello(hello);
    }
    if (reason != MUSES_DROP_NONE)
    {
        if (socket->m_session)
        {
            m_l4->RemoveSession(socket->m_session);
        }
        socket->Dispose();
        return reason;
    }
    m_l4->AddSocket(socket);
    return MUSES_DROP_NONE;
}

int
MusesSocket::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_listening)
    {
        m_listening = false;
        m_l4->RemoveListener(m_localPort);
        m_l4->ReleasePort(m_localPort);
        return 0;
    }
    m_shutdownSend = true;
    if (m_session && m_session->GetState() == MusesSession::CLOSED)
    {
        m_l4->RemoveSocket(this); // both ends are done: like TCP, forget the socket
    }
    else if (m_session)
    {
        m_session->Close();
    }
    else if (m_localPort != 0)
    {
        m_l4->ReleasePort(m_localPort);
        m_localPort = 0;
    }
    return 0;
}

int
MusesSocket::ShutdownSend()
{
    NS_LOG_FUNCTION(this);
    m_shutdownSend = true;
    if (m_session)
    {
        m_session->Close();
    }
    return 0;
}

int
MusesSocket::ShutdownRecv()
{
    m_shutdownRecv = true;
    return 0;
}

uint32_t
MusesSocket::GetTxAvailable() const
{
    return m_session && !m_shutdownSend ? m_session->GetTxAvailable() : 0;
}

int
MusesSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    NS_LOG_FUNCTION(this << p << flags);
    if (!m_session || m_session->GetState() == MusesSession::CLOSED)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    if (m_shutdownSend)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (p->GetSize() == 0)
    {
        return 0;
    }
    if (p->GetSize() > GetTxAvailable())
    {
        // Like a TCP socket whose buffer is full: try again on the send callback.
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    m_bytesSent += p->GetSize();
    m_txTrace(p);
    m_session->Send(p->Copy());
    return p->GetSize();
}

int
MusesSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& /* toAddress */)
{
    return Send(p, flags);
}

uint32_t
MusesSocket::GetRxAvailable() const
{
    return m_rxSize;
}

Ptr<Packet>
MusesSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    NS_LOG_FUNCTION(this << maxSize << flags);
    if (m_rxBuffer.empty())
    {
        if (m_peerClosed)
        {
            return Create<Packet>(); // end of stream
        }
        m_errno = ERROR_AGAIN;
        return nullptr;
    }
    Ptr<Packet> out = Create<Packet>();
    auto next = m_rxBuffer.begin();
    while (next != m_rxBuffer.end() && out->GetSize() < maxSize)
    {
        Ptr<Packet> front = *next;
        uint32_t take = std::min(maxSize - out->GetSize(), front->GetSize());
        if (take == front->GetSize())
        {
            out->AddAtEnd(front);
            ++next;
        }
        else
        {
            out->AddAtEnd(front->CreateFragment(0, take));
            front->RemoveAtStart(take);
        }
    }
    m_rxBuffer.erase(m_rxBuffer.begin(), next);
    m_rxSize -= out->GetSize();
    m_bytesReceived += out->GetSize();
    m_rxTrace(out);
    if (m_session)
    {
        m_session->NotifyRead(out->GetSize());
    }
    return out;
}

Ptr<Packet>
MusesSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    Ptr<Packet> packet = Recv(maxSize, flags);
    if (packet)
    {
        fromAddress = ForApplication(m_peer);
    }
    return packet;
}

int
MusesSocket::GetSockName(Address& address) const
{
    address = ForApplication(MusesAddress(m_l4->GetName(), m_localPort));
    return 0;
}

int
MusesSocket::GetPeerName(Address& address) const
{
    if (!m_session)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    address = ForApplication(m_peer);
    return 0;
}

bool
MusesSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast; // a session has one peer
}

bool
MusesSocket::GetAllowBroadcast() const
{
    return false;
}

void
MusesSocket::Established()
{
    NS_LOG_FUNCTION(this);
    if (m_listener)
    {
        m_listener->NotifyNewConnectionCreated(this, ForApplication(m_peer));
        m_listener = nullptr;
    }
    else
    {
        NotifyConnectionSucceeded();
    }
    uint32_t available = GetTxAvailable();
    if (available > 0)
    {
        NotifySend(available);
    }
}

void
MusesSocket::Failed()
{
    NS_LOG_FUNCTION(this);
    Ptr<MusesSocket> self = this; // the protocol may hold the last reference
    // The handshake timed out: forget the session, so that the same ports can connect again
    // (a half-open session kept for ever would refuse every later HELLO for them).
    m_l4->RemoveSession(m_session);
    if (m_listener)
    {
        // Forked by a HELLO, never accepted: no application knows this socket.
        m_listener = nullptr;
        m_l4->RemoveSocket(this);
        return;
    }
    m_l4->ReleasePort(m_localPort);
    m_localPort = 0;
    m_errno = ERROR_NOROUTETOHOST;
    NotifyConnectionFailed();
}

void
MusesSocket::Deliver(Ptr<Packet> data)
{
    m_rxSize += data->GetSize();
    m_rxBuffer.push_back(data);
    NotifyDataRecv();
}

void
MusesSocket::TxSpace(uint32_t available)
{
    if (!m_shutdownSend)
    {
        NotifySend(available);
    }
}

void
MusesSocket::PeerClosed()
{
    NS_LOG_FUNCTION(this);
    m_peerClosed = true;
    NotifyDataRecv();
    if (!m_closeNotified)
    {
        m_closeNotified = true;
        NotifyNormalClose();
    }
}

void
MusesSocket::SessionClosed(bool error)
{
    NS_LOG_FUNCTION(this << error);
    Ptr<MusesSocket> self = this; // the protocol may hold the last reference
    m_l4->RemoveSession(m_session);
    if (m_shutdownSend)
    {
        m_l4->RemoveSocket(this); // the application closed it too: forget it, as TCP does
    }
    if (m_session->IsInitiator())
    {
        m_l4->ReleasePort(m_localPort); // a forked socket shares its listener's port
    }
    if (error)
    {
        m_errno = ERROR_SHUTDOWN;
        m_closeNotified = true;
        NotifyErrorClose();
    }
    else if (!m_closeNotified)
    {
        m_closeNotified = true;
        NotifyNormalClose();
    }
}

} // namespace ns3
