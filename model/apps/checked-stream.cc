/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "checked-stream.h"

namespace ns3
{

CheckedStream::CheckedStream()
    : m_firstMismatch(-1)
{
}

uint8_t
CheckedStream::ByteAt(uint64_t offset)
{
    // Mixes every byte of the offset, so no short period hides a shifted stream.
    uint64_t x = offset * 0x9E3779B97F4A7C15ULL;
    return uint8_t(x >> 56) ^ uint8_t(offset);
}

void
CheckedStream::Peek(uint8_t* buffer, uint32_t size) const
{
    for (uint32_t i = 0; i < size; ++i)
    {
        buffer[i] = ByteAt(m_digest.GetSize() + i);
    }
}

void
CheckedStream::Commit(const uint8_t* buffer, uint32_t size)
{
    m_digest.Update(buffer, size);
}

void
CheckedStream::Produce(uint8_t* buffer, uint32_t size)
{
    Peek(buffer, size);
    Commit(buffer, size);
}

bool
CheckedStream::Consume(const uint8_t* buffer, uint32_t size)
{
    bool ok = true;
    for (uint32_t i = 0; i < size; ++i)
    {
        if (buffer[i] != ByteAt(m_digest.GetSize() + i))
        {
            if (m_firstMismatch < 0)
            {
                m_firstMismatch = int64_t(m_digest.GetSize() + i);
            }
            ok = false;
            break;
        }
    }
    m_digest.Update(buffer, size);
    return ok;
}

uint64_t
CheckedStream::GetSize() const
{
    return m_digest.GetSize();
}

int64_t
CheckedStream::GetFirstMismatch() const
{
    return m_firstMismatch;
}

std::string
CheckedStream::GetSha256() const
{
    return m_digest.GetHex();
}

} // namespace ns3
