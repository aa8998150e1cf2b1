/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_BYTE_ORDER_H
#define MUSES_BYTE_ORDER_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Write an integer in network byte order and move past it.
 * \param p where; advanced by \p bytes
 * \param value the integer (its low \p bytes bytes are written)
 * \param bytes how many bytes, 1 to 8
 */
inline void
WriteBigEndian(uint8_t*& p, uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
    {
        *p++ = uint8_t(value >> (8 * i));
    }
}

/**
 * \ingroup muses
 * \brief Read an integer in network byte order and move past it.
 * \param p where; advanced by \p bytes
 * \param bytes how many bytes, 1 to 8
 * \return the integer
 */
inline uint64_t
ReadBigEndian(const uint8_t*& p, int bytes)
{
    uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
    {
        value = (value << 8) | *p++;
    }
    return value;
}

} // namespace ns3

#endif /* MUSES_BYTE_ORDER_H */
