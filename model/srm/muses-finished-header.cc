/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-finished-header.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MusesFinishedHeader);

MusesFinishedHeader::MusesFinishedHeader()
    : m_window(0)
{
}

MusesFinishedHeader::MusesFinishedHeader(uint32_t window)
    : m_window(window)
{
}

TypeId
MusesFinishedHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::MusesFinishedHeader")
                            .SetParent<Header>()
                            .SetGroupName("Muses")
                            .AddConstructor<MusesFinishedHeader>();
    return tid;
}

TypeId
MusesFinishedHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
MusesFinishedHeader::GetWindow() const
{
    return m_window;
}

void
MusesFinishedHeader::Print(std::ostream& os) const
{
    os << "window=" << m_window;
}

uint32_t
MusesFinishedHeader::GetSerializedSize() const
{
    return SIZE;
}

void
MusesFinishedHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32(m_window);
}

uint32_t
MusesFinishedHeader::Deserialize(Buffer::Iterator start)
{
    m_window = start.ReadNtohU32();
    return SIZE;
}

} // namespace ns3
