/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef REPLAY_WINDOW_H
#define REPLAY_WINDOW_H

#include "muses-drop-reason.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Anti-replay sliding window over 64-bit sequence numbers (as in IPsec, WireGuard).
 *
 * Remembers which of the last GetSize() sequence numbers below and including the
 * highest one accepted so far have been seen, in a ring bitmap. A sequence number
 * above the highest is always new; one inside the window is new once; one at or
 * below highest - size is too old to tell, so it is refused. Reordering inside the
 * window is therefore accepted and a replay never is.
 *
 * Check() before authentication is cheap and changes nothing; Accept() only after the
 * packet has been authenticated, so that forged packets cannot move the window.
 */
class ReplayWindow
{
  public:
    /// Default window: 2048 sequence numbers.
    static constexpr uint32_t DEFAULT_SIZE = 2048;

    /**
     * \param size window size in sequence numbers: a positive multiple of 64
     */
    explicit ReplayWindow(uint32_t size = DEFAULT_SIZE);

    /**
     * \param seq a sequence number
     * \return MUSES_DROP_NONE if new, MUSES_DROP_REPLAYED if already accepted,
     *         MUSES_DROP_TOO_OLD if older than the window
     */
    MusesDropReason Check(uint64_t seq) const;

    /**
     * \brief Record an authenticated sequence number; Check(seq) must have returned NONE.
     * \param seq the sequence number
     */
    void Accept(uint64_t seq);

    /** \brief Forget everything (a new key or session). */
    void Reset();

    /** \return the window size */
    uint32_t GetSize() const;
    /** \return true until the first Accept() */
    bool IsEmpty() const;
    /** \return the highest sequence number accepted (0 while empty) */
    uint64_t GetHighest() const;

  private:
    /**
     * \param seq a sequence number inside the window
     * \return whether its bit is set
     */
    bool IsSet(uint64_t seq) const;
    /**
     * \param seq a sequence number
     * \param value the new value of its bit
     */
    void SetBit(uint64_t seq, bool value);

    uint32_t m_size;              //!< Window size (bits)
    std::vector<uint64_t> m_bits; //!< Ring bitmap: bit (seq mod m_size)
    uint64_t m_highest;           //!< Highest accepted sequence number
    bool m_empty;                 //!< Nothing accepted yet
};

} // namespace ns3

#endif /* REPLAY_WINDOW_H */
