/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-identifier.h"

#include "muses-address.h"

#include "ns3/log.h"
#include "ns3/muses-mix.h"

#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesIdentifier");

namespace
{

constexpr uint32_t RANGE_BASE = 0xF0000000; //!< 240.0.0.0
constexpr uint32_t RANGE_MASK = 0xF0000000; //!< /4
constexpr uint32_t USABLE = (1U << 28) - 2; //!< Neither 240.0.0.0 nor 255.255.255.255

/// The simulation-wide table, both ways.
struct IdentifierTable
{
    std::unordered_map<uint64_t, uint32_t> byName;       //!< name -> identifier
    std::unordered_map<uint32_t, uint64_t> byIdentifier; //!< identifier -> name
};

IdentifierTable&
Table()
{
    static IdentifierTable table;
    return table;
}

/// \param name a name \return its preferred offset in the usable range
uint32_t
PreferredOffset(uint64_t name)
{
    return uint32_t(Mix64(name) % USABLE);
}

} // namespace

Ipv4Address
MusesIdentifier::Get(uint64_t name)
{
    if (name == MusesAddress::ANY_NAME)
    {
        return Ipv4Address::GetAny();
    }
    IdentifierTable& table = Table();
    auto known = table.byName.find(name);
    if (known != table.byName.end())
    {
        return Ipv4Address(known->second);
    }
    uint32_t offset = PreferredOffset(name);
    while (table.byIdentifier.count(RANGE_BASE + 1 + offset) != 0)
    {
        offset = (offset + 1) % USABLE;
    }
    uint32_t identifier = RANGE_BASE + 1 + offset;
    table.byName[name] = identifier;
    table.byIdentifier[identifier] = name;
    NS_LOG_LOGIC("name " << std::hex << name << std::dec << " -> " << Ipv4Address(identifier));
    return Ipv4Address(identifier);
}

uint64_t
MusesIdentifier::GetName(Ipv4Address identifier)
{
    const IdentifierTable& table = Table();
    auto known = table.byIdentifier.find(identifier.Get());
    return known == table.byIdentifier.end() ? MusesAddress::ANY_NAME : known->second;
}

bool
MusesIdentifier::IsInRange(Ipv4Address address)
{
    return (address.Get() & RANGE_MASK) == RANGE_BASE;
}

} // namespace ns3
