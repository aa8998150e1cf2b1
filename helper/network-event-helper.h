/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef NETWORK_EVENT_HELPER_H
#define NETWORK_EVENT_HELPER_H

#include "ns3/callback.h"
#include "ns3/csma-channel.h"
#include "ns3/csma-net-device.h"
#include "ns3/error-model.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6.h"
#include "ns3/net-device-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Schedules what happens to nodes and links: moves between LANs, link cuts,
 *        interfaces going down and up.
 *
 * Each call schedules its events at absolute simulation times and reports them, when
 * they happen, to the event callback (for instance ResumptionTracker::RecordNetworkEvent):
 *
 * - "move" / "attached": MoveCsmaDevice unplugs a node's CSMA device from its channel (as
 *   the paper's Bob pulls his wire from a switch), takes the interface down and removes
 *   its address; after the offline time it plugs the device into another channel (or the
 *   same one), gives it its new address (or keeps the old one) and replaces the node's
 *   default route with one through the new gateway. On a dual-stack network (an Attachment
 *   with an IPv6 address) its IPv6 interface does the same with the IPv6 address and gateway.
 * - "link_cut" / "link_restored": CutLink drops every frame the devices receive for a while.
 * - "interface_down" / "interface_up": InterfaceDownUp.
 */
class NetworkEventHelper
{
  public:
    /// Called with the event's name, the node concerned and a detail (an address...).
    typedef Callback<void, const std::string&, Ptr<Node>, const std::string&> EventCallback;

    /// Where a CSMA device plugs in: the LAN, and the node's addresses and gateways there.
    struct Attachment
    {
        Ptr<CsmaChannel> channel;      //!< The LAN's switch
        Ipv4InterfaceAddress address;  //!< The node's IPv4 address there
        Ipv4Address gateway;           //!< The LAN's IPv4 router
        Ipv6InterfaceAddress address6; //!< Its IPv6 address there (:: for none: IPv4 only)
        Ipv6Address gateway6;          //!< The LAN's IPv6 router

        /// \return true if the LAN is dual stack
        bool HasIpv6() const
        {
            return !address6.GetAddress().IsAny();
        }
    };

    /// \param callback called for every event as it happens
    void SetEventCallback(EventCallback callback);

    /**
     * \brief Move a node's attachment from its CSMA LAN to another.
     * \param device the node's CSMA device (its IPv4 interface must exist)
     * \param to the channel to plug it into (its current channel: unplug and replug)
     * \param address the address on the new LAN (the current one: keep it)
     * \param gateway the default gateway on the new LAN
     * \param at when the device is unplugged
     * \param offlineFor how long it stays unplugged
     */
    void MoveCsmaDevice(Ptr<CsmaNetDevice> device,
                        Ptr<CsmaChannel> to,
                        Ipv4InterfaceAddress address,
                        Ipv4Address gateway,
                        Time at,
                        Time offlineFor);

    /**
     * \brief Move a node's attachment from its CSMA LAN to another, on an IPv4 or a
     *        dual-stack network.
     * \param device the node's CSMA device (its IPv4 interface must exist, and its IPv6 one
     *        if the attachment has IPv6)
     * \param to where it plugs in (its current channel: unplug and replug)
     * \param at when the device is unplugged
     * \param offlineFor how long it stays unplugged
     */
    void MoveCsmaDevice(Ptr<CsmaNetDevice> device, const Attachment& to, Time at, Time offlineFor);

    /**
     * \brief Cut links: the devices receive nothing for a while.
     * \param devices the devices (both ends of a link, typically), each once
     * \param at when the cut starts
     * \param duration how long it lasts
     */
    void CutLink(NetDeviceContainer devices, Time at, Time duration);

    /**
     * \brief Take an IPv4 interface down, then up again.
     * \param node the node
     * \param interface the interface index
     * \param at when it goes down
     * \param duration how long it stays down
     */
    void InterfaceDownUp(Ptr<Node> node, uint32_t interface, Time at, Time duration);

    /**
     * \brief Give an interface a new address (or keep it if equal), bring it up and route
     *        through a new gateway; at once. For attachments ns-3 makes itself (a Wi-Fi
     *        association, say), called from their traces.
     * \param node the node
     * \param interface the interface index
     * \param address its new address
     * \param gateway the new default gateway
     */
    static void Renumber(Ptr<Node> node,
                         uint32_t interface,
                         Ipv4InterfaceAddress address,
                         Ipv4Address gateway);

    /**
     * \brief Replace a node's default route (static routing).
     * \param node the node
     * \param interface the interface toward the gateway
     * \param gateway the new gateway
     */
    static void SetDefaultRoute(Ptr<Node> node, uint32_t interface, Ipv4Address gateway);

    /**
     * \brief Give an IPv6 interface a new global address in place of its others (or keep it
     *        if equal), bring it up and route through a new gateway; at once.
     * \param node the node
     * \param interface the IPv6 interface index
     * \param address its new address
     * \param gateway the new default gateway
     */
    static void Renumber6(Ptr<Node> node,
                          uint32_t interface,
                          Ipv6InterfaceAddress address,
                          Ipv6Address gateway);

    /**
     * \brief Replace a node's IPv6 default route (static routing).
     * \param node the node
     * \param interface the IPv6 interface toward the gateway
     * \param gateway the new gateway
     */
    static void SetDefaultRoute6(Ptr<Node> node, uint32_t interface, Ipv6Address gateway);

    /**
     * \param ipv6 a node's IPv6 \param interface one of its interfaces
     * \return the interface's global addresses (not link-local), in order
     */
    static std::vector<Ipv6Address> GetGlobalAddresses(Ptr<Ipv6> ipv6, uint32_t interface);

  private:
    // The scheduled events are static and carry the callback: the helper object may be gone
    // when they run (and ns-3 <= 3.35 cannot schedule lambdas).

    /**
     * \brief Report an event.
     * \param callback the event sink
     * \param event name
     * \param node node
     * \param detail detail
     */
    static void Report(const EventCallback& callback,
                       const std::string& event,
                       Ptr<Node> node,
                       const std::string& detail);
    /// Unplug. \param callback the event sink \param device the device
    /// \param ipv6 remove its global IPv6 addresses and IPv6 default route too
    static void Unplug(EventCallback callback, Ptr<CsmaNetDevice> device, bool ipv6);
    /**
     * \brief Plug in.
     * \param callback the event sink
     * \param device \param to see MoveCsmaDevice
     */
    static void Plug(EventCallback callback, Ptr<CsmaNetDevice> device, Attachment to);
    /**
     * \brief Start or end a cut.
     * \param callback the event sink
     * \param devices the devices
     * \param saved the devices' own error models, kept during the cut
     * \param cut start (true) or end
     */
    static void SetCut(EventCallback callback,
                       NetDeviceContainer devices,
                       std::shared_ptr<std::vector<Ptr<ErrorModel>>> saved,
                       bool cut);
    /**
     * \brief Take an interface up or down.
     * \param callback the event sink
     * \param node the node
     * \param interface the interface index
     * \param up up (true) or down
     */
    static void SetInterface(EventCallback callback, Ptr<Node> node, uint32_t interface, bool up);

    EventCallback m_callback; //!< Event sink
};

} // namespace ns3

#endif /* NETWORK_EVENT_HELPER_H */
