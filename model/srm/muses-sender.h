/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_SENDER_H
#define MUSES_SENDER_H

#include "muses-path-estimator.h"
#include "muses-tx-buffer.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/muses-cipher.h"
#include "ns3/muses-header.h"
#include "ns3/traced-value.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief The sending half of a session (SRM): cuts the application's bytes into DATA
 *        packets, seals and sends them within both windows, keeps them until acknowledged,
 *        resends them, and times the peer's acknowledgements.
 *
 * As TcpSocketBase's send path over TcpTxBuffer and RttEstimator. The session says when
 * sending is allowed (SetPaused: only while ESTABLISHED or CLOSING) and what a timeout means
 * (Algorithm 1: suspension). A DATA packet goes when it is full or holds all the rest, so
 * many small writes make full packets; the last one before a pause is flagged LAST so the
 * receiver acknowledges at once.
 */
class MusesSender
{
  public:
    /// What the session's attributes set.
    struct Config
    {
        uint32_t segmentSize{4000};             //!< Largest DATA payload
        uint32_t bufferSize{64 * 1024};         //!< Unsent + unacknowledged bytes, at first
        uint32_t maxBufferSize{64 * 1024};      //!< The buffer grows with the path up to this
        Time ackTimeout{Seconds(1)};            //!< Least wait for an ACK
        Time maxAckTimeout{Seconds(3)};         //!< Ceiling of the adaptive wait
        bool adaptiveAckTimeout{true};          //!< RFC 6298's RTO above ackTimeout
        TracedValue<Time>* rtt{nullptr};        //!< Where the smoothed RTT is reported
        TracedValue<uint32_t>* window{nullptr}; //!< Where the buffer's size is reported
        /// When the transport last saw the peer acknowledge our bytes it still holds, given
        /// our newest unacknowledged packet (< 0: holds none, or cannot tell); null: not asked
        Callback<Time, Ptr<const Packet>> transportProgress;
        /// When the transport's own last retransmission of our bytes is due, while it is
        /// retrying them, given when we began to wait (MusesTransport::GetRetryDeadline;
        /// < 0: it is not); null: not asked
        Callback<Time, Time> transportRetry;
        /// The largest sealed packet the transport takes now (MusesTransport::GetTxAvailable);
        /// null: no bound
        Callback<uint32_t> transportRoom;
        /// Whether the transport put one of our packets on the wire (MusesTransport::HasLeft);
        /// null: it cannot tell
        Callback<bool, Ptr<const Packet>> transportLeft;
        /// Whether packets sent earlier may still arrive behind later ones
        /// (MusesTransport::IsReordering): a hole reported meanwhile is not a loss; null: no
        Callback<bool> transportReordering;
    };

    /// What the sender sent, for the session's counters.
    struct Counters
    {
        uint64_t bytesSent{0};       //!< Application bytes sent (first transmission)
        uint64_t dataPackets{0};     //!< DATA packets sealed
        uint64_t retransmissions{0}; //!< Packets sent again
        uint64_t deferrals{0};       //!< ACK timeouts waited out: the transport was moving
    };

    MusesSender();
    ~MusesSender();

    /**
     * \param config sizes and timeouts
     * \param prototype the session's header (names, ports); type, SeqNBR and flags are set
     *        per packet
     * \param transmit sends a sealed packet to the peer
     * \param ackTimedOut called when data stayed unacknowledged for GetAckTimeout()
     */
    void Configure(const Config& config,
                   const MusesHeader& prototype,
                   Callback<void, Ptr<Packet>> transmit,
                   Callback<void> ackTimedOut);
    /// \param cipher the session keys DATA and CLOSE are sealed with
    void SetCipher(Ptr<MusesCipher> cipher);
    /// \param paused true while the session may not send (handshake, suspended, closed)
    void SetPaused(bool paused);
    /// \param window the peer's receive window, from its FINISHED
    void SetPeerWindow(uint32_t window);
    /// Cancel the timer and drop every stored packet.
    void Clear();

    /// \return bytes the application may write now (0 while paused or closing)
    uint32_t GetTxAvailable() const;
    /// \param data application bytes, within GetTxAvailable()
    void Add(Ptr<Packet> data);
    /// Send what the windows allow, resends first, then CLOSE if it was asked for and all
    /// else is sent.
    void Send();
    /// Send CLOSE once everything written before is sent.
    void Close();
    /// \return true once Close() was called
    bool IsCloseRequested() const;
    /// \return true once our CLOSE is out
    bool IsCloseSent() const;
    /// \return true once our CLOSE is out and acknowledged (nothing follows it)
    bool IsCloseAcked() const;

    /**
     * \brief Take the peer's word of what it has; send nothing.
     * \param ack highest SeqNBR the peer has \param window its receive window
     * \return true when it acknowledged something new
     */
    bool Acknowledge(uint64_t ack, uint32_t window);
    /**
     * \brief An ACK reporting a hole: resend the window, once per hole.
     * \param ack the SeqNBR the peer has up to, taken before this ACK was applied
     * \param firstUnacked our first unacknowledged SeqNBR before it was applied
     */
    void OnGap(uint64_t ack, uint64_t firstUnacked);
    /// \return true when the last Send() stopped for want of room in the transport (its room
    ///         upcall should call Send() again)
    bool IsHeldByTransport() const;
    /// Re-send every unacknowledged packet (the same sealed bytes), oldest first, as fast
    /// as the transport takes them: what does not fit now goes when it has room (Send()),
    /// before any new data.
    void RetransmitAll();
    /// The peer could not acknowledge anything before now (its FINISHED just came): the
    /// wait for an ACK starts now, not when our early data left.
    void RestartAckTimer();
    /**
     * \brief The peer said what it has after a path change (REHELLO, REHELLO_REPLY): take
     *        it, forget the old path's figures, resend the rest, all before any new data
     *        (sending new data first would resend it too). After ResendStranded(), what it
     *        resent is already on its way: only if the peer lacks packets before it.
     * \param ack highest SeqNBR the peer has \param window its receive window
     * \return true when it acknowledged something new
     */
    bool Restart(uint64_t ack, uint32_t window);
    /// The path changed: its round trips and rates say nothing of the new one, and the send
    /// buffer returns to its first size.
    void ForgetPath();
    /**
     * \brief The path broke: note the first packet that never left this node (the
     *        transport's word, Config::transportLeft). Those before it may well have reached
     *        the peer through the queues beyond; those from it on cannot have.
     */
    void NoteStranded();
    /**
     * \brief Resume without the peer's word (0-RTT): resend at once from the packet
     *        NoteStranded() found, then new data, but no more than FIRST_FLIGHT bytes until
     *        the peer answers (its address may be stale too: both ends moved). The next
     *        Restart() resends the rest only if the peer lacks more than that.
     */
    void ResendStranded();
    /**
     * \brief The transport moved to a new connection to the peer while the old one still
     *        delivers what it took: resend now, by the new one, what never left the old one
     *        (NoteStranded()), which would otherwise wait for the old path's queues.
     */
    void ResendUnsent();
    /// What ResendStranded() sends before the peer answers: QUIC's initial window (RFC 9002
    /// §7.2: ten 1,472-byte datagrams), at least one packet.
    static constexpr uint32_t FIRST_FLIGHT = 14720;

    /// \param rtt the handshake's round trip: until the data's first, the ACK timeout's margin
    void SetPriorRtt(Time rtt);

    /// \return our first unacknowledged SeqNBR
    uint64_t GetFirstUnacked() const;
    /// \return the peer's receive window, as it last said
    uint32_t GetPeerWindow() const;
    /// \return the last SeqNBR sent (0 before any)
    uint64_t GetLastSeq() const;
    /// \return how long to wait for an ACK now (AckTimeout, or RFC 6298's RTO above it)
    Time GetAckTimeout() const;
    /// \return the smallest round trip of DATA and its ACK on this path (0 before a sample)
    Time GetMinRtt() const;
    /// \return what was sent
    const Counters& GetCounters() const;

  private:
    /**
     * \param queuing bytes about to be handed to the transport, not yet in its queue
     * \return bytes of the next DATA packet the windows and the transport allow now (0: none)
     */
    uint32_t GetSendable(uint32_t queuing = 0) const;
    /// \param payload DATA payload bytes \return the sealed packet's size
    uint32_t GetSealedSize(uint32_t payload) const;
    /// Start the ACK timer if data is out and it is not running.
    void ArmTimer();
    /// Send the resends RetransmitAll() left while the transport has room for them.
    /// \return true when none is left
    bool SendResends();
    /// The ACK timer expired.
    void AckTimerExpired();
    /**
     * Grow the send buffer on a measured path.
     * \param acked bytes just acknowledged \param windowLimited the buffer held us back
     */
    void Grow(uint32_t acked, bool windowLimited);
    /// Report the estimator's figures to the session's traces.
    void ReportPath();

    Config m_config;                        //!< Sizes and timeouts
    MusesHeader m_prototype;                //!< The session's header
    Callback<void, Ptr<Packet>> m_transmit; //!< Sends a sealed packet
    Callback<void> m_ackTimedOut;           //!< The session's timeout handler
    Ptr<MusesCipher> m_cipher;              //!< Session keys
    MusesTxBuffer m_buffer;                 //!< Unsent, then sent and unacknowledged
    MusesPathEstimator m_path;              //!< Round trips and delivery rate
    uint32_t m_window;                      //!< The send buffer's size now
    uint32_t m_peerWindow;                  //!< Peer's receive window
    uint64_t m_lastGapAck;                  //!< Ack value of the last hole acted on
    uint64_t m_resendNext;                  //!< Next SeqNBR to resend (see m_resendEnd)
    uint64_t m_resendEnd;                   //!< One past the last to resend; none if <= next
    uint64_t m_strandedFrom;                //!< First SeqNBR that never left (NoteStranded)
    bool m_resentStranded;                  //!< ResendStranded() ran since the last Restart()
    uint32_t m_unanswered;                  //!< Bytes it may send yet before an answer
    mutable bool m_heldByTransport;         //!< See IsHeldByTransport()
    bool m_paused;                          //!< Sending not allowed now
    bool m_closeRequested;                  //!< Close() was called
    bool m_closeSent;                       //!< Our CLOSE is out
    EventId m_ackTimer;                     //!< Wait for an ACK
    Time m_ackWaitStart;                    //!< When m_ackTimer was armed (deferrals keep it)
    Counters m_counters;                    //!< What was sent
};

} // namespace ns3

#endif /* MUSES_SENDER_H */
