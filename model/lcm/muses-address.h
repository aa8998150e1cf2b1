/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_ADDRESS_H
#define MUSES_ADDRESS_H

#include "ns3/address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A MUSEs endpoint: a peer's permanent name and a port.
 *
 * MUSEs addresses peers by name (CLOAK's 64-bit identifier), never by IP address, so an
 * application's peer address stays valid while the peer moves. Like InetSocketAddress it
 * converts to and from ns3::Address, so stock applications take it in their "Remote" and
 * "Local" attributes.
 */
class MusesAddress
{
  public:
    /// The name that means "this node" in Bind().
    static constexpr uint64_t ANY_NAME = 0;

    /**
     * \param name the peer's name
     * \param port the port
     */
    MusesAddress(uint64_t name, uint16_t port);

    /// \return the name
    uint64_t GetName() const;
    /// \return the port
    uint16_t GetPort() const;
    /// \param name the name
    void SetName(uint64_t name);
    /// \param port the port
    void SetPort(uint16_t port);

    /// \return this address as a generic Address
    operator Address() const;

    /**
     * \param address an address
     * \return true when it holds a MusesAddress
     */
    static bool IsMatchingType(const Address& address);

    /**
     * \param address an address for which IsMatchingType() is true
     * \return the MusesAddress it holds
     */
    static MusesAddress ConvertFrom(const Address& address);

  private:
    /// \return the Address type registered for MusesAddress
    static uint8_t GetType();

    uint64_t m_name; //!< The peer's name
    uint16_t m_port; //!< The port
};

/**
 * \param os output stream
 * \param address the address
 * \return os, with "name:port" (name in hexadecimal)
 */
std::ostream& operator<<(std::ostream& os, const MusesAddress& address);

} // namespace ns3

#endif /* MUSES_ADDRESS_H */
