/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "roaming-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RoamingHelper");

RoamingHelper::RoamingHelper(Ptr<Node> node, uint32_t interface)
    : m_node(node),
      m_interface(interface)
{
}

void
RoamingHelper::AddAccessPoint(Mac48Address bssid, Ipv4InterfaceAddress address, Ipv4Address gateway)
{
    m_plan[bssid] = {address, gateway};
}

void
RoamingHelper::SetEventCallback(NetworkEventHelper::EventCallback callback)
{
    m_event = callback;
}

void
RoamingHelper::Watch(Ptr<Object> mac)
{
    bool assoc =
        mac->TraceConnectWithoutContext("Assoc", MakeCallback(&RoamingHelper::Associated, this));
    bool deassoc =
        mac->TraceConnectWithoutContext("DeAssoc", MakeCallback(&RoamingHelper::Lost, this));
    NS_ABORT_MSG_IF(!assoc || !deassoc, "RoamingHelper: the MAC has no Assoc/DeAssoc traces");
}

void
RoamingHelper::Associated(Mac48Address bssid)
{
    auto it = m_plan.find(bssid);
    NS_ABORT_MSG_IF(it == m_plan.end(), "RoamingHelper: unknown access point " << bssid);
    NS_LOG_INFO("node " << m_node->GetId() << " associated with " << bssid);
    NetworkEventHelper::Renumber(m_node, m_interface, it->second.first, it->second.second);
    if (!m_event.IsNull())
    {
        std::ostringstream detail;
        detail << it->second.first.GetLocal() << " via " << bssid;
        m_event("attached", m_node, detail.str());
    }
}

void
RoamingHelper::Lost(Mac48Address bssid)
{
    NS_LOG_INFO("node " << m_node->GetId() << " lost " << bssid);
    if (!m_event.IsNull())
    {
        std::ostringstream detail;
        detail << bssid;
        m_event("move", m_node, detail.str());
    }
}

} // namespace ns3
