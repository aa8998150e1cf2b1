/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "underlay-net-device.h"

#include "underlay-channel.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("UnderlayNetDevice");
NS_OBJECT_ENSURE_REGISTERED(UnderlayNetDevice);

TypeId
UnderlayNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::UnderlayNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("Muses")
            .AddConstructor<UnderlayNetDevice>()
            .AddTraceSource("MacTx",
                            "A packet handed to the channel",
                            MakeTraceSourceAccessor(&UnderlayNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A packet received from the channel",
                            MakeTraceSourceAccessor(&UnderlayNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

UnderlayNetDevice::UnderlayNetDevice()
    : m_address(Mac48Address::Allocate())
{
}

void
UnderlayNetDevice::Attach(Ptr<UnderlayChannel> channel)
{
    m_channel = channel;
    m_index = channel->Attach(this);
}

void
UnderlayNetDevice::Receive(Ptr<Packet> packet, uint16_t protocol)
{
    m_macRxTrace(packet);
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this,
                          packet,
                          protocol,
                          GetBroadcast(),
                          m_address,
                          NetDevice::PACKET_HOST);
    }
    if (!m_rxCallback.IsNull())
    {
        m_rxCallback(this, packet, protocol, GetBroadcast());
    }
}

bool
UnderlayNetDevice::Send(Ptr<Packet> packet, const Address& /* dest */, uint16_t protocolNumber)
{
    bool ipv4 = protocolNumber == Ipv4L3Protocol::PROT_NUMBER;
    if ((!ipv4 && protocolNumber != Ipv6L3Protocol::PROT_NUMBER) || !m_channel)
    {
        NS_LOG_LOGIC("not IP, or no channel: dropped");
        return false;
    }
    if (!ipv4)
    {
        Ipv6Header header;
        packet->PeekHeader(header);
        if (header.GetDestination().IsMulticast())
        {
            NS_LOG_LOGIC("multicast to " << header.GetDestination() << ": dropped");
            return false;
        }
    }
    m_macTxTrace(packet);
    return m_channel->Send(packet, m_index, protocolNumber);
}

bool
UnderlayNetDevice::SendFrom(Ptr<Packet> packet,
                            const Address& /* source */,
                            const Address& dest,
                            uint16_t protocolNumber)
{
    return Send(packet, dest, protocolNumber);
}

void
UnderlayNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
UnderlayNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
UnderlayNetDevice::GetChannel() const
{
    return m_channel;
}

void
UnderlayNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
UnderlayNetDevice::GetAddress() const
{
    return m_address;
}

bool
UnderlayNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
UnderlayNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
UnderlayNetDevice::IsLinkUp() const
{
    return true;
}

void
UnderlayNetDevice::AddLinkChangeCallback(Callback<void> /* callback */)
{
    // The link never changes: a peer goes offline by its IP interfaces.
}

bool
UnderlayNetDevice::IsBroadcast() const
{
    return false;
}

Address
UnderlayNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
UnderlayNetDevice::IsMulticast() const
{
    return false;
}

Address
UnderlayNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
UnderlayNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
UnderlayNetDevice::IsBridge() const
{
    return false;
}

bool
UnderlayNetDevice::IsPointToPoint() const
{
    return true;
}

Ptr<Node>
UnderlayNetDevice::GetNode() const
{
    return m_node;
}

void
UnderlayNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
UnderlayNetDevice::NeedsArp() const
{
    return false;
}

void
UnderlayNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
UnderlayNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
UnderlayNetDevice::SupportsSendFrom() const
{
    return false;
}

void
UnderlayNetDevice::DoDispose()
{
    m_channel = nullptr;
    m_node = nullptr;
    m_rxCallback = NetDevice::ReceiveCallback();
    m_promiscCallback = NetDevice::PromiscReceiveCallback();
    NetDevice::DoDispose();
}

} // namespace ns3
