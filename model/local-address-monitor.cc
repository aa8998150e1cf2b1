/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "local-address-monitor.h"

#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

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
                          "How often the node's addresses are checked besides link changes; "
                          "0 checks on link changes only.",
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
}

void
LocalAddressMonitor::DoDispose()
{
    m_pollEvent.Cancel();
    m_node = nullptr;
    m_changed = MakeNullCallback<void, const std::set<Ipv4Address>&>();
    Object::DoDispose();
}

void
LocalAddressMonitor::Start(Ptr<Node> node, ChangeCallback callback)
{
    NS_LOG_FUNCTION(this << node);
    m_node = node;
    m_changed = callback;
    m_addresses = GetLocalAddresses(node);
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

const std::set<Ipv4Address>&
LocalAddressMonitor::GetAddresses() const
{
    return m_addresses;
}

std::set<Ipv4Address>
LocalAddressMonitor::GetLocalAddresses(Ptr<Node> node)
{
    std::set<Ipv4Address> addresses;
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        if (!ipv4->IsUp(i))
        {
            continue;
        }
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
            if (!local.IsLocalhost())
            {
                addresses.insert(local);
            }
        }
    }
    return addresses;
}

void
LocalAddressMonitor::Check()
{
    if (!m_node)
    {
        return;
    }
    // Cheap when nothing changed (every peer checks 20 times a second): count and look up
    // the current addresses, and build the new set only on a difference.
    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    uint32_t same = 0;
    bool changed = false;
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces() && !changed; ++i)
    {
        for (uint32_t j = 0; ipv4->IsUp(i) && j < ipv4->GetNAddresses(i) && !changed; ++j)
        {
            Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
            if (!local.IsLocalhost())
            {
                changed = m_addresses.count(local) == 0;
                ++same;
            }
        }
    }
    if (!changed && same == m_addresses.size())
    {
        return;
    }
    std::set<Ipv4Address> now = GetLocalAddresses(m_node);
    if (now != m_addresses)
    {
        NS_LOG_INFO("node " << m_node->GetId() << ": addresses changed (" << now.size() << " now)");
        m_addresses = now;
        m_changed(m_addresses);
    }
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
