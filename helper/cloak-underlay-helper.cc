/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-underlay-helper.h"

#include "block-routing.h"
#include "network-event-helper.h"
#include "underlay-channel.h"
#include "underlay-net-device.h"

#include "ns3/boolean.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/uinteger.h"

#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakUnderlayHelper");

namespace
{
/// Each access link's block of addresses.
const uint32_t ACCESS_BLOCK = 8;
/// Access networks: 10.0.0.0/8; core links: 172.16.0.0/12, a /30 each.
const uint32_t ACCESS_BASE = 0x0A000000;
const uint32_t CORE_BASE = 0xAC100000;

/// \param node a node \return its static routing
Ptr<Ipv4StaticRouting>
StaticRouting(Ptr<Node> node)
{
    return Ipv4RoutingHelper::GetRouting<Ipv4StaticRouting>(
        node->GetObject<Ipv4>()->GetRoutingProtocol());
}

/// \param router a router \return the BlockRouting added ahead of its static routing
Ptr<BlockRouting>
AddBlockRouting(Ptr<Node> router)
{
    Ptr<BlockRouting> blocks = CreateObject<BlockRouting>();
    DynamicCast<Ipv4ListRouting>(router->GetObject<Ipv4>()->GetRoutingProtocol())
        ->AddRoutingProtocol(blocks, 10);
    return blocks;
}

/// Give a device's interface an address. \return the interface index
uint32_t
AddAddress(Ptr<NetDevice> device, uint32_t address, uint32_t prefix)
{
    Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
    int32_t interface = ipv4->AddInterface(device);
    ipv4->AddAddress(interface,
                     Ipv4InterfaceAddress(Ipv4Address(address), Ipv4Mask(~0U << (32 - prefix))));
    ipv4->SetUp(interface);
    return interface;
}
} // namespace

CloakUnderlayHelper::CloakUnderlayHelper()
    : m_peersPerRouter(64),
      m_routersPerRouter(64),
      m_accessRate("100Mbps"),
      m_accessDelay(MilliSeconds(2)),
      m_coreRate("1Gbps"),
      m_coreDelay(MilliSeconds(5)),
      m_direct(false)
{
}

void
CloakUnderlayHelper::SetPeersPerRouter(uint32_t peers)
{
    NS_ABORT_MSG_IF(peers == 0 || peers > (1U << 20),
                    "CloakUnderlayHelper: " << peers << " peers per router (1 .. 2^20)");
    m_peersPerRouter = 1;
    while (m_peersPerRouter < peers)
    {
        m_peersPerRouter *= 2;
    }
}

void
CloakUnderlayHelper::SetRoutersPerRouter(uint32_t routers)
{
    NS_ABORT_MSG_IF(routers < 2 || routers > (1U << 20),
                    "CloakUnderlayHelper: " << routers << " routers per router (2 .. 2^20)");
    m_routersPerRouter = 1;
    while (m_routersPerRouter < routers)
    {
        m_routersPerRouter *= 2;
    }
}

void
CloakUnderlayHelper::SetAccessLink(DataRate rate, Time delay)
{
    m_accessRate = rate;
    m_accessDelay = delay;
}

void
CloakUnderlayHelper::SetCoreLink(DataRate rate, Time delay)
{
    m_coreRate = rate;
    m_coreDelay = delay;
}

void
CloakUnderlayHelper::SetDirect(bool direct)
{
    m_direct = direct;
}

NodeContainer
CloakUnderlayHelper::Build(uint32_t peers)
{
    uint32_t accessRouters = (peers + m_peersPerRouter - 1) / m_peersPerRouter;
    NS_ABORT_MSG_IF(peers == 0 || uint64_t(peers) * ACCESS_BLOCK >= (1U << 24),
                    "CloakUnderlayHelper: " << peers << " peers do not fit 10.0.0.0/8");
    m_peers = NodeContainer();
    m_peers.Create(peers);
    m_routers = NodeContainer();
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false); // an IPv4 underlay: no IPv6 state on 10^5 nodes
    stack.Install(m_peers);
    for (uint32_t p = 0; p < peers; ++p)
    {
        // A host: a packet to an address it no longer has (it moved) is dropped, not sent
        // back up its default route for its old router to send down again until the TTL ends.
        m_peers.Get(p)->GetObject<Ipv4>()->SetAttribute("IpForward", BooleanValue(false));
    }
    if (m_direct)
    {
        BuildDirect();
        return m_peers;
    }
    m_routers.Create(1 + accessRouters);
    stack.Install(m_routers);

    // Every router finds the block of addresses below each of its links by arithmetic, not
    // in a list (Ipv4StaticRouting's lookup scans its whole list for every packet), and
    // sends the rest up its default exit.
    std::vector<Ptr<BlockRouting>> routing;
    for (uint32_t r = 0; r < m_routers.GetN(); ++r)
    {
        routing.push_back(AddBlockRouting(m_routers.Get(r)));
    }
    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", DataRateValue(m_accessRate));
    access.SetChannelAttribute("Delay", TimeValue(m_accessDelay));
    for (uint32_t p = 0; p < peers; ++p)
    {
        uint32_t r = 1 + p / m_peersPerRouter;
        NetDeviceContainer link = access.Install(m_routers.Get(r), m_peers.Get(p));
        uint32_t net = ACCESS_BASE + p * ACCESS_BLOCK;
        if (p % m_peersPerRouter == 0)
        {
            routing[r]->SetBlocks(Ipv4Address(net), ACCESS_BLOCK);
        }
        routing[r]->AddBlock(AddAddress(link.Get(0), net + 1, 29), Ipv4Address::GetAny());
        uint32_t interface = AddAddress(link.Get(1), net + 2, 29);
        StaticRouting(m_peers.Get(p))->SetDefaultRoute(Ipv4Address(net + 1), interface);
    }

    // The access routers hang off the core; beyond RoutersPerRouter of them, a level of
    // aggregation routers comes between (and so on), so that no router has more links than
    // that: ns-3 finds a packet's incoming interface in a list of them all.
    PointToPointHelper core;
    core.SetDeviceAttribute("DataRate", DataRateValue(m_coreRate));
    core.SetChannelAttribute("Delay", TimeValue(m_coreDelay));
    uint32_t coreLinks = 0;
    auto connect = [&](uint32_t parent, uint32_t child) {
        NetDeviceContainer link = core.Install(m_routers.Get(parent), m_routers.Get(child));
        uint32_t net = CORE_BASE + 4 * coreLinks++;
        NS_ABORT_MSG_IF(net >= CORE_BASE + (1U << 20), "CloakUnderlayHelper: too many routers");
        routing[parent]->AddBlock(AddAddress(link.Get(0), net + 1, 30), Ipv4Address(net + 2));
        routing[child]->SetDefault(AddAddress(link.Get(1), net + 2, 30), Ipv4Address(net + 1));
    };
    std::vector<uint32_t> level(accessRouters);
    std::iota(level.begin(), level.end(), 1);
    uint32_t block = m_peersPerRouter * ACCESS_BLOCK; // addresses below a router of the level
    while (level.size() > m_routersPerRouter)
    {
        std::vector<uint32_t> parents;
        for (uint32_t i = 0; i < level.size(); ++i)
        {
            if (i % m_routersPerRouter == 0)
            {
                Ptr<Node> router = CreateObject<Node>();
                stack.Install(router);
                m_routers.Add(router);
                routing.push_back(AddBlockRouting(router));
                parents.push_back(m_routers.GetN() - 1);
                routing.back()->SetBlocks(Ipv4Address(ACCESS_BASE + i * block), block);
            }
            connect(parents.back(), level[i]);
        }
        level = parents;
        block *= m_routersPerRouter;
    }
    routing[0]->SetBlocks(Ipv4Address(ACCESS_BASE), block);
    for (uint32_t child : level)
    {
        connect(0, child);
    }

    for (uint32_t r = 0; r < m_routers.GetN(); ++r)
    {
        // Nothing is addressed to the routers: spare every forwarded packet a scan of all
        // their interfaces' addresses (the weak end-system model's). ns-3 >= 3.41 names the
        // choice StrongEndSystemModel; WeakEsModel, its inverse, is gone from 3.46.
        Ptr<Ipv4> ipv4 = m_routers.Get(r)->GetObject<Ipv4>();
        if (!ipv4->SetAttributeFailSafe("StrongEndSystemModel", BooleanValue(true)))
        {
            ipv4->SetAttribute("WeakEsModel", BooleanValue(false));
        }
    }
    return m_peers;
}

void
CloakUnderlayHelper::BuildDirect()
{
    Ptr<UnderlayChannel> channel = CreateObject<UnderlayChannel>();
    channel->SetAttribute("AccessRate", DataRateValue(m_accessRate));
    channel->SetAttribute("AccessDelay", TimeValue(m_accessDelay));
    channel->SetAttribute("CoreRate", DataRateValue(m_coreRate));
    channel->SetAttribute("CoreDelay", TimeValue(m_coreDelay));
    channel->SetAttribute("PeersPerRouter", UintegerValue(m_peersPerRouter));
    channel->SetAttribute("RoutersPerRouter", UintegerValue(m_routersPerRouter));
    channel->SetBlocks(Ipv4Address(ACCESS_BASE), ACCESS_BLOCK);
    for (uint32_t p = 0; p < m_peers.GetN(); ++p)
    {
        Ptr<UnderlayNetDevice> device = CreateObject<UnderlayNetDevice>();
        m_peers.Get(p)->AddDevice(device);
        device->Attach(channel);
        uint32_t net = ACCESS_BASE + p * ACCESS_BLOCK;
        uint32_t interface = AddAddress(device, net + 2, 29);
        // The gateway is nobody: the device needs no next hop, only the interface.
        StaticRouting(m_peers.Get(p))->SetDefaultRoute(Ipv4Address(net + 1), interface);
    }
}

NodeContainer
CloakUnderlayHelper::GetRouters() const
{
    return m_routers;
}

Ipv4InterfaceAddress
CloakUnderlayHelper::NewAddress(uint32_t peer)
{
    NS_ABORT_MSG_IF(peer >= m_peers.GetN(), "CloakUnderlayHelper: no peer " << peer);
    Ptr<Node> node = m_peers.Get(peer);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    uint32_t net = ACCESS_BASE + peer * ACCESS_BLOCK;
    uint32_t host = ipv4->GetAddress(1, 0).GetLocal().Get() - net;
    uint32_t next = host >= ACCESS_BLOCK - 2 ? 2 : host + 1; // .2 to .6, never .1 or .7
    Ipv4InterfaceAddress address(Ipv4Address(net + next), Ipv4Mask(~0U << 3));
    NetworkEventHelper::Renumber(node, 1, address, Ipv4Address(net + 1));
    return address;
}

} // namespace ns3
