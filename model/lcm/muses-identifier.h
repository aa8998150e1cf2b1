/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_IDENTIFIER_H
#define MUSES_IDENTIFIER_H

#include "ns3/ipv4-address.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup muses
 * \brief IPv4 identifiers for peer names, so that applications written for IP address
 *        MUSEs peers with an ordinary InetSocketAddress.
 *
 * The idea is HIP's local-scope identifiers (LSIs, RFC 7401 section 3.2, RFC 5338): a legacy
 * application gets an IPv4 address that stands for a permanent peer name, never for a
 * location, so it does not change when the peer moves. MusesSocket takes
 * InetSocketAddress(identifier, port) in Bind and Connect and reports peers the same way.
 *
 * Identifiers are taken from 240.0.0.0/4, which IANA reserves and no simulated interface
 * uses, so an identifier is never mistaken for a routable address of the underlay (HIP's
 * first LSI range, 1.0.0.0/8, has since been allocated). A name's identifier is a hash of
 * the name into the 2^28 - 2 usable values (neither 240.0.0.0 nor 255.255.255.255); the
 * rare collision is resolved by taking the next free value. The table is shared by the whole
 * simulation, like ns3::Names, so every node sees the same identifier for a name.
 */
class MusesIdentifier
{
  public:
    /**
     * \param name a peer name (MusesAddress::ANY_NAME gives 0.0.0.0, "any")
     * \return its identifier, assigned on first use
     */
    static Ipv4Address Get(uint64_t name);

    /**
     * \param identifier an address
     * \return the name it stands for, or MusesAddress::ANY_NAME when it is 0.0.0.0 or no
     *         name's identifier
     */
    static uint64_t GetName(Ipv4Address identifier);

    /**
     * \param address an address
     * \return true when it lies in the identifiers' range, 240.0.0.0/4
     */
    static bool IsInRange(Ipv4Address address);
};

} // namespace ns3

#endif /* MUSES_IDENTIFIER_H */
