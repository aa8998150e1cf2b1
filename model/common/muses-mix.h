/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_MIX_H
#define MUSES_MIX_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A well-mixed 64-bit hash of a 64-bit value (SplitMix64's finaliser): spreads names
 *        over CLOAK's key points and over the IPv4 identifiers' range.
 * \param x a value
 * \return its hash
 */
inline uint64_t
Mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

} // namespace ns3

#endif /* MUSES_MIX_H */
