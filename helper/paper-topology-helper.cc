/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "paper-topology-helper.h"

#include "network-event-helper.h"

#include "ns3/abort.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/boolean.h"
#include "ns3/data-rate.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/names.h"
#include "ns3/string.h"

namespace ns3
{

namespace
{
const Time LAN_DELAY = MicroSeconds(50); //!< The LANs' propagation delay

/// \return the global IPv6 address of interface i of a container
Ipv6Address
GlobalAddress(const Ipv6InterfaceContainer& interfaces, uint32_t i)
{
    std::vector<Ipv6Address> global =
        NetworkEventHelper::GetGlobalAddresses(interfaces.Get(i).first, interfaces.Get(i).second);
    NS_ABORT_MSG_IF(global.empty(), "PaperTopologyHelper: interface without a global IPv6 address");
    return global.front();
}
} // namespace

PaperTopologyHelper::PaperTopologyHelper()
    : m_ipv6(false),
      m_rate("10Mbps"),
      m_delay(MilliSeconds(5))
{
    m_lan.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    m_lan.SetChannelAttribute("Delay", TimeValue(LAN_DELAY));
}

void
PaperTopologyHelper::SetRouterLinks(const std::string& rate, Time delay)
{
    m_rate = rate;
    m_delay = delay;
}

void
PaperTopologyHelper::SetIpv6(bool ipv6)
{
    NS_ABORT_MSG_IF(m_alice, "PaperTopologyHelper::SetIpv6() before Build()");
    m_ipv6 = ipv6;
}

void
PaperTopologyHelper::Build()
{
    NS_ABORT_MSG_IF(m_alice, "PaperTopologyHelper::Build() runs once");
    m_routers.Create(5);
    m_alice = CreateObject<Node>();
    m_bob = CreateObject<Node>();
    Names::Add("alice", m_alice);
    Names::Add("bob", m_bob);
    for (uint32_t k = 1; k <= 5; ++k)
    {
        Names::Add("R" + std::to_string(k), GetRouter(k));
    }
    InternetStackHelper internet;
    internet.Install(m_routers);
    internet.Install(NodeContainer(m_alice, m_bob));
    // ns-3's ARP waits a random 0-10 ms (RequestJitter) before each request it sends, against
    // synchronised broadcasts on crowded links. These LANs hold a router and a host, and a
    // router's request for a host just plugged in is on the resumption's path: ask at once,
    // as a real LAN does.
    for (Ptr<Node> node :
         {GetRouter(1), GetRouter(2), GetRouter(3), GetRouter(4), GetRouter(5), m_alice, m_bob})
    {
        node->GetObject<ArpL3Protocol>()->SetAttribute(
            "RequestJitter",
            StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
    }
    m_wan.SetDeviceAttribute("DataRate", StringValue(m_rate));
    m_wan.SetChannelAttribute("Delay", TimeValue(m_delay));

    Ipv4Mask mask("255.255.255.0");
    Ipv4AddressHelper addresses("10.0.0.0", mask);
    NetDeviceContainer lanA = m_lan.Install(NodeContainer(GetRouter(1), m_alice));
    Ipv4InterfaceContainer lanAIf = addresses.Assign(lanA);
    m_aliceAddress = lanAIf.GetAddress(1);
    m_aliceDevice = DynamicCast<CsmaNetDevice>(lanA.Get(1));
    m_lanA = {DynamicCast<CsmaChannel>(lanA.Get(0)->GetChannel()),
              Ipv4InterfaceAddress(m_aliceAddress, mask),
              lanAIf.GetAddress(0),
              Ipv6InterfaceAddress(), // BuildIpv6 sets these
              Ipv6Address()};
    std::vector<NetDeviceContainer> wan;
    for (uint32_t k = 1; k < 5; ++k)
    {
        std::string net = "10.1." + std::to_string(k) + ".0";
        addresses.SetBase(net.c_str(), "255.255.255.0");
        wan.push_back(m_wan.Install(GetRouter(k), GetRouter(k + 1)));
        addresses.Assign(wan.back());
    }
    // LANs 2 and 4 start with their routers only; LAN 5 with R5 and Bob.
    addresses.SetBase("10.2.0.0", mask);
    NetDeviceContainer lan2 = m_lan.Install(NodeContainer(GetRouter(2)));
    m_lan2 = {DynamicCast<CsmaChannel>(lan2.Get(0)->GetChannel()),
              Ipv4InterfaceAddress("10.2.0.2", mask),
              addresses.Assign(lan2).GetAddress(0),
              Ipv6InterfaceAddress(),
              Ipv6Address()};
    addresses.SetBase("10.4.0.0", mask);
    NetDeviceContainer lan4 = m_lan.Install(NodeContainer(GetRouter(4)));
    m_lan4 = {DynamicCast<CsmaChannel>(lan4.Get(0)->GetChannel()),
              Ipv4InterfaceAddress("10.4.0.2", mask),
              addresses.Assign(lan4).GetAddress(0),
              Ipv6InterfaceAddress(),
              Ipv6Address()};
    addresses.SetBase("10.5.0.0", mask);
    NetDeviceContainer lan5 = m_lan.Install(NodeContainer(GetRouter(5), m_bob));
    Ipv4InterfaceContainer lan5If = addresses.Assign(lan5);
    m_lan5 = {DynamicCast<CsmaChannel>(lan5.Get(0)->GetChannel()),
              Ipv4InterfaceAddress(lan5If.GetAddress(1), mask),
              lan5If.GetAddress(0),
              Ipv6InterfaceAddress(),
              Ipv6Address()};
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    m_bobDevice = DynamicCast<CsmaNetDevice>(lan5.Get(1));
    uint32_t bobIf = m_bob->GetObject<Ipv4>()->GetInterfaceForDevice(m_bobDevice);
    NetworkEventHelper::SetDefaultRoute(m_bob, bobIf, m_lan5.gateway);
    uint32_t aliceIf = m_alice->GetObject<Ipv4>()->GetInterfaceForDevice(m_aliceDevice);
    NetworkEventHelper::SetDefaultRoute(m_alice, aliceIf, m_lanA.gateway);
    if (m_ipv6)
    {
        BuildIpv6(lanA, wan, lan2, lan4, lan5);
    }
}

void
PaperTopologyHelper::BuildIpv6(NetDeviceContainer lanA,
                               const std::vector<NetDeviceContainer>& wan,
                               NetDeviceContainer lan2,
                               NetDeviceContainer lan4,
                               NetDeviceContainer lan5)
{
    for (Ptr<Node> node :
         {GetRouter(1), GetRouter(2), GetRouter(3), GetRouter(4), GetRouter(5), m_alice, m_bob})
    {
        // Before any address is assigned: DAD is decided when one is added.
        Ptr<Icmpv6L4Protocol> icmpv6 = node->GetObject<Icmpv6L4Protocol>();
        icmpv6->SetAttribute("DAD", BooleanValue(false));
        icmpv6->SetAttribute("SolicitationJitter",
                             StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
        // A router takes packets for any of its addresses on any interface, as over IPv4
        // (the weak end-system model, Linux's): ns-3.48 drops them by default, 3.37 has
        // only the weak model (and no attribute, hence FailSafe).
        node->GetObject<Ipv6>()->SetAttributeFailSafe("StrongEndSystemModel", BooleanValue(false));
    }
    Ipv6AddressHelper addresses;
    Ipv6Prefix prefix(64);
    auto assign = [&addresses, &prefix](const std::string& network, NetDeviceContainer devices) {
        addresses.SetBase(Ipv6Address(network.c_str()), prefix);
        return addresses.Assign(devices);
    };
    Ipv6InterfaceContainer lanAIf = assign("2001:1:a::", lanA);
    std::vector<Ipv6InterfaceContainer> wanIf;
    for (uint32_t k = 1; k < 5; ++k)
    {
        wanIf.push_back(assign("2001:1:1:" + std::to_string(k) + "::", wan[k - 1]));
    }
    Ipv6InterfaceContainer lan2If = assign("2001:1:2::", lan2);
    Ipv6InterfaceContainer lan4If = assign("2001:1:4::", lan4);
    Ipv6InterfaceContainer lan5If = assign("2001:1:5::", lan5);
    m_aliceAddress6 = GlobalAddress(lanAIf, 1);
    m_lanA.address6 = Ipv6InterfaceAddress(m_aliceAddress6, prefix);
    m_lanA.gateway6 = GlobalAddress(lanAIf, 0);
    m_lan2.address6 = Ipv6InterfaceAddress("2001:1:2::2", prefix);
    m_lan2.gateway6 = GlobalAddress(lan2If, 0);
    m_lan4.address6 = Ipv6InterfaceAddress("2001:1:4::2", prefix);
    m_lan4.gateway6 = GlobalAddress(lan4If, 0);
    m_lan5.address6 = Ipv6InterfaceAddress(GlobalAddress(lan5If, 1), prefix);
    m_lan5.gateway6 = GlobalAddress(lan5If, 0);

    // Static routes along the chain: each network is reached through the neighbour on its
    // side. first..last: the routers on the network.
    struct Network
    {
        Ipv6Address prefix;
        uint32_t first;
        uint32_t last;
    };

    std::vector<Network> networks{{Ipv6Address("2001:1:a::"), 1, 1},
                                  {Ipv6Address("2001:1:2::"), 2, 2},
                                  {Ipv6Address("2001:1:4::"), 4, 4},
                                  {Ipv6Address("2001:1:5::"), 5, 5}};
    for (uint32_t k = 1; k < 5; ++k)
    {
        std::string link = "2001:1:1:" + std::to_string(k) + "::";
        networks.push_back({Ipv6Address(link.c_str()), k, k + 1});
    }
    Ipv6StaticRoutingHelper routingHelper;
    for (uint32_t k = 1; k <= 5; ++k)
    {
        Ptr<Ipv6> ipv6 = GetRouter(k)->GetObject<Ipv6>();
        ipv6->SetAttribute("IpForward", BooleanValue(true));
        Ptr<Ipv6StaticRouting> routing = routingHelper.GetStaticRouting(ipv6);
        for (const Network& network : networks)
        {
            if (network.first > k)
            {
                // Right: R(k+1) is device 1 of link k, R(k) device 0.
                routing->AddNetworkRouteTo(network.prefix,
                                           prefix,
                                           GlobalAddress(wanIf[k - 1], 1),
                                           wanIf[k - 1].Get(0).second);
            }
            else if (network.last < k)
            {
                // Left: R(k-1) is device 0 of link k-1, R(k) device 1.
                routing->AddNetworkRouteTo(network.prefix,
                                           prefix,
                                           GlobalAddress(wanIf[k - 2], 0),
                                           wanIf[k - 2].Get(1).second);
            }
        }
    }
    NetworkEventHelper::SetDefaultRoute6(m_bob, lan5If.Get(1).second, m_lan5.gateway6);
    NetworkEventHelper::SetDefaultRoute6(m_alice, lanAIf.Get(1).second, m_lanA.gateway6);
}

Ptr<Node>
PaperTopologyHelper::GetAlice() const
{
    return m_alice;
}

Ptr<Node>
PaperTopologyHelper::GetBob() const
{
    return m_bob;
}

NodeContainer
PaperTopologyHelper::GetOverlayPeers() const
{
    NodeContainer peers(GetRouter(3), GetRouter(1), GetRouter(2));
    peers.Add(NodeContainer(GetRouter(4), GetRouter(5), m_alice, m_bob));
    return peers;
}

Ptr<Node>
PaperTopologyHelper::GetRouter(uint32_t k) const
{
    NS_ABORT_MSG_IF(k < 1 || k > 5, "PaperTopologyHelper: routers are R1 to R5");
    return m_routers.Get(k - 1);
}

Ipv4Address
PaperTopologyHelper::GetAliceAddress() const
{
    return m_aliceAddress;
}

Ipv6Address
PaperTopologyHelper::GetAliceAddress6() const
{
    return m_aliceAddress6;
}

Ptr<CsmaNetDevice>
PaperTopologyHelper::GetBobDevice() const
{
    return m_bobDevice;
}

PaperTopologyHelper::Attachment
PaperTopologyHelper::GetAttachment(uint32_t router) const
{
    NS_ABORT_MSG_IF(router < 1 || router > 5 || router == 3,
                    "PaperTopologyHelper: LANs A (1), 2, 4 and 5 only");
    return router == 1 ? m_lanA : router == 2 ? m_lan2 : router == 4 ? m_lan4 : m_lan5;
}

void
PaperTopologyHelper::MoveBob(NetworkEventHelper& events,
                             uint32_t router,
                             Time at,
                             Time offlineFor) const
{
    NS_ABORT_MSG_IF(router != 4 && router != 5, "PaperTopologyHelper: Bob's LANs: 4 and 5");
    events.MoveCsmaDevice(GetBobDevice(), GetAttachment(router), at, offlineFor);
}

void
PaperTopologyHelper::MoveAlice(NetworkEventHelper& events,
                               uint32_t router,
                               Time at,
                               Time offlineFor) const
{
    NS_ABORT_MSG_IF(router != 1 && router != 2, "PaperTopologyHelper: Alice's LANs: 1 and 2");
    events.MoveCsmaDevice(m_aliceDevice, GetAttachment(router), at, offlineFor);
}

Time
PaperTopologyHelper::GetRtt(uint32_t router, uint32_t bytes, uint32_t aliceRouter) const
{
    uint32_t hops = router - aliceRouter;
    DataRate rate(m_rate);
    return 2 * (hops * (m_delay + rate.CalculateBytesTxTime(bytes)) + 2 * LAN_DELAY);
}

void
PaperTopologyHelper::EnablePcap(const std::string& prefix)
{
    m_lan.EnablePcapAll(prefix + "-lan");
    m_wan.EnablePcapAll(prefix + "-wan");
}

} // namespace ns3
