/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-ack-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MusesAckHeader);

MusesAckHeader::MusesAckHeader()
    : m_ack(0),
      m_window(0),
      m_gap(false)
{
}

MusesAckHeader::MusesAckHeader(uint64_t ack, uint32_t window, bool gap)
    : m_ack(ack),
      m_window(window),
      m_gap(gap)
{
}

TypeId
MusesAckHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesAckHeader")
                            .SetParent<Header>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesAckHeader>();
    return tid;
}

TypeId
MusesAckHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint64_t
MusesAckHeader::GetAck() const
{
    return m_ack;
}

uint32_t
MusesAckHeader::GetWindow() const
{
    return m_window;
}

bool
MusesAckHeader::IsGap() const
{
    return m_gap;
}

void
MusesAckHeader::Print(std::ostream& os) const
{
    os << "ack=" << m_ack << " window=" << m_window << " gap=" << +m_gap;
}

uint32_t
MusesAckHeader::GetSerializedSize() const
{
    return SIZE;
}

void
MusesAckHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU64(m_ack);
    start.WriteHtonU32(m_window);
    start.WriteU8(m_gap ? 1 : 0);
}

uint32_t
MusesAckHeader::Deserialize(Buffer::Iterator start)
{
    m_ack = start.ReadNtohU64();
    m_window = start.ReadNtohU32();
    m_gap = start.ReadU8() == 1;
    return SIZE;
}

} // namespace ns3
