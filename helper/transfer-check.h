/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TRANSFER_CHECK_H
#define TRANSFER_CHECK_H

#include "summary-writer.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/stream-digest.h"

#include <deque>
#include <map>
#include <set>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Checks a transfer of messages end to end: what the sender's socket took against
 *        what the receiving application got.
 *
 * The messages are framed as BulkSendApplication frames them with EnableSeqTsSizeHeader
 * (each starts with a SeqTsSizeHeader giving its sequence number and size). Connect Sent to
 * the sender's "Tx" trace and Received to the receiver's "Rx" (PacketSink's, for instance).
 * Whenever asked, it tells apart what a stream can no longer deliver from what is still on
 * its way, so a run stopped mid-transfer reports no loss:
 * - lost: messages sent before one that arrived, that never arrived themselves;
 * - in flight: sent bytes neither received nor lost (the transfer was still going);
 * - duplicated: bytes of messages that arrived more than once;
 * - PrefixMatches(): the bytes received are exactly the first bytes sent, in order (SHA-256
 *   of both streams): the whole stream once the transfer is complete.
 * It keeps the bytes in flight (to hash the sent stream's prefix), nothing more.
 */
class TransferCheck
{
  public:
    TransferCheck();

    /**
     * \brief End the run once a whole transfer is in.
     * \param bytes the transfer's size
     * \param delay how long the simulation goes on after the last byte
     */
    void StopWhenReceived(uint64_t bytes, Time delay);

    /**
     * \brief Follow a transfer: the sender's "Tx" trace (BulkSend's, OnOff's) to Sent(), the
     *        receiver's "Rx" trace (PacketSink's) to Received().
     * \param sender the sending application \param receiver the receiving application
     */
    void Watch(Ptr<Application> sender, Ptr<Application> receiver);

    /// \param packet bytes the sender's socket accepted (its "Tx" trace)
    void Sent(Ptr<const Packet> packet);

    /// \param packet bytes the receiving application got \param from the sender
    void Received(Ptr<const Packet> packet, const Address& from);

    /// \return bytes the sender's socket accepted
    uint64_t GetBytesSent() const;
    /// \return bytes the receiving application got
    uint64_t GetBytesReceived() const;
    /// \return bytes of messages that can no longer arrive
    uint64_t GetBytesLost() const;
    /// \return bytes sent, neither received nor lost
    uint64_t GetBytesInFlight() const;
    /// \return bytes of messages received more than once
    uint64_t GetBytesDuplicated() const;
    /// \return true when the bytes received are the sent stream's first bytes, in order
    bool PrefixMatches() const;
    /// \return when the last bytes arrived (zero if none did)
    Time GetLastReceived() const;

    /**
     * \brief The transfer's goodput: bytes received over the time from its start to its last
     *        byte if all arrived, else to now (a transfer that never resumed must not look
     *        fast).
     * \param start when the sender started \param size the transfer's size
     * \return bit/s
     */
    double GetGoodput(Time start, uint64_t size) const;

    /**
     * \brief Add the check to a summary: bytes_sent, bytes_received, bytes_lost,
     *        bytes_in_flight, bytes_duplicated, payload_sha256_match.
     * \param summary where
     */
    void AddTo(SummaryWriter& summary) const;

  private:
    /// Hash the sent stream up to as many bytes as were received.
    void AdvanceSentPrefix();

    uint64_t m_bytesSent;                    //!< Bytes the sender's socket took
    StreamDigest m_received;                 //!< The received stream
    StreamDigest m_sentPrefix;               //!< The sent stream's first bytes
    std::deque<Ptr<const Packet>> m_pending; //!< Sent bytes beyond m_sentPrefix
    uint32_t m_pendingOffset;                //!< Bytes of m_pending's front hashed already
    Ptr<Packet> m_partial;                   //!< Received bytes of an incomplete message
    std::map<uint32_t, uint32_t> m_sizes;    //!< Sent messages: sequence -> size
    std::set<uint32_t> m_arrived;            //!< Sequences received
    uint64_t m_arrivedBytes;                 //!< Bytes of the messages in m_arrived
    int64_t m_highest;                       //!< Highest sequence received (-1: none)
    uint32_t m_nextSeq;                      //!< The sequence expected next, in order
    bool m_framed;                           //!< Every message began where one ended
    bool m_inOrder;                          //!< Every message came once, in order
    uint64_t m_stopBytes;                    //!< StopWhenReceived's size (0: never)
    Time m_stopDelay;                        //!< StopWhenReceived's delay
    uint64_t m_duplicated;                   //!< Bytes of messages received again
    Time m_last;                             //!< Last arrival
};

} // namespace ns3

#endif /* TRANSFER_CHECK_H */
