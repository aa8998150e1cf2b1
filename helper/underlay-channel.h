/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UNDERLAY_CHANNEL_H
#define UNDERLAY_CHANNEL_H

#include "ns3/channel.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

class UnderlayNetDevice;

/**
 * \ingroup muses
 * \brief One channel that stands for a whole routed underlay: it hands each IPv4 or IPv6
 *        packet straight to the peer that owns its destination's address block, at the time
 *        the routed underlay would have delivered it.
 *
 * The routed underlay it stands for is CloakUnderlayHelper's: peers on access links of
 * AccessRate and AccessDelay to access routers of PeersPerRouter peers each, those routers
 * under a tree of routers (RoutersPerRouter children each) joined by core links of CoreRate
 * and CoreDelay. A packet's delay is its serialization on the sender's access link (FIFO after
 * the sender's earlier packets), the propagation and serialization on the core links up to the
 * two peers' lowest common router and down again, then its serialization on the receiver's
 * access link (FIFO after the packets sent to it before) and its propagation. A packet that
 * would queue longer than MaxQueueDelay on either access link is dropped.
 *
 * Each packet costs one simulator event (its arrival) whatever the number of peers, where the
 * routed underlay costs two per link crossed (up to six links at 10^5 peers) and a routing
 * decision per router: what OverSim's "simple underlay" does for its 10^5-peer runs. What it
 * leaves out: queueing in the core (the links beyond the access links never congest) and the
 * routers themselves (nothing can be captured or dropped there).
 *
 * Peer i's IPv4 block is [base + i * blockSize, base + (i + 1) * blockSize); its IPv6 block
 * is the /64 i after the first peer's (SetBlocks6()). A packet to an address outside every
 * block is dropped ("no route").
 */
class UnderlayChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param base the first address of peer 0's block
     * \param blockSize addresses per peer (a power of 2)
     */
    void SetBlocks(Ipv4Address base, uint32_t blockSize);

    /// \param first an address in peer 0's /64: peer i owns the i-th /64 after it
    void SetBlocks6(Ipv6Address first);

    /**
     * \brief Attach the next peer's device: it owns the next address block.
     * \param device the device
     * \return the peer's index (its block's)
     */
    uint32_t Attach(Ptr<UnderlayNetDevice> device);

    /**
     * \brief Carry a packet that starts with its IP header.
     * \param packet the packet
     * \param from the sender's index
     * \param protocol Ipv4L3Protocol's or Ipv6L3Protocol's protocol number
     * \return false when the packet is dropped
     */
    bool Send(Ptr<Packet> packet, uint32_t from, uint16_t protocol);

    /**
     * \param a a peer's index \param b another's
     * \return how many core links a packet crosses between them (0 under one access router)
     */
    uint32_t GetCoreLinks(uint32_t a, uint32_t b) const;

    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

    /**
     * TracedCallback signature for a dropped packet.
     * \param packet the packet
     * \param reason "no route" or "queue full"
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, const std::string& reason);

  protected:
    void DoDispose() override;

  private:
    /**
     * \param packet a packet that starts with its IP header
     * \param protocol its protocol number
     * \return the index of the peer owning its destination (past the last peer if none)
     */
    uint64_t FindPeer(Ptr<const Packet> packet, uint16_t protocol) const;

    /// A peer's access link.
    struct Port
    {
        Ptr<UnderlayNetDevice> device; //!< The peer's device
        Time upFreeAt;                 //!< The uplink has sent all it was given by then
        Time downFreeAt;               //!< Likewise the downlink
    };

    DataRate m_accessRate;       //!< Access link rate (attribute)
    Time m_accessDelay;          //!< Access link delay (attribute)
    DataRate m_coreRate;         //!< Core link rate (attribute)
    Time m_coreDelay;            //!< Core link delay (attribute)
    uint32_t m_peersPerRouter;   //!< Peers per access router (attribute)
    uint32_t m_routersPerRouter; //!< Routers below an aggregation or the core router (attribute)
    Time m_maxQueueDelay;        //!< Longest wait on an access link (attribute)
    uint32_t m_base{0};          //!< Peer 0's first address
    uint32_t m_blockSize{1};     //!< Addresses per peer
    uint64_t m_base6{0};         //!< Peer 0's IPv6 /64, as a number
    std::vector<Port> m_ports;   //!< Peer i's access link
    TracedCallback<Ptr<const Packet>, const std::string&> m_dropTrace; //!< Dropped packets
};

} // namespace ns3

#endif /* UNDERLAY_CHANNEL_H */
