/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_TX_BUFFER_H
#define MUSES_TX_BUFFER_H

#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A session's send buffer: application bytes not yet cut into DATA packets, then the
 *        sealed DATA packets sent and not yet acknowledged (like TcpTxBuffer).
 *
 * A packet is sealed once and kept as sealed until acknowledged: a retransmission re-sends
 * the same bytes, so a nonce is never used for two plaintexts. SeqNBRs of DATA (and of the
 * final CLOSE) are numbered from 1 in the order the packets are added.
 */
class MusesTxBuffer
{
  public:
    /// A sealed packet kept until acknowledged.
    struct Item
    {
        uint64_t seq;       //!< SeqNBR
        Ptr<Packet> sealed; //!< The bytes as sent
        uint32_t size;      //!< Application bytes in it
        Time sent;          //!< When it was first sent
        bool retransmitted; //!< Sent again since (its ACK says nothing of the RTT)
    };

    MusesTxBuffer();

    /// \param data application bytes to send
    void Add(Ptr<Packet> data);
    /// \return application bytes not yet in a DATA packet
    uint32_t GetUnsentSize() const;
    /// \return application bytes sent and not yet acknowledged
    uint32_t GetInFlight() const;

    /**
     * \brief Cut the next DATA payload from the unsent bytes.
     * \param size its size (at most GetUnsentSize())
     * \return the bytes, to be sealed under GetNextSeq() and given to Push()
     */
    Ptr<Packet> TakeUnsent(uint32_t size);
    /// \return the SeqNBR the next pushed packet gets
    uint64_t GetNextSeq() const;
    /// \return the last SeqNBR pushed (0 before the first)
    uint64_t GetLastSeq() const;

    /**
     * \brief Keep a sealed packet until acknowledged; it takes GetNextSeq().
     * \param sealed the packet as sent
     * \param size application bytes in it
     */
    void Push(Ptr<Packet> sealed, uint32_t size);

    /**
     * \brief Forget the packets the peer has.
     * \param ack highest SeqNBR the peer received in order
     * \param rtt receives the round-trip time of the newest packet acknowledged that was
     *        sent once (Karn's rule), or stays as it is when there is none
     * \return true if it acknowledged something new
     */
    bool Acknowledge(uint64_t ack, Time* rtt = nullptr);
    /// Every unacknowledged packet is being sent again.
    void MarkRetransmitted();

    /// \return true when every pushed packet was acknowledged
    bool IsAllAcked() const;
    /// \return the first unacknowledged SeqNBR (GetNextSeq() when none)
    uint64_t GetFirstUnacked() const;
    /// \return the unacknowledged packets, oldest first
    const std::vector<Item>& GetUnacked() const;
    /// Release every packet.
    void Clear();

  private:
    // Vectors, not deques: a deque allocates a block of over 500 bytes when made, and a
    // server holds a buffer per session. Each is consumed from the front in one erase.
    std::vector<Ptr<Packet>> m_unsent; //!< Application writes not yet in a DATA packet
    uint32_t m_unsentSize;             //!< Bytes in m_unsent
    std::vector<Item> m_unacked;       //!< Sent, not yet acknowledged
    uint32_t m_inFlight;               //!< Application bytes in m_unacked
    uint64_t m_nextSeq;                //!< Next SeqNBR
};

} // namespace ns3

#endif /* MUSES_TX_BUFFER_H */
