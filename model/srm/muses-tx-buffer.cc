/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-tx-buffer.h"

#include "ns3/assert.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

MusesTxBuffer::MusesTxBuffer()
    : m_unsentSize(0),
      m_inFlight(0),
      m_nextSeq(1)
{
}

void
MusesTxBuffer::Add(Ptr<Packet> data)
{
    if (data->GetSize() > 0)
    {
        m_unsent.push_back(data);
        m_unsentSize += data->GetSize();
    }
}

uint32_t
MusesTxBuffer::GetUnsentSize() const
{
    return m_unsentSize;
}

uint32_t
MusesTxBuffer::GetInFlight() const
{
    return m_inFlight;
}

Ptr<Packet>
MusesTxBuffer::TakeUnsent(uint32_t size)
{
    NS_ASSERT(size <= m_unsentSize);
    Ptr<Packet> payload = Create<Packet>();
    auto next = m_unsent.begin();
    while (payload->GetSize() < size)
    {
        Ptr<Packet> front = *next;
        uint32_t take = std::min(size - payload->GetSize(), front->GetSize());
        if (take == front->GetSize())
        {
            payload->AddAtEnd(front);
            ++next;
        }
        else
        {
            payload->AddAtEnd(front->CreateFragment(0, take));
            *next = front->CreateFragment(take, front->GetSize() - take);
        }
    }
    m_unsent.erase(m_unsent.begin(), next);
    m_unsentSize -= size;
    return payload;
}

uint64_t
MusesTxBuffer::GetNextSeq() const
{
    return m_nextSeq;
}

uint64_t
MusesTxBuffer::GetLastSeq() const
{
    return m_nextSeq - 1;
}

void
MusesTxBuffer::Push(Ptr<Packet> sealed, uint32_t size)
{
    m_unacked.push_back({m_nextSeq++, sealed, size, Simulator::Now(), false});
    m_inFlight += size;
}

bool
MusesTxBuffer::Acknowledge(uint64_t ack, Time* rtt)
{
    auto acked = m_unacked.begin();
    for (; acked != m_unacked.end() && acked->seq <= ack; ++acked)
    {
        if (rtt && !acked->retransmitted)
        {
            *rtt = Simulator::Now() - acked->sent;
        }
        m_inFlight -= acked->size;
    }
    bool advanced = acked != m_unacked.begin();
    m_unacked.erase(m_unacked.begin(), acked);
    return advanced;
}

void
MusesTxBuffer::MarkRetransmitted()
{
    for (Item& item : m_unacked)
    {
        item.retransmitted = true;
    }
}

bool
MusesTxBuffer::IsAllAcked() const
{
    return m_unacked.empty();
}

uint64_t
MusesTxBuffer::GetFirstUnacked() const
{
    return m_nextSeq - m_unacked.size();
}

const std::vector<MusesTxBuffer::Item>&
MusesTxBuffer::GetUnacked() const
{
    return m_unacked;
}

void
MusesTxBuffer::Clear()
{
    m_unsent.clear();
    m_unsentSize = 0;
    m_unacked.clear();
    m_inFlight = 0;
}

} // namespace ns3
