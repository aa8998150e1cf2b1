/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-rx-buffer.h"

#include <algorithm>

namespace ns3
{

MusesRxBuffer::MusesRxBuffer()
    : m_size(0),
      m_expected(1),
      m_holeAt(0),
      m_sinceAck(0),
      m_unread(0),
      m_advertised(0)
{
}

void
MusesRxBuffer::SetSize(uint32_t bytes)
{
    m_size = bytes;
}

uint64_t
MusesRxBuffer::GetExpected() const
{
    return m_expected;
}

uint64_t
MusesRxBuffer::GetLastReceived() const
{
    return m_expected - 1;
}

uint32_t
MusesRxBuffer::GetWindow() const
{
    return m_size > m_unread ? m_size - m_unread : 0;
}

uint32_t
MusesRxBuffer::Deliver(uint32_t size)
{
    ++m_expected;
    m_unread += size;
    return ++m_sinceAck;
}

bool
MusesRxBuffer::Read(uint32_t bytes)
{
    m_unread -= std::min(bytes, m_unread);
    return m_advertised < m_size / 2 && GetWindow() >= m_size / 2;
}

bool
MusesRxBuffer::IsNewHole()
{
    if (m_holeAt == m_expected)
    {
        return false;
    }
    m_holeAt = m_expected;
    return true;
}

uint32_t
MusesRxBuffer::Advertise()
{
    m_sinceAck = 0;
    m_advertised = GetWindow();
    return m_advertised;
}

} // namespace ns3
