/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LOCAL_ADDRESS_MONITOR_H
#define LOCAL_ADDRESS_MONITOR_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Tells its owner when a node's own addresses change (a move, a renumbering, an
 *        interface going down or back up).
 *
 * The addresses are the node's IPv4 addresses (Ipv4Address in an Address) but the loopback,
 * and its IPv6 global ones (Ipv6Address) that are usable: not link-local, not loopback, not
 * tentative (in duplicate address detection, unless optimistic) and not invalid. Each family's are
 * reported only where the node has that stack.
 *
 * The addresses are checked whenever one of the node's devices reports a link change (after
 * the current event, since whoever changed the link may set addresses next), when a script
 * that set an address calls NotifyChanged() (as netlink tells a real host), and every
 * Interval, for changes nobody reports.
 */
class LocalAddressMonitor : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Called with the new set of addresses (empty: the node is offline).
    typedef Callback<void, const std::set<Address>&> ChangeCallback;

    LocalAddressMonitor();
    ~LocalAddressMonitor() override;

    /**
     * \brief Start watching.
     * \param node the node
     * \param callback called on every change
     */
    void Start(Ptr<Node> node, ChangeCallback callback);

    /// \return the addresses at the last check
    const std::set<Address>& GetAddresses() const;

    /**
     * \brief Tell the node's monitors that its addresses may have changed: they check after
     *        the current event. With it, a script that renumbers nodes can set Interval to 0.
     * \param node the node
     */
    static void NotifyChanged(Ptr<Node> node);

    /**
     * \param ip an Ipv4Address or Ipv6Address in an Address
     * \return it as text: dotted IPv4, or IPv6 (Address's own output otherwise)
     */
    static std::string Format(const Address& ip);

    /**
     * \param addresses addresses of both families
     * \param ipv6 the family wanted first
     * \return the first address of that family, else the first of the other (Address():
     *         none)
     */
    static Address Choose(const std::set<Address>& addresses, bool ipv6);

  protected:
    void DoDispose() override;

  private:
    /// \param node a node \param addresses receives its usable addresses on up interfaces,
    ///        sorted, each once
    static void ReadAddresses(Ptr<Node> node, std::vector<Address>& addresses);
    /// Compare the addresses with the last check's.
    void Check();
    /// Check() now and every Interval.
    void Poll();
    /// A device's link went up or down.
    void LinkChanged();
    /// \return the started, undisposed monitors by node
    static std::multimap<const Node*, LocalAddressMonitor*>& Started();
    /// Leave Started().
    void Forget();

    Time m_interval;                //!< Polling period (attribute)
    Ptr<Node> m_node;               //!< The node
    ChangeCallback m_changed;       //!< The owner's upcall
    std::set<Address> m_addresses;  //!< At the last check
    std::vector<Address> m_scratch; //!< This check's, reused
    EventId m_pollEvent;            //!< Next poll
};

} // namespace ns3

#endif /* LOCAL_ADDRESS_MONITOR_H */
