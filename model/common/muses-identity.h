/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_IDENTITY_H
#define MUSES_IDENTITY_H

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <array>
#include <cstdint>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace ns3
{

/**
 * \ingroup muses
 * \brief A peer's long-term identity: an Ed25519 key pair [RFC 8032] through OpenSSL EVP,
 *        and the permanent name derived from its public key.
 *
 * The name is self-certifying (paper §II.D, §V): the first 8 bytes of SHA-256 of the public
 * key, big-endian (never 0: a zero hash maps to 1). Whoever can sign with the key that hashes
 * to a name is that name; no certificate authority is involved. Keys are made from a 32-byte
 * seed (RFC 8032's private key), given or drawn from an ns-3 random stream, so runs are
 * reproducible.
 */
class MusesIdentity : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Bytes of a public key, of a seed (private key) and of a signature.
    static constexpr uint32_t KEY_SIZE = 32;
    static constexpr uint32_t SIGNATURE_SIZE = 64; //!< Ed25519 signature

    /// A public key.
    typedef std::array<uint8_t, KEY_SIZE> PublicKey;
    /// A signature.
    typedef std::array<uint8_t, SIGNATURE_SIZE> Signature;

    MusesIdentity();
    ~MusesIdentity() override;

    /// \param seed the 32-byte private key (RFC 8032) \return false if OpenSSL refused it
    bool SetSeed(const std::array<uint8_t, KEY_SIZE>& seed);
    /// Draw a seed from a random stream. \param random the stream
    void Generate(Ptr<UniformRandomVariable> random);

    /// \return true once a key is set
    bool HasKey() const;
    /// \return the public key
    const PublicKey& GetPublicKey() const;
    /// \return the name derived from the public key
    uint64_t GetName() const;

    /**
     * \brief Sign bytes.
     * \param data the bytes \param size how many
     * \return the signature (aborts without a key)
     */
    Signature Sign(const uint8_t* data, uint32_t size) const;

    /**
     * \brief Check a signature.
     * \param key the signer's public key
     * \param data the bytes \param size how many
     * \param signature the signature
     * \return true if it is the key's signature of exactly these bytes
     */
    static bool Verify(const PublicKey& key,
                       const uint8_t* data,
                       uint32_t size,
                       const Signature& signature);

    /// \param key a public key \return the name it certifies
    static uint64_t NameOf(const PublicKey& key);
    /// \return Ed25519 signatures made and checked so far, by every identity of the process
    ///         (what a flood of handshakes costs: benchmarks and attack checks)
    static uint64_t GetOperationCount();

  protected:
    void DoDispose() override;

  private:
    EVP_PKEY* m_key;    //!< The key pair (null until set)
    PublicKey m_public; //!< Its public half
};

/**
 * \ingroup muses
 * \brief An ephemeral X25519 key share [RFC 7748] for one handshake: the half of a
 *        Diffie-Hellman exchange each side sends, and the shared secret from the other's.
 */
class MusesKeyShare
{
  public:
    /// Bytes of a share, a private scalar and a shared secret.
    static constexpr uint32_t SIZE = 32;
    /// A public share or a secret.
    typedef std::array<uint8_t, SIZE> Bytes;

    MusesKeyShare();
    ~MusesKeyShare();
    MusesKeyShare(const MusesKeyShare&) = delete;
    MusesKeyShare& operator=(const MusesKeyShare&) = delete;

    /// \param scalar the private scalar \return false if OpenSSL refused it
    bool SetPrivate(const Bytes& scalar);
    /// \param random a random stream \return a private scalar drawn from it (for SetPrivate)
    static Bytes DrawPrivate(Ptr<UniformRandomVariable> random);

    /// \return the public share to send
    const Bytes& GetPublic() const;

    /**
     * \brief The shared secret with a peer's share.
     * \param peer the peer's public share
     * \param secret receives the secret
     * \return false for an unusable share (one giving the all-zero secret: a small-order
     *         point, RFC 7748 §6.1) or without a private scalar
     */
    bool Derive(const Bytes& peer, Bytes& secret) const;
    /// \return X25519 shares made (SetPrivate) and secrets derived so far, by every share of
    ///         the process
    static uint64_t GetOperationCount();

  private:
    EVP_PKEY* m_key; //!< The private scalar (null until set)
    Bytes m_public;  //!< Its public share
};

} // namespace ns3

#endif /* MUSES_IDENTITY_H */
