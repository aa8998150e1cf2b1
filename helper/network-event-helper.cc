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
/// \return the IPv4 interface of a device, aborting if it has none
uint32_t
InterfaceOf(Ptr<NetDevice> device)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "NetworkEventHelper: node without IPv4");
    int32_t interface = ipv4->GetInterfaceForDevice(device);
    NS_ABORT_MSG_IF(interface < 0, "NetworkEventHelper: device without an IPv4 interface");
    return interface;
}

std::string
ToString(Ipv4Address address)
{
    std::ostringstream os;
    os << address;
    return os.str();
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
    NS_ABORT_MSG_IF(at.IsNegative() || offlineFor.IsNegative(),
                    "NetworkEventHelper: negative move time");
    InterfaceOf(device); // fail now, not in the middle of the run
    // The events carry the callback: the helper may be gone by then.
    Simulator::Schedule(at, &NetworkEventHelper::Unplug, m_callback, device);
    Simulator::Schedule(at + offlineFor,
                        &NetworkEventHelper::Plug,
                        m_callback,
                        device,
                        to,
                        address,
                        gateway);
}

void
NetworkEventHelper::Unplug(EventCallback callback, Ptr<CsmaNetDevice> device)
{
    Ptr<Node> node = device->GetNode();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    uint32_t interface = InterfaceOf(device);
    Ipv4Address old = ipv4->GetAddress(interface, 0).GetLocal();
    DynamicCast<CsmaChannel>(device->GetChannel())->Detach(device);
    ipv4->SetDown(interface);
    Report(callback, "move", node, ToString(old));
}

void
NetworkEventHelper::Plug(EventCallback callback,
                         Ptr<CsmaNetDevice> device,
                         Ptr<CsmaChannel> to,
                         Ipv4InterfaceAddress address,
                         Ipv4Address gateway)
{
    Renumber(device->GetNode(), InterfaceOf(device), address, gateway);
    // Attach() also to the same switch: ns-3.37's CsmaChannel::Reattach(uint32_t) cannot
    // reattach, and Attach() notifies the link up. The old port stays inactive.
    device->Attach(to);
    Report(callback, "attached", device->GetNode(), ToString(address.GetLocal()));
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
NetworkEventHelper::SetDefaultRoute(Ptr<Node> node, uint32_t interface, Ipv4Address gateway)
{
    Ptr<Ipv4StaticRouting> routing = Ipv4RoutingHelper::GetRouting<Ipv4StaticRouting>(
        node->GetObject<Ipv4>()->GetRoutingProtocol());
    NS_ABORT_MSG_IF(!routing,
                    "NetworkEventHelper: node " << node->GetId() << " has no static routing");
    for (uint32_t i = routing->GetNRoutes(); i-- > 0;)
    {
        if (routing->GetRoute(i).IsDefault())
        {
            routing->RemoveRoute(i);
        }
    }
    routing->SetDefaultRoute(gateway, interface);
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
