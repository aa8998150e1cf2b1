/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-handshake.h"

#include "muses-finished-header.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesHandshake");

namespace
{
/// \return the bytes of a body of exactly `size` bytes, or an empty vector
std::vector<uint8_t>
Bytes(Ptr<const Packet> body, uint32_t size)
{
    std::vector<uint8_t> bytes;
    if (body->GetSize() == size)
    {
        bytes.resize(size);
        body->CopyData(bytes.data(), size);
    }
    return bytes;
}

/// \return the last `size` bytes of a packet (all of it if shorter)
std::vector<uint8_t>
Tail(Ptr<const Packet> packet, uint32_t size)
{
    uint32_t n = std::min(size, packet->GetSize());
    return Bytes(packet->CreateFragment(packet->GetSize() - n, n), n);
}
} // namespace

MusesHandshake::MusesHandshake()
    : m_initiator(false),
      m_attempts(0),
      m_repeats(0),
      m_sentAt(Seconds(-1))
{
}

void
MusesHandshake::Configure(const Config& config)
{
    m_config = config;
    m_sessionSecret = config.preShared;
}

void
MusesHandshake::MakeShare()
{
    // Only once a HELLO proved authentic (responder) or we send ours (initiator): a forged
    // HELLO must cost no scalar multiplication. A node whose name is not its identity's can
    // still run the handshake; its peers refuse its proofs (an impersonation attempt).
    if (m_config.identity)
    {
        NS_ABORT_MSG_IF(!m_share.SetPrivate(m_config.shareSeed), "MusesHandshake: no X25519");
    }
}

Ptr<Packet>
MusesHandshake::MakeHello() const
{
    std::vector<uint8_t> body(TIMESTAMP_SIZE);
    uint8_t* p = body.data();
    WriteBigEndian(p, Simulator::Now().GetNanoSeconds(), TIMESTAMP_SIZE);
    if (m_config.identity)
    {
        const MusesKeyShare::Bytes& share = m_share.GetPublic();
        body.insert(body.end(), share.begin(), share.end());
    }
    body.insert(body.end(), m_cookie.begin(), m_cookie.end());
    return Create<Packet>(body.data(), body.size());
}

MusesDropReason
MusesHandshake::TakeHello(Ptr<const Packet> body)
{
    if (!m_config.identity)
    {
        return MUSES_DROP_NONE;
    }
    // OpenHello() checked the size: the share follows the timestamp.
    std::vector<uint8_t> share =
        Bytes(body->CreateFragment(TIMESTAMP_SIZE, MusesKeyShare::SIZE), MusesKeyShare::SIZE);
    return TakePeerShare(share.data()) ? MUSES_DROP_NONE : MUSES_DROP_BAD_SIGNATURE;
}

Ptr<Packet>
MusesHandshake::MakeHelloReply(const MusesSessionId& id) const
{
    uint8_t part[8];
    uint8_t* p = part;
    WriteBigEndian(p, id.responderPart, 8);
    Ptr<Packet> body = Create<Packet>(part, sizeof(part));
    if (m_config.identity)
    {
        const MusesKeyShare::Bytes& share = m_share.GetPublic();
        body->AddAtEnd(Create<Packet>(share.data(), share.size()));
        body->AddAtEnd(Prove(id));
    }
    return body;
}

MusesDropReason
MusesHandshake::TakeHelloReply(Ptr<const Packet> body, MusesSessionId& id)
{
    std::vector<uint8_t> bytes =
        Bytes(body, 8 + (m_config.identity ? MusesKeyShare::SIZE + PROOF_SIZE : 0));
    if (bytes.empty())
    {
        return MUSES_DROP_UNEXPECTED;
    }
    const uint8_t* p = bytes.data();
    id.responderPart = ReadBigEndian(p, 8);
    // The proof signs the peer's share: take it first, then check the proof.
    if (m_config.identity && (!TakePeerShare(p) || !CheckProof(p + MusesKeyShare::SIZE, id)))
    {
        return MUSES_DROP_BAD_SIGNATURE; // not the peer its name says
    }
    return MUSES_DROP_NONE;
}

uint32_t
MusesHandshake::GetFinishedProofSize() const
{
    return m_config.identity && m_initiator ? PROOF_SIZE : 0;
}

uint32_t
MusesHandshake::GetPeerFinishedProofSize() const
{
    return m_config.identity && !m_initiator ? PROOF_SIZE : 0;
}

Ptr<Packet>
MusesHandshake::MakeFinished(uint32_t window) const
{
    // The initiator proves its identity in FINISHED, under the new keys (SIGMA-I).
    Ptr<Packet> body =
        GetFinishedProofSize() > 0 ? Prove(m_session->GetSessionId()) : Create<Packet>();
    body->AddHeader(MusesFinishedHeader(window));
    return body;
}

MusesDropReason
MusesHandshake::TakeFinished(Ptr<const Packet> body, uint32_t& window)
{
    uint32_t proofSize = GetPeerFinishedProofSize();
    if (body->GetSize() != MusesFinishedHeader::SIZE + proofSize)
    {
        return MUSES_DROP_UNEXPECTED;
    }
    MusesFinishedHeader finished;
    body->PeekHeader(finished);
    if (proofSize > 0)
    {
        std::vector<uint8_t> proof =
            Bytes(body->CreateFragment(MusesFinishedHeader::SIZE, proofSize), proofSize);
        if (!CheckProof(proof.data(), m_session->GetSessionId()))
        {
            return MUSES_DROP_BAD_SIGNATURE;
        }
    }
    window = finished.GetWindow();
    if (!m_initiator)
    {
        MeasureRoundTrip();
    }
    return MUSES_DROP_NONE;
}

Ptr<MusesCipher>
MusesHandshake::MakeCipher(const MusesSessionId& id, const std::vector<uint8_t>& secret) const
{
    Ptr<MusesCipher> cipher = CreateObject<MusesCipher>();
    cipher->SetAttribute("CipherSuite", EnumValue(m_config.suite));
    cipher->SetAttribute("KeyUpdateAfterPackets", UintegerValue(m_config.keyUpdateAfter));
    cipher->SetKeys(secret, id, m_initiator ? MusesCipher::INITIATOR : MusesCipher::RESPONDER);
    cipher->TraceConnectWithoutContext("Drop", m_config.drop);
    return cipher;
}

void
MusesHandshake::Connect(const MusesHeader& hello)
{
    m_initiator = true;
    m_handshake = MakeCipher({m_config.partialId, 0}, m_config.preShared);
    m_helloHeader = hello;
    MakeShare();
    SendHello();
    StartTimer();
}

void
MusesHandshake::SendHello()
{
    m_hello = MakeHello();
    m_handshake->Seal(m_helloHeader, m_hello);
    m_config.transmit(m_hello);
    m_sentAt = m_firstSentAt = Simulator::Now();
}

MusesDropReason
MusesHandshake::TakeCookie(Ptr<const Packet> body)
{
    if (!m_initiator || !m_hello || m_reply || m_cookies >= MAX_COOKIES)
    {
        return MUSES_DROP_UNEXPECTED;
    }
    std::vector<uint8_t> bytes = Bytes(body, COOKIE_SIZE + ECHO_SIZE);
    std::vector<uint8_t> ours = Tail(m_hello, ECHO_SIZE);
    // Only who saw our HELLO knows its ICV: an off-path forger cannot make us send again.
    if (bytes.empty() || ours.size() < ECHO_SIZE ||
        !std::equal(bytes.begin() + COOKIE_SIZE, bytes.end(), ours.begin()))
    {
        return MUSES_DROP_BAD_ICV;
    }
    ++m_cookies;
    m_cookie.assign(bytes.begin(), bytes.begin() + COOKIE_SIZE);
    m_helloHeader.SetSeq(m_helloHeader.GetSeq() + 1);
    SendHello();
    m_timer.Cancel();
    StartTimer();
    return MUSES_DROP_NONE;
}

MusesDropReason
MusesHandshake::OpenHello(Ptr<Packet> hello, MusesHeader& header)
{
    m_initiator = false;
    m_handshake = MakeCipher({header.GetSessionId().initiatorPart, 0}, m_config.preShared);
    std::vector<uint8_t> echo = Tail(hello, ECHO_SIZE); // the ICV, before it is opened
    MusesDropReason reason = m_handshake->Open(hello, header);
    if (reason != MUSES_DROP_NONE)
    {
        return reason; // dropped through the cipher's trace
    }
    uint32_t size = TIMESTAMP_SIZE + (m_config.identity ? MusesKeyShare::SIZE : 0);
    if (hello->GetSize() != size && hello->GetSize() != size + COOKIE_SIZE)
    {
        m_config.drop(hello, MUSES_DROP_UNEXPECTED); // a peer of the other mode, say
        return MUSES_DROP_UNEXPECTED;
    }
    std::vector<uint8_t> body(hello->GetSize());
    hello->CopyData(body.data(), body.size());
    const uint8_t* p = body.data();
    m_peerHello.sentAt = NanoSeconds(int64_t(ReadBigEndian(p, TIMESTAMP_SIZE)));
    m_peerHello.cookie.assign(body.begin() + size, body.end());
    m_peerHello.echo = echo;
    return MUSES_DROP_NONE;
}

const MusesHandshake::PeerHello&
MusesHandshake::GetPeerHello() const
{
    return m_peerHello;
}

MusesDropReason
MusesHandshake::Respond(Ptr<Packet> hello, const MusesHeader& reply)
{
    NS_ASSERT_MSG(m_handshake && !m_initiator, "MusesHandshake::Respond before OpenHello");
    MusesSessionId partial{m_handshake->GetSessionId().initiatorPart, 0};
    MakeShare();
    MusesDropReason reason = TakeHello(hello);
    if (reason != MUSES_DROP_NONE)
    {
        m_config.drop(hello, reason);
        return reason;
    }
    MusesSessionId id{partial.initiatorPart, m_config.partialId};
    m_hello = MakeHelloReply(id);
    m_session = MakeCipher(id, m_sessionSecret);
    // Under keys that also bind our fresh pSessID-b: a replayed HELLO makes a new session
    // whose different HELLO_REPLY is never sealed under the same key and nonce as this one.
    m_reply = MakeCipher(id, m_config.preShared);
    m_reply->Seal(reply, m_hello);
    m_config.transmit(m_hello);
    m_sentAt = m_firstSentAt = Simulator::Now();
    StartTimer();
    return MUSES_DROP_NONE;
}

bool
MusesHandshake::IsStarted() const
{
    return m_handshake != nullptr;
}

MusesDropReason
MusesHandshake::Open(Ptr<Packet> packet, MusesHeader& header)
{
    if (!m_initiator)
    {
        return m_handshake->Open(packet, header); // a repeated HELLO
    }
    MusesSessionId id = header.GetSessionId();
    if (id.initiatorPart != m_handshake->GetSessionId().initiatorPart)
    {
        m_config.drop(packet, MUSES_DROP_WRONG_SESSION);
        return MUSES_DROP_WRONG_SESSION;
    }
    // Keys for the responder part it claims (only a holder of the pre-shared key seals
    // under them); kept once one opened, for its repeats.
    Ptr<MusesCipher> reply =
        m_reply && m_reply->GetSessionId() == id ? m_reply : MakeCipher(id, m_config.preShared);
    MusesDropReason reason = reply->Open(packet, header);
    if (reason == MUSES_DROP_NONE)
    {
        m_reply = reply;
    }
    return reason;
}

MusesDropReason
MusesHandshake::Complete(Ptr<Packet> body)
{
    MusesSessionId id = m_handshake->GetSessionId();
    MusesDropReason reason = TakeHelloReply(body, id);
    if (reason == MUSES_DROP_NONE && (!m_reply || id != m_reply->GetSessionId()))
    {
        reason = MUSES_DROP_UNEXPECTED; // the body names another pSessID-b than its keys
    }
    if (reason != MUSES_DROP_NONE)
    {
        m_config.drop(body, reason);
        return reason;
    }
    m_session = MakeCipher(id, m_sessionSecret);
    MeasureRoundTrip();
    return MUSES_DROP_NONE;
}

Ptr<Packet>
MusesHandshake::GetHello() const
{
    return m_hello;
}

void
MusesHandshake::SetFinished(Ptr<Packet> finished)
{
    m_finished = finished;
}

Ptr<Packet>
MusesHandshake::GetFinished() const
{
    return m_finished;
}

void
MusesHandshake::Repeat()
{
    m_sentAt = Seconds(-1); // an answer could be to either copy
    m_config.transmit(m_finished ? m_finished : m_hello);
}

void
MusesHandshake::Stop()
{
    m_timer.Cancel();
}

void
MusesHandshake::Discard()
{
    Stop();
    m_handshake = nullptr;
    m_reply = nullptr;
    m_hello = nullptr;
}

uint64_t
MusesHandshake::GetRepeats() const
{
    return m_repeats;
}

void
MusesHandshake::MeasureRoundTrip()
{
    if (!m_roundTrip.IsZero())
    {
        return;
    }
    if (m_repeats == 0 && !m_sentAt.IsNegative())
    {
        m_roundTrip = Simulator::Now() - m_sentAt;
    }
    else if (!m_firstSentAt.IsNegative())
    {
        // Repeated: the answer may be to any copy (Karn). The time since the first is an
        // upper bound, and a path slower than HandshakeTimeout is exactly where a round trip
        // of 0 (an ACK timeout of AckTimeout alone) would suspend the session in TCP's slow
        // start beneath (a 2 s round trip: suspended after the first 64 KiB, never resumed).
        m_roundTrip = Simulator::Now() - m_firstSentAt;
    }
}

Time
MusesHandshake::GetRoundTrip() const
{
    return m_roundTrip;
}

void
MusesHandshake::StartTimer()
{
    // Back off as TCP's SYN does: a peer still joining its overlay gets ever longer waits.
    Time wait = m_config.repeatInterval * std::pow(2.0, std::min<uint32_t>(m_attempts, 16));
    m_timer = Simulator::Schedule(wait, &MusesHandshake::TimerExpired, this);
}

void
MusesHandshake::TimerExpired()
{
    if (m_config.maxAttempts > 0 && ++m_attempts >= m_config.maxAttempts)
    {
        NS_LOG_INFO("handshake with " << m_config.peerName << " gave up");
        m_config.gaveUp();
        return;
    }
    // The responder waits: the initiator repeats, and a repeated HELLO is answered.
    if (m_initiator)
    {
        ++m_repeats;
        Repeat();
    }
    StartTimer();
}

Ptr<MusesCipher>
MusesHandshake::GetSessionCipher() const
{
    return m_session;
}

MusesSessionId
MusesHandshake::GetSessionId() const
{
    if (m_session)
    {
        return m_session->GetSessionId();
    }
    return m_handshake ? m_handshake->GetSessionId() : MusesSessionId();
}

void
MusesHandshake::Clear()
{
    m_config.identity = nullptr;
    m_config.preShared.clear();
    m_config.drop = DropCallback();
    m_config.transmit = Callback<void, Ptr<Packet>>();
    m_config.gaveUp = Callback<void>();
    m_timer.Cancel();
    m_handshake = nullptr;
    m_reply = nullptr;
    m_session = nullptr;
    m_hello = nullptr;
    m_finished = nullptr;
    m_sessionSecret.clear();
}

std::vector<uint8_t>
MusesHandshake::Transcript(bool initiator, const MusesSessionId& id) const
{
    // Each side signs both shares, both names and the SessID under its role, so a signature
    // can be used for nothing else (another session, the other direction).
    const char context[] = "MUSEs in-band keys v1";
    std::vector<uint8_t> bytes(context, context + sizeof(context));
    bytes.push_back(initiator ? 'I' : 'R');
    const MusesKeyShare::Bytes& mine = m_share.GetPublic();
    const MusesKeyShare::Bytes& first = m_initiator ? mine : m_peerShare;
    const MusesKeyShare::Bytes& second = m_initiator ? m_peerShare : mine;
    bytes.insert(bytes.end(), first.begin(), first.end());
    bytes.insert(bytes.end(), second.begin(), second.end());
    uint64_t initiatorName = m_initiator ? m_config.localName : m_config.peerName;
    uint64_t responderName = m_initiator ? m_config.peerName : m_config.localName;
    for (uint64_t value : {initiatorName, responderName, id.initiatorPart, id.responderPart})
    {
        uint8_t field[8];
        uint8_t* p = field;
        WriteBigEndian(p, value, 8);
        bytes.insert(bytes.end(), field, field + 8);
    }
    return bytes;
}

Ptr<Packet>
MusesHandshake::Prove(const MusesSessionId& id) const
{
    const MusesIdentity::PublicKey& key = m_config.identity->GetPublicKey();
    std::vector<uint8_t> transcript = Transcript(m_initiator, id);
    MusesIdentity::Signature sig = m_config.identity->Sign(transcript.data(), transcript.size());
    std::vector<uint8_t> proof(key.begin(), key.end());
    proof.insert(proof.end(), sig.begin(), sig.end());
    return Create<Packet>(proof.data(), proof.size());
}

bool
MusesHandshake::CheckProof(const uint8_t* proof, const MusesSessionId& id) const
{
    MusesIdentity::PublicKey key;
    MusesIdentity::Signature sig;
    std::copy(proof, proof + key.size(), key.begin());
    std::copy(proof + key.size(), proof + key.size() + sig.size(), sig.begin());
    std::vector<uint8_t> transcript = Transcript(!m_initiator, id);
    return MusesIdentity::NameOf(key) == m_config.peerName &&
           MusesIdentity::Verify(key, transcript.data(), transcript.size(), sig);
}

bool
MusesHandshake::TakePeerShare(const uint8_t* share)
{
    std::copy(share, share + MusesKeyShare::SIZE, m_peerShare.begin());
    MusesKeyShare::Bytes dh;
    if (!m_share.Derive(m_peerShare, dh))
    {
        return false;
    }
    m_sessionSecret.assign(dh.begin(), dh.end());
    m_sessionSecret.insert(m_sessionSecret.end(),
                           m_config.preShared.begin(),
                           m_config.preShared.end());
    return true;
}

} // namespace ns3
