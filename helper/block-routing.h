/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef BLOCK_ROUTING_H
#define BLOCK_ROUTING_H

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/muses-ns3-compat.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Routes a run of equal, contiguous address blocks, block i out of its own interface
 *        to its own gateway, by arithmetic: constant time per packet whatever the number of
 *        blocks (Ipv4StaticRouting scans its whole list for each packet, so a core router
 *        with a route per access router costs in proportion to the network's size).
 *
 * Added to a node's Ipv4ListRouting ahead of its static routing (CloakUnderlayHelper does
 * this for each of its routers); a destination outside the blocks takes the default exit if
 * one is set (SetDefault: the way up, without a scan of the static routes' list), else it is
 * left to the next protocol.
 */
class BlockRouting : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param base the first address of block 0
     * \param blockSize addresses per block (a power of 2)
     */
    void SetBlocks(Ipv4Address base, uint32_t blockSize);
    /**
     * \brief The next block's way out (blocks are added in order, from block 0).
     * \param interface the interface it leaves by
     * \param gateway the next router on that interface
     */
    void AddBlock(uint32_t interface, Ipv4Address gateway);
    /// \return how many blocks are routed
    uint32_t GetNBlocks() const;
    /**
     * \brief The way out for every address outside the blocks.
     * \param interface the interface it leaves by
     * \param gateway the next router on that interface
     */
    void SetDefault(uint32_t interface, Ipv4Address gateway);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    compat::RouteInputCallback<UnicastForwardCallback> ucb,
                    compat::RouteInputCallback<MulticastForwardCallback> mcb,
                    compat::RouteInputCallback<LocalDeliverCallback> lcb,
                    compat::RouteInputCallback<ErrorCallback> ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /// \param destination an address \return its route (null outside the blocks)
    Ptr<Ipv4Route> Lookup(Ipv4Address destination) const;

    /// A block's way out.
    struct Exit
    {
        uint32_t interface;  //!< The interface
        Ipv4Address gateway; //!< The next router
    };

    Ptr<Ipv4> m_ipv4;                 //!< The node's IPv4
    uint32_t m_base{0};               //!< Block 0's first address
    uint32_t m_blockSize{1};          //!< Addresses per block
    std::vector<Exit> m_blocks;       //!< Block i's way out
    bool m_hasDefault{false};         //!< m_default is set
    Exit m_default{0, Ipv4Address()}; //!< The way out outside the blocks
};

} // namespace ns3

#endif /* BLOCK_ROUTING_H */
