/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "network-event-helper.h"

#include "ns3/enum.h"
#include "ns3/error-model.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-routing-helper.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

#include <set>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NetworkEventHelper");

namespace
{
/// \tparam Ip Ipv4 or Ipv6 \param device a device
/// \return its interface of that family, aborting if it has none
template <typename Ip>
uint32_t
InterfaceOf(Ptr<NetDevice> device)
{
    Ptr<Ip> ip = device->GetNode()->GetObject<Ip>();
    NS_ABORT_MSG_IF(!ip, "NetworkEventHelper: node without " << Ip::GetTypeId().GetName());
    int32_t interface = ip->GetInterfaceForDevice(device);
    NS_ABORT_MSG_IF(interface < 0,
                    "NetworkEventHelper: device without an interface in "
                        << Ip::GetTypeId().GetName());
    return interface;
}

/**
 * Remove a node's default routes of one family.
 * \tparam Ip Ipv4 or Ipv6 \tparam RoutingHelper its routing helper
 * \tparam StaticRouting its static routing
 * \param node the node \return its static routing
 */
template <typename Ip, typename RoutingHelper, typename StaticRouting>
Ptr<StaticRouting>
RemoveDefaultRoutes(Ptr<Node> node)
{
    Ptr<StaticRouting> routing = RoutingHelper::template GetRouting<StaticRouting>(
        node->GetObject<Ip>()->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!routing,
                    "NetworkEventHelper: node " << node->GetId() << " has no static routing");
    for (uint32_t i = routing->GetNRoutes(); i-- > 0;)
    {
        if (routing->GetRoute(i).IsDefault())
        {
            routing->RemoveRoute(i);
        }
    }
    return routing;
}

} // namespace

void
NetworkEventHelper::SetEventCallback(EventCallback callback)
{
    m_callback = callback;
}

void
NetworkEventHelper::Report(const EventCallback& callback,
                           const std::string& event,
                           Ptr<Node> node,
                           const std::string& detail)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " node " << node->GetId() << " " << event << " " << detail);
    if (!callback.IsNull())
    {
        callback(event, node, detail);
    }
}

void
NetworkEventHelper::MoveCsmaDevice(Ptr<CsmaNetDevice> device,
                                   Ptr<CsmaChannel> to,
                                   Ipv4InterfaceAddress address,
                                   Ipv4Address gateway,
                                   Time at,
                                   Time offlineFor)
{
    Attachment attachment;
    attachment.channel = to;
    attachment.address = address;
    attachment.gateway = gateway;
    MoveCsmaDevice(device, attachment, at, offlineFor);
}

void
NetworkEventHelper::MoveCsmaDevice(Ptr<CsmaNetDevice> device,
                                   const Attachment& to,
                                   Time at,
                                   Time offlineFor)
{
    NS_ABORT_MSG_IF(at.IsNegative() || offlineFor.IsNegative(),
                    "NetworkEventHelper: negative move time");
    InterfaceOf<Ipv4>(device); // fail now, not in the middle of the run
    if (to.HasIpv6())
    {
        InterfaceOf<Ipv6>(device);
    }
    // The events carry the callback: the helper may be gone by then.
    Simulator::Schedule(at, &NetworkEventHelper::Unplug, m_callback, device, to.HasIpv6());
    Simulator::Schedule(at + offlineFor, &NetworkEventHelper::Plug, m_callback, device, to);
}

void
NetworkEventHelper::Unplug(EventCallback callback, Ptr<CsmaNetDevice> device, bool ipv6)
{
    Ptr<Node> node = device->GetNode();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    uint32_t interface = InterfaceOf<Ipv4>(device);
    std::ostringstream old;
    old << ipv4->GetAddress(interface, 0).GetLocal();
    DynamicCast<CsmaChannel>(device->GetChannel())->Detach(device);
    ipv4->SetDown(interface);
    if (ipv6)
    {
        // The global addresses go; the interface stays up with its link-local one, as a
        // host's does when its cable is pulled. (ns-3's IPv6 down drops that one too, and a
        // router solicitation it still has scheduled then crashes Ipv6L3Protocol::Send.)
        Ptr<Ipv6> ip6 = node->GetObject<Ipv6>();
        uint32_t interface6 = InterfaceOf<Ipv6>(device);
        for (Ipv6Address address : GetGlobalAddresses(ip6, interface6))
        {
            old << " " << address;
            ip6->RemoveAddress(interface6, address);
        }
        // Its on-link routes went with the addresses; a default route left through an
        // interface without a global address trips ns-3's source address selection.
        RemoveDefaultRoutes<Ipv6, Ipv6RoutingHelper, Ipv6StaticRouting>(node);
    }
    Report(callback, "move", node, old.str());
}

void
NetworkEventHelper::Plug(EventCallback callback, Ptr<CsmaNetDevice> device, Attachment to)
{
    Renumber(device->GetNode(), InterfaceOf<Ipv4>(device), to.address, to.gateway);
    std::ostringstream now;
    now << to.address.GetLocal();
    if (to.HasIpv6())
    {
        Renumber6(device->GetNode(), InterfaceOf<Ipv6>(device), to.address6, to.gateway6);
        now << " " << to.address6.GetAddress();
    }
    // Attach() also to the same switch: ns-3.37's CsmaChannel::Reattach(uint32_t) cannot
    // reattach, and Attach() notifies the link up. The old port stays inactive.
    device->Attach(to.channel);
    Report(callback, "attached", device->GetNode(), now.str());
}

void
NetworkEventHelper::Renumber(Ptr<Node> node,
                             uint32_t interface,
                             Ipv4InterfaceAddress address,
                             Ipv4Address gateway)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || interface >= ipv4->GetNInterfaces(),
                    "NetworkEventHelper: no interface " << interface);
    if (ipv4->GetNAddresses(interface) == 0 ||
        ipv4->GetAddress(interface, 0).GetLocal() != address.GetLocal())
    {
        if (ipv4->GetNAddresses(interface) > 0)
        {
            ipv4->RemoveAddress(interface, 0);
        }
        ipv4->AddAddress(interface, address);
    }
    ipv4->SetUp(interface);
    SetDefaultRoute(node, interface, gateway);
}

void
NetworkEventHelper::Renumber6(Ptr<Node> node,
                              uint32_t interface,
                              Ipv6InterfaceAddress address,
                              Ipv6Address gateway)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    NS_ABORT_MSG_IF(!ipv6 || interface >= ipv6->GetNInterfaces(),
                    "NetworkEventHelper: no IPv6 interface " << interface);
    ipv6->SetUp(interface); // first: an interface coming up takes its link-local address
    bool kept = false;
    for (Ipv6Address old : GetGlobalAddresses(ipv6, interface))
    {
        if (old == address.GetAddress())
        {
            kept = true;
        }
        else
        {
            ipv6->RemoveAddress(interface, old);
        }
    }
    if (!kept)
    {
        ipv6->AddAddress(interface, address);
    }
    SetDefaultRoute6(node, interface, gateway);
}

std::vector<Ipv6Address>
NetworkEventHelper::GetGlobalAddresses(Ptr<Ipv6> ipv6, uint32_t interface)
{
    std::vector<Ipv6Address> global;
    for (uint32_t j = 0; j < ipv6->GetNAddresses(interface); ++j)
    {
        if (ipv6->GetAddress(interface, j).GetScope() == Ipv6InterfaceAddress::GLOBAL)
        {
            global.push_back(ipv6->GetAddress(interface, j).GetAddress());
        }
    }
    return global;
}

void
NetworkEventHelper::SetDefaultRoute6(Ptr<Node> node, uint32_t interface, Ipv6Address gateway)
{
    RemoveDefaultRoutes<Ipv6, Ipv6RoutingHelper, Ipv6StaticRouting>(node)->SetDefaultRoute(
        gateway,
        interface);
}

void
NetworkEventHelper::SetDefaultRoute(Ptr<Node> node, uint32_t interface, Ipv4Address gateway)
{
    RemoveDefaultRoutes<Ipv4, Ipv4RoutingHelper, Ipv4StaticRouting>(node)->SetDefaultRoute(
        gateway,
        interface);
}

void
NetworkEventHelper::CutLink(NetDeviceContainer devices, Time at, Time duration)
{
    NS_ABORT_MSG_IF(at.IsNegative() || duration.IsNegative(),
                    "NetworkEventHelper: negative cut time");
    // A device listed twice would get the cut's own model back as "its own": cut for ever.
    std::set<Ptr<NetDevice>> distinct(devices.Begin(), devices.End());
    NS_ABORT_MSG_IF(distinct.size() != devices.GetN(), "NetworkEventHelper: a device twice");
    auto saved = std::make_shared<std::vector<Ptr<ErrorModel>>>();
    Simulator::Schedule(at, &NetworkEventHelper::SetCut, m_callback, devices, saved, true);
    Simulator::Schedule(at + duration,
                        &NetworkEventHelper::SetCut,
                        m_callback,
                        devices,
                        saved,
                        false);
}

void
NetworkEventHelper::SetCut(EventCallback callback,
                           NetDeviceContainer devices,
                           std::shared_ptr<std::vector<Ptr<ErrorModel>>> saved,
                           bool cut)
{
    for (uint32_t i = 0; i < devices.GetN(); ++i)
    {
        Ptr<NetDevice> device = devices.Get(i);
        Ptr<ErrorModel> model;
        if (cut)
        {
            // The device's own model (a loss rate, say) comes back after the cut.
            PointerValue old;
            device->GetAttribute("ReceiveErrorModel", old);
            saved->push_back(old.Get<ErrorModel>());
            Ptr<RateErrorModel> drop = CreateObject<RateErrorModel>();
            drop->SetAttribute("ErrorUnit", EnumValue(RateErrorModel::ERROR_UNIT_PACKET));
            drop->SetRate(1.0);
            model = drop;
        }
        else
        {
            model = saved->at(i);
            if (!model)
            {
                // The attribute takes no null model: a disabled one is "none".
                model = CreateObject<RateErrorModel>();
                model->Disable();
            }
        }
        device->SetAttribute("ReceiveErrorModel", PointerValue(model));
        Report(callback, cut ? "link_cut" : "link_restored", device->GetNode(), "");
    }
}

void
NetworkEventHelper::InterfaceDownUp(Ptr<Node> node, uint32_t interface, Time at, Time duration)
{
    NS_ABORT_MSG_IF(at.IsNegative() || duration.IsNegative(),
                    "NetworkEventHelper: negative interface time");
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || interface >= ipv4->GetNInterfaces(),
                    "NetworkEventHelper: no interface " << interface);
    Simulator::Schedule(at, &NetworkEventHelper::SetInterface, m_callback, node, interface, false);
    Simulator::Schedule(at + duration,
                        &NetworkEventHelper::SetInterface,
                        m_callback,
                        node,
                        interface,
                        true);
}

void
NetworkEventHelper::SetInterface(EventCallback callback,
                                 Ptr<Node> node,
                                 uint32_t interface,
                                 bool up)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    if (up)
    {
        ipv4->SetUp(interface);
    }
    else
    {
        ipv4->SetDown(interface);
    }
    Report(callback, up ? "interface_up" : "interface_down", node, std::to_string(interface));
}

} // namespace ns3
