/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-session.h"

#include "muses-ack-header.h"
#include "muses-resume-header.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/log.h"
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
/**
 * \brief Read a control body that must be exactly one header.
 * \param payload the opened body; the header is removed from it
 * \param header the header to fill
 * \return false, leaving the body as it was, if its size is not the header's
 */
template <typename H>
bool
ReadBody(Ptr<Packet> payload, H& header, bool padded = false)
{
    if (payload->GetSize() != H::SIZE && !(padded && payload->GetSize() > H::SIZE))
    {
        return false;
    }
    payload->RemoveHeader(header);
    // Padding is zeros, nothing else can hide there.
    std::vector<uint8_t> padding(payload->GetSize());
    payload->CopyData(padding.data(), padding.size());
    return std::all_of(padding.begin(), padding.end(), [](uint8_t b) { return b == 0; });
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
            .AddAttribute("AcksPerRoundTrip",
                          "Once the round trip is known (handshake, then DATA and ACKs), "
                          "acknowledge the packets of 1/AcksPerRoundTrip of it at a time, never "
                          "fewer than AckWindow, and hold no ACK longer than that (a delayed-ACK "
                          "timer). 0: every AckWindow packets only, as the paper's prototype.",
                          UintegerValue(16),
                          MakeUintegerAccessor(&MusesSession::m_acksPerRoundTrip),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AckTimeout",
                          "How long the sender waits for an ACK before it suspends the session "
                          "(with AdaptiveAckTimeout, the least it waits, plus a round trip).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MusesSession::m_ackTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxAckTimeout",
                          "The adaptive timeout's ceiling: a transport stalled longer (TCP deep "
                          "in its back-off) is faster rebuilt than waited for.",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&MusesSession::m_maxAckTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AdaptiveAckTimeout",
                          "Wait max(AckTimeout + the smallest RTT, SRTT + 4 RTTVAR) for an "
                          "ACK (RFC 6298, Karn; before a sample, the handshake's or the last "
                          "path's round trip), and longer while the transport's connection "
                          "still moves our bytes. "
                          "false: AckTimeout alone, as the paper's prototype.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MusesSession::m_adaptiveAckTimeout),
                          MakeBooleanChecker())
            .AddAttribute("TransportRetries",
                          "With AdaptiveAckTimeout: while the connection beneath (TCP) retries "
                          "our bytes on its own timer from an interface that is up, wait for "
                          "this many of its retransmissions (each after twice the last wait) "
                          "to be answered before suspending: a loss it repairs is no outage. "
                          "0: do not wait for it.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&MusesSession::m_transportRetries),
                          MakeUintegerChecker<uint32_t>(0, 16))
            .AddAttribute("HandshakeTimeout",
                          "How long to wait for an answer to HELLO (or FINISHED) before "
                          "sending it again; each wait is twice the one before, as TCP's SYN.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MusesSession::m_handshakeTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("HandshakeRetries",
                          "Waits without an answer before the handshake gives up and the "
                          "connection fails (5: 1 + 2 + 4 + 8 + 16 = 31 s by default). 0: never.",
                          UintegerValue(5),
                          MakeUintegerAccessor(&MusesSession::m_handshakeRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MaxRetries",
                          "Max_j of Algorithm 1: ACK timeouts and unanswered REHELLOs counted "
                          "before CloseAfterMaxRetries closes the session. 0: no limit.",
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
            .AddAttribute("ReHelloOnPathChange",
                          "Send REHELLO as soon as this node's attachment changes. false: the "
                          "paper's prototype, which resumes at its next periodic Re-Hello.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MusesSession::m_reHelloOnPathChange),
                          MakeBooleanChecker())
            .AddAttribute("ResumeAtOnce",
                          "On a path change, resend right behind the REHELLO what never left "
                          "this node (the transport's word: what its connection had not put "
                          "on the wire when the path broke; what had may well have reached "
                          "the peer), at most a first flight of 14,720 bytes before the peer "
                          "answers (0-RTT, as QUIC sends on a new path at once). The "
                          "REHELLO_REPLY says whether the peer lacks more: then all from its "
                          "first gap. false: wait for the answer, then resend.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&MusesSession::m_resumeAtOnce),
                          MakeBooleanChecker())
            .AddAttribute("ReHelloInterval",
                          "Period of REHELLO while the session is suspended (at least two "
                          "round trips of the path: an answer needs a new connection).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&MusesSession::m_reHelloInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("SegmentSize",
                          "Largest application payload of one DATA packet, in bytes.",
                          UintegerValue(4000),
                          MakeUintegerAccessor(&MusesSession::m_segmentSize),
                          MakeUintegerChecker<uint32_t>(1, 60000))
            .AddAttribute("SendBufferSize",
                          "Unsent plus unacknowledged bytes held at first and after each path "
                          "change (the bounded resend buffer); it grows with the path up to "
                          "MaxSendBufferSize.",
                          UintegerValue(64 * 1024),
                          MakeUintegerAccessor(&MusesSession::m_sendBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxSendBufferSize",
                          "The send buffer grows while it is what holds the application back, "
                          "as a slow start until the pipe is full and to twice the "
                          "bandwidth-delay product the ACKs show, up to this (at most "
                          "SendBufferSize: no growth).",
                          UintegerValue(32 * 1024 * 1024),
                          MakeUintegerAccessor(&MusesSession::m_maxSendBufferSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ReceiveBufferSize",
                          "Delivered, unread bytes accepted: the window advertised (only "
                          "unread bytes take memory; the default fills 1 Gb/s x 100 ms). At "
                          "least 64 KiB: the window the initiator's first data may use.",
                          UintegerValue(32 * 1024 * 1024),
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
            .AddAttribute("KeyUpdateAfterPackets",
                          "Key update: SeqNBRs of DATA (and of control messages) sealed under "
                          "one key generation; the next ones go under the next generation's "
                          "keys, at both ends, with no message and no pause. 0: the suite's "
                          "(AES-256-GCM 2^22, AES-128-CBC-HMAC-SHA1 2^19, CHACHA20-POLY1305 "
                          "never). Both ends must agree, as on CipherSuite.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MusesSession::m_keyUpdateAfter),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("State",
                            "The session's state.",
                            MakeTraceSourceAccessor(&MusesSession::m_state),
                            "ns3::MusesSession::StateTracedCallback")
            .AddTraceSource("SendWindow",
                            "The send buffer's size now (SendBufferSize, grown with the path).",
                            MakeTraceSourceAccessor(&MusesSession::m_sendWindow),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("RTT",
                            "Smoothed round-trip time of DATA and its ACK (0 before a sample).",
                            MakeTraceSourceAccessor(&MusesSession::m_srtt),
                            "ns3::TracedValueCallback::Time")
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
                            "A packet for this session was dropped, with the reason (its "
                            "plaintext if it was authentic but unwanted).",
                            MakeTraceSourceAccessor(&MusesSession::m_dropTrace),
                            "ns3::MusesCipher::DropTracedCallback");
    return tid;
}

MusesSession::MusesSession()
    : m_ackWindow(8),
      m_acksPerRoundTrip(16),
      m_maxRetries(5),
      m_handshakeRetries(5),
      m_closeAfterMaxRetries(false),
      m_adaptiveAckTimeout(true),
      m_transportRetries(2),
      m_segmentSize(4000),
      m_sendBufferSize(64 * 1024),
      m_maxSendBufferSize(32 * 1024 * 1024),
      m_rcvBufferSize(32 * 1024 * 1024),
      m_suite(MUSES_AES_256_GCM),
      m_keyUpdateAfter(0),
      m_initiator(false),
      m_state(CLOSED),
      m_controlSeq(0),
      m_retries(0),
      m_peerClosedFlag(false),
      m_peerFinished(false),
      m_earlyDataDropped(false),
      m_confirmed(false),
      m_movedUnanswered(false),
      m_reHelloOnPathChange(true),
      m_resumeAtOnce(true),
      m_moved(false)
{
    NS_LOG_FUNCTION(this);
    m_lastRepeatAnswer = Seconds(-1);
    m_drops.fill(0);
}

MusesSession::~MusesSession()
{
    NS_LOG_FUNCTION(this);
}

void
MusesSession::DoDispose()
{
    m_reHelloTimer.Cancel();
    m_sendEvent.Cancel();
    m_upcalls = Upcalls();
    m_endpoint.transport = nullptr;
    m_endpoint.identity = nullptr;
    m_keys.Clear();
    m_cipher = nullptr;
    m_sender.Clear();
    m_receiver.Clear();
    Object::DoDispose();
}

void
MusesSession::SetEndpoint(const Endpoint& endpoint)
{
    m_endpoint = endpoint;
    // Whatever its size, the buffer takes the initiator's early data (sent before our
    // FINISHED says our window): a packet refused for want of room would never be acked.
    m_receiver.Configure(std::max(m_rcvBufferSize, EARLY_WINDOW),
                         m_ackWindow,
                         m_acksPerRoundTrip,
                         MakeCallback(&MusesSession::GetRoundTrip, this),
                         MakeCallback(&MusesSession::SendAck, this),
                         MakeCallback(&MusesSession::Drop, this),
                         MakeCallback(&MusesSession::DeliverData, this),
                         MakeCallback(&MusesSession::PeerClosed, this));
    MusesSender::Config sender;
    sender.segmentSize = m_segmentSize;
    sender.bufferSize = m_sendBufferSize;
    sender.maxBufferSize = m_maxSendBufferSize;
    sender.ackTimeout = m_ackTimeout;
    sender.maxAckTimeout = m_maxAckTimeout;
    sender.adaptiveAckTimeout = m_adaptiveAckTimeout;
    sender.rtt = &m_srtt;
    sender.window = &m_sendWindow;
    if (m_adaptiveAckTimeout)
    {
        sender.transportProgress = MakeCallback(&MusesSession::GetTransportProgress, this);
        sender.transportRetry = MakeCallback(&MusesSession::GetTransportRetry, this);
    }
    sender.transportRoom = MakeCallback(&MusesSession::GetTransportRoom, this);
    sender.transportLeft = MakeCallback(&MusesSession::HasLeft, this);
    sender.transportReordering = MakeCallback(&MusesSession::IsTransportReordering, this);
    m_sender.Configure(sender,
                       MakeHeader(MusesHeader::DATA, 0),
                       MakeCallback(&MusesSession::TransmitData, this),
                       MakeCallback(&MusesSession::Suspend, this));
    MusesHandshake::Config keys;
    keys.localName = endpoint.localName;
    keys.peerName = endpoint.peerName;
    keys.preShared = endpoint.secret;
    keys.identity = endpoint.identity;
    keys.shareSeed = endpoint.shareSeed;
    keys.suite = m_suite;
    keys.keyUpdateAfter = m_keyUpdateAfter;
    // srcPort . peerID (paper §II.C.2b), plus random bits: see the class documentation.
    keys.partialId =
        uint64_t(endpoint.localPort) << 48 | (endpoint.localName & 0xffff) << 32 | endpoint.random;
    keys.drop = MakeCallback(&MusesSession::Drop, this);
    keys.transmit = MakeCallback(&MusesSession::Transmit, this);
    keys.repeatInterval = m_handshakeTimeout;
    keys.maxAttempts = m_handshakeRetries;
    keys.gaveUp = MakeCallback(&MusesSession::HandshakeFailed, this);
    m_keys.Configure(keys);
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
    return m_keys.GetSessionId();
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

MusesSession::Counters
MusesSession::GetCounters() const
{
    Counters counters = m_counters;
    counters.bytesSent = m_sender.GetCounters().bytesSent;
    counters.dataPackets = m_sender.GetCounters().dataPackets;
    counters.retransmissions = m_sender.GetCounters().retransmissions + m_keys.GetRepeats();
    counters.bytesDelivered = m_receiver.GetBytesDelivered();
    counters.acksSent = m_receiver.GetAcksSent();
    counters.packetsHeld = m_receiver.GetPacketsHeld();
    if (m_cipher)
    {
        counters.keyGenerationSent = m_cipher->GetSealGeneration();
        counters.keyGenerationReceived = m_cipher->GetOpenGeneration();
    }
    return counters;
}

uint64_t
MusesSession::GetDropCount(MusesDropReason reason) const
{
    return reason < MUSES_DROP_REASON_COUNT ? m_drops[reason] : 0;
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

void
MusesSession::SendFinished()
{
    Ptr<Packet> body = m_keys.MakeFinished(m_receiver.Advertise());
    m_keys.SetFinished(SendControl(MusesHeader::FINISHED, body));
}

void
MusesSession::Connect()
{
    NS_LOG_FUNCTION(this);
    m_initiator = true;
    SetState(HELLO_SENT);
    m_keys.Connect(MakeHeader(MusesHeader::HELLO, 0));
}

MusesDropReason
MusesSession::OpenHello(Ptr<Packet> hello)
{
    NS_LOG_FUNCTION(this << hello);
    MusesHeader header;
    if (hello->PeekHeader(header) == 0)
    {
        Drop(hello, MUSES_DROP_MALFORMED_HEADER);
        return MUSES_DROP_MALFORMED_HEADER;
    }
    m_initiator = false;
    return m_keys.OpenHello(hello, header);
}

const MusesHandshake::PeerHello&
MusesSession::GetPeerHello() const
{
    return m_keys.GetPeerHello();
}

MusesDropReason
MusesSession::AcceptHello(Ptr<Packet> hello)
{
    NS_LOG_FUNCTION(this << hello);
    MusesDropReason reason = m_keys.Respond(hello, MakeHeader(MusesHeader::HELLO_REPLY, 0));
    if (reason != MUSES_DROP_NONE)
    {
        return reason;
    }
    m_cipher = m_keys.GetSessionCipher();
    m_sender.SetCipher(m_cipher);
    m_lastHeard = Simulator::Now();
    SetState(HELLO_RECEIVED);
    return MUSES_DROP_NONE;
}

bool
MusesSession::IsHalfOpen() const
{
    return m_state == HELLO_RECEIVED;
}

void
MusesSession::Abandon()
{
    NS_LOG_FUNCTION(this);
    if (IsHalfOpen())
    {
        HandshakeFailed();
    }
}

void
MusesSession::HandshakeFailed()
{
    Finish(true);
}

bool
MusesSession::Receive(Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    MusesHeader header;
    if (packet->PeekHeader(header) == 0)
    {
        Drop(packet, MUSES_DROP_MALFORMED_HEADER);
        return false;
    }
    MusesHeader::MessageType type = header.GetType();
    if (type == MusesHeader::HELLO || type == MusesHeader::HELLO_REPLY)
    {
        ReceiveHandshake(header, packet);
        return false;
    }
    if (type == MusesHeader::COOKIE)
    {
        // Not sealed: its echo of our HELLO's ICV is its only proof (see TakeCookie()).
        Ptr<Packet> body = packet->Copy();
        body->RemoveHeader(header);
        MusesDropReason reason = m_keys.TakeCookie(body);
        if (reason != MUSES_DROP_NONE)
        {
            Drop(packet, reason);
        }
        return false;
    }
    if (!m_cipher)
    {
        Drop(packet, MUSES_DROP_NOT_KEYED);
        return false;
    }
    // Once opened, the packet holds the plaintext.
    if (m_cipher->Open(packet, header) != MUSES_DROP_NONE)
    {
        return false; // counted through the cipher's trace
    }
    m_lastHeard = Simulator::Now();
    if (m_initiator)
    {
        Confirm(); // only a responder that has our FINISHED seals under the session keys
    }
    // Only a new packet may tell the transport where the peer is: a replay of an old
    // authentic packet from elsewhere must not redirect the session. Nor may anything a
    // responder receives before the initiator's FINISHED is verified: until then the
    // initiator has proved only that it holds the pre-shared key, not that it is the peer
    // its name says (with in-band keys, any holder of the key could be sending).
    if (type == MusesHeader::DATA || type == MusesHeader::CLOSE)
    {
        bool fresh = m_receiver.IsNew(header.GetSeq()) && (m_initiator || m_peerFinished);
        ReceiveData(header, packet);
        return fresh;
    }
    if (!AcceptControl(header, packet))
    {
        return false;
    }
    switch (type)
    {
    case MusesHeader::FINISHED:
        ReceiveFinished(packet);
        break;
    case MusesHeader::ACK:
        ReceiveAck(packet);
        break;
    case MusesHeader::REHELLO:
    case MusesHeader::REHELLO_REPLY:
        ReceiveResume(type, packet);
        break;
    default:
        Drop(packet, MUSES_DROP_UNEXPECTED);
    }
    return m_initiator || m_peerFinished; // (a FINISHED: once verified)
}

bool
MusesSession::RepeatAnswer(Ptr<Packet> answer)
{
    Time sinceAnswer = Simulator::Now() - m_lastRepeatAnswer;
    if (!m_lastRepeatAnswer.IsNegative() && sinceAnswer < m_handshakeTimeout / 2)
    {
        return false;
    }
    m_lastRepeatAnswer = Simulator::Now();
    Transmit(answer);
    return true;
}

void
MusesSession::ReceiveHandshake(MusesHeader& header, Ptr<Packet> packet)
{
    // Only the handshake keys open these; a repeat means our answer was lost.
    bool hello = header.GetType() == MusesHeader::HELLO;
    if (!m_keys.IsStarted() || hello == m_initiator)
    {
        Drop(packet, MUSES_DROP_UNEXPECTED);
        return;
    }
    if (m_keys.Open(packet, header) != MUSES_DROP_NONE)
    {
        return; // counted through the cipher's trace
    }
    if (hello || m_cipher)
    {
        // A repeat (our answer was lost) or a replay: answer at most once per half
        // HandshakeTimeout, so copies of one HELLO cannot draw a stream of answers.
        if (!RepeatAnswer(hello ? m_keys.GetHello() : m_keys.GetFinished()))
        {
            Drop(packet, MUSES_DROP_REPLAYED);
        }
        return;
    }
    m_lastHeard = Simulator::Now();
    if (m_keys.Complete(packet) != MUSES_DROP_NONE)
    {
        return; // dropped by the handshake
    }
    m_cipher = m_keys.GetSessionCipher();
    m_sender.SetCipher(m_cipher);
    SendFinished();
    // The responder proved its identity in HELLO_REPLY (SIGMA-I): our data may follow our
    // FINISHED at once, as a TLS 1.3 client's, within a window the responder surely has
    // until its FINISHED says its own. FINISHED is repeated until the responder shows it
    // has it.
    m_sender.SetPeerWindow(std::min<uint32_t>(m_sendBufferSize, EARLY_WINDOW));
    Establish();
}

void
MusesSession::ReceiveData(const MusesHeader& header, Ptr<Packet> packet)
{
    if (m_state == HELLO_RECEIVED)
    {
        // The initiator's data may overtake its FINISHED: nothing is delivered before its
        // proof is checked; it comes again.
        Drop(packet, MUSES_DROP_UNEXPECTED);
        m_earlyDataDropped = true;
        return;
    }
    m_receiver.Receive(header, packet);
}

void
MusesSession::DeliverData(Ptr<Packet> payload)
{
    m_upcalls.deliver(payload);
}

void
MusesSession::PeerClosed()
{
    m_peerClosedFlag = true;
    m_upcalls.peerClosed();
    if (m_sender.IsCloseAcked())
    {
        Finish(false);
    }
}

bool
MusesSession::AcceptControl(const MusesHeader& header, Ptr<Packet> packet)
{
    // Control messages have their own SeqNBR space and replay window.
    MusesDropReason replay = m_controlWindow.Check(header.GetSeq());
    if (replay != MUSES_DROP_NONE)
    {
        Drop(packet, replay);
        // The initiator repeats its FINISHED until it hears from us: ours was lost, or is
        // late. Only the responder answers a repeat (were both to, each answer would be a
        // repeat to the other, for ever), and at most once per half HandshakeTimeout.
        if (header.GetType() == MusesHeader::FINISHED && !m_initiator && m_keys.GetFinished())
        {
            RepeatAnswer(m_keys.GetFinished());
        }
        return false;
    }
    m_controlWindow.Accept(header.GetSeq());
    return true;
}

void
MusesSession::ReceiveFinished(Ptr<Packet> packet)
{
    uint32_t window = 0;
    bool expected = m_initiator ? !m_peerFinished && m_state != CLOSED : m_state == HELLO_RECEIVED;
    MusesDropReason reason = expected ? m_keys.TakeFinished(packet, window) : MUSES_DROP_UNEXPECTED;
    if (reason != MUSES_DROP_NONE)
    {
        Drop(packet, reason);
        return;
    }
    m_peerFinished = true;
    m_sender.SetPeerWindow(window);
    if (m_initiator)
    {
        m_sender.RestartAckTimer();
    }
    else
    {
        SendFinished();
        Establish();
        Confirm();
        if (m_earlyDataDropped)
        {
            // The initiator's first FINISHED was lost and we refused the data that followed
            // it: a gap at the start has it resent. A FINISHED that was only slow (TCP
            // retransmitting it) costs no resend: nothing was refused.
            m_receiver.SendAck(true);
        }
    }
    TrySend();
}

void
MusesSession::Establish()
{
    m_sender.SetPriorRtt(m_keys.GetRoundTrip());
    SetState(ESTABLISHED);
    m_upcalls.established();
}

void
MusesSession::Confirm()
{
    m_confirmed = true;
    m_keys.Discard();
}

void
MusesSession::ReceiveAck(Ptr<Packet> packet)
{
    MusesAckHeader ack;
    if (!ReadBody(packet, ack))
    {
        Drop(packet, MUSES_DROP_UNEXPECTED);
        return;
    }
    uint64_t before = m_sender.GetFirstUnacked();
    bool advanced = m_sender.Acknowledge(ack.GetAck(), ack.GetWindow());
    if (ack.IsGap())
    {
        m_sender.OnGap(ack.GetAck(), before);
    }
    ContinueAfterAck(advanced);
}

void
MusesSession::ReceiveResume(MusesHeader::MessageType type, Ptr<Packet> packet)
{
    MusesResumeHeader resume;
    if (m_state == HELLO_SENT || m_state == HELLO_RECEIVED ||
        !ReadBody(packet, resume, type == MusesHeader::REHELLO))
    {
        Drop(packet, MUSES_DROP_UNEXPECTED);
        return;
    }
    // The peer's last sent SeqNBR is informational: it resends what we lack by itself.
    uint64_t peerReceived = resume.GetLastReceived();
    m_moved = false; // it heard us where we are now
    if (type == MusesHeader::REHELLO)
    {
        SendControl(MusesHeader::REHELLO_REPLY, MakeResumeBody());
    }
    if (m_state == SUSPENDED)
    {
        Resume(peerReceived, resume.GetWindow());
    }
    else if ((type == MusesHeader::REHELLO || m_movedUnanswered) && m_state != CLOSED)
    {
        // The peer was cut off, or we moved (before our ACK timeout told us of the outage):
        // what it lacks is lost, send it again.
        m_movedUnanswered = false;
        ContinueAfterAck(m_sender.Restart(peerReceived, resume.GetWindow()));
    }
    else if (m_state != CLOSED)
    {
        // A late answer to a REHELLO of ours: the session resumed already and resent what
        // the peer lacked then; resending the window again would only duplicate it.
        ContinueAfterAck(m_sender.Acknowledge(peerReceived, resume.GetWindow()));
    }
}

void
MusesSession::NotifyRead(uint32_t bytes)
{
    m_receiver.Read(bytes);
}

void
MusesSession::SendAck(const MusesAckHeader& ack)
{
    if (m_cipher)
    {
        Ptr<Packet> body = Create<Packet>();
        body->AddHeader(ack);
        SendControl(MusesHeader::ACK, body);
    }
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
    // Control: it must not wait behind queued data.
    m_endpoint.transport->SendUrgent(packet->Copy(), m_endpoint.peerName);
}

uint32_t
MusesSession::GetTransportRoom() const
{
    return m_endpoint.transport->GetTxAvailable(m_endpoint.peerName);
}

bool
MusesSession::IsTransportReordering() const
{
    return m_endpoint.transport->IsReordering(m_endpoint.peerName);
}

Time
MusesSession::GetRoundTrip() const
{
    // The data's own round trip once there is one; else the handshake's.
    Time rtt = m_sender.GetMinRtt();
    return rtt.IsStrictlyPositive() ? rtt : m_keys.GetRoundTrip();
}

Time
MusesSession::GetTransportProgress(Ptr<const Packet> newest) const
{
    return m_endpoint.transport->GetLastProgress(m_endpoint.peerName, newest);
}

bool
MusesSession::HasLeft(Ptr<const Packet> packet) const
{
    return m_endpoint.transport->HasLeft(m_endpoint.peerName, packet);
}

Time
MusesSession::GetTransportRetry(Time since) const
{
    return m_endpoint.transport->GetRetryDeadline(m_endpoint.peerName, m_transportRetries, since);
}

void
MusesSession::TransmitData(Ptr<Packet> packet)
{
    m_endpoint.transport->Send(packet->Copy(), m_endpoint.peerName);
}

uint32_t
MusesSession::GetTxAvailable() const
{
    return m_sender.GetTxAvailable();
}

void
MusesSession::Send(Ptr<Packet> data)
{
    NS_LOG_FUNCTION(this << data);
    m_sender.Add(data);
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
    m_sender.Send();
    if (m_sender.IsCloseSent() && m_state == ESTABLISHED)
    {
        SetState(CLOSING);
    }
}

void
MusesSession::ContinueAfterAck(bool advanced)
{
    if (advanced)
    {
        m_retries = 0;
    }
    TrySend();
    if (m_sender.IsCloseAcked() && m_peerClosedFlag)
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
MusesSession::Suspend()
{
    if (!m_confirmed)
    {
        return; // our FINISHED is being repeated: the data resumes once the responder has it
    }
    NS_LOG_INFO("session " << m_endpoint.localName << ":" << m_endpoint.localPort
                           << " suspended, peer last heard at " << m_lastHeard.As(Time::S));
    ++m_counters.suspensions;
    m_sender.NoteStranded();
    m_suspendedAt = Simulator::Now();
    m_outageStart = m_lastHeard;
    SetState(SUSPENDED);
    RetryReHello();
}

Ptr<Packet>
MusesSession::MakeResumeBody() const
{
    Ptr<Packet> body = Create<Packet>();
    body->AddHeader(MusesResumeHeader(m_sender.GetLastSeq(),
                                      m_receiver.GetLastReceived(),
                                      m_receiver.GetWindow()));
    return body;
}

Ptr<Packet>
MusesSession::MakeReHelloBody(bool pad) const
{
    Ptr<Packet> body = MakeResumeBody();
    if (!pad || !m_moved || m_receiver.GetLastReceived() == 0)
    {
        return body;
    }
    auto sealed = [this](uint32_t size) { return size + m_cipher->GetOverhead(size); };
    uint32_t answer = sealed(m_segmentSize) + sealed(MusesResumeHeader::SIZE);
    uint32_t needed =
        (answer + MusesTransport::AMPLIFICATION_LIMIT - 1) / MusesTransport::AMPLIFICATION_LIMIT;
    uint32_t size = sealed(body->GetSize());
    if (size < needed)
    {
        body->AddAtEnd(Create<Packet>(needed - size)); // zeros
    }
    return body;
}

void
MusesSession::SendReHello(bool pad)
{
    m_reHelloTimer.Cancel();
    // The old path is suspect: the transport builds a new one for this REHELLO.
    m_endpoint.transport->Reconnect(m_endpoint.peerName);
    ++m_counters.reHellosSent;
    m_reHelloTrace(m_sender.GetLastSeq(), m_receiver.GetLastReceived());
    SendControl(MusesHeader::REHELLO, MakeReHelloBody(pad));
    // The answer needs a new connection and a round trip: a retry sooner (a path of a 2 s
    // round trip) tears that connection down (Reconnect) before any answer can come.
    Time wait = std::max(m_reHelloInterval, 2 * GetRoundTrip());
    m_reHelloTimer = Simulator::Schedule(wait, &MusesSession::RetryReHello, this);
}

void
MusesSession::RetryReHello()
{
    if (m_state != SUSPENDED)
    {
        return;
    }
    bool maxed = ++m_retries >= m_maxRetries && m_maxRetries > 0 && m_closeAfterMaxRetries;
    if (maxed ||
        (!m_maxSuspendTime.IsZero() && Simulator::Now() - m_suspendedAt >= m_maxSuspendTime))
    {
        NS_LOG_INFO("Max_j reached or suspended for MaxSuspendTime: session closed");
        Finish(true);
        return;
    }
    SendReHello();
}

void
MusesSession::Resume(uint64_t peerReceived, uint32_t window)
{
    Reestablish();
    m_movedUnanswered = false;
    m_sender.Restart(peerReceived, window);
    ContinueAfterAck(true);
}

void
MusesSession::Reestablish()
{
    NS_LOG_INFO("session " << m_endpoint.localName << ":" << m_endpoint.localPort
                           << " resumed after " << (Simulator::Now() - m_suspendedAt).As(Time::S));
    m_reHelloTimer.Cancel();
    m_retries = 0;
    SetState(m_sender.IsCloseSent() ? CLOSING : ESTABLISHED);
    ++m_counters.resumptions;
    m_resumedTrace(m_outageStart, Simulator::Now());
}

void
MusesSession::NotifyPathChanged()
{
    NS_LOG_FUNCTION(this);
    m_sender.ForgetPath();
    m_moved = true;
    if (!m_reHelloOnPathChange)
    {
        return; // the next periodic Re-Hello (or the ACK timeout's suspension) resumes
    }
    if (m_state == ESTABLISHED || m_state == SUSPENDED || m_state == CLOSING)
    {
        // Before the REHELLO's Reconnect lets the old path go; a suspended session's too: the
        // transport may have learnt since that its path's link went (LoseCarrier).
        m_sender.NoteStranded();
        // Its answer says what the peer lacks (a suspended session resumes on it, unless it
        // resumes at once below).
        m_movedUnanswered = m_resumeAtOnce || m_state != SUSPENDED;
        SendReHello();
        if (m_resumeAtOnce)
        {
            // What never left goes right behind the REHELLO; the REHELLO_REPLY says whether
            // the peer lacks more (the at-once packets were then out of order: all again).
            if (m_state == SUSPENDED)
            {
                Reestablish();
            }
            m_sender.ResendStranded();
            ContinueAfterAck(false);
        }
    }
    else if (m_state == HELLO_SENT)
    {
        // Moved during the handshake: repeat it now rather than at the next timeout.
        m_keys.Repeat();
    }
}

void
MusesSession::NotifyRerouted()
{
    NS_LOG_FUNCTION(this);
    if (m_state == ESTABLISHED || m_state == CLOSING)
    {
        // What never left would wait for the old path's queues to drain; what did left first
        // and arrives in its time, and the peer holds what overtakes it meanwhile.
        m_sender.ResendUnsent();
        TrySend();
    }
}

void
MusesSession::NotifyPeerMoved()
{
    NS_LOG_FUNCTION(this);
    if (m_reHelloOnPathChange && (m_state == SUSPENDED || m_movedUnanswered))
    {
        // If we moved too, the peer moved at the same time: its transport looks us up after
        // its own move and has our new address from our signed record, proven; padding, the
        // budget for an unproven one, would only delay this REHELLO (2 ms at 10 Mb/s).
        SendReHello(!m_moved);
    }
}

void
MusesSession::NotifyTransportRoom()
{
    // Only a sender the transport held back: the others wait for their windows, not for it.
    if (m_sender.IsHeldByTransport())
    {
        TrySend();
    }
}

void
MusesSession::Close()
{
    NS_LOG_FUNCTION(this);
    if (m_sender.IsCloseRequested())
    {
        return;
    }
    m_sender.Close();
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
    m_reHelloTimer.Cancel();
    m_keys.Stop();
    SetState(CLOSED);
    if (handshaking)
    {
        m_upcalls.failed(); // either role: the half-open session must not outlive its time-out
    }
    else
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
        m_sender.SetPaused(newState != ESTABLISHED && newState != CLOSING);
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

} // namespace ns3
