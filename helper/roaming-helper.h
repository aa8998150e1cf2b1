/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef ROAMING_HELPER_H
#define ROAMING_HELPER_H

#include "network-event-helper.h"

#include "ns3/ipv4-interface-address.h"
#include "ns3/mac48-address.h"
#include "ns3/node.h"

#include <map>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Turns a wireless station's associations into address changes: each access point
 *        (by BSSID) is a subnet, and associating with it renumbers the station's interface
 *        and replaces its default route (NetworkEventHelper::Renumber), as DHCP would.
 *
 * Watch() connects the station MAC's "Assoc" and "DeAssoc" trace sources (those of ns-3's
 * StaWifiMac, by name: no Wi-Fi dependency here); each is reported to the event callback as
 * "attached" (with the new address) or "move" (the access point lost), which a
 * ResumptionTracker takes as an outage's end or start. The helper must outlive the run.
 */
class RoamingHelper
{
  public:
    /// \param node the station \param interface its wireless interface (Ipv4 index)
    RoamingHelper(Ptr<Node> node, uint32_t interface);

    RoamingHelper(const RoamingHelper&) = delete;
    RoamingHelper& operator=(const RoamingHelper&) = delete;

    /**
     * \brief An access point and what associating with it gives the station.
     * \param bssid the access point's MAC address
     * \param address the station's address in its subnet
     * \param gateway the subnet's router
     */
    void AddAccessPoint(Mac48Address bssid, Ipv4InterfaceAddress address, Ipv4Address gateway);

    /// \param callback where "attached" and "move" go (ResumptionTracker::RecordNetworkEvent)
    void SetEventCallback(NetworkEventHelper::EventCallback callback);

    /// \param mac the station's MAC (an object with "Assoc" and "DeAssoc" traces)
    void Watch(Ptr<Object> mac);

  private:
    /// "Assoc": take an address in the access point's subnet. \param bssid the AP
    void Associated(Mac48Address bssid);
    /// "DeAssoc": the outage starts. \param bssid the AP lost
    void Lost(Mac48Address bssid);

    Ptr<Node> m_node;                          //!< The station
    uint32_t m_interface;                      //!< Its wireless interface
    NetworkEventHelper::EventCallback m_event; //!< Event sink
    std::map<Mac48Address, std::pair<Ipv4InterfaceAddress, Ipv4Address>> m_plan; //!< Per AP
};

} // namespace ns3

#endif /* ROAMING_HELPER_H */
