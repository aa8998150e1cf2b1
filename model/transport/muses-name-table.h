/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_NAME_TABLE_H
#define MUSES_NAME_TABLE_H

#include "ns3/ipv4-address.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Peer name -> IPv4 address, shared by the StaticTransports of a simulation.
 *
 * It stands for what the paper's prototype configured by hand (§II.E) and what CLOAK's DHT
 * provides: a node publishes its own address when it changes, and a script may change
 * entries at any time.
 */
class MusesNameTable : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param name a peer name
     * \param address its current address
     */
    void Set(uint64_t name, Ipv4Address address);

    /// \param name a peer name to forget
    void Remove(uint64_t name);

    /**
     * \param name a peer name
     * \param address receives its address when known
     * \return true when the name is known
     */
    bool Lookup(uint64_t name, Ipv4Address& address) const;

    /**
     * TracedCallback signature for entry changes.
     * \param name the peer name
     * \param address its new address (Ipv4Address() when removed)
     */
    typedef void (*ChangeTracedCallback)(uint64_t name, Ipv4Address address);

  private:
    std::map<uint64_t, Ipv4Address> m_entries;           //!< The table
    TracedCallback<uint64_t, Ipv4Address> m_changeTrace; //!< "Change" trace
};

} // namespace ns3

#endif /* MUSES_NAME_TABLE_H */
