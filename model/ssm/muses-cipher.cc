/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-cipher.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/header.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/muses-ns3-compat.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstring>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <string>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesCipher");

NS_OBJECT_ENSURE_REGISTERED(MusesCipher);

namespace
{
/// HKDF info prefix: binds the keys to this protocol and version.
const char* const KDF_LABEL = "MUSEs v1 ";

/**
 * Make a scratch buffer hold at least \p size bytes. It never shrinks, so once it has held the
 * largest packet it is neither resized nor zero-filled again.
 */
void
GrowTo(std::vector<uint8_t>& buffer, uint32_t size)
{
    if (buffer.size() < size)
    {
        buffer.resize(size);
    }
}

} // namespace

TypeId
MusesCipher::CipherBytes::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesCipherBytes")
                            .SetParent<Header>()
                            .SetGroupName("Muses")
                            .AddConstructor<CipherBytes>();
    return tid;
}

TypeId
MusesCipher::CipherBytes::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
MusesCipher::CipherBytes::Point(const uint8_t* bytes, uint32_t size)
{
    m_bytes = bytes;
    m_size = size;
}

uint32_t
MusesCipher::CipherBytes::GetSerializedSize() const
{
    return m_size;
}

void
MusesCipher::CipherBytes::Serialize(Buffer::Iterator start) const
{
    start.Write(m_bytes, m_size);
}

uint32_t
MusesCipher::CipherBytes::Deserialize(Buffer::Iterator start)
{
    // Only Packet::Print reads these back (with printing enabled): they are opaque.
    m_bytes = nullptr;
    m_size = start.GetRemainingSize();
    return m_size;
}

void
MusesCipher::CipherBytes::Print(std::ostream& os) const
{
    os << "length=" << m_size;
}

TypeId
MusesCipher::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MusesCipher")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddConstructor<MusesCipher>()
            .AddAttribute("CipherSuite",
                          "Cipher suite of the session; read when SetKeys() is called.",
                          EnumValue(MUSES_AES_256_GCM),
                          compat::MakeEnumAccessor<MusesCipherSuite>(&MusesCipher::m_suite),
                          MakeEnumChecker(MUSES_AES_256_GCM,
                                          "AES-256-GCM",
                                          MUSES_AES_128_CBC_HMAC_SHA1,
                                          "AES-128-CBC-HMAC-SHA1",
                                          MUSES_CHACHA20_POLY1305,
                                          "CHACHA20-POLY1305"))
            .AddAttribute("KeyUpdateAfterPackets",
                          "SeqNBRs of a message type sealed under one key generation; the next "
                          "ones go under the next generation's keys (RFC 9001 §6.6 limits). "
                          "0: the suite's (AES-256-GCM 2^22, AES-128-CBC-HMAC-SHA1 2^19, "
                          "CHACHA20-POLY1305 never). Both ends must have the same, as "
                          "CipherSuite; read when SetKeys() is called.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&MusesCipher::m_updateAfter),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("Drop",
                            "A received packet was refused: tampered, forged, truncated, "
                            "for another session, ...",
                            MakeTraceSourceAccessor(&MusesCipher::m_dropTrace),
                            "ns3::MusesCipher::DropTracedCallback");
    return tid;
}

MusesCipher::MusesCipher()
    : m_suite(MUSES_AES_256_GCM),
      m_updateAfter(0),
      m_keyed(false)
{
    NS_LOG_FUNCTION(this);
    m_sealFloor.fill(0);
    m_drops.fill(0);
}

MusesCipher::~MusesCipher()
{
    NS_LOG_FUNCTION(this);
}

void
MusesCipher::DoDispose()
{
    NS_LOG_FUNCTION(this);
    for (Direction* direction : {&m_seal, &m_open})
    {
        for (Keys& keys : direction->generations)
        {
            keys.aead.reset();
            OPENSSL_cleanse(&keys.ivHead, sizeof(keys.ivHead));
            OPENSSL_cleanse(&keys.ivTail, sizeof(keys.ivTail));
        }
    }
    OPENSSL_cleanse(m_secret.data(), m_secret.size());
    m_secret.clear();
    m_keyed = false;
    Object::DoDispose();
}

void
MusesCipher::SetKeys(const std::vector<uint8_t>& secret, const MusesSessionId& sessionId, Role role)
{
    NS_LOG_FUNCTION(this << MusesAead::GetSuiteName(m_suite) << role);
    NS_ABORT_MSG_IF(secret.empty(), "MusesCipher::SetKeys: empty session secret");
    OPENSSL_cleanse(m_secret.data(), m_secret.size());
    m_secret = secret;
    m_sessionId = sessionId;
    const char* forward = "initiator to responder";
    const char* backward = "responder to initiator";
    m_seal = Direction();
    m_open = Direction();
    m_seal.label = role == INITIATOR ? forward : backward;
    m_open.label = role == INITIATOR ? backward : forward;
    GetKeys(m_seal, 0); // generation 0 at once: a bad suite fails here, not mid-run
    GetKeys(m_open, 0);
    m_sealFloor.fill(0);
    m_keyed = true;
}

uint64_t
MusesCipher::GetDefaultGenerationSize(MusesCipherSuite suite)
{
    switch (suite)
    {
    case MUSES_AES_256_GCM:
        return uint64_t(1) << 22;
    case MUSES_AES_128_CBC_HMAC_SHA1:
        return uint64_t(1) << 19;
    default:
        return UINT64_MAX;
    }
}

uint64_t
MusesCipher::GetGenerationSize() const
{
    return m_updateAfter != 0 ? m_updateAfter : GetDefaultGenerationSize(m_suite);
}

const MusesCipher::Keys&
MusesCipher::GetKeys(Direction& direction, uint64_t seq)
{
    uint64_t generation = seq / GetGenerationSize();
    // A kept generation, else the slot to key: an empty one, else the oldest generation's.
    Keys* slot = &direction.generations[0];
    for (Keys& keys : direction.generations)
    {
        if (keys.aead && keys.generation == generation)
        {
            return keys;
        }
        if (slot->aead && (!keys.aead || keys.generation < slot->generation))
        {
            slot = &keys;
        }
    }
    NS_LOG_LOGIC("keys of generation " << generation << ", " << direction.label);
    // Generation 0's info is the direction's label alone; the next ones add their number.
    std::string info = std::string(KDF_LABEL) + MusesAead::GetSuiteName(m_suite) + " " +
                       direction.label +
                       (generation == 0 ? "" : " generation " + std::to_string(generation));
    std::vector<uint8_t> salt(16); // the SessID, big-endian
    uint8_t* p = salt.data();
    WriteBigEndian(p, m_sessionId.initiatorPart, 8);
    WriteBigEndian(p, m_sessionId.responderPart, 8);
    uint32_t keySize = MusesAead::GetKeySize(m_suite);
    std::vector<uint8_t> okm = HkdfSha256(m_secret,
                                          salt,
                                          std::vector<uint8_t>(info.begin(), info.end()),
                                          keySize + MusesAead::NONCE_SIZE);
    slot->aead = std::make_unique<MusesAead>(m_suite, okm.data(), keySize);
    slot->generation = generation;
    const uint8_t* ivBase = okm.data() + keySize;
    slot->ivHead = ReadBigEndian(ivBase, 4);
    slot->ivTail = ReadBigEndian(ivBase, 8);
    OPENSSL_cleanse(okm.data(), okm.size());
    return *slot;
}

bool
MusesCipher::IsKeyed() const
{
    return m_keyed;
}

MusesCipherSuite
MusesCipher::GetSuite() const
{
    return m_suite;
}

MusesSessionId
MusesCipher::GetSessionId() const
{
    return m_sessionId;
}

uint32_t
MusesCipher::GetOverhead(uint32_t payloadSize) const
{
    return MusesHeader::SIZE + MusesAead::GetSealedSize(m_suite, payloadSize) - payloadSize;
}

uint32_t
MusesCipher::GetMaxPayloadSize() const
{
    // The length field is 16 bits: the sealed body must fit in 65535 bytes.
    const uint32_t maxBody = 0xffff;
    uint32_t icv = MusesAead::GetIcvSize(m_suite);
    if (m_suite == MUSES_AES_128_CBC_HMAC_SHA1)
    {
        return (maxBody - icv) / 16 * 16 - 1; // PKCS#7 adds at least one byte
    }
    return maxBody - icv;
}

void
MusesCipher::MakeNonce(const Keys& keys, uint8_t type, uint64_t seq, uint8_t* nonce)
{
    // IV base XOR (0, 0, 0, type, SeqNBR as 8 big-endian bytes): each part written once.
    uint8_t* p = nonce;
    WriteBigEndian(p, keys.ivHead ^ type, 4);
    WriteBigEndian(p, keys.ivTail ^ seq, 8);
}

void
MusesCipher::Seal(const MusesHeader& header, Ptr<Packet> packet)
{
    NS_LOG_FUNCTION(this << packet);
    NS_ABORT_MSG_IF(!m_keyed, "MusesCipher::Seal before SetKeys");
    uint32_t plainSize = packet->GetSize();
    NS_ABORT_MSG_IF(plainSize > GetMaxPayloadSize(),
                    "MusesCipher::Seal: payload of " << plainSize << " bytes, max "
                                                     << GetMaxPayloadSize());
    uint8_t type = header.GetType();
    uint64_t seq = header.GetSeq();
    NS_ABORT_MSG_IF(seq < m_sealFloor[type] || seq == UINT64_MAX,
                    "MusesCipher::Seal: SeqNBR " << seq << " of a "
                                                 << MusesHeader::MessageTypeName(type)
                                                 << " would reuse a nonce; send the stored "
                                                    "packet again instead of sealing it again");
    uint32_t sealedSize = MusesAead::GetSealedSize(m_suite, plainSize);
    m_sealHeader = header;
    m_sealHeader.SetSessionId(m_sessionId);
    m_sealHeader.SetLength(sealedSize);

    // The wire bytes are built in one buffer: the serialized header, which is the associated
    // data, then the sealed body; they replace the plaintext in one write.
    GrowTo(m_in, plainSize);
    packet->CopyData(m_in.data(), plainSize);
    GrowTo(m_out, MusesHeader::SIZE + sealedSize);
    m_sealHeader.WriteTo(m_out.data());
    const Keys& keys = GetKeys(m_seal, seq);
    m_seal.newest = std::max(m_seal.newest, keys.generation);
    uint8_t nonce[MusesAead::NONCE_SIZE];
    MakeNonce(keys, type, seq, nonce);
    uint32_t written = keys.aead->Seal(nonce,
                                       m_out.data(),
                                       MusesHeader::SIZE,
                                       m_in.data(),
                                       plainSize,
                                       m_out.data() + MusesHeader::SIZE);
    NS_ASSERT(written == sealedSize);
    m_sealFloor[type] = seq + 1;
    packet->RemoveAtStart(plainSize);
    m_chunk.Point(m_out.data(), MusesHeader::SIZE + written);
    packet->AddHeader(m_chunk);
}

MusesDropReason
MusesCipher::Open(Ptr<Packet> packet, MusesHeader& header)
{
    NS_LOG_FUNCTION(this << packet);
    if (!m_keyed)
    {
        return Drop(packet, MUSES_DROP_NOT_KEYED);
    }
    // One copy of the bytes as received: the header is parsed from them, and they are what
    // is authenticated (the header bytes are the associated data). The packet itself is
    // left alone until the bytes proved authentic.
    uint32_t size = packet->GetSize();
    if (size < MusesHeader::SIZE)
    {
        return Drop(packet, MUSES_DROP_TRUNCATED);
    }
    GrowTo(m_in, size);
    packet->CopyData(m_in.data(), size);
    if (header.ReadFrom(m_in.data(), size) != MusesHeader::SIZE)
    {
        return Drop(packet, MUSES_DROP_MALFORMED_HEADER);
    }
    if (header.GetSessionId() != m_sessionId)
    {
        return Drop(packet, MUSES_DROP_WRONG_SESSION);
    }
    if (size - MusesHeader::SIZE < header.GetLength())
    {
        return Drop(packet, MUSES_DROP_TRUNCATED);
    }
    if (size - MusesHeader::SIZE > header.GetLength())
    {
        return Drop(packet, MUSES_DROP_LENGTH_MISMATCH);
    }
    const Keys& keys = GetKeys(m_open, header.GetSeq());
    uint8_t nonce[MusesAead::NONCE_SIZE];
    MakeNonce(keys, header.GetType(), header.GetSeq(), nonce);
    uint32_t plainSize = 0;
    // Decrypted in place: the plaintext overwrites the body it came from.
    uint8_t* body = m_in.data() + MusesHeader::SIZE;
    MusesDropReason reason = keys.aead->Open(nonce,
                                             m_in.data(),
                                             MusesHeader::SIZE,
                                             body,
                                             size - MusesHeader::SIZE,
                                             body,
                                             &plainSize);
    if (reason != MUSES_DROP_NONE)
    {
        return Drop(packet, reason);
    }
    m_open.newest = std::max(m_open.newest, keys.generation);
    packet->RemoveAtStart(size);
    m_chunk.Point(body, plainSize);
    packet->AddHeader(m_chunk);
    return MUSES_DROP_NONE;
}

uint64_t
MusesCipher::GetSealGeneration() const
{
    return m_seal.newest;
}

uint64_t
MusesCipher::GetOpenGeneration() const
{
    return m_open.newest;
}

uint64_t
MusesCipher::GetDropCount(MusesDropReason reason) const
{
    return reason < MUSES_DROP_REASON_COUNT ? m_drops[reason] : 0;
}

MusesDropReason
MusesCipher::Drop(Ptr<const Packet> packet, MusesDropReason reason)
{
    NS_LOG_LOGIC("drop " << packet->GetSize() << " bytes: " << reason);
    ++m_drops[reason];
    m_dropTrace(packet, reason);
    return reason;
}

std::vector<uint8_t>
MusesCipher::HkdfSha256(const std::vector<uint8_t>& ikm,
                        const std::vector<uint8_t>& salt,
                        const std::vector<uint8_t>& info,
                        uint32_t length)
{
    EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    NS_ABORT_MSG_IF(!kdf, "OpenSSL has no HKDF");
    EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    NS_ABORT_MSG_IF(!ctx, "EVP_KDF_CTX_new failed");
    // OSSL_PARAM wants non-const pointers; these buffers are only read.
    char digest[] = "SHA256";
    uint8_t empty = 0;
    auto octets = [&empty](const std::vector<uint8_t>& v) {
        return const_cast<uint8_t*>(v.empty() ? &empty : v.data());
    };
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, octets(ikm), ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, octets(salt), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, octets(info), info.size()),
        OSSL_PARAM_construct_end()};
    std::vector<uint8_t> okm(length);
    int ok = EVP_KDF_derive(ctx, okm.data(), okm.size(), params);
    EVP_KDF_CTX_free(ctx);
    NS_ABORT_MSG_IF(ok != 1, "HKDF-SHA256 failed (length " << length << ")");
    return okm;
}

} // namespace ns3
