/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_UNDERLAY_HELPER_H
#define CLOAK_UNDERLAY_HELPER_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief A light IP underlay for large overlays: peers hang off access routers by
 *        point-to-point links, the access routers off one core router (through levels of
 *        aggregation routers when there are more than SetRoutersPerRouter() of them).
 *
 * Routing is static and small: a default route per peer; each router finds the block of
 * addresses below each of its links by arithmetic (BlockRouting) and sends the rest up. A
 * packet's cost does not grow with the number of peers, no router has more than
 * max(peers, routers) per router links, and there is no global route computation. IPv4 only. Each
 * access link has a /29: the router is .1, the peer .2, and .3 to .6 are free for NewAddress() (a
 * peer that gets a new address behaves, for the overlay, like a peer that moved).
 *
 * SetDirect(true) keeps the peers, their addresses and each packet's delay but leaves the
 * routers out: one UnderlayChannel delivers each packet to its destination peer, one event per
 * packet where the routers cost two per link crossed. It is the underlay for 10^5 peers.
 */
class CloakUnderlayHelper
{
  public:
    CloakUnderlayHelper();

    /// \param peers peers per access router (rounded up to a power of two; default 64)
    void SetPeersPerRouter(uint32_t peers);
    /// \param routers routers below an aggregation or the core router (rounded up to a power
    /// of two; default 64)
    void SetRoutersPerRouter(uint32_t routers);
    /// \param rate access link rate \param delay access link delay (default 100 Mb/s, 2 ms)
    void SetAccessLink(DataRate rate, Time delay);
    /// \param rate core link rate \param delay core link delay (default 1 Gb/s, 5 ms): every
    /// link between routers
    void SetCoreLink(DataRate rate, Time delay);
    /**
     * \param direct true: no routers; one UnderlayChannel carries every packet straight to its
     *        peer with the delay the routed underlay would give it (one event per packet, no
     *        congestion beyond the access links); false (default): routers and links
     */
    void SetDirect(bool direct);

    /**
     * \brief Build the underlay (creates nodes and installs the internet stack on them).
     * \param peers how many peers
     * \return the peers
     */
    NodeContainer Build(uint32_t peers);

    /// \return the routers of the last Build(): the core first, then the access routers, then
    /// the aggregation routers (if any), level by level upwards; none when direct
    NodeContainer GetRouters() const;

    /**
     * \brief Give a peer of the last Build() another address on its access link.
     * \param peer the peer's index in Build()'s container
     * \return the new address (cycling through the free ones)
     */
    Ipv4InterfaceAddress NewAddress(uint32_t peer);

  private:
    /// Build()'s direct case: the peers' devices on one UnderlayChannel.
    void BuildDirect();

    uint32_t m_peersPerRouter;   //!< Peers per access router
    uint32_t m_routersPerRouter; //!< Routers below an aggregation or the core router
    DataRate m_accessRate;       //!< Access link rate
    Time m_accessDelay;          //!< Access link delay
    DataRate m_coreRate;         //!< Core link rate
    Time m_coreDelay;            //!< Core link delay
    bool m_direct;               //!< One UnderlayChannel instead of routers
    NodeContainer m_peers;       //!< Peers of the last Build()
    NodeContainer m_routers;     //!< Core, then access routers
};

} // namespace ns3

#endif /* CLOAK_UNDERLAY_HELPER_H */
