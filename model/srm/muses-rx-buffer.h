/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_RX_BUFFER_H
#define MUSES_RX_BUFFER_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A session's receive side: which DATA SeqNBR comes next, the bytes delivered and not
 *        yet read, and so the window to advertise and when to acknowledge (like TcpRxBuffer).
 *
 * The session delivers DATA in order only (a packet beyond the expected one is dropped and
 * reported once as a hole), so nothing is reassembled here: the buffer only counts.
 */
class MusesRxBuffer
{
  public:
    MusesRxBuffer();

    /// \param bytes delivered, unread bytes accepted: the largest window (ReceiveBufferSize)
    void SetSize(uint32_t bytes);
    /// \return the next DATA SeqNBR to deliver
    uint64_t GetExpected() const;
    /// \return the last DATA SeqNBR delivered in order (0 before the first)
    uint64_t GetLastReceived() const;
    /// \return the window to advertise: room left for delivered, unread bytes
    uint32_t GetWindow() const;

    /**
     * \brief The expected packet is delivered.
     * \param size its application bytes (0 for CLOSE)
     * \return packets delivered since the last Advertise()
     */
    uint32_t Deliver(uint32_t size);
    /**
     * \brief The application read bytes.
     * \param bytes how many
     * \return true if the window reopened to half the buffer after being advertised below
     *         half: worth an ACK now
     */
    bool Read(uint32_t bytes);
    /// \return true the first time a hole at the expected SeqNBR is seen (one report each)
    bool IsNewHole();
    /// An ACK goes out now. \return the window it advertises
    uint32_t Advertise();

  private:
    uint32_t m_size;       //!< Largest window
    uint64_t m_expected;   //!< Next DATA SeqNBR to deliver
    uint64_t m_holeAt;     //!< m_expected when we last reported a hole
    uint32_t m_sinceAck;   //!< Packets delivered since the last ACK
    uint32_t m_unread;     //!< Delivered bytes the application has not read
    uint32_t m_advertised; //!< Window in our last ACK
};

} // namespace ns3

#endif /* MUSES_RX_BUFFER_H */
