/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_SESSION_H
#define MUSES_SESSION_H

#include "ns3/event-id.h"
#include "ns3/muses-cipher.h"
#include "ns3/muses-handshake.h"
#include "ns3/muses-header.h"
#include "ns3/muses-identity.h"
#include "ns3/muses-receiver.h"
#include "ns3/muses-sender.h"
#include "ns3/muses-transport.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/replay-window.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The Session Reliability Module (paper §II.C.2): one MUSEs session between two
 *        application endpoints.
 *
 * Handshake (Fig. 3): the initiator sends HELLO with pSessID-a, the responder answers
 * HELLO_REPLY with pSessID-b, then FINISHED goes both ways; SessID = pSessID-a . pSessID-b.
 * A pSessID is srcPort . peerID as in the paper (port in the top 16 bits, the low 16 bits
 * of the name next) plus 32 random bits, so that a new session under the same pre-shared
 * key never derives the keys of an earlier one. HELLO and HELLO_REPLY are sealed under
 * keys bound to pSessID-a alone; everything after under the session's keys.
 *
 * Data (Algorithm 1): the application's bytes are cut into DATA packets of at most
 * SegmentSize bytes, numbered from 1, sealed once and kept until acknowledged (a
 * retransmission re-sends the same bytes: a nonce is never reused). The receiver delivers
 * them in order, exactly once, and acknowledges cumulatively every AckWindow (Max_i)
 * packets and at once for a packet flagged LAST (the last one the sender can send before
 * it needs an ACK). ACKs carry the receive window; the sender never has more unacknowledged
 * bytes than the window, nor more buffered bytes than SendBufferSize.
 *
 * Interruption (§II.C.2a): when an ACK is missing for AckTimeout the session is SUSPENDED
 * (the paper's pause()): the application can send nothing more (TX available 0, no error).
 * Both ends then send REHELLO every ReHelloInterval with the last SeqNBR sent and received;
 * the first REHELLO or REHELLO_REPLY from the peer resumes the session, and each end
 * retransmits from what the peer has. No key is renegotiated. Every timeout and every
 * unanswered REHELLO counts as a retry (Max_j, MaxRetries): with CloseAfterMaxRetries the
 * session closes at MaxRetries as Algorithm 1 says; by default it stays suspended, as the
 * paper's text says ("interruptions of any duration"), unless MaxSuspendTime is set.
 */
class MusesSession : public Object
{
  public:
    /// Session states (the "State" TracedValue).
    enum State
    {
        CLOSED,         //!< No session, or it ended
        HELLO_SENT,     //!< Initiator: waiting for HELLO_REPLY, then FINISHED
        HELLO_RECEIVED, //!< Responder: waiting for FINISHED
        ESTABLISHED,    //!< Data flows
        SUSPENDED,      //!< Interrupted: sending REHELLO, applications blocked
        CLOSING,        //!< This end closed; waiting for the peer's CLOSE
    };

    /**
     * \param state a state
     * \return its name
     */
    static const char* GetStateName(State state);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesSession();
    ~MusesSession() override;

    /// What the session needs from its endpoint.
    struct Endpoint
    {
        Ptr<MusesTransport> transport;    //!< Where sealed packets go
        uint64_t localName{0};            //!< This node's name
        uint16_t localPort{0};            //!< The application's port
        uint64_t peerName{0};             //!< The peer's name
        uint16_t peerPort{0};             //!< The peer application's port
        std::vector<uint8_t> secret;      //!< Pre-shared key with the peer
        uint32_t random{0};               //!< Random bits for this end's pSessID
        Ptr<MusesIdentity> identity;      //!< Set: in-band keys (signed X25519 shares)
        MusesKeyShare::Bytes shareSeed{}; //!< Private scalar of this session's share
    };

    /// Upcalls to the socket that owns the session.
    struct Upcalls
    {
        Callback<void> established;          //!< The handshake completed
        Callback<void> failed;               //!< The handshake gave up (either role)
        Callback<void, Ptr<Packet>> deliver; //!< In-order application bytes
        Callback<void, uint32_t> txSpace;    //!< Room to send again (TX available)
        Callback<void> peerClosed;           //!< The peer closed its direction
        Callback<void, bool> closed;         //!< Session over (true: by error)
    };

    /// \param endpoint names, ports, key and transport (set before anything else)
    void SetEndpoint(const Endpoint& endpoint);
    /// \param upcalls the owner's callbacks
    void SetUpcalls(const Upcalls& upcalls);

    /// Initiator: start the handshake.
    void Connect();

    /**
     * \brief Responder: check a HELLO's ICV, and nothing more (the application is asked
     *        about the connection only after).
     * \param hello the HELLO as received; opened in place once authentic
     * \return MUSES_DROP_NONE if it is authentic
     */
    MusesDropReason OpenHello(Ptr<Packet> hello);
    /// \return what the HELLO OpenHello() accepted said (its timestamp, its cookie)
    const MusesHandshake::PeerHello& GetPeerHello() const;
    /**
     * \brief Responder: answer the HELLO OpenHello() opened.
     * \param hello the opened HELLO
     * \return MUSES_DROP_NONE if the session started
     */
    MusesDropReason AcceptHello(Ptr<Packet> hello);
    /// \return true for a responder still waiting for the initiator's FINISHED
    bool IsHalfOpen() const;
    /// Responder: a newer authentic HELLO for the same ports took this half-open session's
    /// place: fail it now, as its time-out would.
    void Abandon();

    /**
     * \brief A packet for this session arrived.
     * \param packet the sealed packet; opened in place once authentic
     * \return true if it was authentic and new (not a replay, not a handshake message): the
     *         transport may then trust what its arrival says of the peer's path
     */
    bool Receive(Ptr<Packet> packet);

    /// \return bytes the application may hand to Send() now (0 unless ESTABLISHED)
    uint32_t GetTxAvailable() const;

    /**
     * \brief Queue application bytes; the caller checked GetTxAvailable().
     * \param data the bytes
     */
    void Send(Ptr<Packet> data);

    /// \param bytes bytes the application read (frees receive window)
    void NotifyRead(uint32_t bytes);

    /// The application will send no more: CLOSE once everything is acknowledged.
    void Close();

    /// This node's attachment changed: send REHELLO now, whatever the state.
    void NotifyPathChanged();
    /// The transport found the peer elsewhere (a lookup): a REHELLO not answered yet (we
    /// are suspended, or moved) went to where it was; send it again now.
    void NotifyPeerMoved();
    /// The transport to the peer has room again: send what it held back.
    void NotifyTransportRoom();
    /// The transport moved our packets to a new connection while the old one delivers what
    /// it took: send again by the new one, at once, what never left the old one.
    void NotifyRerouted();

    /// \return the session's state
    State GetState() const;
    /// \return SessID (zero halves until known)
    MusesSessionId GetSessionId() const;
    /// \return the endpoint
    const Endpoint& GetEndpoint() const;
    /// \return true if this end started the handshake
    bool IsInitiator() const;

    /// Per-session counters.
    struct Counters
    {
        uint64_t bytesSent{0};             //!< Application bytes sent (first transmission)
        uint64_t bytesDelivered{0};        //!< Application bytes delivered in order
        uint64_t dataPackets{0};           //!< DATA packets sealed
        uint64_t retransmissions{0};       //!< Packets sent again
        uint64_t acksSent{0};              //!< ACKs sent
        uint64_t packetsHeld{0};           //!< DATA or CLOSE held ahead of a hole
        uint64_t suspensions{0};           //!< Times the session was suspended
        uint64_t resumptions{0};           //!< Times it resumed
        uint64_t reHellosSent{0};          //!< REHELLOs sent
        uint64_t drops{0};                 //!< Packets dropped (any reason)
        uint64_t keyGenerationSent{0};     //!< Newest key generation sealed under
        uint64_t keyGenerationReceived{0}; //!< Newest key generation opened
    };

    /// \return the counters
    Counters GetCounters() const;

    /// \param reason a reason \return packets of this session dropped for it
    uint64_t GetDropCount(MusesDropReason reason) const;

    /**
     * TracedCallback signature for resumptions.
     * \param outageStart when the peer was last heard from before the suspension
     * \param resumedAt when the session resumed
     */
    typedef void (*ResumedTracedCallback)(Time outageStart, Time resumedAt);

    /**
     * TracedCallback signature for REHELLOs sent.
     * \param lastSent last DATA SeqNBR sent
     * \param lastReceived last DATA SeqNBR received in order
     */
    typedef void (*ReHelloTracedCallback)(uint64_t lastSent, uint64_t lastReceived);

    /**
     * TracedValue signature for state changes.
     * \param oldValue previous state
     * \param newValue new state
     */
    typedef void (*StateTracedCallback)(State oldValue, State newValue);

  protected:
    void DoDispose() override;

  private:
    /// \return a header for this session \param type type \param seq SeqNBR \param flags flags
    MusesHeader MakeHeader(MusesHeader::MessageType type, uint64_t seq, uint8_t flags = 0) const;
    /// Send FINISHED with our receive window, kept for repeats.
    void SendFinished();
    /// The handshake gave up (HandshakeRetries waits without an answer).
    void HandshakeFailed();
    /// Our side of the handshake is done: the application may send (the initiator once its
    /// FINISHED is out, the responder once the initiator's is checked).
    void Establish();
    /// The peer has our FINISHED (its own, or anything under the session keys): stop
    /// repeating it.
    void Confirm();

    /// Answer a peer's repeated handshake message with ours again, at most once per half
    /// HandshakeTimeout (copies of one message cannot draw a stream of answers).
    /// \param answer our message \return false if it was too soon
    bool RepeatAnswer(Ptr<Packet> answer);
    /// HELLO or HELLO_REPLY (under the handshake keys). \param header its header
    /// \param packet it, opened in place once authentic
    void ReceiveHandshake(MusesHeader& header, Ptr<Packet> packet);
    /// An authentic DATA or CLOSE. \param header its header \param packet its body
    void ReceiveData(const MusesHeader& header, Ptr<Packet> packet);
    /// The receiver delivers DATA in order. \param payload its bytes
    void DeliverData(Ptr<Packet> payload);
    /// The receiver delivers the peer's CLOSE in order.
    void PeerClosed();
    /// Replay check of an authentic control message. \param header its header
    /// \param packet its body \return true if it is new (the transport is told so)
    bool AcceptControl(const MusesHeader& header, Ptr<Packet> packet);
    /// \param packet an authentic FINISHED's body
    void ReceiveFinished(Ptr<Packet> packet);
    /// \param packet an authentic ACK's body
    void ReceiveAck(Ptr<Packet> packet);
    /// \param type REHELLO or REHELLO_REPLY \param packet its authentic body
    void ReceiveResume(MusesHeader::MessageType type, Ptr<Packet> packet);

    /// Seal and send a control message. \param type type \param payload body, sealed in
    /// place \return it
    Ptr<Packet> SendControl(MusesHeader::MessageType type, Ptr<Packet> payload);
    /// \param packet a sealed control message to transmit (a copy is sent, ahead of data)
    void Transmit(Ptr<Packet> packet);
    /// \param packet a sealed DATA or CLOSE to transmit (a copy is sent)
    void TransmitData(Ptr<Packet> packet);
    /// \return MusesTransport::GetLastProgress for our peer
    /// \param newest our newest unacknowledged packet
    Time GetTransportProgress(Ptr<const Packet> newest) const;
    /// \return when the transport's last retry of our bytes is due (< 0: not retrying)
    /// \param since when the sender began to wait for an ACK
    Time GetTransportRetry(Time since) const;
    /// \return MusesTransport::HasLeft for our peer \param packet one of our packets
    bool HasLeft(Ptr<const Packet> packet) const;
    /// \return MusesTransport::GetTxAvailable for our peer
    uint32_t GetTransportRoom() const;
    /// \return MusesTransport::IsReordering for our peer
    bool IsTransportReordering() const;
    /// \return the round trip the receiver paces its ACKs by (0 while unknown)
    Time GetRoundTrip() const;
    /// Send what the sender may; CLOSING once our CLOSE is out.
    void TrySend();
    /// Seal and send an ACK the receiver made. \param ack its body
    void SendAck(const MusesAckHeader& ack);
    /// \return REHELLO / REHELLO_REPLY body: last sent, last received, window
    Ptr<Packet> MakeResumeBody() const;
    /// \return the REHELLO to send: its body, padded with zeros when our path changed and
    ///         the peer sends us data, as QUIC pads its path probes, so that the peer's
    ///         transport may answer at once with a full DATA packet and its REHELLO_REPLY
    ///         (MusesTransport::AMPLIFICATION_LIMIT) before our new address is proven
    /// \param pad false: never padded (the peer has our address proven otherwise)
    Ptr<Packet> MakeReHelloBody(bool pad) const;
    /// After an acknowledgement (and any resends): send what the windows allow, end a closed
    /// session, tell the application of room. \param advanced something new was acknowledged
    void ContinueAfterAck(bool advanced);

    /// Data stayed unacknowledged for the ACK timeout: enter SUSPENDED.
    void Suspend();
    /// Send REHELLO now and schedule the next one. \param pad see MakeReHelloBody()
    void SendReHello(bool pad = true);
    /// Algorithm 1 while suspended (on suspension, then each ReHelloInterval without an
    /// answer): count a retry, then close (Max_j in paper mode, MaxSuspendTime) or send REHELLO.
    void RetryReHello();
    /// Leave SUSPENDED. \param peerReceived last SeqNBR the peer received \param window its window
    void Resume(uint64_t peerReceived, uint32_t window);
    /// Send again (ESTABLISHED, or CLOSING if our CLOSE is out), with or without the peer's
    /// word of what it has.
    void Reestablish();
    /// End the session. \param error true if by error
    void Finish(bool error);
    /// \param newState new state
    void SetState(State newState);
    /// Count and trace a drop. \param packet the packet \param reason why
    void Drop(Ptr<const Packet> packet, MusesDropReason reason);

    // Attributes
    uint32_t m_ackWindow;         //!< Max_i
    uint32_t m_acksPerRoundTrip;  //!< ACK decimation; 0: off
    Time m_ackTimeout;            //!< Time to wait for an ACK
    uint32_t m_maxRetries;        //!< Max_j
    Time m_handshakeTimeout;      //!< First wait for a handshake answer
    uint32_t m_handshakeRetries;  //!< Waits before the handshake gives up
    bool m_closeAfterMaxRetries;  //!< Algorithm 1 literally
    bool m_adaptiveAckTimeout;    //!< RFC 6298 timeout above AckTimeout
    uint32_t m_transportRetries;  //!< "TransportRetries"
    Time m_maxAckTimeout;         //!< Its ceiling
    Time m_maxSuspendTime;        //!< Give up after this long suspended (0: never)
    Time m_reHelloInterval;       //!< REHELLO period while suspended
    uint32_t m_segmentSize;       //!< Largest DATA payload
    uint32_t m_sendBufferSize;    //!< Unsent + unacknowledged bytes, at first
    uint32_t m_maxSendBufferSize; //!< Largest send buffer
    uint32_t m_rcvBufferSize;     //!< Delivered, unread bytes
    MusesCipherSuite m_suite;     //!< Cipher suite
    uint64_t m_keyUpdateAfter;    //!< KeyUpdateAfterPackets (0: the suite's)

    Endpoint m_endpoint;          //!< Who we are and talk to
    Upcalls m_upcalls;            //!< Owner callbacks
    bool m_initiator;             //!< Sent HELLO
    TracedValue<State> m_state;   //!< "State"
    MusesHandshake m_keys;        //!< What the handshake carries and derives
    Ptr<MusesCipher> m_cipher;    //!< Session keys
    ReplayWindow m_controlWindow; //!< Anti-replay for the peer's control messages
    uint64_t m_controlSeq;        //!< Next SeqNBR of our control messages

    MusesSender m_sender;    //!< Our DATA: windows, resends, ACK timer
    EventId m_reHelloTimer;  //!< Next REHELLO
    EventId m_sendEvent;     //!< Pending TrySend() after application writes
    uint32_t m_retries;      //!< j of Algorithm 1
    Time m_suspendedAt;      //!< Entered SUSPENDED
    Time m_lastHeard;        //!< Last authentic packet from the peer
    Time m_lastRepeatAnswer; //!< Last answer to a repeated handshake message (< 0: none)
    Time m_outageStart;      //!< m_lastHeard when the session was suspended

    // Receiver
    MusesReceiver m_receiver;           //!< The peer's DATA: order, window, ACKs
    TracedValue<Time> m_srtt;           //!< "RTT"
    TracedValue<uint32_t> m_sendWindow; //!< "SendWindow": the send buffer's size now
    bool m_peerClosedFlag;              //!< The peer's CLOSE was delivered
    bool m_peerFinished;                //!< The peer's FINISHED was checked
    bool m_earlyDataDropped;            //!< Responder: DATA refused before the FINISHED
    bool m_confirmed;                   //!< The peer has our FINISHED
    bool m_movedUnanswered;             //!< REHELLO sent on our path change, not answered
    bool m_reHelloOnPathChange;         //!< "ReHelloOnPathChange"
    bool m_resumeAtOnce;                //!< "ResumeAtOnce"
    bool m_moved;                       //!< Our path changed; the peer has not answered since

    /// What the initiator may send before the responder's FINISHED gives its window
    static constexpr uint32_t EARLY_WINDOW = 64 * 1024;

    Counters m_counters;                                            //!< Counters
    std::array<uint64_t, MUSES_DROP_REASON_COUNT> m_drops;          //!< Drops per reason
    TracedCallback<Time, Time> m_resumedTrace;                      //!< "Resumed"
    TracedCallback<uint64_t, uint64_t> m_reHelloTrace;              //!< "ReHello"
    TracedCallback<Ptr<const Packet>, MusesDropReason> m_dropTrace; //!< "Drop"
};

} // namespace ns3

#endif /* MUSES_SESSION_H */
