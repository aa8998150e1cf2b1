/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-handshake.h"

#include "ns3/abort.h"
#include "ns3/muses-byte-order.h"

#include <algorithm>

namespace ns3
{

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
} // namespace

MusesHandshake::MusesHandshake()
    : m_localName(0),
      m_peerName(0),
      m_initiator(false)
{
}

void
MusesHandshake::Configure(uint64_t localName,
                          uint64_t peerName,
                          const std::vector<uint8_t>& preShared,
                          Ptr<MusesIdentity> identity,
                          const MusesKeyShare::Bytes& shareSeed)
{
    m_localName = localName;
    m_peerName = peerName;
    m_preShared = preShared;
    m_identity = identity;
    m_sessionSecret = preShared;
    // A node whose name is not its identity's can still run the handshake; its peers
    // refuse its proofs (that is an impersonation attempt).
    if (identity)
    {
        NS_ABORT_MSG_IF(!m_share.SetPrivate(shareSeed), "MusesHandshake: no X25519");
    }
}

void
MusesHandshake::SetInitiator(bool initiator)
{
    m_initiator = initiator;
}

bool
MusesHandshake::IsInBand() const
{
    return m_identity != nullptr;
}

Ptr<Packet>
MusesHandshake::MakeHello() const
{
    const MusesKeyShare::Bytes& share = m_share.GetPublic();
    return m_identity ? Create<Packet>(share.data(), share.size()) : Create<Packet>();
}

MusesDropReason
MusesHandshake::TakeHello(Ptr<const Packet> body)
{
    if (!m_identity)
    {
        return MUSES_DROP_NONE;
    }
    std::vector<uint8_t> share = Bytes(body, MusesKeyShare::SIZE);
    if (share.empty())
    {
        return MUSES_DROP_UNEXPECTED; // a pre-shared-key peer: the modes differ
    }
    return TakePeerShare(share.data()) ? MUSES_DROP_NONE : MUSES_DROP_BAD_SIGNATURE;
}

Ptr<Packet>
MusesHandshake::MakeHelloReply(const MusesSessionId& id) const
{
    uint8_t part[8];
    uint8_t* p = part;
    WriteBigEndian(p, id.responderPart, 8);
    Ptr<Packet> body = Create<Packet>(part, sizeof(part));
    if (m_identity)
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
        Bytes(body, 8 + (m_identity ? MusesKeyShare::SIZE + PROOF_SIZE : 0));
    if (bytes.empty())
    {
        return MUSES_DROP_UNEXPECTED;
    }
    const uint8_t* p = bytes.data();
    id.responderPart = ReadBigEndian(p, 8);
    if (m_identity)
    {
        std::copy(p, p + MusesKeyShare::SIZE, m_peerShare.begin());
        if (!CheckProof(p + MusesKeyShare::SIZE, id) || !TakePeerShare(p))
        {
            return MUSES_DROP_BAD_SIGNATURE; // not the peer its name says
        }
    }
    return MUSES_DROP_NONE;
}

uint32_t
MusesHandshake::GetFinishedProofSize() const
{
    return m_identity && m_initiator ? PROOF_SIZE : 0;
}

uint32_t
MusesHandshake::GetPeerFinishedProofSize() const
{
    return m_identity && !m_initiator ? PROOF_SIZE : 0;
}

Ptr<Packet>
MusesHandshake::MakeFinishedProof(const MusesSessionId& id) const
{
    // The initiator proves its identity in FINISHED, under the new keys (SIGMA-I).
    return GetFinishedProofSize() > 0 ? Prove(id) : Create<Packet>();
}

bool
MusesHandshake::CheckFinishedProof(Ptr<const Packet> proof, const MusesSessionId& id) const
{
    std::vector<uint8_t> bytes = Bytes(proof, PROOF_SIZE);
    return !bytes.empty() && CheckProof(bytes.data(), id);
}

const std::vector<uint8_t>&
MusesHandshake::GetSessionSecret() const
{
    return m_sessionSecret;
}

void
MusesHandshake::Clear()
{
    m_identity = nullptr;
    m_preShared.clear();
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
    uint64_t initiatorName = m_initiator ? m_localName : m_peerName;
    uint64_t responderName = m_initiator ? m_peerName : m_localName;
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
    const MusesIdentity::PublicKey& key = m_identity->GetPublicKey();
    std::vector<uint8_t> transcript = Transcript(m_initiator, id);
    MusesIdentity::Signature sig = m_identity->Sign(transcript.data(), transcript.size());
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
    return MusesIdentity::NameOf(key) == m_peerName &&
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
    m_sessionSecret.insert(m_sessionSecret.end(), m_preShared.begin(), m_preShared.end());
    return true;
}

} // namespace ns3
