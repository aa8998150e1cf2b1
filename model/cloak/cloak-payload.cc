/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-payload.h"

#include <vector>

namespace ns3
{

void
CloakPayloadWriter::Integer(uint64_t value, uint32_t size)
{
    Buffer::Iterator i = Grow(size);
    for (uint32_t k = size; k-- > 0;)
    {
        i.WriteU8(value >> (8 * k));
    }
}

void
CloakPayloadWriter::Address(const HyperbolicAddress& address)
{
    Buffer::Iterator i = Grow(address.GetSerializedSize());
    address.Serialize(i);
}

void
CloakPayloadWriter::Record(const CloakRecord& record)
{
    Buffer::Iterator i = Grow(record.GetSerializedSize());
    record.Serialize(i);
}

Ptr<Packet>
CloakPayloadWriter::ToPacket() const
{
    return Create<Packet>(m_buffer.PeekData(), m_buffer.GetSize());
}

Buffer::Iterator
CloakPayloadWriter::Grow(uint32_t size)
{
    m_buffer.AddAtEnd(size);
    Buffer::Iterator i = m_buffer.End();
    i.Prev(size);
    return i;
}

CloakPayloadReader::CloakPayloadReader(Ptr<const Packet> payload)
    : m_left(payload->GetSize()),
      m_ok(true)
{
    std::vector<uint8_t> bytes(m_left);
    payload->CopyData(bytes.data(), bytes.size());
    m_buffer.AddAtStart(m_left);
    m_buffer.Begin().Write(bytes.data(), bytes.size());
    m_next = m_buffer.Begin();
}

uint64_t
CloakPayloadReader::Integer(uint32_t size)
{
    if (!m_ok || m_left < size)
    {
        m_ok = false;
        return 0;
    }
    uint64_t value = 0;
    for (uint32_t k = 0; k < size; ++k)
    {
        value = (value << 8) | m_next.ReadU8();
    }
    m_left -= size;
    return value;
}

bool
CloakPayloadReader::Address(HyperbolicAddress& address)
{
    return Read(address, &HyperbolicAddress::Deserialize);
}

bool
CloakPayloadReader::Record(CloakRecord& record)
{
    return Read(record, &CloakRecord::Deserialize);
}

bool
CloakPayloadReader::Done() const
{
    return m_ok && m_left == 0;
}

template <typename T>
bool
CloakPayloadReader::Read(T& value, uint32_t (*read)(Buffer::Iterator&, uint32_t, T&))
{
    if (!m_ok || m_left == 0)
    {
        m_ok = false;
        return false;
    }
    Buffer::Iterator i = m_next;
    uint32_t used = read(i, m_left, value);
    m_ok = used > 0;
    m_next.Next(used);
    m_left -= used;
    return m_ok;
}

} // namespace ns3
