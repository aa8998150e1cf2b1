/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "local-address-monitor.h"

#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("LocalAddressMonitor");

NS_OBJECT_ENSURE_REGISTERED(LocalAddressMonitor);

TypeId
LocalAddressMonitor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::LocalAddressMonitor")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddConstructor<LocalAddressMonitor>()
            .AddAttribute("Interval",
                          "How often the node's addresses are checked besides link changes "
                          "and NotifyChanged(); 0 checks on those only.",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&LocalAddressMonitor::m_interval),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

LocalAddressMonitor::LocalAddressMonitor()
{
    NS_LOG_FUNCTION(this);
}

LocalAddressMonitor::~LocalAddressMonitor()
{
    NS_LOG_FUNCTION(this);
    Forget();
}

std::multimap<const Node*, LocalAddressMonitor*>&
LocalAddressMonitor::Started()
{
    static std::multimap<const Node*, LocalAddressMonitor*> started;
    return started;
}

void
LocalAddressMonitor::Forget()
{
    if (!m_node)
    {
        return;
    }
    auto range = Started().equal_range(PeekPointer(m_node));
    for (auto i = range.first; i != range.second; ++i)
    {
        if (i->second == this)
        {
            Started().erase(i);
            return;
        }
    }
}

void
LocalAddressMonitor::NotifyChanged(Ptr<Node> node)
{
    auto range = Started().equal_range(PeekPointer(node));
    for (auto i = range.first; i != range.second; ++i)
    {
        i->second->LinkChanged();
    }
}

void
LocalAddressMonitor::DoDispose()
{
    Forget();
    m_pollEvent.Cancel();
    m_node = nullptr;
    m_changed = ChangeCallback();
    Object::DoDispose();
}

void
LocalAddressMonitor::Start(Ptr<Node> node, ChangeCallback callback)
{
    NS_LOG_FUNCTION(this << node);
    Forget();
    m_node = node;
    Started().emplace(PeekPointer(node), this);
    m_changed = callback;
    ReadAddresses(node, m_scratch);
    m_addresses = std::set<Address>(m_scratch.begin(), m_scratch.end());
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        // A Ptr keeps the monitor alive as long as the device may call back.
        node->GetDevice(i)->AddLinkChangeCallback(
            MakeCallback(&LocalAddressMonitor::LinkChanged, Ptr<LocalAddressMonitor>(this)));
    }
    if (!m_interval.IsZero())
    {
        m_pollEvent = Simulator::Schedule(m_interval, &LocalAddressMonitor::Poll, this);
    }
}

const std::set<Address>&
LocalAddressMonitor::GetAddresses() const
{
    return m_addresses;
}

void
LocalAddressMonitor::ReadAddresses(Ptr<Node> node, std::vector<Address>& addresses)
{
    addresses.clear();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; ipv4->IsUp(i) && j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
            if (!local.IsLocalhost())
            {
                addresses.emplace_back(local);
            }
        }
    }
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    for (uint32_t i = 0; ipv6 && i < ipv6->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; ipv6->IsUp(i) && j < ipv6->GetNAddresses(i); ++j)
        {
            Ipv6InterfaceAddress address = ipv6->GetAddress(i, j);
            // A tentative address is unusable until DAD ends; an optimistic one (RFC 4429,
            // and ns-3's state until the DAD event when DAD is off) may be used at once.
            if (address.GetScope() == Ipv6InterfaceAddress::GLOBAL &&
                address.GetState() != Ipv6InterfaceAddress::TENTATIVE &&
                address.GetState() != Ipv6InterfaceAddress::INVALID)
            {
                addresses.emplace_back(address.GetAddress());
            }
        }
    }
    std::sort(addresses.begin(), addresses.end());
    addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
}

std::string
LocalAddressMonitor::Format(const Address& ip)
{
    std::ostringstream text;
    if (Ipv4Address::IsMatchingType(ip))
    {
        text << Ipv4Address::ConvertFrom(ip);
    }
    else if (Ipv6Address::IsMatchingType(ip))
    {
        text << Ipv6Address::ConvertFrom(ip);
    }
    else
    {
        text << ip;
    }
    return text.str();
}

Address
LocalAddressMonitor::Choose(const std::set<Address>& addresses, bool ipv6)
{
    for (const Address& address : addresses)
    {
        if (Ipv6Address::IsMatchingType(address) == ipv6)
        {
            return address;
        }
    }
    return addresses.empty() ? Address() : *addresses.begin();
}

void
LocalAddressMonitor::Check()
{
    if (!m_node)
    {
        return;
    }
    // Every peer checks 20 times a second: the scratch vector keeps its room, so an
    // unchanged set of addresses costs no allocation.
    ReadAddresses(m_node, m_scratch);
    if (m_scratch.size() == m_addresses.size() &&
        std::equal(m_scratch.begin(), m_scratch.end(), m_addresses.begin()))
    {
        return;
    }
    m_addresses = std::set<Address>(m_scratch.begin(), m_scratch.end());
    NS_LOG_INFO("node " << m_node->GetId() << ": addresses changed (" << m_addresses.size()
                        << " now)");
    m_changed(m_addresses);
}

void
LocalAddressMonitor::Poll()
{
    Check();
    m_pollEvent = Simulator::Schedule(m_interval, &LocalAddressMonitor::Poll, this);
}

void
LocalAddressMonitor::LinkChanged()
{
    if (m_node)
    {
        Simulator::ScheduleNow(&LocalAddressMonitor::Check, this);
    }
}

} // namespace ns3
