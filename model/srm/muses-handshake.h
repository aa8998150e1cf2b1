/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_HANDSHAKE_H
#define MUSES_HANDSHAKE_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/muses-cipher.h"
#include "ns3/muses-drop-reason.h"
#include "ns3/muses-header.h"
#include "ns3/muses-identity.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief One end of a session's handshake (paper Fig. 3): the SessID, the key schedule (the
 *        handshake keys bound to pSessID-a, then the session keys), what HELLO,
 *        HELLO_REPLY and FINISHED carry and check, and the secret the session keys come from.
 *
 * The session drives it: Connect() sends our HELLO; OpenHello() opens a peer's HELLO and
 * Respond() sends our HELLO_REPLY; Open() opens a repeated HELLO or HELLO_REPLY; Complete() takes
 * the peer's HELLO_REPLY. The session keys, once derived, are GetSessionCipher(). Our last message
 * (HELLO, HELLO_REPLY, then FINISHED, which the session seals) is kept: the initiator repeats
 * it after the repeat interval, then twice as long each time (as TCP's SYN), and either side
 * gives up after maxAttempts waits, until the
 * session says the handshake is over (Stop()). Every packet the ciphers refuse goes to the
 * drop callback with the reason.
 *
 * HELLO carries the time it was sealed (the responder refuses one older than its replay
 * memory, as WireGuard's timestamped initiation) and, when it is sent again in answer to a
 * responder's COOKIE, that cookie, sealed at the next SeqNBR (a new nonce for a new body).
 * With a pre-shared key only, HELLO carries nothing else, HELLO_REPLY the responder's pSessID-b
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
    /// HELLO's timestamp: when the initiator sealed it, in nanoseconds (big-endian).
    static constexpr uint32_t TIMESTAMP_SIZE = 8;
    /// A responder's cookie, as COOKIE brings it and a retried HELLO carries it back.
    static constexpr uint32_t COOKIE_SIZE = 16;
    /// COOKIE's echo of the HELLO it answers: that HELLO's last bytes (its ICV).
    static constexpr uint32_t ECHO_SIZE = 16;
    /// COOKIEs an initiator follows in one handshake (more: dropped as unexpected).
    static constexpr uint32_t MAX_COOKIES = 3;

    /// What a peer's HELLO said besides its share (responder, once OpenHello() accepted it).
    struct PeerHello
    {
        Time sentAt;                 //!< Its timestamp
        std::vector<uint8_t> cookie; //!< The cookie it brings back (empty: none)
        std::vector<uint8_t> echo;   //!< Its last ECHO_SIZE bytes as received (for a COOKIE)
    };

    MusesHandshake();

    /// Called with a packet refused and why.
    typedef Callback<void, Ptr<const Packet>, MusesDropReason> DropCallback;

    /// Who talks to whom, and how.
    struct Config
    {
        uint64_t localName{0};            //!< This end's name
        uint64_t peerName{0};             //!< The peer's name
        std::vector<uint8_t> preShared;   //!< Pre-shared key (may be empty with in-band keys)
        Ptr<MusesIdentity> identity;      //!< This end's identity; null: pre-shared key only
        MusesKeyShare::Bytes shareSeed{}; //!< Private scalar of this session's X25519 share
        MusesCipherSuite suite{MUSES_AES_256_GCM}; //!< Cipher suite
        uint64_t keyUpdateAfter{0}; //!< Session keys' KeyUpdateAfterPackets (0: the suite's)
        uint64_t partialId{0};      //!< This end's pSessID
        DropCallback drop;          //!< Where refused packets go
        Callback<void, Ptr<Packet>> transmit; //!< Sends a sealed packet to the peer
        Time repeatInterval{Seconds(1)};      //!< First wait for an answer; it doubles
        uint32_t maxAttempts{0};              //!< Waits before giving up (0: never)
        Callback<void> gaveUp;                //!< The handshake gave up
    };

    /// \param config who talks to whom (before anything else)
    void Configure(const Config& config);

    /**
     * \brief Initiator: the handshake keys from our pSessID-a; send our HELLO, and again
     *        every repeat interval until Stop().
     * \param hello HELLO's header (SeqNBR 0)
     */
    void Connect(const MusesHeader& hello);
    /**
     * \brief Responder: open a peer's HELLO (its ICV, under keys bound to {pSessID-a, 0})
     *        and read its timestamp and cookie (GetPeerHello()), nothing more: a forged one
     *        costs no other work.
     * \param hello the HELLO, opened in place once authentic
     * \param header its header
     * \return MUSES_DROP_NONE if authentic and of its mode's size (the packet was dropped
     *         otherwise)
     */
    MusesDropReason OpenHello(Ptr<Packet> hello, MusesHeader& header);
    /// \return what the HELLO OpenHello() accepted said
    const PeerHello& GetPeerHello() const;
    /**
     * \brief Initiator: take a responder's COOKIE (it answers our HELLO under load, keeping
     *        nothing): seal our HELLO again, at the next SeqNBR, with the cookie, and send it.
     * \param body COOKIE's body: the cookie, then the echo of our HELLO's last bytes
     * \return MUSES_DROP_NONE, or why it is refused (the caller drops it): not waiting for
     *         a HELLO_REPLY, too many cookies, or an echo of another HELLO
     */
    MusesDropReason TakeCookie(Ptr<const Packet> body);
    /**
     * \brief Responder: take the HELLO OpenHello() opened, derive the session keys and send
     *        our HELLO_REPLY; give up if the handshake is not over (Stop()) within
     *        maxAttempts repeat intervals.
     * \param hello the opened HELLO
     * \param reply HELLO_REPLY's header (SeqNBR 0)
     * \return MUSES_DROP_NONE, or why it cannot start a session (the packet was dropped)
     */
    MusesDropReason Respond(Ptr<Packet> hello, const MusesHeader& reply);
    /// \return true once the handshake keys exist
    bool IsStarted() const;
    /**
     * \brief Open a HELLO (keys bound to {pSessID-a, 0}) or a HELLO_REPLY (keys bound to
     *        {pSessID-a, pSessID-b}, pSessID-b read from its header).
     * \param packet it, opened in place once authentic \param header its header
     * \return MUSES_DROP_NONE if authentic
     */
    MusesDropReason Open(Ptr<Packet> packet, MusesHeader& header);
    /**
     * \brief Initiator: take the peer's opened HELLO_REPLY; derive the session keys.
     * \param body the opened body
     * \return MUSES_DROP_NONE, or why it is refused (the packet was dropped)
     */
    MusesDropReason Complete(Ptr<Packet> body);
    /// \return our sealed HELLO or HELLO_REPLY, for repeats
    Ptr<Packet> GetHello() const;
    /// \param finished our sealed FINISHED (sent by the session), kept for repeats
    void SetFinished(Ptr<Packet> finished);
    /// \return our sealed FINISHED, null until sent
    Ptr<Packet> GetFinished() const;
    /// Send our last handshake message again now (FINISHED once sent, else our HELLO).
    void Repeat();
    /// The handshake is over (or abandoned): no more repeats, no giving up.
    void Stop();
    /**
     * The peer showed it has the session keys: the handshake's own keys and messages are
     * discarded (as TLS 1.3 discards its handshake keys), and IsStarted() is false, so a
     * late copy of a handshake message is dropped unopened. The session keys stay.
     */
    void Discard();
    /// \return messages repeated because no answer came in time
    uint64_t GetRepeats() const;
    /// \return the round trip from our first HELLO or HELLO_REPLY to its answer, or 0 when
    ///         it is unknown or was repeated (Karn's rule)
    Time GetRoundTrip() const;
    /// \return the session keys (null until derived)
    Ptr<MusesCipher> GetSessionCipher() const;
    /// \return the SessID as known so far (zero halves until known)
    MusesSessionId GetSessionId() const;

    /**
     * \brief Our FINISHED's body, once the session keys exist.
     * \param window our receive window
     * \return the body: the window, then (initiator with an identity) our proof
     */
    Ptr<Packet> MakeFinished(uint32_t window) const;
    /**
     * \brief Check the peer's opened FINISHED body: its size, and the proof it carries.
     * \param body the body
     * \param window set to the peer's receive window
     * \return MUSES_DROP_NONE, or why it is refused (the caller drops it)
     */
    MusesDropReason TakeFinished(Ptr<const Packet> body, uint32_t& window);

    /// Forget the identity, the keys and the secrets (the session is disposed of).
    void Clear();

  private:
    /// Our X25519 share from the configured scalar (with an identity).
    void MakeShare();
    /// \return bytes of identity proof our FINISHED carries after its window
    uint32_t GetFinishedProofSize() const;
    /// \return bytes of identity proof the peer's FINISHED carries after its window
    uint32_t GetPeerFinishedProofSize() const;
    /// Our HELLO or HELLO_REPLY was answered: measure the round trip.
    void MeasureRoundTrip();
    /// (Re)start the wait for an answer.
    void StartTimer();
    /// No answer in time: give up, or (initiator) repeat.
    void TimerExpired();
    /// \return a cipher for this end's role \param id a SessID \param secret its keys' secret
    Ptr<MusesCipher> MakeCipher(const MusesSessionId& id, const std::vector<uint8_t>& secret) const;
    /// \return the body of our HELLO: its timestamp, our share (with an identity), the cookie
    Ptr<Packet> MakeHello() const;
    /// Initiator: seal our HELLO (SeqNBR and cookie as they are now) and send it.
    void SendHello();
    /// Responder: take the peer's HELLO body. \param body the opened body
    /// \return MUSES_DROP_NONE, or why it cannot start a session
    MusesDropReason TakeHello(Ptr<const Packet> body);
    /// Responder: the body of our HELLO_REPLY. \param id the SessID \return the body
    Ptr<Packet> MakeHelloReply(const MusesSessionId& id) const;
    /**
     * \brief Initiator: take the peer's HELLO_REPLY body.
     * \param body the opened body
     * \param id in: the initiator part; out: the SessID with the responder part
     * \return MUSES_DROP_NONE, or why it is refused
     */
    MusesDropReason TakeHelloReply(Ptr<const Packet> body, MusesSessionId& id);
    /// \param initiator whose signature \param id the SessID \return what that side signs
    std::vector<uint8_t> Transcript(bool initiator, const MusesSessionId& id) const;
    /// \param id the SessID \return our proof (PROOF_SIZE bytes)
    Ptr<Packet> Prove(const MusesSessionId& id) const;
    /// \param proof PROOF_SIZE bytes \param id the SessID \return true if the peer made it
    bool CheckProof(const uint8_t* proof, const MusesSessionId& id) const;
    /// Take the peer's share and derive the secret. \param share its bytes
    /// \return false for an unusable share (small order)
    bool TakePeerShare(const uint8_t* share);

    Config m_config;                      //!< Who talks to whom
    bool m_initiator;                     //!< Sends HELLO
    Ptr<MusesCipher> m_handshake;         //!< Keys bound to {pSessID-a, 0} (HELLO)
    Ptr<MusesCipher> m_reply;             //!< Keys bound to {pSessID-a, pSessID-b} (HELLO_REPLY)
    Ptr<MusesCipher> m_session;           //!< Session keys
    Ptr<Packet> m_hello;                  //!< Our sealed HELLO or HELLO_REPLY
    Ptr<Packet> m_finished;               //!< Our sealed FINISHED
    EventId m_timer;                      //!< Wait for an answer
    uint32_t m_attempts;                  //!< Waits so far
    uint64_t m_repeats;                   //!< Messages repeated on a timeout
    Time m_sentAt;                        //!< Our HELLO or HELLO_REPLY sent (negative: repeated)
    Time m_firstSentAt{Seconds(-1)};      //!< Its first copy sent
    Time m_roundTrip;                     //!< Measured when its answer came, else 0
    MusesKeyShare m_share;                //!< Our ephemeral X25519 share
    MusesKeyShare::Bytes m_peerShare{};   //!< The peer's share
    MusesHeader m_helloHeader;            //!< Initiator: our HELLO's header
    std::vector<uint8_t> m_cookie;        //!< Initiator: the responder's cookie, if it sent one
    uint32_t m_cookies{0};                //!< Initiator: COOKIEs followed
    PeerHello m_peerHello;                //!< Responder: what the peer's HELLO said
    std::vector<uint8_t> m_sessionSecret; //!< What the session keys come from
};

} // namespace ns3

#endif /* MUSES_HANDSHAKE_H */
