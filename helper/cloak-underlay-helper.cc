/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-underlay-helper.h"

#include "network-event-helper.h"
#include "underlay-channel.h"
#include "underlay-net-device.h"

#include "ns3/boolean.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/ipv6.h"
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
/// IPv6 (a unique local prefix: ns-3 routers drop 2001:db8::/32, documentation): access link
/// i is the /64 fd00:0:<i as 32 bits>::, core link k fd00:0:ff00:k::.
const uint32_t CORE_NETWORK6 = 0xFF000000;
/// Peers that fit the IPv6 plan: below the core links' networks.
const uint32_t MAX_PEERS6 = 1U << 24;

/// \param node a node \return its IPv4 static routing
Ptr<Ipv4StaticRouting>
StaticRouting(Ptr<Node> node)
{
    return Ipv4RoutingHelper::GetRouting<Ipv4StaticRouting>(
        node->GetObject<Ipv4>()->GetRoutingProtocol());
}

/// \param node a node \return its IPv6 static routing
Ptr<Ipv6StaticRouting>
StaticRouting6(Ptr<Node> node)
{
    return Ipv6RoutingHelper::GetRouting<Ipv6StaticRouting>(
        node->GetObject<Ipv6>()->GetRoutingProtocol());
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

/// \param network the /64's number below fd00::/32 \param host the last 16 bits
/// \return the address
Ipv6Address
Address6(uint32_t network, uint16_t host)
{
    uint8_t bytes[16] = {0xfd};
    for (uint32_t i = 0; i < 4; ++i)
    {
        bytes[4 + i] = network >> (24 - 8 * i);
    }
    bytes[14] = host >> 8;
    bytes[15] = host & 0xff;
    return Ipv6Address(bytes);
}

/// Give a device's interface an IPv6 address in a /64. \return the interface index
uint32_t
AddAddress6(Ptr<NetDevice> device, Ipv6Address address)
{
    Ptr<Ipv6> ipv6 = device->GetNode()->GetObject<Ipv6>();
    int32_t interface = ipv6->AddInterface(device);
    ipv6->AddAddress(interface, Ipv6InterfaceAddress(address, Ipv6Prefix(64)));
    ipv6->SetUp(interface);
    return interface;
}

/// \param nodes nodes with IPv6 and no address yet: addresses unique by construction need no
/// duplicate detection (whose probes the direct underlay could not carry)
void
DisableDad(const NodeContainer& nodes)
{
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<Icmpv6L4Protocol>()->SetAttribute("DAD", BooleanValue(false));
    }
}
} // namespace

CloakUnderlayHelper::CloakUnderlayHelper()
    : m_peersPerRouter(64),
      m_routersPerRouter(64),
      m_accessRate("100Mbps"),
      m_accessDelay(MilliSeconds(2)),
      m_coreRate("1Gbps"),
      m_coreDelay(MilliSeconds(5)),
      m_direct(false),
      m_ipv4(true),
      m_ipv6(false)
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

void
CloakUnderlayHelper::SetIpv4(bool ipv4)
{
    m_ipv4 = ipv4;
}

void
CloakUnderlayHelper::SetIpv6(bool ipv6)
{
    m_ipv6 = ipv6;
}

void
CloakUnderlayHelper::SetRanks(uint32_t ranks)
{
    NS_ABORT_MSG_IF(ranks == 0, "CloakUnderlayHelper: no ranks");
    m_ranks = ranks;
}

uint32_t
CloakUnderlayHelper::RankOf(uint32_t accessRouter, uint32_t count) const
{
    return uint64_t(accessRouter) * m_ranks / count;
}

NodeContainer
CloakUnderlayHelper::Build(uint32_t peers)
{
    NS_ABORT_MSG_IF(!m_ipv4 && !m_ipv6, "CloakUnderlayHelper: neither IPv4 nor IPv6");
    NS_ABORT_MSG_IF(peers == 0 || (m_ipv4 && uint64_t(peers) * ACCESS_BLOCK >= (1U << 24)) ||
                        (m_ipv6 && peers >= MAX_PEERS6),
                    "CloakUnderlayHelper: " << peers << " peers do not fit 10.0.0.0/8");
    // UnderlayChannel delivers by a function call: it cannot cross processes.
    NS_ABORT_MSG_IF(m_direct && m_ranks > 1, "CloakUnderlayHelper: ranks need the routers");
    uint32_t accessRouters = (peers + m_peersPerRouter - 1) / m_peersPerRouter;
    m_peers = NodeContainer();
    for (uint32_t p = 0; p < peers; ++p)
    {
        m_peers.Create(1, RankOf(p / m_peersPerRouter, accessRouters));
    }
    m_routers = NodeContainer();
    m_blockRouting.clear();
    m_coreLinks = 0;
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(m_ipv4);
    stack.SetIpv6StackInstall(m_ipv6); // no state for a family not asked for, on 10^5 nodes
    stack.Install(m_peers);
    for (uint32_t p = 0; p < peers && m_ipv4; ++p)
    {
        // A host: a packet to an address it no longer has (it moved) is dropped, not sent
        // back up its default route for its old router to send down again until the TTL ends.
        // (An IPv6 host does not forward by default.)
        m_peers.Get(p)->GetObject<Ipv4>()->SetAttribute("IpForward", BooleanValue(false));
    }
    if (m_ipv6)
    {
        DisableDad(m_peers);
    }
    if (m_direct)
    {
        BuildDirect();
        return m_peers;
    }
    m_routers.Create(1); // the core, on rank 0
    for (uint32_t a = 0; a < accessRouters; ++a)
    {
        m_routers.Create(1, RankOf(a, accessRouters));
    }
    stack.Install(m_routers);
    if (m_ipv6)
    {
        DisableDad(m_routers);
    }

    // Every router finds the block of addresses below each of its links by arithmetic, not
    // in a list (Ipv4StaticRouting's lookup scans its whole list for every packet), and
    // sends the rest up its default exit. Over IPv6 the list is short: one aggregate route
    // per link below.
    for (uint32_t r = 0; r < m_routers.GetN(); ++r)
    {
        Prepare(m_routers.Get(r));
    }
    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", DataRateValue(m_accessRate));
    access.SetChannelAttribute("Delay", TimeValue(m_accessDelay));
    for (uint32_t p = 0; p < peers; ++p)
    {
        uint32_t r = 1 + p / m_peersPerRouter;
        NetDeviceContainer link = access.Install(m_routers.Get(r), m_peers.Get(p));
        if (m_ipv4)
        {
            uint32_t net = ACCESS_BASE + p * ACCESS_BLOCK;
            if (p % m_peersPerRouter == 0)
            {
                m_blockRouting[r]->SetBlocks(Ipv4Address(net), ACCESS_BLOCK);
            }
            m_blockRouting[r]->AddBlock(AddAddress(link.Get(0), net + 1, 29),
                                        Ipv4Address::GetAny());
            uint32_t interface = AddAddress(link.Get(1), net + 2, 29);
            StaticRouting(m_peers.Get(p))->SetDefaultRoute(Ipv4Address(net + 1), interface);
        }
        if (m_ipv6)
        {
            AddAddress6(link.Get(0), Address6(p, 1)); // the /64 is on-link: routed
            uint32_t interface = AddAddress6(link.Get(1), Address6(p, 2));
            StaticRouting6(m_peers.Get(p))->SetDefaultRoute(Address6(p, 1), interface);
        }
    }

    // The access routers hang off the core; beyond RoutersPerRouter of them, a level of
    // aggregation routers comes between (and so on), so that no router has more links than
    // that: ns-3 finds a packet's incoming interface in a list of them all.
    std::vector<uint32_t> level(accessRouters);
    std::iota(level.begin(), level.end(), 1);
    uint32_t below = m_peersPerRouter; // peers below a router of the level
    while (level.size() > m_routersPerRouter)
    {
        std::vector<uint32_t> parents;
        for (uint32_t i = 0; i < level.size(); ++i)
        {
            if (i % m_routersPerRouter == 0)
            {
                Ptr<Node> router = CreateObject<Node>(m_routers.Get(level[i])->GetSystemId());
                stack.Install(router);
                m_routers.Add(router);
                if (m_ipv6)
                {
                    DisableDad(NodeContainer(router));
                }
                Prepare(router);
                parents.push_back(m_routers.GetN() - 1);
                if (m_ipv4)
                {
                    m_blockRouting.back()->SetBlocks(
                        Ipv4Address(ACCESS_BASE + i * below * ACCESS_BLOCK),
                        below * ACCESS_BLOCK);
                }
            }
            ConnectRouters(parents.back(), level[i], i * below, below);
        }
        level = parents;
        below *= m_routersPerRouter;
    }
    if (m_ipv4)
    {
        m_blockRouting[0]->SetBlocks(Ipv4Address(ACCESS_BASE), below * ACCESS_BLOCK);
    }
    for (uint32_t i = 0; i < level.size(); ++i)
    {
        ConnectRouters(0, level[i], i * below, below);
    }
    return m_peers;
}

void
CloakUnderlayHelper::Prepare(Ptr<Node> router)
{
    if (m_ipv4)
    {
        m_blockRouting.push_back(AddBlockRouting(router));
        // Nothing is addressed to the routers: spare every forwarded packet a scan of all
        // their interfaces' addresses (the weak end-system model's). ns-3 >= 3.41 names the
        // choice StrongEndSystemModel; WeakEsModel, its inverse, is gone from 3.46.
        Ptr<Ipv4> ipv4 = router->GetObject<Ipv4>();
        if (!ipv4->SetAttributeFailSafe("StrongEndSystemModel", BooleanValue(true)))
        {
            ipv4->SetAttribute("WeakEsModel", BooleanValue(false));
        }
    }
    if (m_ipv6)
    {
        router->GetObject<Ipv6>()->SetAttribute("IpForward", BooleanValue(true));
    }
}

void
CloakUnderlayHelper::ConnectRouters(uint32_t parent,
                                    uint32_t child,
                                    uint32_t firstPeer,
                                    uint32_t peers)
{
    PointToPointHelper core;
    core.SetDeviceAttribute("DataRate", DataRateValue(m_coreRate));
    core.SetChannelAttribute("Delay", TimeValue(m_coreDelay));
    NetDeviceContainer link = core.Install(m_routers.Get(parent), m_routers.Get(child));
    uint32_t k = m_coreLinks++;
    NS_ABORT_MSG_IF(k >= (1U << 18), "CloakUnderlayHelper: too many routers");
    if (m_ipv4)
    {
        uint32_t net = CORE_BASE + 4 * k;
        m_blockRouting[parent]->AddBlock(AddAddress(link.Get(0), net + 1, 30),
                                         Ipv4Address(net + 2));
        m_blockRouting[child]->SetDefault(AddAddress(link.Get(1), net + 2, 30),
                                          Ipv4Address(net + 1));
    }
    if (m_ipv6)
    {
        uint32_t down = AddAddress6(link.Get(0), Address6(CORE_NETWORK6 + k, 1));
        uint32_t up = AddAddress6(link.Get(1), Address6(CORE_NETWORK6 + k, 2));
        uint8_t length = 64;
        for (uint32_t n = peers; n > 1; n /= 2)
        {
            --length;
        }
        StaticRouting6(m_routers.Get(parent))
            ->AddNetworkRouteTo(Address6(firstPeer, 0),
                                Ipv6Prefix(length),
                                Address6(CORE_NETWORK6 + k, 2),
                                down);
        StaticRouting6(m_routers.Get(child))->SetDefaultRoute(Address6(CORE_NETWORK6 + k, 1), up);
    }
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
    channel->SetBlocks6(Address6(0, 0));
    for (uint32_t p = 0; p < m_peers.GetN(); ++p)
    {
        Ptr<UnderlayNetDevice> device = CreateObject<UnderlayNetDevice>();
        m_peers.Get(p)->AddDevice(device);
        device->Attach(channel);
        // The gateway is nobody: the device needs no next hop, only the interface.
        if (m_ipv4)
        {
            uint32_t net = ACCESS_BASE + p * ACCESS_BLOCK;
            uint32_t interface = AddAddress(device, net + 2, 29);
            StaticRouting(m_peers.Get(p))->SetDefaultRoute(Ipv4Address(net + 1), interface);
        }
        if (m_ipv6)
        {
            uint32_t interface = AddAddress6(device, Address6(p, 2));
            StaticRouting6(m_peers.Get(p))->SetDefaultRoute(Address6(p, 1), interface);
        }
    }
}

NodeContainer
CloakUnderlayHelper::GetRouters() const
{
    return m_routers;
}

void
CloakUnderlayHelper::NewAddress(uint32_t peer)
{
    NS_ABORT_MSG_IF(peer >= m_peers.GetN(), "CloakUnderlayHelper: no peer " << peer);
    Ptr<Node> node = m_peers.Get(peer);
    // The host part cycles through 2 to 6: never the router's 1, nor 7 (IPv4's broadcast).
    auto next = [](uint32_t host) { return host >= ACCESS_BLOCK - 2 ? 2 : host + 1; };
    if (m_ipv4)
    {
        uint32_t net = ACCESS_BASE + peer * ACCESS_BLOCK;
        Ipv4InterfaceAddress address(Ipv4Address(net + next(GetAddress(peer).Get() - net)),
                                     Ipv4Mask(~0U << 3));
        NetworkEventHelper::Renumber(node, 1, address, Ipv4Address(net + 1));
    }
    if (m_ipv6)
    {
        uint8_t bytes[16];
        GetAddress6(peer).GetBytes(bytes);
        Ipv6InterfaceAddress address(Address6(peer, next(bytes[15])), Ipv6Prefix(64));
        NetworkEventHelper::Renumber6(node, 1, address, Address6(peer, 1));
    }
}

Ipv4Address
CloakUnderlayHelper::GetAddress(uint32_t peer) const
{
    NS_ABORT_MSG_IF(peer >= m_peers.GetN() || !m_ipv4,
                    "CloakUnderlayHelper: no peer " << peer << " with IPv4");
    return m_peers.Get(peer)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
}

Ipv6Address
CloakUnderlayHelper::GetAddress6(uint32_t peer) const
{
    NS_ABORT_MSG_IF(peer >= m_peers.GetN() || !m_ipv6,
                    "CloakUnderlayHelper: no peer " << peer << " with IPv6");
    std::vector<Ipv6Address> global =
        NetworkEventHelper::GetGlobalAddresses(m_peers.Get(peer)->GetObject<Ipv6>(), 1);
    NS_ABORT_MSG_IF(global.empty(), "CloakUnderlayHelper: peer " << peer << " has no address");
    return global.front();
}

} // namespace ns3
