/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_UNDERLAY_HELPER_H
#define CLOAK_UNDERLAY_HELPER_H

#include "block-routing.h"

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <vector>

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
 * max(peers, routers) per router links, and there is no global route computation.
 *
 * IPv4 (the default), IPv6 or both (SetIpv4(), SetIpv6()). Over IPv4 each access link has a
 * /29 in 10.0.0.0/8: the router is .1, the peer .2, and .3 to .6 are free for NewAddress() (a
 * peer that gets a new address behaves, for the overlay, like a peer that moved). Over IPv6
 * peer i's access link is the /64 fd00:0:0:i:: (i up to 2^24: fd00:0:ii:iiii::), with
 * the router at ::1, the peer at ::2 and ::3 to ::6 free; links between routers are /64s
 * from fd00:0:ff00::/40 (ns-3 routers drop the documentation prefix). Each IPv6 router has one
 * static route per link below it, to the aggregate of the peers' /64s there, and a default route
 * up. DAD is off on every node: the addresses are unique by construction.
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
    /// \param ipv4 give the peers and routers IPv4 (default true)
    void SetIpv4(bool ipv4);
    /// \param ipv6 give the peers and routers IPv6 (default false; with SetIpv4(true), dual
    /// stack)
    void SetIpv6(bool ipv6);
    /**
     * \brief Partition the routed underlay across processes of ns-3's distributed simulator
     *        (the mpi module): the access routers, in order, are split into \p ranks equal
     *        runs; a peer goes with its access router, an aggregation router with its first
     *        child, the core router to rank 0.
     *
     * Only links between routers cross the partition: their delay (SetCoreLink()) is the
     * lookahead. Each node's rank is its Node::GetSystemId(); every rank builds the whole
     * underlay, and a script installs applications on its own rank's peers only.
     * \param ranks processes (default 1); more than 1 needs the routed underlay
     */
    void SetRanks(uint32_t ranks);

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
     * \brief Give a peer of the last Build() another address on its access link, in each
     *        family it has (cycling through the free ones).
     * \param peer the peer's index in Build()'s container
     */
    void NewAddress(uint32_t peer);

    /// \param peer a peer's index in Build()'s container \return its IPv4 address
    Ipv4Address GetAddress(uint32_t peer) const;
    /// \param peer a peer's index in Build()'s container \return its global IPv6 address
    Ipv6Address GetAddress6(uint32_t peer) const;

  private:
    /// \param accessRouter an access router's index among them (from 0) \param count how
    /// many there are \return its rank
    uint32_t RankOf(uint32_t accessRouter, uint32_t count) const;
    /// Build()'s direct case: the peers' devices on one UnderlayChannel.
    void BuildDirect();
    /// A new router's routing: IPv4 by blocks, IPv6 forwarding. \param router the router
    void Prepare(Ptr<Node> router);
    /**
     * \brief Join two routers by a core link, and route the parent's share of the addresses
     *        down it.
     * \param parent the upper router's index in m_routers
     * \param child the lower one's
     * \param firstPeer the first peer below the child
     * \param peers how many peers are below it (a power of 2)
     */
    void ConnectRouters(uint32_t parent, uint32_t child, uint32_t firstPeer, uint32_t peers);

    uint32_t m_peersPerRouter;   //!< Peers per access router
    uint32_t m_routersPerRouter; //!< Routers below an aggregation or the core router
    DataRate m_accessRate;       //!< Access link rate
    Time m_accessDelay;          //!< Access link delay
    DataRate m_coreRate;         //!< Core link rate
    Time m_coreDelay;            //!< Core link delay
    bool m_direct;               //!< One UnderlayChannel instead of routers
    bool m_ipv4;                 //!< Peers and routers have IPv4
    bool m_ipv6;                 //!< Peers and routers have IPv6
    uint32_t m_ranks{1};         //!< Processes the underlay is partitioned across
    NodeContainer m_peers;       //!< Peers of the last Build()
    NodeContainer m_routers;     //!< Core, then access routers
    std::vector<Ptr<BlockRouting>> m_blockRouting; //!< Each router's IPv4 routing by blocks
    uint32_t m_coreLinks{0};                       //!< Links between routers so far
};

} // namespace ns3

#endif /* CLOAK_UNDERLAY_HELPER_H */
