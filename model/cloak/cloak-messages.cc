/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-messages.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(CloakJoinHeader);
NS_OBJECT_ENSURE_REGISTERED(CloakRedirectHeader);
NS_OBJECT_ENSURE_REGISTERED(CloakKeepaliveHeader);
NS_OBJECT_ENSURE_REGISTERED(CloakPutHeader);
NS_OBJECT_ENSURE_REGISTERED(CloakGetHeader);
NS_OBJECT_ENSURE_REGISTERED(CloakReplyHeader);

namespace
{
/// KEEPALIVE flags.
const uint8_t KEEPALIVE_JOINED = 0x01;    //!< The sender has an address (the header's source)
const uint8_t KEEPALIVE_REQUEST = 0x02;   //!< Answer with a keepalive
const uint8_t KEEPALIVE_UNCHANGED = 0x04; //!< Neighbours as last sent on this link (none listed)
const uint8_t KEEPALIVE_FULL = 0x08;      //!< The sender keeps no more links: close this one

/// \return the end of the buffer start is in (Deserialize(start) reads no further)
Buffer::Iterator
EndOf(Buffer::Iterator start)
{
    Buffer::Iterator end = start;
    end.Next(start.GetRemainingSize());
    return end;
}

/// \return a TypeId for a CLOAK body header \param name its class name
template <typename H>
TypeId
BodyTypeId(const std::string& name)
{
    return TypeId(name).SetParent<Header>().SetGroupName("Muses").template AddConstructor<H>();
}
} // namespace

bool
ReadCloakBody(Ptr<Packet> body, Header& header)
{
    uint32_t size = body->GetSize();
    return size > 0 && body->RemoveHeader(header, size) == size;
}

Ptr<Packet>
MakeCloakBody(const Header& header)
{
    Ptr<Packet> body = Create<Packet>();
    body->AddHeader(header);
    return body;
}

// JOIN ---------------------------------------------------------------------------------

TypeId
CloakJoinHeader::GetTypeId()
{
    static TypeId tid = BodyTypeId<CloakJoinHeader>("ns3::CloakJoinHeader");
    return tid;
}

CloakJoinHeader::CloakJoinHeader()
    : m_hasOld(false)
{
}

void
CloakJoinHeader::SetOldAddress(const HyperbolicAddress& old)
{
    m_hasOld = true;
    m_old = old;
}

bool
CloakJoinHeader::HasOldAddress() const
{
    return m_hasOld;
}

const HyperbolicAddress&
CloakJoinHeader::GetOldAddress() const
{
    return m_old;
}

TypeId
CloakJoinHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CloakJoinHeader::Print(std::ostream& os) const
{
    os << "JOIN";
    if (m_hasOld)
    {
        os << " old=" << m_old;
    }
}

uint32_t
CloakJoinHeader::GetSerializedSize() const
{
    return 1 + (m_hasOld ? m_old.GetSerializedSize() : 0);
}

void
CloakJoinHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_hasOld);
    if (m_hasOld)
    {
        m_old.Serialize(start);
    }
}

uint32_t
CloakJoinHeader::Deserialize(Buffer::Iterator start)
{
    return Deserialize(start, EndOf(start));
}

uint32_t
CloakJoinHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t available = end.GetDistanceFrom(start);
    if (available < 1)
    {
        return 0;
    }
    uint8_t hasOld = start.ReadU8();
    if (hasOld > 1)
    {
        return 0; // one wire form per value: 0 or 1 (make fuzz found 0x66 read as 1)
    }
    m_hasOld = hasOld == 1;
    if (!m_hasOld)
    {
        return 1;
    }
    uint32_t used = HyperbolicAddress::Deserialize(start, available - 1, m_old);
    return used > 0 ? 1 + used : 0;
}

// JOIN_REDIRECT ------------------------------------------------------------------------

TypeId
CloakRedirectHeader::GetTypeId()
{
    static TypeId tid = BodyTypeId<CloakRedirectHeader>("ns3::CloakRedirectHeader");
    return tid;
}

CloakRedirectHeader::CloakRedirectHeader()
{
}

void
CloakRedirectHeader::SetTarget(const Address& target)
{
    NS_ASSERT(Ipv4Address::IsMatchingType(target) || Ipv6Address::IsMatchingType(target));
    m_target = target;
}

bool
CloakRedirectHeader::HasTarget() const
{
    return !m_target.IsInvalid();
}

Address
CloakRedirectHeader::GetTarget() const
{
    return m_target;
}

TypeId
CloakRedirectHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CloakRedirectHeader::Print(std::ostream& os) const
{
    os << "JOIN_REDIRECT";
    if (Ipv4Address::IsMatchingType(m_target))
    {
        os << " to=" << Ipv4Address::ConvertFrom(m_target);
    }
    else if (Ipv6Address::IsMatchingType(m_target))
    {
        os << " to=" << Ipv6Address::ConvertFrom(m_target);
    }
}

uint32_t
CloakRedirectHeader::GetSerializedSize() const
{
    return Ipv4Address::IsMatchingType(m_target)   ? 5
           : Ipv6Address::IsMatchingType(m_target) ? 17
                                                   : 1;
}

void
CloakRedirectHeader::Serialize(Buffer::Iterator start) const
{
    if (Ipv4Address::IsMatchingType(m_target))
    {
        start.WriteU8(4);
        start.WriteHtonU32(Ipv4Address::ConvertFrom(m_target).Get());
    }
    else if (Ipv6Address::IsMatchingType(m_target))
    {
        uint8_t bytes[16];
        Ipv6Address::ConvertFrom(m_target).GetBytes(bytes);
        start.WriteU8(6);
        start.Write(bytes, 16);
    }
    else
    {
        start.WriteU8(0);
    }
}

uint32_t
CloakRedirectHeader::Deserialize(Buffer::Iterator start)
{
    return Deserialize(start, EndOf(start));
}

uint32_t
CloakRedirectHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t available = end.GetDistanceFrom(start);
    if (available < 1)
    {
        return 0;
    }
    uint8_t family = start.ReadU8();
    if (family == 0)
    {
        m_target = Address();
        return 1;
    }
    if (family == 4 && available >= 5)
    {
        m_target = Ipv4Address(start.ReadNtohU32());
        return 5;
    }
    if (family == 6 && available >= 17)
    {
        uint8_t bytes[16];
        start.Read(bytes, 16);
        m_target = Ipv6Address(bytes);
        return 17;
    }
    return 0; // another family, or truncated
}

// KEEPALIVE ----------------------------------------------------------------------------

TypeId
CloakKeepaliveHeader::GetTypeId()
{
    static TypeId tid = BodyTypeId<CloakKeepaliveHeader>("ns3::CloakKeepaliveHeader");
    return tid;
}

CloakKeepaliveHeader::CloakKeepaliveHeader()
    : m_joined(false),
      m_request(false),
      m_unchanged(false),
      m_full(false)
{
}

void
CloakKeepaliveHeader::SetJoined(bool joined)
{
    m_joined = joined;
}

bool
CloakKeepaliveHeader::IsJoined() const
{
    return m_joined;
}

void
CloakKeepaliveHeader::SetRequest(bool request)
{
    m_request = request;
}

bool
CloakKeepaliveHeader::IsRequest() const
{
    return m_request;
}

void
CloakKeepaliveHeader::SetNeighbours(const std::vector<HyperbolicAddress>& neighbours)
{
    NS_ASSERT(neighbours.size() <= MAX_NEIGHBOURS);
    m_neighbours = neighbours;
    m_unchanged = false;
}

void
CloakKeepaliveHeader::SetUnchanged()
{
    m_neighbours.clear();
    m_unchanged = true;
}

bool
CloakKeepaliveHeader::IsUnchanged() const
{
    return m_unchanged;
}

void
CloakKeepaliveHeader::SetFull()
{
    m_full = true;
}

bool
CloakKeepaliveHeader::IsFull() const
{
    return m_full;
}

const std::vector<HyperbolicAddress>&
CloakKeepaliveHeader::GetNeighbours() const
{
    return m_neighbours;
}

TypeId
CloakKeepaliveHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CloakKeepaliveHeader::Print(std::ostream& os) const
{
    os << "KEEPALIVE" << (m_joined ? " joined" : "") << (m_request ? " request" : "")
       << (m_full ? " full" : "");
    if (m_unchanged)
    {
        os << " neighbours unchanged";
    }
    else
    {
        os << " neighbours=" << m_neighbours.size();
    }
}

uint32_t
CloakKeepaliveHeader::GetSerializedSize() const
{
    uint32_t size = 2;
    for (const HyperbolicAddress& a : m_neighbours)
    {
        size += a.GetSerializedSize();
    }
    return size;
}

void
CloakKeepaliveHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8((m_joined ? KEEPALIVE_JOINED : 0) | (m_request ? KEEPALIVE_REQUEST : 0) |
                  (m_unchanged ? KEEPALIVE_UNCHANGED : 0) | (m_full ? KEEPALIVE_FULL : 0));
    start.WriteU8(m_neighbours.size());
    for (const HyperbolicAddress& a : m_neighbours)
    {
        a.Serialize(start);
    }
}

uint32_t
CloakKeepaliveHeader::Deserialize(Buffer::Iterator start)
{
    return Deserialize(start, EndOf(start));
}

uint32_t
CloakKeepaliveHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t available = end.GetDistanceFrom(start);
    if (available < 2)
    {
        return 0;
    }
    uint8_t flags = start.ReadU8();
    uint32_t count = start.ReadU8();
    bool unchanged = flags & KEEPALIVE_UNCHANGED;
    if ((flags & ~(KEEPALIVE_JOINED | KEEPALIVE_REQUEST | KEEPALIVE_UNCHANGED | KEEPALIVE_FULL)) ||
        (unchanged && count > 0))
    {
        return 0;
    }
    m_joined = flags & KEEPALIVE_JOINED;
    m_request = flags & KEEPALIVE_REQUEST;
    m_unchanged = unchanged;
    m_full = flags & KEEPALIVE_FULL;
    m_neighbours.assign(count, HyperbolicAddress());
    uint32_t read = 2;
    for (HyperbolicAddress& a : m_neighbours)
    {
        uint32_t used = HyperbolicAddress::Deserialize(start, available - read, a);
        if (used == 0)
        {
            return 0;
        }
        read += used;
    }
    return read;
}

// DHT_PUT ------------------------------------------------------------------------------

TypeId
CloakPutHeader::GetTypeId()
{
    static TypeId tid = BodyTypeId<CloakPutHeader>("ns3::CloakPutHeader");
    return tid;
}

CloakPutHeader::CloakPutHeader()
{
}

void
CloakPutHeader::SetRecord(const CloakRecord& record)
{
    m_record = record;
}

const CloakRecord&
CloakPutHeader::GetRecord() const
{
    return m_record;
}

TypeId
CloakPutHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CloakPutHeader::Print(std::ostream& os) const
{
    os << "DHT_PUT name=" << m_record.name << " seq=" << m_record.sequence;
}

uint32_t
CloakPutHeader::GetSerializedSize() const
{
    return m_record.GetSerializedSize();
}

void
CloakPutHeader::Serialize(Buffer::Iterator start) const
{
    m_record.Serialize(start);
}

uint32_t
CloakPutHeader::Deserialize(Buffer::Iterator start)
{
    return Deserialize(start, EndOf(start));
}

uint32_t
CloakPutHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    return CloakRecord::Deserialize(start, end.GetDistanceFrom(start), m_record);
}

// DHT_GET ------------------------------------------------------------------------------

TypeId
CloakGetHeader::GetTypeId()
{
    static TypeId tid = BodyTypeId<CloakGetHeader>("ns3::CloakGetHeader");
    return tid;
}

CloakGetHeader::CloakGetHeader()
    : m_id(0),
      m_watch(false),
      m_padding(0)
{
}

CloakGetHeader::CloakGetHeader(uint32_t id, uint16_t padding)
    : m_id(id),
      m_watch(false),
      m_padding(padding)
{
}

void
CloakGetHeader::SetUnlessAt(const HyperbolicAddress& address)
{
    m_watch = true;
    m_unlessAt = address;
}

uint16_t
CloakGetHeader::GetPadding() const
{
    return m_padding;
}

uint32_t
CloakGetHeader::GetLookupId() const
{
    return m_id;
}

bool
CloakGetHeader::IsWatch() const
{
    return m_watch;
}

const HyperbolicAddress&
CloakGetHeader::GetUnlessAt() const
{
    return m_unlessAt;
}

TypeId
CloakGetHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CloakGetHeader::Print(std::ostream& os) const
{
    os << "DHT_GET id=" << m_id;
    if (m_watch)
    {
        os << " unless-at=" << m_unlessAt;
    }
    os << " padding=" << m_padding;
}

uint32_t
CloakGetHeader::GetSerializedSize() const
{
    return 4 + (m_watch ? 1 + m_unlessAt.GetSerializedSize() : 0) + m_padding;
}

void
CloakGetHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_id);
    if (m_watch)
    {
        start.WriteU8(1);
        m_unlessAt.Serialize(start);
    }
    start.WriteU8(0, m_padding);
}

uint32_t
CloakGetHeader::Deserialize(Buffer::Iterator start)
{
    return Deserialize(start, EndOf(start));
}

uint32_t
CloakGetHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t size = end.GetDistanceFrom(start);
    if (size < 4)
    {
        return 0;
    }
    m_id = start.ReadNtohU32();
    uint32_t read = 4;
    m_watch = size > 4 && start.PeekU8() == 1;
    if (m_watch)
    {
        start.Next();
        uint32_t used = HyperbolicAddress::Deserialize(start, size - 5, m_unlessAt);
        if (used == 0)
        {
            return 0;
        }
        read += 1 + used;
    }
    if (size - read > UINT16_MAX)
    {
        return 0;
    }
    m_padding = size - read;
    for (uint16_t i = 0; i < m_padding; ++i)
    {
        if (start.ReadU8() != 0)
        {
            return 0; // padding is zeros (a plain GET's first byte too): one wire form
        }
    }
    return size;
}

// DHT_REPLY ----------------------------------------------------------------------------

TypeId
CloakReplyHeader::GetTypeId()
{
    static TypeId tid = BodyTypeId<CloakReplyHeader>("ns3::CloakReplyHeader");
    return tid;
}

CloakReplyHeader::CloakReplyHeader()
    : m_id(0),
      m_name(0),
      m_found(false),
      m_held(false)
{
}

CloakReplyHeader::CloakReplyHeader(uint32_t id, uint64_t name)
    : m_id(id),
      m_name(name),
      m_found(false),
      m_held(false)
{
}

void
CloakReplyHeader::SetRecord(const CloakRecord& record)
{
    m_found = true;
    m_record = record;
}

uint32_t
CloakReplyHeader::GetLookupId() const
{
    return m_id;
}

uint64_t
CloakReplyHeader::GetName() const
{
    return m_name;
}

void
CloakReplyHeader::SetHeld()
{
    m_held = true;
}

bool
CloakReplyHeader::IsFound() const
{
    return m_found;
}

bool
CloakReplyHeader::IsHeld() const
{
    return m_held;
}

const CloakRecord&
CloakReplyHeader::GetRecord() const
{
    return m_record;
}

TypeId
CloakReplyHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
CloakReplyHeader::Print(std::ostream& os) const
{
    os << "DHT_REPLY id=" << m_id << " name=" << m_name << (m_found ? " found" : " missing")
       << (m_held ? " held" : "");
}

uint32_t
CloakReplyHeader::GetSerializedSize() const
{
    return 13 + (m_found ? m_record.GetSerializedSize() : 0);
}

void
CloakReplyHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_id);
    start.WriteHtonU64(m_name);
    NS_ASSERT_MSG(m_found || !m_held, "a held answer carries the record");
    start.WriteU8(m_held ? 2 : m_found);
    if (m_found)
    {
        m_record.Serialize(start);
    }
}

uint32_t
CloakReplyHeader::Deserialize(Buffer::Iterator start)
{
    return Deserialize(start, EndOf(start));
}

uint32_t
CloakReplyHeader::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t available = end.GetDistanceFrom(start);
    if (available < 13)
    {
        return 0;
    }
    m_id = start.ReadNtohU32();
    m_name = start.ReadNtohU64();
    uint8_t found = start.ReadU8();
    if (found > 2)
    {
        return 0; // 0 none, 1 found, 2 found and held: nothing else
    }
    m_found = found > 0;
    m_held = found == 2;
    if (!m_found)
    {
        return 13;
    }
    uint32_t used = CloakRecord::Deserialize(start, available - 13, m_record);
    return used > 0 ? 13 + used : 0;
}

} // namespace ns3
