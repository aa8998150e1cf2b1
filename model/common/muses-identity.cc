/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-identity.h"

#include "muses-byte-order.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <openssl/evp.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesIdentity");

NS_OBJECT_ENSURE_REGISTERED(MusesIdentity);

namespace
{
/// Fill 32 bytes from a random stream. \param random the stream \param out the bytes
void
Draw(Ptr<UniformRandomVariable> random, std::array<uint8_t, 32>& out)
{
    for (uint8_t& byte : out)
    {
        byte = random->GetInteger(0, 255);
    }
}

/**
 * Replace a key with a raw key of a type made from 32 private bytes.
 * \param type EVP_PKEY_ED25519 or EVP_PKEY_X25519 \param secret the private bytes
 * \param slot the key to replace \param pub receives its public half
 * \return false, changing nothing, if OpenSSL refused
 */
bool
ReplaceKey(int type,
           const std::array<uint8_t, 32>& secret,
           EVP_PKEY*& slot,
           std::array<uint8_t, 32>& pub)
{
    EVP_PKEY* key = EVP_PKEY_new_raw_private_key(type, nullptr, secret.data(), secret.size());
    std::array<uint8_t, 32> half;
    size_t size = half.size();
    if (!key || EVP_PKEY_get_raw_public_key(key, half.data(), &size) != 1 || size != half.size())
    {
        EVP_PKEY_free(key);
        return false;
    }
    EVP_PKEY_free(slot);
    slot = key;
    pub = half;
    return true;
}
} // namespace

TypeId
MusesIdentity::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesIdentity")
                            .SetParent<Object>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesIdentity>();
    return tid;
}

MusesIdentity::MusesIdentity()
    : m_key(nullptr),
      m_public{}
{
}

MusesIdentity::~MusesIdentity()
{
    EVP_PKEY_free(m_key);
}

void
MusesIdentity::DoDispose()
{
    EVP_PKEY_free(m_key);
    m_key = nullptr;
    Object::DoDispose();
}

bool
MusesIdentity::SetSeed(const std::array<uint8_t, KEY_SIZE>& seed)
{
    return ReplaceKey(EVP_PKEY_ED25519, seed, m_key, m_public);
}

void
MusesIdentity::Generate(Ptr<UniformRandomVariable> random)
{
    std::array<uint8_t, KEY_SIZE> seed;
    Draw(random, seed);
    NS_ABORT_MSG_IF(!SetSeed(seed), "MusesIdentity: OpenSSL has no Ed25519");
}

bool
MusesIdentity::HasKey() const
{
    return m_key != nullptr;
}

const MusesIdentity::PublicKey&
MusesIdentity::GetPublicKey() const
{
    return m_public;
}

uint64_t
MusesIdentity::GetName() const
{
    return NameOf(m_public);
}

namespace
{
uint64_t g_signatureOperations = 0; //!< Ed25519 signatures made and checked, process-wide
uint64_t g_shareOperations = 0;     //!< X25519 public shares made and secrets derived
} // namespace

uint64_t
MusesIdentity::GetOperationCount()
{
    return g_signatureOperations;
}

uint64_t
MusesKeyShare::GetOperationCount()
{
    return g_shareOperations;
}

MusesIdentity::Signature
MusesIdentity::Sign(const uint8_t* data, uint32_t size) const
{
    NS_ABORT_MSG_IF(!m_key, "MusesIdentity: Sign() without a key");
    ++g_signatureOperations;
    Signature signature{};
    size_t length = signature.size();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, m_key) == 1 &&
              EVP_DigestSign(ctx, signature.data(), &length, data, size) == 1 &&
              length == signature.size();
    EVP_MD_CTX_free(ctx);
    NS_ABORT_MSG_IF(!ok, "MusesIdentity: Ed25519 signing failed");
    return signature;
}

bool
MusesIdentity::Verify(const PublicKey& key,
                      const uint8_t* data,
                      uint32_t size,
                      const Signature& signature)
{
    ++g_signatureOperations;
    EVP_PKEY* pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = pkey && ctx && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey) == 1 &&
              EVP_DigestVerify(ctx, signature.data(), signature.size(), data, size) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok;
}

uint64_t
MusesIdentity::NameOf(const PublicKey& key)
{
    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(key.data(), key.size(), digest, &length, EVP_sha256(), nullptr);
    const uint8_t* p = digest;
    uint64_t name = ReadBigEndian(p, 8);
    return name == 0 ? 1 : name;
}

MusesKeyShare::MusesKeyShare()
    : m_key(nullptr),
      m_public{}
{
}

MusesKeyShare::~MusesKeyShare()
{
    EVP_PKEY_free(m_key);
}

bool
MusesKeyShare::SetPrivate(const Bytes& scalar)
{
    ++g_shareOperations; // the public share is a scalar multiplication
    return ReplaceKey(EVP_PKEY_X25519, scalar, m_key, m_public);
}

MusesKeyShare::Bytes
MusesKeyShare::DrawPrivate(Ptr<UniformRandomVariable> random)
{
    Bytes scalar;
    Draw(random, scalar);
    return scalar;
}

const MusesKeyShare::Bytes&
MusesKeyShare::GetPublic() const
{
    return m_public;
}

bool
MusesKeyShare::Derive(const Bytes& peer, Bytes& secret) const
{
    if (!m_key)
    {
        return false;
    }
    ++g_shareOperations;
    EVP_PKEY* other =
        EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer.data(), peer.size());
    EVP_PKEY_CTX* ctx = other ? EVP_PKEY_CTX_new(m_key, nullptr) : nullptr;
    size_t length = secret.size();
    // OpenSSL refuses an all-zero result (a small-order share) in EVP_PKEY_derive.
    bool ok = ctx && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, other) == 1 &&
              EVP_PKEY_derive(ctx, secret.data(), &length) == 1 && length == secret.size();
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(other);
    uint8_t any = 0;
    for (uint8_t byte : secret)
    {
        any |= byte;
    }
    return ok && any != 0;
}

} // namespace ns3
