/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "underlay-channel.h"

#include "underlay-net-device.h"

#include "ns3/abort.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UnderlayChannel");
NS_OBJECT_ENSURE_REGISTERED(UnderlayChannel);

TypeId
UnderlayChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UnderlayChannel")
            .SetParent<Channel>()
            .SetGroupName("Muses")
            .AddConstructor<UnderlayChannel>()
            .AddAttribute("AccessRate",
                          "Rate of each peer's access link, both ways",
                          DataRateValue(DataRate("100Mbps")),
                          MakeDataRateAccessor(&UnderlayChannel::m_accessRate),
                          MakeDataRateChecker())
            .AddAttribute("AccessDelay",
                          "Propagation delay of each access link",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&UnderlayChannel::m_accessDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("CoreRate",
                          "Rate of each link between routers (never congested)",
                          DataRateValue(DataRate("1Gbps")),
                          MakeDataRateAccessor(&UnderlayChannel::m_coreRate),
                          MakeDataRateChecker())
            .AddAttribute("CoreDelay",
                          "Propagation delay of each link between routers",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&UnderlayChannel::m_coreDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("PeersPerRouter",
                          "Peers per access router: peers i and j share one when "
                          "i / PeersPerRouter == j / PeersPerRouter",
                          UintegerValue(64),
                          MakeUintegerAccessor(&UnderlayChannel::m_peersPerRouter),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RoutersPerRouter",
                          "Routers below each aggregation router and below the core",
                          UintegerValue(64),
                          MakeUintegerAccessor(&UnderlayChannel::m_routersPerRouter),
                          MakeUintegerChecker<uint32_t>(2))
            .AddAttribute("MaxQueueDelay",
                          "A packet that would wait longer than this on an access link is "
                          "dropped",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&UnderlayChannel::m_maxQueueDelay),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("Drop",
                            "A packet dropped, with the reason",
                            MakeTraceSourceAccessor(&UnderlayChannel::m_dropTrace),
                            "ns3::UnderlayChannel::DropTracedCallback");
    return tid;
}

void
UnderlayChannel::SetBlocks(Ipv4Address base, uint32_t blockSize)
{
    NS_ABORT_MSG_IF(blockSize == 0 || (blockSize & (blockSize - 1)) != 0,
                    "UnderlayChannel: a block of " << blockSize << " addresses (a power of 2)");
    m_base = base.Get();
    m_blockSize = blockSize;
}

namespace
{
/// \param address an IPv6 address \return its first 64 bits (its /64), as a number
uint64_t
Network64(Ipv6Address address)
{
    uint8_t bytes[16];
    address.GetBytes(bytes);
    uint64_t network = 0;
    for (uint32_t i = 0; i < 8; ++i)
    {
        network = network << 8 | bytes[i];
    }
    return network;
}
} // namespace

void
UnderlayChannel::SetBlocks6(Ipv6Address first)
{
    m_base6 = Network64(first);
}

uint32_t
UnderlayChannel::Attach(Ptr<UnderlayNetDevice> device)
{
    m_ports.push_back({device, Time(0), Time(0)});
    return m_ports.size() - 1;
}

uint32_t
UnderlayChannel::GetCoreLinks(uint32_t a, uint32_t b) const
{
    a /= m_peersPerRouter;
    b /= m_peersPerRouter;
    // Levels of aggregation routers between the access routers and the core: as many as
    // CloakUnderlayHelper builds for this many access routers.
    uint32_t routers = (m_ports.size() + m_peersPerRouter - 1) / m_peersPerRouter;
    uint32_t links = 0;
    for (; routers > m_routersPerRouter && a != b; routers = (routers - 1) / m_routersPerRouter + 1)
    {
        a /= m_routersPerRouter;
        b /= m_routersPerRouter;
        links += 2;
    }
    return a != b ? links + 2 : links;
}

uint64_t
UnderlayChannel::FindPeer(Ptr<const Packet> packet, uint16_t protocol) const
{
    if (protocol == Ipv4L3Protocol::PROT_NUMBER)
    {
        Ipv4Header ip;
        packet->PeekHeader(ip);
        uint32_t offset = ip.GetDestination().Get() - m_base; // wraps below the base
        return offset / m_blockSize;
    }
    Ipv6Header ip;
    packet->PeekHeader(ip);
    return Network64(ip.GetDestination()) - m_base6; // wraps below the base
}

bool
UnderlayChannel::Send(Ptr<Packet> packet, uint32_t from, uint16_t protocol)
{
    uint64_t to = FindPeer(packet, protocol);
    if (to >= m_ports.size())
    {
        NS_LOG_LOGIC("no route for a packet of protocol " << protocol);
        m_dropTrace(packet, "no route");
        return false;
    }
    Time now = Simulator::Now();
    Port& up = m_ports[from];
    Port& down = m_ports[to];
    uint32_t bytes = packet->GetSize();
    Time access = m_accessRate.CalculateBytesTxTime(bytes);
    Time upStart = std::max(now, up.upFreeAt);
    if (upStart - now > m_maxQueueDelay)
    {
        m_dropTrace(packet, "queue full");
        return false;
    }
    uint32_t coreLinks = GetCoreLinks(from, to);
    Time atRouter = upStart + access + m_accessDelay +
                    (m_coreRate.CalculateBytesTxTime(bytes) + m_coreDelay) * coreLinks;
    Time downStart = std::max(atRouter, down.downFreeAt);
    if (downStart - atRouter > m_maxQueueDelay)
    {
        m_dropTrace(packet, "queue full");
        return false;
    }
    up.upFreeAt = upStart + access;
    down.downFreeAt = downStart + access;
    Ptr<UnderlayNetDevice> receiver = down.device;
    Simulator::ScheduleWithContext(receiver->GetNode()->GetId(),
                                   downStart + access + m_accessDelay - now,
                                   &UnderlayNetDevice::Receive,
                                   receiver,
                                   packet->Copy(),
                                   protocol);
    return true;
}

std::size_t
UnderlayChannel::GetNDevices() const
{
    return m_ports.size();
}

Ptr<NetDevice>
UnderlayChannel::GetDevice(std::size_t i) const
{
    return m_ports.at(i).device;
}

void
UnderlayChannel::DoDispose()
{
    m_ports.clear();
    Channel::DoDispose();
}

} // namespace ns3
