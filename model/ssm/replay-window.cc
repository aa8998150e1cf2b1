/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "replay-window.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ReplayWindow");

ReplayWindow::ReplayWindow(uint32_t size)
    : m_size(size),
      m_bits(size / 64, 0),
      m_highest(0),
      m_empty(true)
{
    NS_ABORT_MSG_IF(size == 0 || size % 64 != 0,
                    "ReplayWindow size must be a positive multiple of 64, got " << size);
}

MusesDropReason
ReplayWindow::Check(uint64_t seq) const
{
    if (m_empty || seq > m_highest)
    {
        return MUSES_DROP_NONE;
    }
    if (m_highest - seq >= m_size)
    {
        return MUSES_DROP_TOO_OLD;
    }
    return IsSet(seq) ? MUSES_DROP_REPLAYED : MUSES_DROP_NONE;
}

void
ReplayWindow::Accept(uint64_t seq)
{
    NS_LOG_FUNCTION(this << seq);
    NS_ASSERT_MSG(Check(seq) == MUSES_DROP_NONE, "Accept() of a refused sequence number");
    if (m_empty || (seq > m_highest && seq - m_highest >= m_size))
    {
        // First packet, or a jump past the whole window: nothing remembered still counts.
        std::fill(m_bits.begin(), m_bits.end(), 0);
        m_highest = seq;
        m_empty = false;
    }
    else if (seq > m_highest)
    {
        // Slide: the slots of the numbers passed over now stand for new, unseen numbers.
        for (uint64_t s = m_highest + 1; s < seq; ++s)
        {
            SetBit(s, false);
        }
        m_highest = seq;
    }
    SetBit(seq, true);
}

void
ReplayWindow::Reset()
{
    std::fill(m_bits.begin(), m_bits.end(), 0);
    m_highest = 0;
    m_empty = true;
}

uint32_t
ReplayWindow::GetSize() const
{
    return m_size;
}

bool
ReplayWindow::IsEmpty() const
{
    return m_empty;
}

uint64_t
ReplayWindow::GetHighest() const
{
    return m_highest;
}

bool
ReplayWindow::IsSet(uint64_t seq) const
{
    uint64_t bit = seq % m_size;
    return (m_bits[bit / 64] >> (bit % 64)) & 1;
}

void
ReplayWindow::SetBit(uint64_t seq, bool value)
{
    uint64_t bit = seq % m_size;
    uint64_t mask = uint64_t(1) << (bit % 64);
    if (value)
    {
        m_bits[bit / 64] |= mask;
    }
    else
    {
        m_bits[bit / 64] &= ~mask;
    }
}

} // namespace ns3
