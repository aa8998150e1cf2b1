/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_RX_BUFFER_H
#define MUSES_RX_BUFFER_H

#include "ns3/packet.h"

#include <cstdint>
#include <map>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A session's receive side: which DATA SeqNBR comes next, the bytes delivered and not
 *        yet read, and so the window to advertise and when to acknowledge, and the packets
 *        that came ahead of a hole (like TcpRxBuffer).
 *
 * The application gets DATA in order. A packet beyond the expected one is held here until
 * the hole before it fills (a path that changed under the session delivers the new path's
 * packets before the old one's last), within the window: the sender never has more in
 * flight, so what it sent fits. Held bytes are not taken from the advertised window, which,
 * as TCP's, counts from the next expected byte.
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

    /// A packet that came ahead of a hole.
    struct Held
    {
        Ptr<Packet> payload; //!< Its opened body (an empty packet for CLOSE)
        bool close;          //!< A CLOSE
    };

    /// Packets held at most: they need not be big (an application may write a byte at a
    /// time), and each costs a Packet whatever its size.
    static constexpr size_t MAX_HELD = 4096;

    /**
     * \brief Keep a packet beyond the expected SeqNBR until the hole fills.
     * \param seq its SeqNBR \param held it
     * \return false when there is no room for it: its bytes and those held pass the window,
     *         or MAX_HELD are held
     */
    bool Hold(uint64_t seq, const Held& held);
    /// \param seq a SeqNBR beyond the expected one \return true if a packet with it is held
    bool IsHeld(uint64_t seq) const;
    /**
     * \brief Take the held packet with the expected SeqNBR, if it came.
     * \param next set to it
     * \return false when it did not (a hole, or nothing held)
     */
    bool TakeNext(Held& next);
    /// \return packets held ahead of a hole
    size_t GetHeldCount() const;
    /// Drop what is held (the session is disposed of).
    void ClearHeld();
    /// An ACK goes out now. \return the window it advertises
    uint32_t Advertise();

  private:
    uint32_t m_size;                 //!< Largest window
    uint64_t m_expected;             //!< Next DATA SeqNBR to deliver
    uint64_t m_holeAt;               //!< m_expected when we last reported a hole
    uint32_t m_sinceAck;             //!< Packets delivered since the last ACK
    uint32_t m_unread;               //!< Delivered bytes the application has not read
    uint32_t m_advertised;           //!< Window in our last ACK
    std::map<uint64_t, Held> m_held; //!< Packets ahead of a hole, by SeqNBR
    uint32_t m_heldBytes;            //!< Their payload bytes
};

} // namespace ns3

#endif /* MUSES_RX_BUFFER_H */
