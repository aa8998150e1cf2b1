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
      m_advertised(0),
      m_heldBytes(0)
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

bool
MusesRxBuffer::Hold(uint64_t seq, const Held& held)
{
    uint32_t size = held.payload->GetSize();
    if (m_held.size() >= MAX_HELD || uint64_t(m_heldBytes) + size > GetWindow())
    {
        return false;
    }
    if (m_held.emplace(seq, held).second)
    {
        m_heldBytes += size;
    }
    return true;
}

bool
MusesRxBuffer::IsHeld(uint64_t seq) const
{
    return m_held.count(seq) > 0;
}

bool
MusesRxBuffer::TakeNext(Held& next)
{
    auto it = m_held.begin();
    if (it == m_held.end() || it->first != m_expected)
    {
        return false;
    }
    next = it->second;
    m_heldBytes -= next.payload->GetSize();
    m_held.erase(it);
    return true;
}

size_t
MusesRxBuffer::GetHeldCount() const
{
    return m_held.size();
}

void
MusesRxBuffer::ClearHeld()
{
    m_held.clear();
    m_heldBytes = 0;
}

uint32_t
MusesRxBuffer::Advertise()
{
    m_sinceAck = 0;
    m_advertised = GetWindow();
    return m_advertised;
}

} // namespace ns3
