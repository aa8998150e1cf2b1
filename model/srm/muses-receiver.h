/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_RECEIVER_H
#define MUSES_RECEIVER_H

#include "muses-ack-header.h"
#include "muses-rx-buffer.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/muses-drop-reason.h"
#include "ns3/muses-header.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief The receiving half of a session (SRM): hands the peer's authentic DATA and CLOSE to
 *        the session in order, refuses the rest with a reason, and acknowledges (Algorithm
 *        1's Max_i).
 *
 * A packet beyond the expected one is held until the hole fills, within the window (a path
 * change under the session can deliver the new path's first packets before the old one's
 * last: make-before-break); past the window it is refused and resent. An ACK goes after
 * every AckWindow packets delivered, at once for a packet flagged LAST (the sender waits for
 * it), for the first of a run of resent packets (our ACK was lost), once per hole (flagged
 * "gap": the sender resends unless it knows the hole's packets are still on their way), when
 * a hole fills, for a CLOSE, and when reading reopens a window that had closed to less than
 * half.
 *
 * Once the round trip is known, the ACK frequency follows the path (ACK decimation, as
 * Linux TCP's and QUIC's ACK frequency): the receiver acknowledges the packets of one
 * 1/AcksPerRoundTrip of a round trip at a time, never fewer than AckWindow, and a delayed-ACK
 * timer of that fraction of a round trip sends what is left. On a fast, long path this is a
 * few ACKs per round trip instead of one per AckWindow packets, each a write on the reverse
 * path; where AckWindow packets take longer than the fraction, nothing changes.
 */
class MusesReceiver
{
  public:
    /// What a DATA or CLOSE turned out to be.
    enum Verdict
    {
        DELIVERED, //!< In order: delivered, with what was held behind it
        HELD,      //!< Ahead of a hole: kept until it fills
        CLOSED,    //!< The peer's CLOSE, in order
        REFUSED,   //!< Old, held already, or beyond our window (dropped with the reason)
    };

    MusesReceiver();
    ~MusesReceiver();

    /**
     * \param bufferSize delivered, unread bytes accepted (the largest window)
     * \param ackWindow Max_i: DATA packets delivered per ACK (the least)
     * \param acksPerRoundTrip ACKs per round trip once it is known; 0: every AckWindow only
     * \param roundTrip the session's round trip now (0 while unknown)
     * \param sendAck sends an ACK (sealed by the session)
     * \param drop where refused packets go, with the reason
     * \param deliver takes DATA payloads, in order
     * \param closed called when the peer's CLOSE comes in order
     */
    void Configure(uint32_t bufferSize,
                   uint32_t ackWindow,
                   uint32_t acksPerRoundTrip,
                   Callback<Time> roundTrip,
                   Callback<void, const MusesAckHeader&> sendAck,
                   Callback<void, Ptr<const Packet>, MusesDropReason> drop,
                   Callback<void, Ptr<Packet>> deliver,
                   Callback<void> closed);
    /// Forget the callbacks (the session is disposed of).
    void Clear();

    /// \param seq a DATA or CLOSE SeqNBR \return true if it is neither delivered nor held
    bool IsNew(uint64_t seq) const;
    /**
     * \brief An authentic DATA or CLOSE: delivered (the deliver and closed callbacks) with
     *        what was held behind it, held, or refused.
     * \param header its header \param payload its opened body
     * \return what it was
     */
    Verdict Receive(const MusesHeader& header, Ptr<Packet> payload);
    /// The application read bytes. \param bytes how many
    void Read(uint32_t bytes);
    /// Send a cumulative ACK now. \param gap true to report a hole (the sender resends)
    void SendAck(bool gap = false);

    /// \return the last DATA SeqNBR delivered in order (0 before the first)
    uint64_t GetLastReceived() const;
    /// \return the window, without advertising it
    uint32_t GetWindow() const;
    /// \return the window, advertised now (FINISHED carries it)
    uint32_t Advertise();
    /// \return application bytes delivered in order
    uint64_t GetBytesDelivered() const;
    /// \return ACKs sent
    uint64_t GetAcksSent() const;
    /// \return DATA packets delivered per ACK now (AckWindow, or more on a fast long path)
    uint32_t GetAckThreshold() const;
    /// \return packets that came ahead of a hole and were held, in all
    uint64_t GetPacketsHeld() const;

  private:
    /**
     * \brief Deliver the expected packet.
     * \param close a CLOSE \param payload its body \param ackNow its sender waits for the ACK
     * \return false if it does not fit the window (refused: it comes again)
     */
    bool Accept(bool close, Ptr<Packet> payload, bool ackNow);
    /// A packet was delivered: measure how many a fraction of a round trip brings.
    void UpdateAckThreshold();

    MusesRxBuffer m_buffer;      //!< Next SeqNBR, unread bytes
    uint32_t m_ackWindow;        //!< Max_i
    uint32_t m_acksPerRoundTrip; //!< 0: no decimation
    Callback<Time> m_roundTrip;  //!< The session's round trip
    uint32_t m_ackThreshold;     //!< Packets per ACK now
    Time m_ackFraction;          //!< The round trip / AcksPerRoundTrip: the delayed-ACK wait
    Time m_epochStart;           //!< Start of this count
    uint32_t m_epochPackets;     //!< Packets delivered in it
    EventId m_ackDelay;          //!< The delayed-ACK timer
    bool m_resendAnswered;       //!< A resend was acknowledged since the last delivery
    Callback<void, const MusesAckHeader&> m_sendAck;           //!< Sends an ACK
    Callback<void, Ptr<const Packet>, MusesDropReason> m_drop; //!< Refused packets
    Callback<void, Ptr<Packet>> m_deliver;                     //!< DATA, in order
    Callback<void> m_closed;                                   //!< The peer's CLOSE, in order
    uint64_t m_bytesDelivered;                                 //!< Bytes delivered
    uint64_t m_acksSent;                                       //!< ACKs sent
    uint64_t m_packetsHeld;                                    //!< Held ahead of a hole
};

} // namespace ns3

#endif /* MUSES_RECEIVER_H */
