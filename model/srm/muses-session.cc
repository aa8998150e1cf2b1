/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-session.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/muses-ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesSession");

NS_OBJECT_ENSURE_REGISTERED(MusesSession);

namespace
{
/// ACK body: cumulative ack (8), window (4), kind (1).
const uint32_t ACK_SIZE = 13;
/// REHELLO and REHELLO_REPLY body: last sent (8), last received (8), window (4).
const uint32_t RESUME_SIZE = 20;
/// In-band keys: a peer's proof of identity, its Ed25519 public key then its signature.
const uint32_t PROOF_SIZE = MusesIdentity::KEY_SIZE + MusesIdentity::SIGNATURE_SIZE;
/// ACK kinds.
const uint8_t ACK_NORMAL = 0;
const uint8_t ACK_GAP = 1; //!< sent on a DATA beyond the expected one: resend from ack + 1

/// \return the body of an accepted packet, or an empty vector if its size is not `size`
std::vector<uint8_t>
Body(Ptr<const Packet> payload, uint32_t size)
{
    std::vector<uint8_t> bytes;
    if (payload->GetSize() == size)
    {
        bytes.resize(size);
        payload->CopyData(bytes.data(), size);
    }
    return bytes;
}
} // namespace

const char*
MusesSession::GetStateName(State state)
{
    switch (state)
    {
    case CLOSED:
        return "CLOSED";
    case HELLO_SENT:
        return "HELLO_SENT";
    case HELLO_RECEIVED:
        return "HELLO_RECEIVED";
    case ESTABLISHED:
        return "ESTABLISHED";
    case SUSPENDED:
        return "SUSPENDED";
    case CLOSING:
        return "CLOSING";
    }
    return "UNKNOWN";
}

TypeId
MusesSession::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MusesSession")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddConstructor<MusesSession>()
            .AddAttribute("AckWindow",
                          "Max_i of Algorithm 1: the receiver acknowledges every AckWindow DATA "
                          "packets (and at once for a packet flagged LAST).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&MusesSession::m_ackWindow),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("AckTimeout",
                          "How long the sender waits for an ACK before it suspends the session.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MusesSession::m_ackTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRetries",
                          "Max_j of Algorithm 1: ACK timeouts and unanswered REHELLOs counted "
                          "before CloseAfterMaxRetries closes the session; also the HELLO "
                          "attempts before a connection fails. 0: no limit.",
                          UintegerValue(5),
                          MakeUintegerAccessor(&MusesSession::m_maxRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("CloseAfterMaxRetries",
                          "Close the session after MaxRetries (Algorithm 1 literally). The "
                          "default keeps it suspended, as the paper's text says.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&MusesSession::m_closeAfterMaxRetries),
                          MakeBooleanChecker())
            .AddAttribute("MaxSuspendTime",
                          "Close a session suspended for this long; 0: never.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&MusesSession::m_maxSuspendTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReHelloInterval",
                          "Period of REHELLO while the session is suspended.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MusesSession::m_reHelloInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("SegmentSize",
                          "Largest application payload of one DATA packet, in bytes.",
                          UintegerValue(4000),
                          MakeUintegerAccessor(&MusesSession::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(1, 60000))
            .AddAttribute("SendBufferSize",
                          "Bytes the session holds for the application: not yet sent plus "
                          "sent and not yet acknowledged (the bounded resend buffer).",
                          UintegerValue(256 * 1024),
                          MakeUintegerAccessor(&MusesSession::m_sendBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ReceiveBufferSize",
                          "Bytes delivered and not yet read that the session accepts; it is "
                          "the window advertised to the sender.",
                          UintegerValue(256 * 1024),
                          MakeUintegerAccessor(&MusesSession::m_rcvBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("CipherSuite",
                          "Cipher suite of the session (both ends must agree).",
                          EnumValue(MUSES_AES_256_GCM),
                          compat::MakeEnumAccessor<MusesCipherSuite>(&MusesSession::m_suite),
                          MakeEnumChecker(MUSES_AES_128_CBC_HMAC_SHA1,
                                          "AES-128-CBC-HMAC-SHA1",
                                          MUSES_AES_256_GCM,
                                          "AES-256-GCM",
                                          MUSES_CHACHA20_POLY1305,
                                          "CHACHA20-POLY1305"))
            .AddTraceSource("State",
                            "The session's state.",
                            MakeTraceSourceAccessor(&MusesSession::m_state),
                            "ns3::MusesSession::StateTracedCallback")
            .AddTraceSource("Resumed",
                            "The session resumed: when the peer was last heard before the "
                            "outage, and now.",
                            MakeTraceSourceAccessor(&MusesSession::m_resumedTrace),
                            "ns3::MusesSession::ResumedTracedCallback")
            .AddTraceSource("ReHello",
                            "A REHELLO was sent: last DATA SeqNBR sent and received.",
                            MakeTraceSourceAccessor(&MusesSession::m_reHelloTrace),
                            "ns3::MusesSession::ReHelloTracedCallback")
            .AddTraceSource("Drop",
                            "A packet for this session was dropped, with the reason: as "
                            "received, or its plaintext if it was authentic but unwanted "
                            "(replayed, out of order, unexpected).",
                            MakeTraceSourceAccessor(&MusesSession::m_dropTrace),
                            "ns3::MusesCipher::DropTracedCallback");
    return tid;
}

MusesSession::MusesSession()
    : m_ackWindow(8),
      m_maxRetries(5),
      m_closeAfterMaxRetries(false),
      m_segmentSize(4000),
      m_sendBufferSize(256 * 1024),
      m_rcvBufferSize(256 * 1024),
      m_suite(MUSES_AES_256_GCM),
      m_initiator(false),
      m_state(CLOSED),
      m_controlSeq(0),
      m_unsent(Create<Packet>()),
      m_inFlight(0),
      m_nextSeq(1),
      m_peerWindow(0),
      m_lastGapAck(UINT64_MAX),
      m_closeRequested(false),
      m_closeSent(false),
      m_closeAcked(false),
      m_retries(0),
      m_expected(1),
      m_gapReported(0),
      m_sinceAck(0),
      m_unread(0),
      m_advertised(0),
      m_peerClosedFlag(false)
{
    NS_LOG_FUNCTION(this);
    m_drops.fill(0);
}

MusesSession::~MusesSession()
{
    NS_LOG_FUNCTION(this);
}

void
MusesSession::DoDispose()
{
    m_ackTimer.Cancel();
    m_reHelloTimer.Cancel();
    m_handshakeTimer.Cancel();
    m_sendEvent.Cancel();
    m_upcalls = Upcalls();
    m_endpoint.transport = nullptr;
    m_endpoint.identity = nullptr;
    m_handshake = nullptr;
    m_cipher = nullptr;
    m_unacked.clear();
    Object::DoDispose();
}

void
MusesSession::SetEndpoint(const Endpoint& endpoint)
{
    m_endpoint = endpoint;
    m_sessionSecret = endpoint.secret;
    // A node whose name is not its identity's can still run the handshake; its peers
    // refuse its signatures (that is an impersonation attempt).
    if (endpoint.identity)
    {
        NS_ABORT_MSG_IF(!m_share.SetPrivate(endpoint.shareSeed), "MusesSession: no X25519");
    }
}

void
MusesSession::SetUpcalls(const Upcalls& upcalls)
{
    m_upcalls = upcalls;
}

MusesSession::State
MusesSession::GetState() const
{
    return m_state;
}

MusesSessionId
MusesSession::GetSessionId() const
{
    if (m_cipher)
    {
        return m_cipher->GetSessionId();
    }
    return m_handshake ? m_handshake->GetSessionId() : MusesSessionId();
}

const MusesSession::Endpoint&
MusesSession::GetEndpoint() const
{
    return m_endpoint;
}

bool
MusesSession::IsInitiator() const
{
    return m_initiator;
}

const MusesSession::Counters&
MusesSession::GetCounters() const
{
    return m_counters;
}

uint64_t
MusesSession::GetDropCount(MusesDropReason reason) const
{
    return reason < MUSES_DROP_REASON_COUNT ? m_drops[reason] : 0;
}

uint64_t
MusesSession::MakePartialId() const
{
    // srcPort . peerID (paper §II.C.2b), plus random bits: see the class documentation.
    return uint64_t(m_endpoint.localPort) << 48 | (m_endpoint.localName & 0xffff) << 32 |
           m_endpoint.random;
}

MusesHeader
MusesSession::MakeHeader(MusesHeader::MessageType type, uint64_t seq, uint8_t flags) const
{
    MusesHeader header;
    header.SetType(type);
    header.SetFlags(flags);
    header.SetConType(MusesHeader::CONTYPE_STREAM);
    header.SetSourceId(m_endpoint.localName);
    header.SetDestinationId(m_endpoint.peerName);
    header.SetSourcePort(m_endpoint.localPort);
    header.SetDestinationPort(m_endpoint.peerPort);
    header.SetSeq(seq);
    return header;
}

Ptr<MusesCipher>
MusesSession::MakeCipher(const MusesSessionId& id, const std::vector<uint8_t>& secret) const
{
    Ptr<MusesCipher> cipher = CreateObject<MusesCipher>();
    cipher->SetAttribute("CipherSuite", EnumValue(m_suite));
    cipher->SetKeys(secret, id, m_initiator ? MusesCipher::INITIATOR : MusesCipher::RESPONDER);
    return cipher;
}

void
MusesSession::KeySession(const MusesSessionId& id)
{
    m_cipher = MakeCipher(id, m_sessionSecret);
    m_cipher->TraceConnectWithoutContext("Drop", MakeCallback(&MusesSession::CipherDrop, this));
}

std::vector<uint8_t>
MusesSession::Transcript(bool initiator, const MusesSessionId& id) const
{
    // SIGMA: each side signs both shares, both names and the SessID, under its role, so a
    // signature can be used for nothing else (another session, the other direction).
    const char context[] = "MUSEs in-band keys v1";
    std::vector<uint8_t> bytes(context, context + sizeof(context));
    bytes.push_back(initiator ? 'I' : 'R');
    const MusesKeyShare::Bytes& mine = m_share.GetPublic();
    const MusesKeyShare::Bytes& first = m_initiator ? mine : m_peerShare;
    const MusesKeyShare::Bytes& second = m_initiator ? m_peerShare : mine;
    bytes.insert(bytes.end(), first.begin(), first.end());
    bytes.insert(bytes.end(), second.begin(), second.end());
    uint64_t names[2] = {m_initiator ? m_endpoint.localName : m_endpoint.peerName,
                         m_initiator ? m_endpoint.peerName : m_endpoint.localName};
    for (uint64_t value : {names[0], names[1], id.initiatorPart, id.responderPart})
    {
        uint8_t field[8];
        uint8_t* p = field;
        WriteBigEndian(p, value, 8);
        bytes.insert(bytes.end(), field, field + 8);
    }
    return bytes;
}

std::vector<uint8_t>
MusesSession::SignTranscript(const MusesSessionId& id) const
{
    const MusesIdentity::PublicKey& key = m_endpoint.identity->GetPublicKey();
    std::vector<uint8_t> transcript = Transcript(m_initiator, id);
    MusesIdentity::Signature sig = m_endpoint.identity->Sign(transcript.data(), transcript.size());
    std::vector<uint8_t> out(key.begin(), key.end());
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

bool
MusesSession::CheckPeerSignature(const uint8_t* body, const MusesSessionId& id) const
{
    MusesIdentity::PublicKey key;
    MusesIdentity::Signature sig;
    std::copy(body, body + key.size(), key.begin());
    std::copy(body + key.size(), body + key.size() + sig.size(), sig.begin());
    std::vector<uint8_t> transcript = Transcript(!m_initiator, id);
    return MusesIdentity::NameOf(key) == m_endpoint.peerName &&
           MusesIdentity::Verify(key, transcript.data(), transcript.size(), sig);
}

bool
MusesSession::DeriveSessionSecret()
{
    // The X25519 result, then the pre-shared key (if any): never sent, so forward secrecy,
    // and still bound to the pre-shared key when there is one.
    MusesKeyShare::Bytes dh;
    if (!m_share.Derive(m_peerShare, dh))
    {
        return false;
    }
    m_sessionSecret.assign(dh.begin(), dh.end());
    m_sessionSecret.insert(m_sessionSecret.end(),
                           m_endpoint.secret.begin(),
                           m_endpoint.secret.end());
    return true;
}

void
MusesSession::SendFinished()
{
    uint8_t window[4];
    uint8_t* p = window;
    m_advertised = GetRxWindow();
    WriteBigEndian(p, m_advertised, 4);
    Ptr<Packet> body = Create<Packet>(window, sizeof(window));
    if (m_endpoint.identity && m_initiator)
    {
        // The initiator proves its identity here, under the new keys (SIGMA-I).
        std::vector<uint8_t> proof = SignTranscript(m_cipher->GetSessionId());
        body->AddAtEnd(Create<Packet>(proof.data(), proof.size()));
    }
    m_finishedSent = SendControl(MusesHeader::FINISHED, body);
}

void
MusesSession::Connect()
{
    NS_LOG_FUNCTION(this);
    m_initiator = true;
    m_handshake = MakeCipher({MakePartialId(), 0}, m_endpoint.secret);
    m_handshake->TraceConnectWithoutContext("Drop", MakeCallback(&MusesSession::CipherDrop, this));
    // In-band keys: HELLO carries our X25519 share.
    m_helloSent = m_endpoint.identity
                      ? Create<Packet>(m_share.GetPublic().data(), m_share.GetPublic().size())
                      : Create<Packet>();
    m_handshake->Seal(MakeHeader(MusesHeader::HELLO, 0), m_helloSent);
    SetState(HELLO_SENT);
    Transmit(m_helloSent);
    m_handshakeTimer =
        Simulator::Schedule(m_ackTimeout, &MusesSession::HandshakeTimeoutExpired, this);
}

MusesDropReason
MusesSession::AcceptHello(Ptr<Packet> hello)
{
    NS_LOG_FUNCTION(this << hello);
    MusesHeader header;
    if (hello->PeekHeader(header) == 0)
    {
        Drop(hello, MUSES_DROP_MALFORMED_HEADER);
        return MUSES_DROP_MALFORMED_HEADER;
    }
    m_initiator = false;
    MusesSessionId partial{header.GetSessionId().initiatorPart, 0};
    m_handshake = MakeCipher(partial, m_endpoint.secret);
    MusesDropReason reason = m_handshake->Open(hello, header);
    if (reason != MUSES_DROP_NONE)
    {
        Drop(hello, reason);
        return reason;
    }
    std::vector<uint8_t> share = Body(hello, MusesKeyShare::SIZE);
    if (m_endpoint.identity && share.empty())
    {
        Drop(hello, MUSES_DROP_UNEXPECTED); // a pre-shared-key peer: the modes differ
        return MUSES_DROP_UNEXPECTED;
    }
    m_handshake->TraceConnectWithoutContext("Drop", MakeCallback(&MusesSession::CipherDrop, this));
    m_lastHeard = Simulator::Now();
    uint64_t ours = MakePartialId();
    MusesSessionId id{partial.initiatorPart, ours};
    uint8_t body[8];
    uint8_t* p = body;
    WriteBigEndian(p, ours, 8);
    Ptr<Packet> reply = Create<Packet>(body, sizeof(body));
    if (m_endpoint.identity)
    {
        // Our share and our signature of both shares; the session keys come from the shared
        // secret (and the pre-shared key, if any), never sent: forward secrecy.
        std::copy(share.begin(), share.end(), m_peerShare.begin());
        if (!DeriveSessionSecret())
        {
            Drop(hello, MUSES_DROP_BAD_SIGNATURE);
            return MUSES_DROP_BAD_SIGNATURE;
        }
        reply->AddAtEnd(Create<Packet>(m_share.GetPublic().data(), m_share.GetPublic().size()));
        std::vector<uint8_t> proof = SignTranscript(id);
        reply->AddAtEnd(Create<Packet>(proof.data(), proof.size()));
    }
    KeySession(id);
    m_handshake->Seal(MakeHeader(MusesHeader::HELLO_REPLY, 0), reply);
    m_helloSent = reply;
    SetState(HELLO_RECEIVED);
    Transmit(m_helloSent);
    m_handshakeTimer =
        Simulator::Schedule(m_ackTimeout, &MusesSession::HandshakeTimeoutExpired, this);
    return MUSES_DROP_NONE;
}

void
MusesSession::HandshakeTimeoutExpired()
{
    NS_LOG_FUNCTION(this);
    if (m_state != HELLO_SENT && m_state != HELLO_RECEIVED)
    {
        return;
    }
    if (m_maxRetries > 0 && ++m_retries >= m_maxRetries)
    {
        NS_LOG_INFO("handshake with " << m_endpoint.peerName << " gave up");
        Finish(true);
        return;
    }
    if (m_initiator)
    {
        ++m_counters.retransmissions;
        Transmit(m_finishedSent ? m_finishedSent : m_helloSent);
    }
    m_handshakeTimer =
        Simulator::Schedule(m_ackTimeout, &MusesSession::HandshakeTimeoutExpired, this);
}

void
MusesSession::Receive(Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    MusesHeader header;
    if (packet->PeekHeader(header) == 0)
    {
        Drop(packet, MUSES_DROP_MALFORMED_HEADER);
        return;
    }
    MusesHeader::MessageType type = header.GetType();
    if (type == MusesHeader::HELLO || type == MusesHeader::HELLO_REPLY)
    {
        // Only the handshake keys open these; a repeat means our answer was lost.
        bool ours = (type == MusesHeader::HELLO) != m_initiator;
        if (!m_handshake || !ours)
        {
            Drop(packet, MUSES_DROP_UNEXPECTED);
            return;
        }
        if (m_handshake->Open(packet, header) != MUSES_DROP_NONE)
        {
            return; // counted through the cipher's trace
        }
        m_lastHeard = Simulator::Now();
        if (type == MusesHeader::HELLO)
        {
            Transmit(m_helloSent);
            return;
        }
        if (m_cipher)
        {
            Transmit(m_finishedSent);
            return;
        }
        std::vector<uint8_t> body =
            Body(packet, 8 + (m_endpoint.identity ? MusesKeyShare::SIZE + PROOF_SIZE : 0));
        if (body.empty())
        {
            Drop(packet, MUSES_DROP_UNEXPECTED);
            return;
        }
        const uint8_t* p = body.data();
        MusesSessionId id{m_handshake->GetSessionId().initiatorPart, ReadBigEndian(p, 8)};
        if (m_endpoint.identity)
        {
            std::copy(p, p + MusesKeyShare::SIZE, m_peerShare.begin());
            if (!CheckPeerSignature(p + MusesKeyShare::SIZE, id) || !DeriveSessionSecret())
            {
                Drop(packet, MUSES_DROP_BAD_SIGNATURE); // not the peer its name says
                return;
            }
        }
        KeySession(id);
        SendFinished();
        return;
    }

    if (!m_cipher)
    {
        Drop(packet, MUSES_DROP_NOT_KEYED);
        return;
    }
    // Once opened, the packet holds the plaintext.
    if (m_cipher->Open(packet, header) != MUSES_DROP_NONE)
    {
        return; // counted through the cipher's trace
    }
    m_lastHeard = Simulator::Now();
    // The transport may learn the peer's new location from this packet only once it is
    // known to be new: a replay of an old authentic packet from elsewhere must not redirect
    // the session (the checks below; then PeerAuthenticated, before any answer is sent).

    if (type == MusesHeader::DATA || type == MusesHeader::CLOSE)
    {
        if (header.GetSeq() >= m_expected)
        {
            m_endpoint.transport->PeerAuthenticated(m_endpoint.peerName);
        }
        if (m_state == HELLO_SENT)
        {
            // The responder only sends data once it has our FINISHED: its own was lost.
            m_handshakeTimer.Cancel();
            m_retries = 0;
            SetState(ESTABLISHED);
            m_upcalls.established();
        }
        if (header.GetSeq() == m_expected)
        {
            Deliver(header, packet);
        }
        else if (header.GetSeq() < m_expected)
        {
            Drop(packet, MUSES_DROP_REPLAYED);
            SendAck(); // a resend: our ACK was lost
        }
        else
        {
            Drop(packet, MUSES_DROP_OUT_OF_ORDER);
            if (m_gapReported != m_expected)
            {
                m_gapReported = m_expected; // one report per hole
                SendAck(true);
            }
        }
        return;
    }

    // Control messages have their own SeqNBR space and replay window.
    MusesDropReason replay = m_controlWindow.Check(header.GetSeq());
    if (replay != MUSES_DROP_NONE)
    {
        Drop(packet, replay);
        if (type == MusesHeader::FINISHED && m_finishedSent)
        {
            Transmit(m_finishedSent); // the peer repeats FINISHED: ours was lost
        }
        return;
    }
    m_controlWindow.Accept(header.GetSeq());
    m_endpoint.transport->PeerAuthenticated(m_endpoint.peerName);

    switch (type)
    {
    case MusesHeader::FINISHED: {
        // In-band keys: the initiator's FINISHED carries its key and signature.
        bool proof = m_endpoint.identity && !m_initiator;
        std::vector<uint8_t> body = Body(packet, 4 + (proof ? PROOF_SIZE : 0));
        if (body.empty() || (m_state != HELLO_SENT && m_state != HELLO_RECEIVED))
        {
            Drop(packet, MUSES_DROP_UNEXPECTED);
            return;
        }
        const uint8_t* p = body.data();
        if (proof && !CheckPeerSignature(p + 4, m_cipher->GetSessionId()))
        {
            Drop(packet, MUSES_DROP_BAD_SIGNATURE);
            return;
        }
        m_peerWindow = ReadBigEndian(p, 4);
        if (!m_initiator)
        {
            SendFinished();
        }
        m_handshakeTimer.Cancel();
        m_retries = 0;
        SetState(ESTABLISHED);
        m_upcalls.established();
        TrySend();
        return;
    }
    case MusesHeader::ACK: {
        std::vector<uint8_t> body = Body(packet, ACK_SIZE);
        if (body.empty())
        {
            Drop(packet, MUSES_DROP_UNEXPECTED);
            return;
        }
        const uint8_t* p = body.data();
        uint64_t ack = ReadBigEndian(p, 8);
        uint32_t window = ReadBigEndian(p, 4);
        bool gap = ReadBigEndian(p, 1) == ACK_GAP;
        uint64_t before = m_nextSeq - m_unacked.size();
        bool advanced = Acknowledge(ack, window);
        if (gap && ack + 1 == before && !m_unacked.empty() && ack != m_lastGapAck &&
            m_state != SUSPENDED)
        {
            m_lastGapAck = ack; // once per hole: the resends fill it
            RetransmitAll();
        }
        ContinueAfterAck(advanced);
        return;
    }
    case MusesHeader::REHELLO:
    case MusesHeader::REHELLO_REPLY: {
        std::vector<uint8_t> body = Body(packet, RESUME_SIZE);
        if (body.empty() || m_state == HELLO_SENT || m_state == HELLO_RECEIVED)
        {
            Drop(packet, MUSES_DROP_UNEXPECTED);
            return;
        }
        const uint8_t* p = body.data();
        ReadBigEndian(p, 8); // the peer's last sent SeqNBR: informational
        uint64_t peerReceived = ReadBigEndian(p, 8);
        uint32_t window = ReadBigEndian(p, 4);
        if (type == MusesHeader::REHELLO)
        {
            SendControl(MusesHeader::REHELLO_REPLY, MakeResumeBody());
        }
        if (m_state == SUSPENDED)
        {
            Resume(peerReceived, window);
        }
        else if (type == MusesHeader::REHELLO && m_state != CLOSED)
        {
            // The peer was cut off, or we moved: what it lacks is lost, send it again.
            bool advanced = Acknowledge(peerReceived, window);
            RetransmitAll();
            ContinueAfterAck(advanced);
        }
        else if (m_state != CLOSED)
        {
            // A late answer to a REHELLO of ours: the session resumed already and resent
            // what the peer lacked then; resending the window again would only duplicate it.
            HandleAck(peerReceived, window);
        }
        return;
    }
    default:
        Drop(packet, MUSES_DROP_UNEXPECTED);
    }
}

void
MusesSession::Deliver(const MusesHeader& header, Ptr<Packet> payload)
{
    if (header.GetType() == MusesHeader::CLOSE)
    {
        ++m_expected;
        m_peerClosedFlag = true;
        SendAck();
        m_upcalls.peerClosed();
        if (m_closeAcked)
        {
            Finish(false);
        }
        return;
    }
    if (payload->GetSize() > GetRxWindow())
    {
        // The sender ignored our window: not delivered, it will come again.
        Drop(payload, MUSES_DROP_UNEXPECTED);
        return;
    }
    ++m_expected;
    m_unread += payload->GetSize();
    m_counters.bytesDelivered += payload->GetSize();
    if (++m_sinceAck >= m_ackWindow || (header.GetFlags() & MusesHeader::FLAG_LAST))
    {
        SendAck();
    }
    m_upcalls.deliver(payload);
}

uint32_t
MusesSession::GetRxWindow() const
{
    return m_rcvBufferSize > m_unread ? m_rcvBufferSize - m_unread : 0;
}

void
MusesSession::NotifyRead(uint32_t bytes)
{
    m_unread -= std::min(bytes, m_unread);
    // Reopen a window that had closed to less than half.
    if (m_cipher && m_advertised < m_rcvBufferSize / 2 && GetRxWindow() >= m_rcvBufferSize / 2)
    {
        SendAck();
    }
}

void
MusesSession::SendAck(bool gap)
{
    if (!m_cipher)
    {
        return;
    }
    uint8_t body[ACK_SIZE];
    uint8_t* p = body;
    WriteBigEndian(p, m_expected - 1, 8);
    WriteBigEndian(p, GetRxWindow(), 4);
    WriteBigEndian(p, gap ? ACK_GAP : ACK_NORMAL, 1);
    m_sinceAck = 0;
    m_advertised = GetRxWindow();
    ++m_counters.acksSent;
    SendControl(MusesHeader::ACK, Create<Packet>(body, ACK_SIZE));
}

Ptr<Packet>
MusesSession::SendControl(MusesHeader::MessageType type, Ptr<Packet> payload)
{
    m_cipher->Seal(MakeHeader(type, m_controlSeq++), payload);
    Transmit(payload);
    return payload;
}

void
MusesSession::Transmit(Ptr<Packet> packet)
{
    m_endpoint.transport->Send(packet->Copy(), m_endpoint.peerName);
}

uint32_t
MusesSession::GetTxAvailable() const
{
    if (m_state != ESTABLISHED || m_closeRequested)
    {
        return 0;
    }
    uint32_t used = m_unsent->GetSize() + m_inFlight;
    return m_sendBufferSize > used ? m_sendBufferSize - used : 0;
}

void
MusesSession::Send(Ptr<Packet> data)
{
    NS_LOG_FUNCTION(this << data);
    NS_ASSERT(data->GetSize() <= GetTxAvailable());
    m_unsent->AddAtEnd(data);
    // Segments are cut once the application's burst of writes in this instant is over, so
    // many small writes (BulkSend writes 512 bytes at a time) make full DATA packets.
    if (m_sendEvent.IsExpired())
    {
        m_sendEvent = Simulator::ScheduleNow(&MusesSession::TrySend, this);
    }
}

void
MusesSession::TrySend()
{
    if (m_state != ESTABLISHED && m_state != CLOSING)
    {
        return;
    }
    uint32_t window = std::min(m_peerWindow, m_sendBufferSize);
    // A packet goes when it is full or carries all the rest: no silly small segments.
    auto sendable = [this, window]() -> uint32_t {
        uint32_t want = std::min(m_segmentSize, m_unsent->GetSize());
        uint32_t room = window > m_inFlight ? window - m_inFlight : 0;
        return want > 0 && room >= want ? want : 0;
    };
    for (uint32_t size = sendable(); size > 0;)
    {
        Ptr<Packet> fragment = m_unsent->CreateFragment(0, size);
        m_unsent->RemoveAtStart(size);
        m_inFlight += size;
        uint32_t next = sendable();
        // LAST: nothing follows until an ACK arrives, so the receiver must ack now.
        uint8_t flags = next == 0 ? MusesHeader::FLAG_LAST : 0;
        m_cipher->Seal(MakeHeader(MusesHeader::DATA, m_nextSeq, flags), fragment);
        m_unacked.push_back({m_nextSeq++, fragment, size});
        m_counters.bytesSent += size;
        ++m_counters.dataPackets;
        Transmit(fragment);
        size = next;
    }
    if (m_closeRequested && !m_closeSent && m_unsent->GetSize() == 0)
    {
        Ptr<Packet> sealed = Create<Packet>();
        m_cipher->Seal(MakeHeader(MusesHeader::CLOSE, m_nextSeq, MusesHeader::FLAG_LAST), sealed);
        m_unacked.push_back({m_nextSeq++, sealed, 0});
        m_closeSent = true;
        SetState(CLOSING);
        Transmit(sealed);
    }
    if (!m_unacked.empty() && m_ackTimer.IsExpired())
    {
        m_ackTimer = Simulator::Schedule(m_ackTimeout, &MusesSession::AckTimeoutExpired, this);
    }
}

void
MusesSession::HandleAck(uint64_t ack, uint32_t window)
{
    ContinueAfterAck(Acknowledge(ack, window));
}

bool
MusesSession::Acknowledge(uint64_t ack, uint32_t window)
{
    m_peerWindow = window;
    bool advanced = false;
    while (!m_unacked.empty() && m_unacked.front().seq <= ack)
    {
        m_inFlight -= m_unacked.front().size;
        if (m_closeSent && m_unacked.front().seq == m_nextSeq - 1)
        {
            m_closeAcked = true;
        }
        m_unacked.pop_front();
        advanced = true;
    }
    if (advanced)
    {
        m_retries = 0;
        m_ackTimer.Cancel();
    }
    return advanced;
}

void
MusesSession::ContinueAfterAck(bool advanced)
{
    TrySend();
    if (m_closeAcked && m_peerClosedFlag)
    {
        Finish(false);
        return;
    }
    uint32_t available = GetTxAvailable();
    if (advanced && available > 0)
    {
        m_upcalls.txSpace(available);
    }
}

void
MusesSession::RetransmitAll()
{
    for (const Unacked& item : m_unacked)
    {
        ++m_counters.retransmissions;
        Transmit(item.sealed);
    }
    m_ackTimer.Cancel();
    if (!m_unacked.empty())
    {
        m_ackTimer = Simulator::Schedule(m_ackTimeout, &MusesSession::AckTimeoutExpired, this);
    }
}

void
MusesSession::AckTimeoutExpired()
{
    NS_LOG_FUNCTION(this);
    if (m_unacked.empty() || (m_state != ESTABLISHED && m_state != CLOSING))
    {
        return;
    }
    Suspend();
}

void
MusesSession::Suspend()
{
    NS_LOG_INFO("session " << m_endpoint.localName << ":" << m_endpoint.localPort
                           << " suspended, peer last heard at " << m_lastHeard.As(Time::S));
    ++m_counters.suspensions;
    m_suspendedAt = Simulator::Now();
    m_outageStart = m_lastHeard;
    SetState(SUSPENDED);
    if (!CountRetry())
    {
        SendReHello();
    }
}

bool
MusesSession::CountRetry()
{
    ++m_retries;
    if (m_closeAfterMaxRetries && m_maxRetries > 0 && m_retries >= m_maxRetries)
    {
        NS_LOG_INFO("Max_j = " << m_maxRetries << " reached: session closed");
        Finish(true);
        return true;
    }
    return false;
}

Ptr<Packet>
MusesSession::MakeResumeBody() const
{
    uint8_t body[RESUME_SIZE];
    uint8_t* p = body;
    WriteBigEndian(p, m_nextSeq - 1, 8);
    WriteBigEndian(p, m_expected - 1, 8);
    WriteBigEndian(p, GetRxWindow(), 4);
    return Create<Packet>(body, RESUME_SIZE);
}

void
MusesSession::SendReHello()
{
    m_reHelloTimer.Cancel();
    // The old path is suspect: the transport builds a new one for this REHELLO.
    m_endpoint.transport->Reconnect(m_endpoint.peerName);
    ++m_counters.reHellosSent;
    m_reHelloTrace(m_nextSeq - 1, m_expected - 1);
    SendControl(MusesHeader::REHELLO, MakeResumeBody());
    m_reHelloTimer =
        Simulator::Schedule(m_reHelloInterval, &MusesSession::ReHelloTimerExpired, this);
}

void
MusesSession::ReHelloTimerExpired()
{
    if (m_state != SUSPENDED)
    {
        return;
    }
    if (!m_maxSuspendTime.IsZero() && Simulator::Now() - m_suspendedAt >= m_maxSuspendTime)
    {
        NS_LOG_INFO("suspended for MaxSuspendTime: session closed");
        Finish(true);
        return;
    }
    if (!CountRetry())
    {
        SendReHello();
    }
}

void
MusesSession::Resume(uint64_t peerReceived, uint32_t window)
{
    NS_LOG_INFO("session " << m_endpoint.localName << ":" << m_endpoint.localPort
                           << " resumed after " << (Simulator::Now() - m_suspendedAt).As(Time::S));
    m_reHelloTimer.Cancel();
    m_retries = 0;
    SetState(m_closeSent ? CLOSING : ESTABLISHED);
    ++m_counters.resumptions;
    m_resumedTrace(m_outageStart, Simulator::Now());
    // What the peer lacks first, then new data: sending new data before the resends would
    // resend it too.
    Acknowledge(peerReceived, window);
    RetransmitAll();
    ContinueAfterAck(true);
}

void
MusesSession::NotifyPathChanged()
{
    NS_LOG_FUNCTION(this);
    if (m_state == ESTABLISHED || m_state == SUSPENDED || m_state == CLOSING)
    {
        SendReHello();
    }
    else if (m_state == HELLO_SENT)
    {
        // Moved during the handshake: repeat it now rather than at the next timeout.
        Transmit(m_finishedSent ? m_finishedSent : m_helloSent);
    }
}

void
MusesSession::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_closeRequested)
    {
        return;
    }
    m_closeRequested = true;
    if (m_state == HELLO_SENT || m_state == HELLO_RECEIVED)
    {
        Finish(false);
        return;
    }
    TrySend();
}

void
MusesSession::Finish(bool error)
{
    NS_LOG_FUNCTION(this << error);
    if (m_state == CLOSED)
    {
        return;
    }
    bool handshaking = m_state == HELLO_SENT || m_state == HELLO_RECEIVED;
    m_ackTimer.Cancel();
    m_reHelloTimer.Cancel();
    m_handshakeTimer.Cancel();
    SetState(CLOSED);
    if (handshaking && m_initiator)
    {
        m_upcalls.failed();
    }
    else if (!handshaking)
    {
        m_upcalls.closed(error);
    }
}

void
MusesSession::SetState(State newState)
{
    if (m_state != newState)
    {
        NS_LOG_LOGIC(GetStateName(m_state) << " -> " << GetStateName(newState));
        m_state = newState;
    }
}

void
MusesSession::Drop(Ptr<const Packet> packet, MusesDropReason reason)
{
    NS_LOG_LOGIC("drop: " << reason);
    ++m_counters.drops;
    ++m_drops[reason];
    m_dropTrace(packet, reason);
}

void
MusesSession::CipherDrop(Ptr<const Packet> packet, MusesDropReason reason)
{
    Drop(packet, reason);
}

} // namespace ns3
