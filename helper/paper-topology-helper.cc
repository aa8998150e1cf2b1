/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "paper-topology-helper.h"

#include "network-event-helper.h"

#include "ns3/abort.h"
#include "ns3/arp-l3-protocol.h"
#include "ns3/data-rate.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/names.h"
#include "ns3/string.h"

namespace ns3
{

namespace
{
const Time LAN_DELAY = MicroSeconds(50); //!< The LANs' propagation delay
} // namespace

PaperTopologyHelper::PaperTopologyHelper()
    : m_rate("10Mbps"),
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
              lanAIf.GetAddress(0)};
    for (uint32_t k = 1; k < 5; ++k)
    {
        std::string net = "10.1." + std::to_string(k) + ".0";
        addresses.SetBase(net.c_str(), "255.255.255.0");
        addresses.Assign(m_wan.Install(GetRouter(k), GetRouter(k + 1)));
    }
    // LANs 2 and 4 start with their routers only; LAN 5 with R5 and Bob.
    addresses.SetBase("10.2.0.0", mask);
    NetDeviceContainer lan2 = m_lan.Install(NodeContainer(GetRouter(2)));
    m_lan2 = {DynamicCast<CsmaChannel>(lan2.Get(0)->GetChannel()),
              Ipv4InterfaceAddress("10.2.0.2", mask),
              addresses.Assign(lan2).GetAddress(0)};
    addresses.SetBase("10.4.0.0", mask);
    NetDeviceContainer lan4 = m_lan.Install(NodeContainer(GetRouter(4)));
    m_lan4 = {DynamicCast<CsmaChannel>(lan4.Get(0)->GetChannel()),
              Ipv4InterfaceAddress("10.4.0.2", mask),
              addresses.Assign(lan4).GetAddress(0)};
    addresses.SetBase("10.5.0.0", mask);
    NetDeviceContainer lan5 = m_lan.Install(NodeContainer(GetRouter(5), m_bob));
    Ipv4InterfaceContainer lan5If = addresses.Assign(lan5);
    m_lan5 = {DynamicCast<CsmaChannel>(lan5.Get(0)->GetChannel()),
              Ipv4InterfaceAddress(lan5If.GetAddress(1), mask),
              lan5If.GetAddress(0)};
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    m_bobDevice = DynamicCast<CsmaNetDevice>(lan5.Get(1));
    uint32_t bobIf = m_bob->GetObject<Ipv4>()->GetInterfaceForDevice(m_bobDevice);
    NetworkEventHelper::SetDefaultRoute(m_bob, bobIf, m_lan5.gateway);
    uint32_t aliceIf = m_alice->GetObject<Ipv4>()->GetInterfaceForDevice(m_aliceDevice);
    NetworkEventHelper::SetDefaultRoute(m_alice, aliceIf, m_lanA.gateway);
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
    Attachment to = GetAttachment(router);
    events.MoveCsmaDevice(GetBobDevice(), to.channel, to.address, to.gateway, at, offlineFor);
}

void
PaperTopologyHelper::MoveAlice(NetworkEventHelper& events,
                               uint32_t router,
                               Time at,
                               Time offlineFor) const
{
    NS_ABORT_MSG_IF(router != 1 && router != 2, "PaperTopologyHelper: Alice's LANs: 1 and 2");
    Attachment to = GetAttachment(router);
    events.MoveCsmaDevice(m_aliceDevice, to.channel, to.address, to.gateway, at, offlineFor);
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
