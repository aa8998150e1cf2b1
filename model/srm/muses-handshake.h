/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_HANDSHAKE_H
#define MUSES_HANDSHAKE_H

#include "ns3/muses-drop-reason.h"
#include "ns3/muses-header.h"
#include "ns3/muses-identity.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief What one end of a session's handshake (paper Fig. 3) carries and checks, and the
 *        secret its session keys come from.
 *
 * With a pre-shared key only, HELLO carries nothing, HELLO_REPLY the responder's pSessID-b
 * and the secret is the pre-shared key. With in-band keys (an identity), it is SIGMA-I:
 * HELLO carries the initiator's ephemeral X25519 share, HELLO_REPLY the responder's share
 * and its proof (Ed25519 key and signature of the transcript), the initiator's FINISHED its
 * own proof under the new keys; the secret is the X25519 result, then the pre-shared key
 * if any (forward secrecy, still bound to the pre-shared key). A proof binds both shares,
 * both names, the SessID and the signer's role, and the key must hash to the peer's name.
 */
class MusesHandshake
{
  public:
    /// A proof of identity: Ed25519 public key then signature.
    static constexpr uint32_t PROOF_SIZE = MusesIdentity::KEY_SIZE + MusesIdentity::SIGNATURE_SIZE;

    MusesHandshake();

    /**
     * \brief Set who talks to whom, before anything else.
     * \param localName this end's name
     * \param peerName the peer's name
     * \param preShared the pre-shared key (may be empty with in-band keys)
     * \param identity this end's identity; null: pre-shared key only
     * \param shareSeed private scalar of this session's X25519 share (in-band keys)
     */
    void Configure(uint64_t localName,
                   uint64_t peerName,
                   const std::vector<uint8_t>& preShared,
                   Ptr<MusesIdentity> identity,
                   const MusesKeyShare::Bytes& shareSeed);
    /// \param initiator true on the end that sends HELLO
    void SetInitiator(bool initiator);
    /// \return true with in-band keys
    bool IsInBand() const;

    /// \return the body of our HELLO
    Ptr<Packet> MakeHello() const;
    /**
     * \brief Responder: take the peer's HELLO body.
     * \param body the opened body
     * \return MUSES_DROP_NONE, or why it cannot start a session
     */
    MusesDropReason TakeHello(Ptr<const Packet> body);

    /**
     * \brief Responder: the body of our HELLO_REPLY.
     * \param id the SessID (its responder part is what the body announces)
     * \return the body
     */
    Ptr<Packet> MakeHelloReply(const MusesSessionId& id) const;
    /**
     * \brief Initiator: take the peer's HELLO_REPLY body.
     * \param body the opened body
     * \param id in: the initiator part; out: the SessID with the responder part
     * \return MUSES_DROP_NONE, or why it is refused
     */
    MusesDropReason TakeHelloReply(Ptr<const Packet> body, MusesSessionId& id);

    /// \return bytes of identity proof our FINISHED carries after its window
    uint32_t GetFinishedProofSize() const;
    /// \return bytes of identity proof the peer's FINISHED carries after its window
    uint32_t GetPeerFinishedProofSize() const;
    /// \param id the SessID \return our FINISHED's proof (empty if it carries none)
    Ptr<Packet> MakeFinishedProof(const MusesSessionId& id) const;
    /**
     * \brief Check the proof that the peer's FINISHED carries.
     * \param proof GetPeerFinishedProofSize() bytes
     * \param id the SessID
     * \return true if it holds for the peer's name
     */
    bool CheckFinishedProof(Ptr<const Packet> proof, const MusesSessionId& id) const;

    /// \return the secret the session keys come from
    const std::vector<uint8_t>& GetSessionSecret() const;
    /// Forget the identity and the secrets (the session is disposed of).
    void Clear();

  private:
    /// \param initiator whose signature \param id the SessID \return what that side signs
    std::vector<uint8_t> Transcript(bool initiator, const MusesSessionId& id) const;
    /// \param id the SessID \return our proof (PROOF_SIZE bytes)
    Ptr<Packet> Prove(const MusesSessionId& id) const;
    /// \param proof PROOF_SIZE bytes \param id the SessID \return true if the peer made it
    bool CheckProof(const uint8_t* proof, const MusesSessionId& id) const;
    /// Take the peer's share and derive the secret. \param share its bytes
    /// \return false for an unusable share (small order)
    bool TakePeerShare(const uint8_t* share);

    uint64_t m_localName;                 //!< This end's name
    uint64_t m_peerName;                  //!< The peer's name
    std::vector<uint8_t> m_preShared;     //!< Pre-shared key
    Ptr<MusesIdentity> m_identity;        //!< Null: pre-shared key only
    bool m_initiator;                     //!< Sends HELLO
    MusesKeyShare m_share;                //!< Our ephemeral X25519 share
    MusesKeyShare::Bytes m_peerShare{};   //!< The peer's share
    std::vector<uint8_t> m_sessionSecret; //!< What the session keys come from
};

} // namespace ns3

#endif /* MUSES_HANDSHAKE_H */
