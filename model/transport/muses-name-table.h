/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_NAME_TABLE_H
#define MUSES_NAME_TABLE_H

#include "ns3/address.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Peer name -> address (an Ipv4Address or an Ipv6Address), shared by the
 *        StaticTransports of a simulation.
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
    void Set(uint64_t name, const Address& address);

    /// \param name a peer name to forget
    void Remove(uint64_t name);

    /**
     * \param name a peer name
     * \param address receives its address when known
     * \return true when the name is known
     */
    bool Lookup(uint64_t name, Address& address) const;

    /**
     * TracedCallback signature for entry changes.
     * \param name the peer name
     * \param address its new address (an empty Address when removed)
     */
    typedef void (*ChangeTracedCallback)(uint64_t name, const Address& address);

  private:
    std::map<uint64_t, Address> m_entries;                  //!< The table
    TracedCallback<uint64_t, const Address&> m_changeTrace; //!< "Change" trace
};

} // namespace ns3

#endif /* MUSES_NAME_TABLE_H */
