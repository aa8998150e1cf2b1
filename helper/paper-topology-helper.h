/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef PAPER_TOPOLOGY_HELPER_H
#define PAPER_TOPOLOGY_HELPER_H

#include "network-event-helper.h"

#include "ns3/csma-channel.h"
#include "ns3/csma-helper.h"
#include "ns3/csma-net-device.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/point-to-point-helper.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Builds the paper's testbed (Fig. 6), like ns-3's dumbbell and grid helpers build
 *        theirs:
 *
 *     Alice --LAN A-- R1 ---- R2 ---- R3 ---- R4 ---- R5
 *                             |               |       |
 *                           LAN 2           LAN 4   LAN 5 -- Bob
 *
 * Five routers in a chain of point-to-point links (SetRouterLinks), Alice on LAN A at R1,
 * Bob on LAN 5 at R5, LAN 4 at R4 with no host yet: the switch Bob moves to, and LAN 2 at
 * R2, empty too: the switch Alice moves to (beyond the paper). The LANs are 100 Mb/s CSMA
 * channels with 50 us of delay. Nodes are named (Names) "alice", "bob", "R1" to "R5";
 * addresses are 10.0.0.0/24 (LAN A), 10.1.k.0/24 (router links), 10.2.0.0/24, 10.4.0.0/24 and
 * 10.5.0.0/24; routing is global, except Alice's and Bob's: a static default route, which
 * their moves (NetworkEventHelper::MoveCsmaDevice with GetAttachment()) replace. ARP asks at once
 * (ArpL3Protocol's RequestJitter 0 on every node: ns-3 waits a random 0-10 ms by default).
 *
 * With SetIpv6(true) the network is dual stack: every LAN and router link also has an IPv6
 * /64 (2001:1:a::/64 for LAN A, 2001:1:1:k::/64 for the router links, 2001:1:2::/64,
 * 2001:1:4::/64 and 2001:1:5::/64; ns-3 does not forward 2001:db8::/32, the documentation prefix),
 * the routers forward IPv6 along static routes, Alice and Bob have a static IPv6 default route and
 * their moves renumber both families. Neighbour discovery asks at once too (Icmpv6L4Protocol's
 * SolicitationJitter 0), new addresses are usable at once (DAD off, as optimistic DAD, RFC 4429,
 * lets a moving host do) and a node takes packets for any of its addresses on any interface
 * (Ipv6's StrongEndSystemModel off, as IPv4's model is).
 */
class PaperTopologyHelper
{
  public:
    /// Where Bob's or Alice's wire can be plugged in (IPv6 fields set when dual stack).
    typedef NetworkEventHelper::Attachment Attachment;

    PaperTopologyHelper();

    /// \param rate the router links' data rate \param delay their one-way delay
    void SetRouterLinks(const std::string& rate, Time delay);

    /// \param ipv6 make the network dual stack (before Build)
    void SetIpv6(bool ipv6);

    /// Create the nodes, links, addresses and routes (once, before the applications).
    void Build();

    /// \return Alice
    Ptr<Node> GetAlice() const;
    /// \return Bob
    Ptr<Node> GetBob() const;
    /// \param k 1 to 5 \return router Rk
    Ptr<Node> GetRouter(uint32_t k) const;
    /// \return the nodes of the paper's overlay, R3 (its root, the chain's middle) first,
    ///         then R1, R2, R4, R5, Alice and Bob: CloakHelper::Install's order
    NodeContainer GetOverlayPeers() const;
    /// \return Alice's IPv4 address
    Ipv4Address GetAliceAddress() const;
    /// \return Alice's IPv6 address (:: unless SetIpv6)
    Ipv6Address GetAliceAddress6() const;
    /// \return Bob's CSMA device (the wire he moves)
    Ptr<CsmaNetDevice> GetBobDevice() const;
    /// \param router 4 (LAN 4: a new address) or 5 (LAN 5: Bob's first address) for Bob;
    ///        1 (LAN A: her first address) or 2 (LAN 2: a new one) for Alice
    /// \return where Bob or Alice plugs in there
    Attachment GetAttachment(uint32_t router) const;
    /**
     * \brief Schedule a move of Bob's wire (NetworkEventHelper::MoveCsmaDevice).
     * \param events the scheduler \param router 4 or 5: the LAN he plugs into
     * \param at when he unplugs \param offlineFor how long he stays unplugged
     */
    void MoveBob(NetworkEventHelper& events, uint32_t router, Time at, Time offlineFor) const;
    /**
     * \brief Schedule a move of Alice's wire.
     * \param events the scheduler \param router 1 or 2: the LAN she plugs into
     * \param at when she unplugs \param offlineFor how long she stays unplugged
     */
    void MoveAlice(NetworkEventHelper& events, uint32_t router, Time at, Time offlineFor) const;

    /**
     * \brief Bob's round-trip time to Alice from the topology: propagation, plus the
     *        transmission of a packet on each router link, both ways.
     * \param router where Bob is attached (4 or 5)
     * \param bytes the packet's size
     * \param aliceRouter where Alice is attached (1 or 2)
     * \return the RTT
     */
    Time GetRtt(uint32_t router, uint32_t bytes = 100, uint32_t aliceRouter = 1) const;

    /// Write pcap files of every LAN and router link. \param prefix file name prefix
    void EnablePcap(const std::string& prefix);

  private:
    /// Give every LAN and router link an IPv6 /64 and the routers static routes.
    /// \param lanA LAN A \param wan the router links \param lan2 \param lan4 \param lan5 the LANs
    void BuildIpv6(NetDeviceContainer lanA,
                   const std::vector<NetDeviceContainer>& wan,
                   NetDeviceContainer lan2,
                   NetDeviceContainer lan4,
                   NetDeviceContainer lan5);

    bool m_ipv6;                      //!< Dual stack
    std::string m_rate;               //!< Router links' rate
    Time m_delay;                     //!< Router links' delay
    CsmaHelper m_lan;                 //!< The LANs
    PointToPointHelper m_wan;         //!< The router links
    NodeContainer m_routers;          //!< R1 .. R5
    Ptr<Node> m_alice;                //!< Alice
    Ptr<Node> m_bob;                  //!< Bob
    Ipv4Address m_aliceAddress;       //!< On LAN A
    Ipv6Address m_aliceAddress6;      //!< On LAN A, if dual stack
    Ptr<CsmaNetDevice> m_bobDevice;   //!< Bob's wire
    Ptr<CsmaNetDevice> m_aliceDevice; //!< Alice's wire
    Attachment m_lanA;                //!< At R1
    Attachment m_lan2;                //!< At R2
    Attachment m_lan4;                //!< At R4
    Attachment m_lan5;                //!< At R5
};

} // namespace ns3

#endif /* PAPER_TOPOLOGY_HELPER_H */
