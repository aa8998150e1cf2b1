/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-aead.h"

#include "ns3/assert.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"

#include <cstring>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesAead");

namespace
{

constexpr uint32_t AES_BLOCK = 16;
constexpr uint32_t CBC_ENC_KEY = 16;
constexpr uint32_t CBC_MAC_KEY = 20;

/// An OpenSSL call that cannot fail on valid arguments; if it does, the library is broken.
void
Check(int ok, const char* what)
{
    if (ok != 1)
    {
        NS_FATAL_ERROR("OpenSSL failed: " << what);
    }
}

EVP_CIPHER_CTX*
NewCipherContext(const EVP_CIPHER* cipher, const uint8_t* key, bool encrypt)
{
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
    {
        NS_FATAL_ERROR("EVP_CIPHER_CTX_new failed");
    }
    Check(EVP_CipherInit_ex(ctx, cipher, nullptr, key, nullptr, encrypt ? 1 : 0),
          "EVP_CipherInit_ex (key)");
    return ctx;
}

} // namespace

MusesAead::MusesAead(MusesCipherSuite suite, const uint8_t* key, uint32_t keySize)
    : m_suite(suite),
      m_encrypt(nullptr),
      m_decrypt(nullptr),
      m_ivCipher(nullptr),
      m_mac(nullptr)
{
    NS_LOG_FUNCTION(this << GetSuiteName(suite));
    if (keySize != GetKeySize(suite))
    {
        NS_FATAL_ERROR("MusesAead: " << GetSuiteName(suite) << " needs a " << GetKeySize(suite)
                                     << "-byte key, got " << keySize);
    }
    switch (suite)
    {
    case MUSES_AES_256_GCM:
        m_encrypt = NewCipherContext(EVP_aes_256_gcm(), key, true);
        m_decrypt = NewCipherContext(EVP_aes_256_gcm(), key, false);
        break;
    case MUSES_CHACHA20_POLY1305:
        m_encrypt = NewCipherContext(EVP_chacha20_poly1305(), key, true);
        m_decrypt = NewCipherContext(EVP_chacha20_poly1305(), key, false);
        break;
    case MUSES_AES_128_CBC_HMAC_SHA1: {
        m_encrypt = NewCipherContext(EVP_aes_128_cbc(), key, true);
        m_decrypt = NewCipherContext(EVP_aes_128_cbc(), key, false);
        m_ivCipher = NewCipherContext(EVP_aes_128_ecb(), key, true);
        Check(EVP_CIPHER_CTX_set_padding(m_ivCipher, 0), "set_padding");
        EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        if (!hmac)
        {
            NS_FATAL_ERROR("OpenSSL has no HMAC");
        }
        m_mac = EVP_MAC_CTX_new(hmac);
        EVP_MAC_free(hmac);
        char digest[] = "SHA1";
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
        Check(m_mac ? EVP_MAC_init(m_mac, key + CBC_ENC_KEY, CBC_MAC_KEY, params) : 0,
              "EVP_MAC_init (key)");
        break;
    }
    default:
        NS_FATAL_ERROR("MusesAead: unknown cipher suite " << +suite);
    }
}

MusesAead::~MusesAead()
{
    EVP_CIPHER_CTX_free(m_encrypt);
    EVP_CIPHER_CTX_free(m_decrypt);
    EVP_CIPHER_CTX_free(m_ivCipher);
    EVP_MAC_CTX_free(m_mac);
}

const char*
MusesAead::GetSuiteName(MusesCipherSuite suite)
{
    switch (suite)
    {
    case MUSES_AES_128_CBC_HMAC_SHA1:
        return "AES-128-CBC-HMAC-SHA1";
    case MUSES_AES_256_GCM:
        return "AES-256-GCM";
    case MUSES_CHACHA20_POLY1305:
        return "CHACHA20-POLY1305";
    }
    return "UNKNOWN";
}

bool
MusesAead::FindSuite(const std::string& name, MusesCipherSuite* suite)
{
    for (MusesCipherSuite candidate : ALL_SUITES)
    {
        if (name == GetSuiteName(candidate))
        {
            *suite = candidate;
            return true;
        }
    }
    return false;
}

uint32_t
MusesAead::GetKeySize(MusesCipherSuite suite)
{
    return suite == MUSES_AES_128_CBC_HMAC_SHA1 ? CBC_ENC_KEY + CBC_MAC_KEY : 32;
}

uint32_t
MusesAead::GetIcvSize(MusesCipherSuite suite)
{
    return suite == MUSES_AES_128_CBC_HMAC_SHA1 ? 20 : 16;
}

uint32_t
MusesAead::GetSealedSize(MusesCipherSuite suite, uint32_t plaintextSize)
{
    uint32_t ciphertext = plaintextSize;
    if (suite == MUSES_AES_128_CBC_HMAC_SHA1)
    {
        ciphertext = (plaintextSize / AES_BLOCK + 1) * AES_BLOCK; // PKCS#7 always pads
    }
    return ciphertext + GetIcvSize(suite);
}

MusesCipherSuite
MusesAead::GetSuite() const
{
    return m_suite;
}

uint32_t
MusesAead::Seal(const uint8_t* nonce,
                const uint8_t* aad,
                uint32_t aadSize,
                const uint8_t* plaintext,
                uint32_t plaintextSize,
                uint8_t* out)
{
    if (m_suite == MUSES_AES_128_CBC_HMAC_SHA1)
    {
        uint8_t iv[AES_BLOCK];
        DeriveCbcIv(nonce, iv);
        uint32_t n = CbcEncrypt(iv, plaintext, plaintextSize, true, out);
        Hmac(aad, aadSize, out, n, out + n);
        return n + CBC_MAC_KEY;
    }
    int len = 0;
    int total = 0;
    Check(EVP_EncryptInit_ex(m_encrypt, nullptr, nullptr, nullptr, nonce), "nonce");
    Check(EVP_EncryptUpdate(m_encrypt, nullptr, &len, aad, aadSize), "aad");
    Check(EVP_EncryptUpdate(m_encrypt, out, &len, plaintext, plaintextSize), "encrypt");
    total = len;
    Check(EVP_EncryptFinal_ex(m_encrypt, out + total, &len), "final");
    total += len;
    Check(EVP_CIPHER_CTX_ctrl(m_encrypt, EVP_CTRL_AEAD_GET_TAG, 16, out + total), "tag");
    return total + 16;
}

MusesDropReason
MusesAead::Open(const uint8_t* nonce,
                const uint8_t* aad,
                uint32_t aadSize,
                const uint8_t* sealed,
                uint32_t sealedSize,
                uint8_t* out,
                uint32_t* plaintextSize)
{
    uint32_t icvSize = GetIcvSize(m_suite);
    *plaintextSize = 0;
    if (sealedSize < icvSize)
    {
        return MUSES_DROP_TRUNCATED;
    }
    uint32_t ciphertextSize = sealedSize - icvSize;
    const uint8_t* icv = sealed + ciphertextSize;
    int len = 0;
    if (m_suite == MUSES_AES_128_CBC_HMAC_SHA1)
    {
        uint8_t expected[CBC_MAC_KEY];
        Hmac(aad, aadSize, sealed, ciphertextSize, expected);
        if (CRYPTO_memcmp(expected, icv, CBC_MAC_KEY) != 0)
        {
            return MUSES_DROP_BAD_ICV;
        }
        // Authenticated, so a bad length or padding here is the sender's bug, not an oracle.
        if (ciphertextSize == 0 || ciphertextSize % AES_BLOCK != 0)
        {
            return MUSES_DROP_DECRYPT_FAILED;
        }
        uint8_t iv[AES_BLOCK];
        DeriveCbcIv(nonce, iv);
        int total = 0;
        if (EVP_DecryptInit_ex(m_decrypt, nullptr, nullptr, nullptr, iv) != 1 ||
            EVP_DecryptUpdate(m_decrypt, out, &len, sealed, ciphertextSize) != 1)
        {
            return MUSES_DROP_DECRYPT_FAILED;
        }
        total = len;
        if (EVP_DecryptFinal_ex(m_decrypt, out + total, &len) != 1)
        {
            return MUSES_DROP_DECRYPT_FAILED;
        }
        *plaintextSize = total + len;
        return MUSES_DROP_NONE;
    }
    Check(EVP_DecryptInit_ex(m_decrypt, nullptr, nullptr, nullptr, nonce), "nonce");
    Check(EVP_DecryptUpdate(m_decrypt, nullptr, &len, aad, aadSize), "aad");
    Check(EVP_DecryptUpdate(m_decrypt, out, &len, sealed, ciphertextSize), "decrypt");
    int total = len;
    // EVP wants a non-const tag pointer; it only reads it.
    Check(EVP_CIPHER_CTX_ctrl(m_decrypt, EVP_CTRL_AEAD_SET_TAG, icvSize, const_cast<uint8_t*>(icv)),
          "set tag");
    if (EVP_DecryptFinal_ex(m_decrypt, out + total, &len) != 1)
    {
        // AEAD decryption already wrote unauthenticated plaintext: do not leave it around.
        OPENSSL_cleanse(out, ciphertextSize);
        return MUSES_DROP_BAD_ICV;
    }
    *plaintextSize = total + len;
    return MUSES_DROP_NONE;
}

uint32_t
MusesAead::CbcEncrypt(const uint8_t* iv, const uint8_t* in, uint32_t size, bool pad, uint8_t* out)
{
    NS_ASSERT(m_suite == MUSES_AES_128_CBC_HMAC_SHA1);
    NS_ASSERT(pad || size % AES_BLOCK == 0);
    int len = 0;
    Check(EVP_EncryptInit_ex(m_encrypt, nullptr, nullptr, nullptr, iv), "iv");
    Check(EVP_CIPHER_CTX_set_padding(m_encrypt, pad ? 1 : 0), "padding");
    Check(EVP_EncryptUpdate(m_encrypt, out, &len, in, size), "encrypt");
    uint32_t total = len;
    Check(EVP_EncryptFinal_ex(m_encrypt, out + total, &len), "final");
    return total + len;
}

void
MusesAead::Hmac(const uint8_t* a, uint32_t aSize, const uint8_t* b, uint32_t bSize, uint8_t* out)
{
    NS_ASSERT(m_suite == MUSES_AES_128_CBC_HMAC_SHA1);
    size_t len = 0;
    // A null key re-initialises with the key set at construction.
    Check(EVP_MAC_init(m_mac, nullptr, 0, nullptr), "hmac init");
    Check(EVP_MAC_update(m_mac, a, aSize), "hmac update");
    Check(EVP_MAC_update(m_mac, b, bSize), "hmac update");
    Check(EVP_MAC_final(m_mac, out, &len, CBC_MAC_KEY), "hmac final");
}

void
MusesAead::DeriveCbcIv(const uint8_t* nonce, uint8_t* iv)
{
    uint8_t block[AES_BLOCK] = {0};
    std::memcpy(block, nonce, NONCE_SIZE);
    int len = 0;
    Check(EVP_EncryptUpdate(m_ivCipher, iv, &len, block, AES_BLOCK), "iv derivation");
}

} // namespace ns3
