/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-header.h"

#include "ns3/assert.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesHeader");

NS_OBJECT_ENSURE_REGISTERED(MusesHeader);

MusesHeader::MusesHeader()
    : m_type(DATA),
      m_flags(0),
      m_conType(CONTYPE_STREAM),
      m_sourceId(0),
      m_destId(0),
      m_sourcePort(0),
      m_destPort(0),
      m_seq(0),
      m_length(0)
{
}

TypeId
MusesHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesHeader")
                            .SetParent<Header>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesHeader>();
    return tid;
}

TypeId
MusesHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

const char*
MusesHeader::MessageTypeName(uint8_t type)
{
    switch (type)
    {
    case HELLO:
        return "HELLO";
    case HELLO_REPLY:
        return "HELLO_REPLY";
    case FINISHED:
        return "FINISHED";
    case DATA:
        return "DATA";
    case ACK:
        return "ACK";
    case REHELLO:
        return "REHELLO";
    case REHELLO_REPLY:
        return "REHELLO_REPLY";
    case CLOSE:
        return "CLOSE";
    case COOKIE:
        return "COOKIE";
    default:
        return "UNKNOWN";
    }
}

void
MusesHeader::Print(std::ostream& os) const
{
    std::ios_base::fmtflags saved = os.flags();
    os << "MUSEs v" << +VERSION << " " << MessageTypeName(m_type);
    if (m_flags & FLAG_LAST)
    {
        os << " LAST";
    }
    os << (m_conType == CONTYPE_STREAM ? " stream" : " datagram") << std::hex << " " << m_sourceId
       << ":" << std::dec << m_sourcePort << " > " << std::hex << m_destId << ":" << std::dec
       << m_destPort << " sess=" << std::hex << std::setfill('0') << std::setw(16)
       << m_sessId.initiatorPart << std::setw(16) << m_sessId.responderPart << std::dec
       << " seq=" << m_seq << " len=" << m_length;
    os.flags(saved);
}

uint32_t
MusesHeader::GetSerializedSize() const
{
    return SIZE;
}

void
MusesHeader::Serialize(Buffer::Iterator start) const
{
    uint8_t bytes[SIZE];
    WriteTo(bytes);
    start.Write(bytes, SIZE);
}

uint32_t
MusesHeader::Deserialize(Buffer::Iterator start)
{
    // Never read past the end: a short buffer is a clean failure, not an assert.
    uint8_t bytes[SIZE];
    uint32_t size = std::min(start.GetRemainingSize(), SIZE);
    start.Read(bytes, size);
    return ReadFrom(bytes, size);
}

void
MusesHeader::WriteTo(uint8_t* bytes) const
{
    uint8_t* p = bytes;
    *p++ = VERSION;
    *p++ = m_type;
    *p++ = m_flags;
    *p++ = m_conType;
    WriteBigEndian(p, m_sourceId, 8);
    WriteBigEndian(p, m_destId, 8);
    WriteBigEndian(p, m_sessId.initiatorPart, 8);
    WriteBigEndian(p, m_sessId.responderPart, 8);
    WriteBigEndian(p, m_sourcePort, 2);
    WriteBigEndian(p, m_destPort, 2);
    WriteBigEndian(p, m_seq, 8);
    WriteBigEndian(p, m_length, 2);
    NS_ASSERT(p == bytes + SIZE);
}

uint32_t
MusesHeader::ReadFrom(const uint8_t* bytes, uint32_t size)
{
    if (size < SIZE)
    {
        NS_LOG_LOGIC("short header: " << size << " bytes");
        return 0;
    }
    const uint8_t* p = bytes;
    uint8_t version = *p++;
    uint8_t type = *p++;
    uint8_t flags = *p++;
    uint8_t conType = *p++;
    if (version != VERSION || type < HELLO || type > COOKIE || (flags & ~FLAG_LAST) != 0 ||
        conType > CONTYPE_DATAGRAM)
    {
        NS_LOG_LOGIC("inconsistent header: version " << +version << " type " << +type << " flags "
                                                     << +flags << " conType " << +conType);
        return 0;
    }
    m_type = type;
    m_flags = flags;
    m_conType = conType;
    m_sourceId = ReadBigEndian(p, 8);
    m_destId = ReadBigEndian(p, 8);
    m_sessId.initiatorPart = ReadBigEndian(p, 8);
    m_sessId.responderPart = ReadBigEndian(p, 8);
    m_sourcePort = uint16_t(ReadBigEndian(p, 2));
    m_destPort = uint16_t(ReadBigEndian(p, 2));
    m_seq = ReadBigEndian(p, 8);
    m_length = uint16_t(ReadBigEndian(p, 2));
    return SIZE;
}

void
MusesHeader::SetFlags(uint8_t flags)
{
    NS_ASSERT_MSG((flags & ~FLAG_LAST) == 0, "unknown MUSEs flag bits");
    m_flags = flags;
}

} // namespace ns3
