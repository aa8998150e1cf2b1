/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-l4-protocol.h"

#include "muses-socket-factory.h"
#include "muses-socket.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/muses-cipher.h"
#include "ns3/muses-header.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(MusesL4Protocol);

namespace
{
const uint16_t FIRST_EPHEMERAL = 49152;
/// Handshakes a listener runs beside a half-open session of the same ports.
const size_t MAX_RIVALS = 4;
/// Seconds a cookie secret is current (then as long again as the last), as WireGuard's.
const int64_t COOKIE_SECRET_SECONDS = 120;
} // namespace

TypeId
MusesL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MusesL4Protocol")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddConstructor<MusesL4Protocol>()
            .AddAttribute("Name",
                          "This node's permanent MUSEs name (not 0). MusesHelper sets it.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MusesL4Protocol::m_name),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("HelloReplayWindow",
                          "A HELLO whose pSessID-a came from the same peer in an authentic "
                          "HELLO within this time is a replay: dropped before any work, no "
                          "session made (as WireGuard's timestamped initiations). 0: no check.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&MusesL4Protocol::m_helloReplayWindow),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("HelloRate",
                          "Authentic HELLOs per second (and as many at once) the listeners "
                          "answer with a session; above it, a HELLO without a valid cookie "
                          "gets a COOKIE and costs no asymmetric operation and no state "
                          "until it comes back (as WireGuard's cookie reply, QUIC's Retry). "
                          "0: every HELLO must bring a cookie.",
                          DoubleValue(100),
                          MakeDoubleAccessor(&MusesL4Protocol::m_helloRate),
                          MakeDoubleChecker<double>(0))
            .AddTraceSource("Drop",
                            "A packet that reached no session was dropped, with the reason.",
                            MakeTraceSourceAccessor(&MusesL4Protocol::m_dropTrace),
                            "ns3::MusesCipher::DropTracedCallback")
            .AddTraceSource("SessionCreated",
                            "A session was created (connect, or HELLO on a listening port); "
                            "connect to its own traces here.",
                            MakeTraceSourceAccessor(&MusesL4Protocol::m_sessionCreatedTrace),
                            "ns3::MusesL4Protocol::SessionTracedCallback");
    return tid;
}

MusesL4Protocol::MusesL4Protocol()
    : m_name(0),
      m_nextEphemeral(FIRST_EPHEMERAL)
{
    NS_LOG_FUNCTION(this);
    m_sessionFactory.SetTypeId(MusesSession::GetTypeId());
    m_rng = CreateObject<UniformRandomVariable>();
    m_drops.fill(0);
}

MusesL4Protocol::~MusesL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
MusesL4Protocol::DoDispose()
{
    for (auto& socket : m_sockets)
    {
        socket->Dispose();
    }
    m_sockets.clear();
    for (auto& entry : m_sessions)
    {
        entry.second->Dispose();
    }
    m_sessions.clear();
    m_listeners.clear();
    m_identity = nullptr; // aggregated to the same node: a cycle otherwise
    if (m_transport)
    {
        m_transport->Dispose();
        m_transport = nullptr;
    }
    m_node = nullptr;
    Object::DoDispose();
}

void
MusesL4Protocol::NotifyNewAggregate()
{
    if (!m_node)
    {
        Ptr<Node> node = GetObject<Node>();
        if (node)
        {
            SetNode(node);
            Ptr<MusesSocketFactory> factory = CreateObject<MusesSocketFactory>();
            factory->SetL4(this);
            node->AggregateObject(factory);
        }
    }
    Object::NotifyNewAggregate();
}

void
MusesL4Protocol::SetNode(Ptr<Node> node)
{
    m_node = node;
}

Ptr<Node>
MusesL4Protocol::GetNode() const
{
    return m_node;
}

uint64_t
MusesL4Protocol::GetName() const
{
    return m_name;
}

void
MusesL4Protocol::SetTransport(Ptr<MusesTransport> transport)
{
    m_transport = transport;
    m_transport->SetReceiveCallback(MakeCallback(&MusesL4Protocol::Receive, this));
    m_transport->SetPathChangeCallback(MakeCallback(&MusesL4Protocol::PathChanged, this));
    m_transport->SetPeerMovedCallback(MakeCallback(&MusesL4Protocol::PeerMoved, this));
    m_transport->SetRoomCallback(MakeCallback(&MusesL4Protocol::TransportRoom, this));
    m_transport->SetReroutedCallback(MakeCallback(&MusesL4Protocol::Rerouted, this));
}

Ptr<MusesTransport>
MusesL4Protocol::GetTransport() const
{
    return m_transport;
}

void
MusesL4Protocol::Start()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_name == 0, "MusesL4Protocol: node " << m_node->GetId() << " has no Name");
    NS_ABORT_MSG_IF(!m_transport, "MusesL4Protocol: no transport");
    m_transport->Start(m_node, m_name);
}

void
MusesL4Protocol::SetIdentity(Ptr<MusesIdentity> identity)
{
    NS_ABORT_MSG_IF(identity && !identity->HasKey(), "MusesL4Protocol: identity without a key");
    m_identity = identity;
    if (identity)
    {
        m_name = identity->GetName();
    }
}

Ptr<MusesIdentity>
MusesL4Protocol::GetIdentity() const
{
    return m_identity;
}

void
MusesL4Protocol::SetPreSharedKey(const std::vector<uint8_t>& key)
{
    m_defaultKey = key;
}

void
MusesL4Protocol::SetPeerKey(uint64_t peer, const std::vector<uint8_t>& key)
{
    m_peerKeys[peer] = key;
}

void
MusesL4Protocol::SetSessionFactory(const ObjectFactory& factory)
{
    m_sessionFactory = factory;
}

Ptr<Socket>
MusesL4Protocol::CreateSocket()
{
    Ptr<MusesSocket> socket = CreateObject<MusesSocket>();
    socket->SetL4(m_node, this);
    m_sockets.push_back(socket);
    return socket;
}

void
MusesL4Protocol::AddSocket(Ptr<MusesSocket> socket)
{
    m_sockets.push_back(socket);
}

void
MusesL4Protocol::RemoveSocket(Ptr<MusesSocket> socket)
{
    m_sockets.erase(std::remove(m_sockets.begin(), m_sockets.end(), socket), m_sockets.end());
}

std::vector<Ptr<MusesSession>>
MusesL4Protocol::GetSessions() const
{
    std::vector<Ptr<MusesSession>> sessions;
    for (const auto& entry : m_sessions)
    {
        sessions.push_back(entry.second);
    }
    for (const auto& entry : m_rivals)
    {
        sessions.insert(sessions.end(), entry.second.begin(), entry.second.end());
    }
    return sessions;
}

const std::vector<Ptr<MusesSocket>>&
MusesL4Protocol::GetSockets() const
{
    return m_sockets;
}

int64_t
MusesL4Protocol::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

uint64_t
MusesL4Protocol::GetDropCount(MusesDropReason reason) const
{
    return reason < MUSES_DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint16_t
MusesL4Protocol::AllocatePort(uint16_t port)
{
    if (port != 0)
    {
        return m_ports.insert(port).second ? port : 0;
    }
    for (uint32_t tries = 0; tries <= 65535 - FIRST_EPHEMERAL; ++tries)
    {
        uint16_t candidate = m_nextEphemeral;
        m_nextEphemeral = m_nextEphemeral == 65535 ? FIRST_EPHEMERAL : m_nextEphemeral + 1;
        if (m_ports.insert(candidate).second)
        {
            return candidate;
        }
    }
    return 0;
}

void
MusesL4Protocol::ReleasePort(uint16_t port)
{
    m_ports.erase(port);
}

void
MusesL4Protocol::AddListener(uint16_t port, Ptr<MusesSocket> socket)
{
    m_listeners[port] = socket;
}

void
MusesL4Protocol::RemoveListener(uint16_t port)
{
    m_listeners.erase(port);
}

Ptr<MusesSession>
MusesL4Protocol::CreateSession(uint16_t localPort, uint64_t peerName, uint16_t peerPort)
{
    SessionKey key(peerName, peerPort, localPort);
    auto existing = m_sessions.find(key);
    // Beside a half-open one of its ports, only a listener's new handshake (see Receive()).
    bool rival = existing != m_sessions.end() && existing->second->IsHalfOpen() &&
                 m_listeners.count(localPort) > 0 &&
                 (m_rivals.count(key) == 0 || m_rivals.at(key).size() < MAX_RIVALS);
    if (existing != m_sessions.end() && !rival)
    {
        return nullptr;
    }
    Ptr<MusesSession> session = m_sessionFactory.Create<MusesSession>();
    MusesSession::Endpoint endpoint;
    endpoint.transport = m_transport;
    endpoint.localName = m_name;
    endpoint.localPort = localPort;
    endpoint.peerName = peerName;
    endpoint.peerPort = peerPort;
    auto it = m_peerKeys.find(peerName);
    endpoint.secret = it != m_peerKeys.end() ? it->second : m_defaultKey;
    NS_ABORT_MSG_IF(endpoint.secret.empty(),
                    "MusesL4Protocol: no pre-shared key for peer " << peerName);
    endpoint.random = m_rng->GetInteger(0, UINT32_MAX);
    endpoint.identity = m_identity;
    endpoint.shareSeed = MusesKeyShare::DrawPrivate(m_rng); // a fresh share per session
    session->SetEndpoint(endpoint);
    if (rival)
    {
        m_rivals[key].push_back(session);
    }
    else
    {
        m_sessions[key] = session;
    }
    m_sessionCreatedTrace(session);
    return session;
}

void
MusesL4Protocol::RemoveSession(Ptr<MusesSession> session)
{
    const MusesSession::Endpoint& e = session->GetEndpoint();
    SessionKey key(e.peerName, e.peerPort, e.localPort);
    auto it = m_sessions.find(key);
    if (it != m_sessions.end() && it->second == session)
    {
        m_sessions.erase(it);
    }
    auto rivals = m_rivals.find(key);
    if (rivals != m_rivals.end())
    {
        auto& list = rivals->second;
        list.erase(std::remove(list.begin(), list.end(), session), list.end());
        if (list.empty())
        {
            m_rivals.erase(rivals);
        }
    }
}

bool
MusesL4Protocol::Receive(Ptr<Packet> packet, uint64_t from)
{
    NS_LOG_FUNCTION(this << packet << from);
    MusesHeader header;
    if (packet->PeekHeader(header) == 0)
    {
        Drop(packet, MUSES_DROP_MALFORMED_HEADER);
        return false;
    }
    // Only an authenticated header counts: these fields just pick who will check it.
    if (header.GetDestinationId() != m_name)
    {
        Drop(packet, MUSES_DROP_NO_SESSION);
        return false;
    }
    SessionKey key(header.GetSourceId(), header.GetSourcePort(), header.GetDestinationPort());
    auto it = m_sessions.find(key);
    auto listener = m_listeners.find(header.GetDestinationPort());
    bool toListener = header.GetType() == MusesHeader::HELLO && listener != m_listeners.end();
    if (it != m_sessions.end())
    {
        Ptr<MusesSession> session = FindHandshake(key, header.GetSessionId().initiatorPart);
        if (session)
        {
            bool authentic = session->Receive(packet);
            Settle(key);
            return authentic;
        }
        if (!toListener || !it->second->IsHalfOpen())
        {
            return it->second->Receive(packet);
        }
        // A new handshake for ports whose handshake is half-open (its initiator gave up and
        // began again, or someone else holding the key began one to lock the ports): it
        // runs beside it, and the first to complete keeps the ports.
    }
    if (toListener)
    {
        std::pair<uint64_t, uint64_t> hello(header.GetSourceId(),
                                            header.GetSessionId().initiatorPart);
        if (IsHelloReplay(hello))
        {
            Drop(packet, MUSES_DROP_REPLAYED);
            return false;
        }
        MusesDropReason reason =
            listener->second->Fork(packet,
                                   MusesAddress(header.GetSourceId(), header.GetSourcePort()));
        if (reason != MUSES_DROP_NONE)
        {
            Drop(packet, reason);
            return false;
        }
        if (m_helloReplayWindow.IsStrictlyPositive())
        {
            // Remembered once authentic: a forged HELLO cannot bar a real one.
            m_hellosSeen.insert(hello);
            m_helloTimes.emplace_back(Simulator::Now(), hello);
        }
        return false; // a first contact: nothing about the sender is proven yet
    }
    Drop(packet, MUSES_DROP_NO_SESSION);
    return false;
}

void
MusesL4Protocol::TransportRoom(uint64_t peer)
{
    std::vector<Ptr<MusesSession>> sessions;
    for (auto it = m_sessions.lower_bound(SessionKey(peer, 0, 0));
         it != m_sessions.end() && std::get<0>(it->first) == peer;
         ++it)
    {
        sessions.push_back(it->second);
    }
    // Each time another session goes first: the first takes what room there is.
    for (size_t k = 0; k < sessions.size(); ++k)
    {
        sessions[(m_roomTurn + k) % sessions.size()]->NotifyTransportRoom();
    }
    ++m_roomTurn;
}

void
MusesL4Protocol::PathChanged()
{
    NS_LOG_FUNCTION(this);
    for (auto& session : GetSessions())
    {
        session->NotifyPathChanged();
    }
}

Ptr<MusesSession>
MusesL4Protocol::FindHandshake(const SessionKey& key, uint64_t initiatorPart) const
{
    Ptr<MusesSession> primary = m_sessions.at(key);
    auto rivals = m_rivals.find(key);
    if (primary->GetSessionId().initiatorPart == initiatorPart)
    {
        return primary;
    }
    if (rivals == m_rivals.end())
    {
        return nullptr;
    }
    for (Ptr<MusesSession> rival : rivals->second)
    {
        if (rival->GetSessionId().initiatorPart == initiatorPart)
        {
            return rival;
        }
    }
    return nullptr;
}

void
MusesL4Protocol::Settle(const SessionKey& key)
{
    auto rivals = m_rivals.find(key);
    auto it = m_sessions.find(key);
    if (rivals == m_rivals.end() || it == m_sessions.end())
    {
        return;
    }
    std::vector<Ptr<MusesSession>> all{it->second};
    all.insert(all.end(), rivals->second.begin(), rivals->second.end());
    auto winner = std::find_if(all.begin(), all.end(), [](Ptr<MusesSession> s) {
        return s->GetState() == MusesSession::ESTABLISHED;
    });
    if (winner == all.end())
    {
        return;
    }
    // The first handshake of the ports to complete keeps them; the others fail now.
    m_sessions[key] = *winner;
    m_rivals.erase(rivals);
    for (Ptr<MusesSession> loser : all)
    {
        if (loser != *winner)
        {
            loser->Abandon();
        }
    }
}

MusesDropReason
MusesL4Protocol::AdmitHello(Ptr<MusesSession> session)
{
    const MusesHandshake::PeerHello& hello = session->GetPeerHello();
    Time age = Simulator::Now() - hello.sentAt;
    if (m_helloReplayWindow.IsStrictlyPositive() &&
        (age >= m_helloReplayWindow || Seconds(0) - age >= m_helloReplayWindow))
    {
        return MUSES_DROP_TOO_OLD; // older than our memory of HELLOs: a replay, never fresh
    }
    if (m_cookieSecretAt.IsNegative() ||
        Simulator::Now() - m_cookieSecretAt >= Seconds(COOKIE_SECRET_SECONDS))
    {
        m_cookieSecrets[1] = m_cookieSecrets[0];
        m_cookieSecrets[0].resize(32);
        for (uint8_t& b : m_cookieSecrets[0])
        {
            b = m_rng->GetInteger(0, 255);
        }
        m_cookieSecretAt = Simulator::Now();
    }
    // The current secret's cookie: what a HELLO brings back, or what a COOKIE sends.
    std::vector<uint8_t> cookie;
    if (!hello.cookie.empty())
    {
        cookie = MakeCookie(session, 0);
        if (hello.cookie == cookie ||
            (!m_cookieSecrets[1].empty() && hello.cookie == MakeCookie(session, 1)))
        {
            return MUSES_DROP_NONE; // it came back: its sender receives where it claims to be
        }
    }
    if (TakeHelloToken())
    {
        return MUSES_DROP_NONE;
    }
    // Sent back the way the HELLO came (it proved nothing of its sender), no larger than it.
    const MusesSession::Endpoint& e = session->GetEndpoint();
    std::vector<uint8_t> body = cookie.empty() ? MakeCookie(session, 0) : cookie;
    body.insert(body.end(), hello.echo.begin(), hello.echo.end());
    MusesHeader header;
    header.SetType(MusesHeader::COOKIE);
    header.SetSourceId(m_name);
    header.SetDestinationId(e.peerName);
    header.SetSourcePort(e.localPort);
    header.SetDestinationPort(e.peerPort);
    header.SetSessionId({session->GetSessionId().initiatorPart, 0});
    header.SetLength(body.size());
    Ptr<Packet> packet = Create<Packet>(body.data(), body.size());
    packet->AddHeader(header);
    m_transport->Send(packet, e.peerName); // behind our own control messages: it proved nothing
    return MUSES_DROP_COOKIE_SENT;
}

bool
MusesL4Protocol::TakeHelloToken()
{
    double burst = std::max(m_helloRate, 1.0);
    m_helloTokens =
        m_helloTokens < 0
            ? burst
            : std::min(burst,
                       m_helloTokens + (Simulator::Now() - m_tokensAt).GetSeconds() * m_helloRate);
    m_tokensAt = Simulator::Now();
    if (m_helloRate <= 0 || m_helloTokens < 1)
    {
        return false;
    }
    m_helloTokens -= 1;
    return true;
}

std::vector<uint8_t>
MusesL4Protocol::MakeCookie(Ptr<MusesSession> session, uint32_t secret)
{
    const MusesSession::Endpoint& e = session->GetEndpoint();
    const char context[] = "MUSEs cookie v1";
    std::vector<uint8_t> info(context, context + sizeof(context));
    uint8_t fields[28];
    uint8_t* p = fields;
    WriteBigEndian(p, e.peerName, 8);
    WriteBigEndian(p, e.peerPort, 2);
    WriteBigEndian(p, e.localPort, 2);
    WriteBigEndian(p, session->GetSessionId().initiatorPart, 8);
    WriteBigEndian(p, m_name, 8);
    info.insert(info.end(), fields, fields + sizeof(fields));
    std::vector<uint8_t> arrival = m_transport->GetArrival();
    info.insert(info.end(), arrival.begin(), arrival.end());
    return MusesCipher::HkdfSha256(m_cookieSecrets[secret], {}, info, MusesHandshake::COOKIE_SIZE);
}

void
MusesL4Protocol::PeerMoved(uint64_t peer)
{
    NS_LOG_FUNCTION(this << peer);
    NotifySessionsOf(peer, &MusesSession::NotifyPeerMoved);
}

void
MusesL4Protocol::Rerouted(uint64_t peer)
{
    NS_LOG_FUNCTION(this << peer);
    NotifySessionsOf(peer, &MusesSession::NotifyRerouted);
}

void
MusesL4Protocol::NotifySessionsOf(uint64_t peer, void (MusesSession::*notify)())
{
    for (auto it = m_sessions.lower_bound(SessionKey(peer, 0, 0));
         it != m_sessions.end() && std::get<0>(it->first) == peer;
         ++it)
    {
        (PeekPointer(it->second)->*notify)();
    }
}

bool
MusesL4Protocol::IsHelloReplay(const std::pair<uint64_t, uint64_t>& hello)
{
    while (!m_helloTimes.empty() &&
           Simulator::Now() - m_helloTimes.front().first >= m_helloReplayWindow)
    {
        m_hellosSeen.erase(m_helloTimes.front().second);
        m_helloTimes.pop_front();
    }
    return m_hellosSeen.count(hello) > 0;
}

void
MusesL4Protocol::Drop(Ptr<const Packet> packet, MusesDropReason reason)
{
    NS_LOG_LOGIC("drop: " << reason);
    ++m_drops[reason];
    m_dropTrace(packet, reason);
}

} // namespace ns3
