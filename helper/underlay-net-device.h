/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef UNDERLAY_NET_DEVICE_H
#define UNDERLAY_NET_DEVICE_H

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class UnderlayChannel;

/**
 * \ingroup muses
 * \brief A peer's interface to an UnderlayChannel: IPv4 and IPv6 unicast, no ARP and no
 *        neighbour discovery (the channel finds the receiver from the destination address).
 *
 * Multicast (IPv6's router solicitations and DAD probes) is refused at Send(): the channel
 * has no group to carry it to.
 */
class UnderlayNetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    UnderlayNetDevice();

    /// \param channel the channel this device sends on (the device attaches itself)
    void Attach(Ptr<UnderlayChannel> channel);

    /**
     * \brief A packet arrives from the channel.
     * \param packet the packet
     * \param protocol its protocol number (Ipv4L3Protocol's or Ipv6L3Protocol's)
     */
    void Receive(Ptr<Packet> packet, uint16_t protocol);

    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<UnderlayChannel> m_channel;                      //!< The channel
    uint32_t m_index{0};                                 //!< This peer's index on the channel
    Ptr<Node> m_node;                                    //!< The node
    uint32_t m_ifIndex{0};                               //!< Interface index
    Mac48Address m_address;                              //!< Address (unused by the channel)
    uint16_t m_mtu{1500};                                //!< MTU
    NetDevice::ReceiveCallback m_rxCallback;             //!< Upcall
    NetDevice::PromiscReceiveCallback m_promiscCallback; //!< Promiscuous upcall
    TracedCallback<Ptr<const Packet>> m_macTxTrace;      //!< Packets sent
    TracedCallback<Ptr<const Packet>> m_macRxTrace;      //!< Packets received
};

} // namespace ns3

#endif /* UNDERLAY_NET_DEVICE_H */
