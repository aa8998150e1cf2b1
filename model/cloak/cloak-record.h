/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_RECORD_H
#define CLOAK_RECORD_H

#include "hyperbolic-address.h"

#include "ns3/buffer.h"
#include "ns3/muses-identity.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A CLOAK DHT record: a name's overlay address and public key, with a sequence number
 *        and an expiry, signed by the name's key (paper §II.D: the DHT as a PKI).
 *
 * A signed record is valid when its key certifies its name (MusesIdentity::NameOf) and the
 * Ed25519 signature covers every other field; the storing peers and the peers that look it
 * up check both, so nobody but the name's owner can publish for it, and an old record (lower
 * sequence) never replaces a newer one. Unsigned records (no key) exist for overlays without
 * identities (a peer with an identity refuses them: CloakDht's RequireSignedRecords).
 *
 * Wire form: name (8), sequence (4), expiry in ms of simulation time (8), the address, key
 * length (1: 0 or 32) and key, signature length (1: 0 or 64) and signature.
 */
class CloakRecord
{
  public:
    /// What Verify() found.
    enum Check
    {
        UNSIGNED, //!< No key, no signature
        VALID,    //!< The key certifies the name and signed every field
        FORGED,   //!< A key or signature that does not hold
    };

    uint64_t name{0};               //!< Whose record
    HyperbolicAddress address;      //!< The name's overlay address
    uint32_t sequence{0};           //!< Newer records have higher numbers
    Time expires;                   //!< When it is forgotten (simulation time)
    std::vector<uint8_t> key;       //!< Ed25519 public key, or empty
    std::vector<uint8_t> signature; //!< Ed25519 signature, or empty

    /// Set key and signature with an identity (its name must be the record's). \param id it
    void Sign(const MusesIdentity& id);

    /// \return whether the record is unsigned, validly signed for its name, or forged
    Check Verify() const;

    /// \return bytes of the wire form
    uint32_t GetSerializedSize() const;
    /// \param i where to write the wire form
    void Serialize(Buffer::Iterator& i) const;
    /**
     * \brief Read a wire form, without trusting it.
     * \param i where; advanced past what was read
     * \param available bytes left
     * \param record receives the record
     * \return bytes read, or 0 if short or inconsistent
     */
    static uint32_t Deserialize(Buffer::Iterator& i, uint32_t available, CloakRecord& record);

  private:
    /// \return the bytes the signature covers
    std::vector<uint8_t> SignedBytes() const;
};

} // namespace ns3

#endif /* CLOAK_RECORD_H */
