/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "block-routing.h"

#include "ns3/ipv4-route.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("BlockRouting");
NS_OBJECT_ENSURE_REGISTERED(BlockRouting);

TypeId
BlockRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::BlockRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Muses")
                            .AddConstructor<BlockRouting>();
    return tid;
}

void
BlockRouting::SetBlocks(Ipv4Address base, uint32_t blockSize)
{
    NS_ABORT_MSG_IF(blockSize == 0 || (blockSize & (blockSize - 1)) != 0,
                    "BlockRouting: a block of " << blockSize << " addresses (a power of 2)");
    m_base = base.Get();
    m_blockSize = blockSize;
    m_blocks.clear();
}

void
BlockRouting::AddBlock(uint32_t interface, Ipv4Address gateway)
{
    m_blocks.push_back({interface, gateway});
}

uint32_t
BlockRouting::GetNBlocks() const
{
    return m_blocks.size();
}

void
BlockRouting::SetDefault(uint32_t interface, Ipv4Address gateway)
{
    m_default = {interface, gateway};
    m_hasDefault = true;
}

Ptr<Ipv4Route>
BlockRouting::Lookup(Ipv4Address destination) const
{
    uint32_t address = destination.Get();
    bool inside = address >= m_base && (address - m_base) / m_blockSize < m_blocks.size();
    if (!inside && !m_hasDefault)
    {
        return nullptr;
    }
    const Exit& exit = inside ? m_blocks[(address - m_base) / m_blockSize] : m_default;
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetGateway(exit.gateway);
    route->SetSource(m_ipv4->GetAddress(exit.interface, 0).GetLocal());
    route->SetOutputDevice(m_ipv4->GetNetDevice(exit.interface));
    return route;
}

Ptr<Ipv4Route>
BlockRouting::RouteOutput(Ptr<Packet> /* p */,
                          const Ipv4Header& header,
                          Ptr<NetDevice> /* oif */,
                          Socket::SocketErrno& sockerr)
{
    Ptr<Ipv4Route> route = Lookup(header.GetDestination());
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
BlockRouting::RouteInput(Ptr<const Packet> p,
                         const Ipv4Header& header,
                         Ptr<const NetDevice> /* idev */,
                         compat::RouteInputCallback<UnicastForwardCallback> ucb,
                         compat::RouteInputCallback<MulticastForwardCallback> /* mcb */,
                         compat::RouteInputCallback<LocalDeliverCallback> /* lcb */,
                         compat::RouteInputCallback<ErrorCallback> /* ecb */)
{
    // Local delivery is the list routing's, before any protocol is asked.
    Ptr<Ipv4Route> route = Lookup(header.GetDestination());
    if (!route)
    {
        return false;
    }
    ucb(route, p, header);
    return true;
}

void
BlockRouting::NotifyInterfaceUp(uint32_t /* interface */)
{
}

void
BlockRouting::NotifyInterfaceDown(uint32_t /* interface */)
{
}

void
BlockRouting::NotifyAddAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
BlockRouting::NotifyRemoveAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
BlockRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
BlockRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit /* unit */) const
{
    std::ostream& os = *stream->GetStream();
    os << "BlockRouting: " << m_blocks.size() << " blocks of " << m_blockSize << " from "
       << Ipv4Address(m_base) << "\n";
    if (m_hasDefault)
    {
        os << "default via " << m_default.gateway << " if " << m_default.interface << "\n";
    }
    for (uint32_t i = 0; i < m_blocks.size(); ++i)
    {
        os << Ipv4Address(m_base + i * m_blockSize) << "/" << m_blockSize << " via "
           << m_blocks[i].gateway << " if " << m_blocks[i].interface << "\n";
    }
}

void
BlockRouting::DoDispose()
{
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
