/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_BYTE_ORDER_H
#define MUSES_BYTE_ORDER_H

#include <cstdint>
#include <cstring>

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
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // One swapped store, not a byte loop: headers are written for every packet.
    uint64_t be = __builtin_bswap64(value << (64 - 8 * bytes));
    std::memcpy(p, &be, bytes);
#else
    for (int i = 0; i < bytes; ++i)
    {
        p[i] = uint8_t(value >> (8 * (bytes - 1 - i)));
    }
#endif
    p += bytes;
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
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // One swapped load, not a byte loop: headers are read for every packet.
    std::memcpy(&value, p, bytes);
    value = __builtin_bswap64(value) >> (64 - 8 * bytes);
#else
    for (int i = 0; i < bytes; ++i)
    {
        value = (value << 8) | p[i];
    }
#endif
    p += bytes;
    return value;
}

} // namespace ns3

#endif /* MUSES_BYTE_ORDER_H */
