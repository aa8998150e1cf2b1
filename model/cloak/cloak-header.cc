/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-header.h"

#include "ns3/abort.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(CloakHeader);

namespace
{
/// version, type, flags, TTL, two names
const uint32_t FIXED = 4 + 8 + 8;
} // namespace

CloakHeader::CloakHeader()
    : m_type(DATA),
      m_flags(0),
      m_ttl(64),
      m_sourceName(0),
      m_destinationName(0),
      m_source(HyperbolicAddress::Root(3)),
      m_destination(HyperbolicAddress::Root(3)),
      m_replica(0),
      m_payloadLength(0)
{
}

TypeId
CloakHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CloakHeader")
                            .SetParent<Header>()
                            .SetGroupName("Muses")
                            .AddConstructor<CloakHeader>();
    return tid;
}

TypeId
CloakHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
CloakHeader::GetSerializedSize() const
{
    uint32_t destination = IsKeyDestination() ? 1 : m_destination.GetSerializedSize();
    return FIXED + m_source.GetSerializedSize() + destination + 2;
}

void
CloakHeader::Serialize(Buffer::Iterator start) const
{
    Buffer::Iterator i = start;
    i.WriteU8(VERSION);
    i.WriteU8(m_type);
    i.WriteU8(m_flags);
    i.WriteU8(m_ttl);
    i.WriteHtonU64(m_sourceName);
    i.WriteHtonU64(m_destinationName);
    m_source.Serialize(i);
    if (IsKeyDestination())
    {
        i.WriteU8(m_replica);
    }
    else
    {
        m_destination.Serialize(i);
    }
    i.WriteHtonU16(m_payloadLength);
}

uint32_t
CloakHeader::Deserialize(Buffer::Iterator start)
{
    Buffer::Iterator i = start;
    uint32_t left = start.GetRemainingSize();
    if (left < FIXED)
    {
        return 0;
    }
    uint8_t version = i.ReadU8();
    uint8_t type = i.ReadU8();
    uint8_t flags = i.ReadU8();
    uint8_t ttl = i.ReadU8();
    if (version != VERSION || type < DATA || type > DHT_REPLY ||
        (flags & ~(FLAG_KEY_DESTINATION | FLAG_URGENT)))
    {
        return 0;
    }
    uint64_t sourceName = i.ReadNtohU64();
    uint64_t destinationName = i.ReadNtohU64();
    left -= FIXED;
    HyperbolicAddress source;
    uint32_t used = HyperbolicAddress::Deserialize(i, left, source);
    if (used == 0)
    {
        return 0;
    }
    left -= used;
    HyperbolicAddress destination = HyperbolicAddress::Root(3);
    uint8_t replica = 0;
    if (flags & FLAG_KEY_DESTINATION)
    {
        if (left < 1)
        {
            return 0;
        }
        replica = i.ReadU8();
        left -= 1;
    }
    else
    {
        used = HyperbolicAddress::Deserialize(i, left, destination);
        if (used == 0)
        {
            return 0;
        }
        left -= used;
    }
    if (left < 2)
    {
        return 0;
    }
    // Only a whole, valid header changes this object.
    m_type = type;
    m_flags = flags;
    m_ttl = ttl;
    m_sourceName = sourceName;
    m_destinationName = destinationName;
    m_source = source;
    m_destination = destination;
    m_replica = replica;
    m_payloadLength = i.ReadNtohU16();
    return GetSerializedSize();
}

void
CloakHeader::Print(std::ostream& os) const
{
    os << MessageTypeName(m_type) << " ttl=" << +m_ttl << " src=" << std::hex << m_sourceName
       << std::dec << "@" << m_source << " dst=" << std::hex << m_destinationName << std::dec;
    if (IsKeyDestination())
    {
        os << " key replica " << +m_replica;
    }
    else
    {
        os << "@" << m_destination;
    }
    os << " length=" << m_payloadLength << (IsUrgent() ? " urgent" : "");
}

void
CloakHeader::SetType(MessageType type)
{
    m_type = type;
}

CloakHeader::MessageType
CloakHeader::GetType() const
{
    return MessageType(m_type);
}

void
CloakHeader::SetTtl(uint8_t ttl)
{
    m_ttl = ttl;
}

uint8_t
CloakHeader::GetTtl() const
{
    return m_ttl;
}

bool
CloakHeader::DecrementTtl()
{
    if (m_ttl == 0)
    {
        return false;
    }
    --m_ttl;
    return true;
}

void
CloakHeader::SetSourceName(uint64_t name)
{
    m_sourceName = name;
}

uint64_t
CloakHeader::GetSourceName() const
{
    return m_sourceName;
}

void
CloakHeader::SetDestinationName(uint64_t name)
{
    m_destinationName = name;
}

uint64_t
CloakHeader::GetDestinationName() const
{
    return m_destinationName;
}

void
CloakHeader::SetSourceAddress(const HyperbolicAddress& address)
{
    NS_ABORT_MSG_IF(address.GetDegree() == 0, "CloakHeader: the source needs a tree address");
    m_source = address;
}

const HyperbolicAddress&
CloakHeader::GetSourceAddress() const
{
    return m_source;
}

void
CloakHeader::SetDestinationAddress(const HyperbolicAddress& address)
{
    NS_ABORT_MSG_IF(address.GetDegree() == 0, "CloakHeader: the destination needs a tree address");
    m_destination = address;
    m_flags &= ~FLAG_KEY_DESTINATION;
}

const HyperbolicAddress&
CloakHeader::GetDestinationAddress() const
{
    return m_destination;
}

void
CloakHeader::SetDestinationKey(uint8_t replica)
{
    m_replica = replica;
    m_flags |= FLAG_KEY_DESTINATION;
}

void
CloakHeader::SetUrgent(bool urgent)
{
    m_flags = urgent ? (m_flags | FLAG_URGENT) : (m_flags & ~FLAG_URGENT);
}

bool
CloakHeader::IsUrgent() const
{
    return m_flags & FLAG_URGENT;
}

bool
CloakHeader::IsKeyDestination() const
{
    return m_flags & FLAG_KEY_DESTINATION;
}

uint8_t
CloakHeader::GetReplica() const
{
    return m_replica;
}

void
CloakHeader::SetPayloadLength(uint16_t length)
{
    m_payloadLength = length;
}

uint16_t
CloakHeader::GetPayloadLength() const
{
    return m_payloadLength;
}

const char*
CloakHeader::MessageTypeName(uint8_t type)
{
    switch (type)
    {
    case DATA:
        return "DATA";
    case JOIN:
        return "JOIN";
    case JOIN_ACCEPT:
        return "JOIN_ACCEPT";
    case JOIN_REDIRECT:
        return "JOIN_REDIRECT";
    case KEEPALIVE:
        return "KEEPALIVE";
    case LEAVE:
        return "LEAVE";
    case DHT_PUT:
        return "DHT_PUT";
    case DHT_GET:
        return "DHT_GET";
    case DHT_REPLY:
        return "DHT_REPLY";
    }
    return "UNKNOWN";
}

} // namespace ns3
