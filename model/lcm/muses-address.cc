/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-address.h"

#include "ns3/assert.h"
#include "ns3/muses-byte-order.h"
#include "ns3/muses-ns3-compat.h"

#include <iomanip>

namespace ns3
{

MusesAddress::MusesAddress(uint64_t name, uint16_t port)
    : m_name(name),
      m_port(port)
{
}

uint64_t
MusesAddress::GetName() const
{
    return m_name;
}

uint16_t
MusesAddress::GetPort() const
{
    return m_port;
}

void
MusesAddress::SetName(uint64_t name)
{
    m_name = name;
}

void
MusesAddress::SetPort(uint16_t port)
{
    m_port = port;
}

MusesAddress::operator Address() const
{
    uint8_t buffer[10];
    uint8_t* p = buffer;
    WriteBigEndian(p, m_name, 8);
    WriteBigEndian(p, m_port, 2);
    return Address(GetType(), buffer, sizeof(buffer));
}

bool
MusesAddress::IsMatchingType(const Address& address)
{
    return address.CheckCompatible(GetType(), 10);
}

MusesAddress
MusesAddress::ConvertFrom(const Address& address)
{
    NS_ASSERT_MSG(IsMatchingType(address), "not a MusesAddress: " << address);
    uint8_t buffer[10];
    address.CopyTo(buffer);
    const uint8_t* p = buffer;
    uint64_t name = ReadBigEndian(p, 8);
    return MusesAddress(name, uint16_t(ReadBigEndian(p, 2)));
}

uint8_t
MusesAddress::GetType()
{
    static uint8_t type = compat::RegisterAddressType("MusesAddress", 10);
    return type;
}

std::ostream&
operator<<(std::ostream& os, const MusesAddress& address)
{
    std::ios_base::fmtflags flags = os.flags();
    os << std::hex << address.GetName() << std::dec << ":" << address.GetPort();
    os.flags(flags);
    return os;
}

} // namespace ns3
