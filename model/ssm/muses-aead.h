/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_AEAD_H
#define MUSES_AEAD_H

#include "muses-drop-reason.h"

#include <cstdint>
#include <string>

// OpenSSL types, so that users of this header need not include OpenSSL's.
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_mac_ctx_st EVP_MAC_CTX;

namespace ns3
{

/**
 * \ingroup muses
 * \brief Cipher suites of the Session Security Module.
 */
enum MusesCipherSuite : uint8_t
{
    MUSES_AES_128_CBC_HMAC_SHA1 = 0, //!< The paper's choice (§II.E): encrypt-then-MAC.
    MUSES_AES_256_GCM = 1,           //!< AEAD, the default.
    MUSES_CHACHA20_POLY1305 = 2,     //!< AEAD, fast without AES instructions.
};

/**
 * \ingroup muses
 * \brief Authenticated encryption with associated data, for one key, through OpenSSL EVP.
 *
 * One object holds one key and the OpenSSL contexts for it, created once and reused for
 * every packet. Seal() writes ciphertext followed by the ICV; Open() verifies the ICV
 * before it decrypts anything.
 *
 * For AES-256-GCM and ChaCha20-Poly1305 the key is the cipher key and the 12-byte nonce
 * is the AEAD nonce. For AES-128-CBC-HMAC-SHA1 the key is the 16-byte AES key followed
 * by the 20-byte HMAC key; the CBC IV is the AES encryption of the nonce padded with
 * zeros (NIST SP 800-38A, Appendix C), so it is unpredictable and is not sent; the
 * plaintext is PKCS#7 padded and the ICV is the full HMAC-SHA1 of the associated data
 * followed by the ciphertext (encrypt-then-MAC).
 *
 * The same nonce must never be used twice under one key: that is the caller's duty
 * (MusesCipher derives nonces from sequence numbers).
 */
class MusesAead
{
  public:
    /// Size of the nonce given to Seal() and Open().
    static constexpr uint32_t NONCE_SIZE = 12;
    /// Largest ICV of any suite.
    static constexpr uint32_t MAX_ICV_SIZE = 20;
    /// Largest key of any suite.
    static constexpr uint32_t MAX_KEY_SIZE = 36;
    /// Every cipher suite, for loops over them.
    static constexpr MusesCipherSuite ALL_SUITES[] = {MUSES_AES_128_CBC_HMAC_SHA1,
                                                      MUSES_AES_256_GCM,
                                                      MUSES_CHACHA20_POLY1305};

    /**
     * \param suite the cipher suite
     * \param key the key (GetKeySize(suite) bytes)
     * \param keySize its size; anything but GetKeySize(suite) is a fatal error
     */
    MusesAead(MusesCipherSuite suite, const uint8_t* key, uint32_t keySize);
    ~MusesAead();
    MusesAead(const MusesAead&) = delete;
    MusesAead& operator=(const MusesAead&) = delete;

    /**
     * \param suite a cipher suite
     * \return its name, e.g. "AES-256-GCM"
     */
    static const char* GetSuiteName(MusesCipherSuite suite);
    /**
     * \brief Find a suite by the name GetSuiteName() gives it (for command lines).
     * \param name a suite name, e.g. "AES-256-GCM"
     * \param suite receives the suite when the name is known
     * \return true if the name is a suite's
     */
    static bool FindSuite(const std::string& name, MusesCipherSuite* suite);
    /**
     * \param suite a cipher suite
     * \return the key size in bytes
     */
    static uint32_t GetKeySize(MusesCipherSuite suite);
    /**
     * \param suite a cipher suite
     * \return the ICV size in bytes
     */
    static uint32_t GetIcvSize(MusesCipherSuite suite);
    /**
     * \param suite a cipher suite
     * \param plaintextSize bytes of plaintext
     * \return bytes that Seal() writes for it (ciphertext, padding, ICV)
     */
    static uint32_t GetSealedSize(MusesCipherSuite suite, uint32_t plaintextSize);

    /** \return the suite of this object */
    MusesCipherSuite GetSuite() const;

    /**
     * \brief Encrypt and authenticate.
     * \param nonce NONCE_SIZE bytes, never used before under this key
     * \param aad associated data: authenticated, not encrypted
     * \param aadSize its size
     * \param plaintext the plaintext
     * \param plaintextSize its size
     * \param out GetSealedSize(suite, plaintextSize) bytes: ciphertext then ICV
     * \return the bytes written to out
     */
    uint32_t Seal(const uint8_t* nonce,
                  const uint8_t* aad,
                  uint32_t aadSize,
                  const uint8_t* plaintext,
                  uint32_t plaintextSize,
                  uint8_t* out);

    /**
     * \brief Verify, then decrypt.
     * \param nonce the nonce the sender used
     * \param aad associated data, as the sender had it
     * \param aadSize its size
     * \param sealed ciphertext then ICV
     * \param sealedSize its size
     * \param out at least sealedSize bytes, receives the plaintext
     * \param plaintextSize receives the plaintext size
     * \return MUSES_DROP_NONE, or TRUNCATED, BAD_ICV or DECRYPT_FAILED
     */
    MusesDropReason Open(const uint8_t* nonce,
                         const uint8_t* aad,
                         uint32_t aadSize,
                         const uint8_t* sealed,
                         uint32_t sealedSize,
                         uint8_t* out,
                         uint32_t* plaintextSize);

    /**
     * \brief AES-128-CBC encryption as used by the CBC suite's Seal(), with an explicit IV.
     *
     * A building block of the encrypt-then-MAC suite, public for known-answer tests.
     * \param iv 16-byte IV
     * \param in plaintext
     * \param size its size (a multiple of 16 when pad is false)
     * \param pad whether to add PKCS#7 padding
     * \param out receives the ciphertext (size rounded up to the next block when padding)
     * \return bytes written
     */
    uint32_t CbcEncrypt(const uint8_t* iv,
                        const uint8_t* in,
                        uint32_t size,
                        bool pad,
                        uint8_t* out);

    /**
     * \brief HMAC-SHA1 of a || b under the CBC suite's MAC key, as Seal() computes the ICV.
     *
     * A building block of the encrypt-then-MAC suite, public for known-answer tests.
     * \param a first part
     * \param aSize its size
     * \param b second part
     * \param bSize its size
     * \param out receives the 20-byte MAC
     */
    void Hmac(const uint8_t* a, uint32_t aSize, const uint8_t* b, uint32_t bSize, uint8_t* out);

  private:
    /**
     * \brief The CBC IV for a nonce: AES_K(nonce || 0^32).
     * \param nonce NONCE_SIZE bytes
     * \param iv receives 16 bytes
     */
    void DeriveCbcIv(const uint8_t* nonce, uint8_t* iv);

    MusesCipherSuite m_suite;   //!< Cipher suite
    EVP_CIPHER_CTX* m_encrypt;  //!< Keyed encryption context
    EVP_CIPHER_CTX* m_decrypt;  //!< Keyed decryption context
    EVP_CIPHER_CTX* m_ivCipher; //!< CBC only: AES-ECB context deriving IVs
    EVP_MAC_CTX* m_mac;         //!< CBC only: keyed HMAC-SHA1 context
};

} // namespace ns3

#endif /* MUSES_AEAD_H */
