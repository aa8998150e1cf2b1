/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-name-table.h"

#include "ns3/local-address-monitor.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesNameTable");

NS_OBJECT_ENSURE_REGISTERED(MusesNameTable);

TypeId
MusesNameTable::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesNameTable")
                            .SetParent<Object>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesNameTable>()
                            .AddTraceSource("Change",
                                            "An entry was set or removed.",
                                            MakeTraceSourceAccessor(&MusesNameTable::m_changeTrace),
                                            "ns3::MusesNameTable::ChangeTracedCallback");
    return tid;
}

void
MusesNameTable::Set(uint64_t name, const Address& address)
{
    NS_LOG_FUNCTION(this << name << LocalAddressMonitor::Format(address));
    auto it = m_entries.find(name);
    if (it == m_entries.end() || it->second != address)
    {
        m_entries[name] = address;
        m_changeTrace(name, address);
    }
}

void
MusesNameTable::Remove(uint64_t name)
{
    NS_LOG_FUNCTION(this << name);
    if (m_entries.erase(name) > 0)
    {
        m_changeTrace(name, Address());
    }
}

bool
MusesNameTable::Lookup(uint64_t name, Address& address) const
{
    auto it = m_entries.find(name);
    if (it == m_entries.end())
    {
        return false;
    }
    address = it->second;
    return true;
}

} // namespace ns3
