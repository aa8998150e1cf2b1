/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-resume-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MusesResumeHeader);

MusesResumeHeader::MusesResumeHeader()
    : m_lastSent(0),
      m_lastReceived(0),
      m_window(0)
{
}

MusesResumeHeader::MusesResumeHeader(uint64_t lastSent, uint64_t lastReceived, uint32_t window)
    : m_lastSent(lastSent),
      m_lastReceived(lastReceived),
      m_window(window)
{
}

TypeId
MusesResumeHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesResumeHeader")
                            .SetParent<Header>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesResumeHeader>();
    return tid;
}

TypeId
MusesResumeHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint64_t
MusesResumeHeader::GetLastSent() const
{
    return m_lastSent;
}

uint64_t
MusesResumeHeader::GetLastReceived() const
{
    return m_lastReceived;
}

uint32_t
MusesResumeHeader::GetWindow() const
{
    return m_window;
}

void
MusesResumeHeader::Print(std::ostream& os) const
{
    os << "lastSent=" << m_lastSent << " lastReceived=" << m_lastReceived << " window=" << m_window;
}

uint32_t
MusesResumeHeader::GetSerializedSize() const
{
    return SIZE;
}

void
MusesResumeHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU64(m_lastSent);
    start.WriteHtonU64(m_lastReceived);
    start.WriteHtonU32(m_window);
}

uint32_t
MusesResumeHeader::Deserialize(Buffer::Iterator start)
{
    m_lastSent = start.ReadNtohU64();
    m_lastReceived = start.ReadNtohU64();
    m_window = start.ReadNtohU32();
    return SIZE;
}

} // namespace ns3
