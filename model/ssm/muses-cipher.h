/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_CIPHER_H
#define MUSES_CIPHER_H

#include "muses-aead.h"
#include "muses-drop-reason.h"
#include "muses-header.h"

#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The Session Security Module of one session: seal and open MUSEs packets.
 *
 * SetKeys() derives one key per direction from the session secret with HKDF-SHA256
 * (RFC 5869; salt = the SessID, info = protocol, suite and direction), so the two
 * directions never share a key and a new session never reuses an old one's keys.
 * Seal() turns a payload packet into header | ciphertext | ICV, the ICV covering every
 * header field (the associated data) and the ciphertext. Open() reverses it and reports
 * why it refused a packet. Both work in place, as ns-3 protocols add and remove their
 * headers, so the SSM allocates no packet. The OpenSSL contexts are created by SetKeys()
 * and reused for every packet.
 *
 * The nonce of a packet is the direction's IV base XOR (type, SeqNBR). Seal() refuses
 * (fatal error) a SeqNBR that is not above the last one sealed for the same message
 * type, so a nonce is never used twice under one key: a retransmission must re-send the
 * stored sealed packet, not seal again.
 *
 * Key update: no key seals more than KeyUpdateAfterPackets SeqNBRs of a message type (AEAD
 * usage limits, RFC 9001 §6.6). A packet's key generation is its SeqNBR divided by that
 * number, so it is implicit in the authenticated header, as IPsec ESP's extended sequence
 * numbers are: both ends move to the next generation's keys (HKDF of the session secret, as
 * generation 0's, with the generation in the info) without a message, a handshake or a
 * pause, and a stored packet resent after a suspension still opens under the generation it
 * was sealed in (a QUIC-style key-phase bit could not name it). A few generations' contexts
 * are kept per direction; the others are derived again when needed.
 *
 * Anti-replay is not done here, it needs session state: see ReplayWindow.
 */
class MusesCipher : public Object
{
  public:
    /// Which end of the session this cipher is: it picks the sealing direction.
    enum Role
    {
        INITIATOR, //!< Alice: sent HELLO
        RESPONDER, //!< Bob: answered HELLO_REPLY
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesCipher();
    ~MusesCipher() override;

    /**
     * \brief Derive this session's keys.
     * \param secret the session secret (a pre-shared key, or a key exchange's output)
     * \param sessionId the session's SessID
     * \param role which end this is
     */
    void SetKeys(const std::vector<uint8_t>& secret, const MusesSessionId& sessionId, Role role);

    /** \return true once SetKeys() has been called */
    bool IsKeyed() const;

    /** \return the cipher suite (the CipherSuite attribute) */
    MusesCipherSuite GetSuite() const;

    /** \return the session's SessID */
    MusesSessionId GetSessionId() const;

    /**
     * \param payloadSize bytes of payload
     * \return bytes a sealed packet adds to it (header, padding, ICV)
     */
    uint32_t GetOverhead(uint32_t payloadSize) const;

    /** \return the largest payload one sealed packet can carry */
    uint32_t GetMaxPayloadSize() const;

    /**
     * \brief Encrypt and authenticate a packet in place.
     *
     * Like Packet::AddHeader, this transforms the packet it is given (copy-on-write: other
     * packets sharing its bytes keep theirs): the plaintext becomes header | ciphertext | ICV.
     * The header's SessID and length are set here; everything else is the caller's.
     * \param header the MUSEs header (type, ports, SeqNBR, ...)
     * \param packet the plaintext; sealed on return
     */
    void Seal(const MusesHeader& header, Ptr<Packet> packet);

    /**
     * \brief Verify and decrypt a sealed packet in place.
     *
     * Like Packet::RemoveHeader: an accepted packet holds its plaintext on return; a refused
     * one is left as received.
     * \param packet what Seal() produced, as received
     * \param header receives the header (valid only when the packet was accepted)
     * \return MUSES_DROP_NONE if accepted, otherwise why it was dropped
     */
    MusesDropReason Open(Ptr<Packet> packet, MusesHeader& header);

    /**
     * \param reason a drop reason
     * \return how many packets Open() dropped for that reason
     */
    uint64_t GetDropCount(MusesDropReason reason) const;

    /// \return the newest key generation Seal() used (0: the handshake's keys' first)
    uint64_t GetSealGeneration() const;
    /// \return the newest key generation of a packet Open() accepted
    uint64_t GetOpenGeneration() const;

    /**
     * \param suite a cipher suite
     * \return its default KeyUpdateAfterPackets: AES-GCM's confidentiality limit of 2^23
     *         packets per key (RFC 9001 §6.6) halved, as DATA and ACK share a key: 2^22;
     *         AES-CBC with HMAC-SHA1 2^19 (64 KiB packets: 2^31 blocks per key, far from
     *         the 2^64-block birthday bound of a 128-bit block); ChaCha20-Poly1305 none
     *         (UINT64_MAX: its limit is beyond 2^62 packets)
     */
    static uint64_t GetDefaultGenerationSize(MusesCipherSuite suite);

    /**
     * \brief HKDF with SHA-256 (RFC 5869), extract then expand.
     * \param ikm input keying material
     * \param salt salt (may be empty)
     * \param info context information (may be empty)
     * \param length bytes of output keying material
     * \return the output keying material
     */
    static std::vector<uint8_t> HkdfSha256(const std::vector<uint8_t>& ikm,
                                           const std::vector<uint8_t>& salt,
                                           const std::vector<uint8_t>& info,
                                           uint32_t length);

    /**
     * TracedCallback signature for dropped packets.
     * \param packet the packet as received
     * \param reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, MusesDropReason reason);

  protected:
    void DoDispose() override;

  private:
    /**
     * Opaque bytes written into a packet as one chunk: how Seal() and Open() replace a
     * packet's content in place, since an ns-3 Packet is written to through headers only.
     * The cipher keeps one and points it at each packet's bytes: building and destroying a
     * Header per packet (virtual destructors across three libraries) showed in
     * muses-bench-crypto.
     */
    class CipherBytes : public Header
    {
      public:
        /**
         * \brief Get the type ID.
         * \return the object TypeId
         */
        static TypeId GetTypeId();
        TypeId GetInstanceTypeId() const override;
        uint32_t GetSerializedSize() const override;
        void Serialize(Buffer::Iterator start) const override;
        uint32_t Deserialize(Buffer::Iterator start) override;
        void Print(std::ostream& os) const override;

        /**
         * \param bytes what the next AddHeader() writes (must outlive that call)
         * \param size how many bytes
         */
        void Point(const uint8_t* bytes, uint32_t size);

      private:
        const uint8_t* m_bytes{nullptr}; //!< Bytes to write
        uint32_t m_size{0};              //!< Their number
    };

    /**
     * One key generation of a direction: the AEAD and its IV base, kept as the two big-endian
     * numbers the nonce is computed from (so a nonce is two stores, not a byte loop).
     */
    struct Keys
    {
        std::unique_ptr<MusesAead> aead; //!< Keyed AEAD (null: an empty slot)
        uint64_t generation{0};          //!< Which generation
        uint32_t ivHead{0};              //!< IV base bytes 0-3, XORed with the message type
        uint64_t ivTail{0};              //!< IV base bytes 4-11, XORed with the SeqNBR
    };

    /// Generations kept keyed per direction: the two sequence spaces' (DATA, control) and
    /// the ones before them (resent packets); others are derived again when needed.
    static constexpr size_t KEPT_GENERATIONS = 4;

    /// One direction: its HKDF label and the key generations in use.
    struct Direction
    {
        const char* label{""};                          //!< Direction label for HKDF info
        std::array<Keys, KEPT_GENERATIONS> generations; //!< Keyed generations
        uint64_t newest{0};                             //!< Newest generation used
    };

    /**
     * \param keys a generation's keys
     * \param type message type
     * \param seq SeqNBR
     * \param nonce receives MusesAead::NONCE_SIZE bytes
     */
    static void MakeNonce(const Keys& keys, uint8_t type, uint64_t seq, uint8_t* nonce);

    /**
     * \param direction a direction
     * \param seq a packet's SeqNBR
     * \return the keys of the packet's generation, derived if not kept
     */
    const Keys& GetKeys(Direction& direction, uint64_t seq);

    /// \return SeqNBRs of a type per key generation (KeyUpdateAfterPackets, or the suite's)
    uint64_t GetGenerationSize() const;

    /**
     * \brief Count and trace a drop.
     * \param packet the dropped packet
     * \param reason why
     * \return reason
     */
    MusesDropReason Drop(Ptr<const Packet> packet, MusesDropReason reason);

    MusesCipherSuite m_suite;      //!< Cipher suite (attribute)
    uint64_t m_updateAfter;        //!< KeyUpdateAfterPackets (0: the suite's)
    std::vector<uint8_t> m_secret; //!< The session secret (every generation's root)
    MusesSessionId m_sessionId;    //!< SessID the keys are bound to
    bool m_keyed;                  //!< SetKeys() was called
    Direction m_seal;              //!< Our sending direction
    Direction m_open;              //!< Our receiving direction
    /// Per message type, the lowest SeqNBR that Seal() may still use.
    std::array<uint64_t, MusesHeader::CLOSE + 1> m_sealFloor;
    MusesHeader m_sealHeader;   //!< Header being sealed: the caller's plus SessID and length
    CipherBytes m_chunk;        //!< Writes a sealed or opened packet's bytes into it
    std::vector<uint8_t> m_in;  //!< Reused input buffer; grows, never shrinks
    std::vector<uint8_t> m_out; //!< Reused output buffer; grows, never shrinks
    std::array<uint64_t, MUSES_DROP_REASON_COUNT> m_drops;          //!< Drops per reason
    TracedCallback<Ptr<const Packet>, MusesDropReason> m_dropTrace; //!< "Drop" trace
};

} // namespace ns3

#endif /* MUSES_CIPHER_H */
