/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "transfer-check.h"

#include "ns3/seq-ts-size-header.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

TransferCheck::TransferCheck()
    : m_bytesSent(0),
      m_pendingOffset(0),
      m_partial(Create<Packet>()),
      m_arrivedBytes(0),
      m_highest(-1),
      m_nextSeq(0),
      m_framed(true),
      m_inOrder(true),
      m_stopBytes(0),
      m_duplicated(0)
{
}

void
TransferCheck::Watch(Ptr<Application> sender, Ptr<Application> receiver)
{
    sender->TraceConnectWithoutContext("Tx", MakeCallback(&TransferCheck::Sent, this));
    receiver->TraceConnectWithoutContext("Rx", MakeCallback(&TransferCheck::Received, this));
}

void
TransferCheck::Sent(Ptr<const Packet> packet)
{
    SeqTsSizeHeader header;
    packet->PeekHeader(header);
    m_sizes[header.GetSeq()] = packet->GetSize();
    m_bytesSent += packet->GetSize();
    m_pending.push_back(packet);
    AdvanceSentPrefix();
}

void
TransferCheck::StopWhenReceived(uint64_t bytes, Time delay)
{
    m_stopBytes = bytes;
    m_stopDelay = delay;
}

void
TransferCheck::Received(Ptr<const Packet> packet, const Address& /* from */)
{
    m_received.Update(packet);
    m_last = Simulator::Now();
    if (m_stopBytes > 0 && GetBytesReceived() >= m_stopBytes)
    {
        m_stopBytes = 0;
        Simulator::Stop(m_stopDelay);
    }
    AdvanceSentPrefix();
    // Cut the stream back into the sender's messages.
    m_partial->AddAtEnd(packet);
    SeqTsSizeHeader header;
    while (m_framed && m_partial->GetSize() >= header.GetSerializedSize())
    {
        m_partial->PeekHeader(header);
        if (header.GetSize() < header.GetSerializedSize())
        {
            // Not a message boundary: the stream is broken, and nothing after it can be
            // told apart any more.
            m_framed = false;
            m_inOrder = false;
            m_partial = Create<Packet>();
            return;
        }
        if (m_partial->GetSize() < header.GetSize())
        {
            return;
        }
        m_partial->RemoveAtStart(header.GetSize());
        uint32_t seq = header.GetSeq();
        m_inOrder = m_inOrder && seq == m_nextSeq;
        m_nextSeq = std::max(m_nextSeq, seq + 1);
        m_highest = std::max<int64_t>(m_highest, seq);
        if (m_arrived.insert(seq).second)
        {
            m_arrivedBytes += header.GetSize();
        }
        else
        {
            m_duplicated += header.GetSize();
        }
    }
}

void
TransferCheck::AdvanceSentPrefix()
{
    while (m_sentPrefix.GetSize() < m_received.GetSize() && !m_pending.empty())
    {
        Ptr<const Packet> front = m_pending.front();
        uint64_t wanted = m_received.GetSize() - m_sentPrefix.GetSize();
        uint32_t take = uint32_t(std::min<uint64_t>(wanted, front->GetSize() - m_pendingOffset));
        m_sentPrefix.Update(front->CreateFragment(m_pendingOffset, take));
        m_pendingOffset += take;
        if (m_pendingOffset == front->GetSize())
        {
            m_pending.pop_front();
            m_pendingOffset = 0;
        }
    }
}

uint64_t
TransferCheck::GetBytesSent() const
{
    return m_bytesSent;
}

uint64_t
TransferCheck::GetBytesReceived() const
{
    return m_received.GetSize();
}

uint64_t
TransferCheck::GetBytesLost() const
{
    uint64_t lost = 0;
    for (auto it = m_sizes.begin(); it != m_sizes.end() && int64_t(it->first) < m_highest; ++it)
    {
        lost += m_arrived.count(it->first) ? 0 : it->second;
    }
    return lost;
}

uint64_t
TransferCheck::GetBytesInFlight() const
{
    return m_bytesSent - std::min(m_bytesSent, m_arrivedBytes + GetBytesLost());
}

uint64_t
TransferCheck::GetBytesDuplicated() const
{
    return m_duplicated;
}

bool
TransferCheck::PrefixMatches() const
{
    return m_inOrder && m_sentPrefix.GetSize() == m_received.GetSize() &&
           m_sentPrefix.GetHex() == m_received.GetHex();
}

Time
TransferCheck::GetLastReceived() const
{
    return m_last;
}

double
TransferCheck::GetGoodput(Time start, uint64_t size) const
{
    Time end = GetBytesReceived() >= size ? m_last : Simulator::Now();
    return end > start ? GetBytesReceived() * 8.0 / (end - start).GetSeconds() : 0;
}

void
TransferCheck::AddTo(SummaryWriter& summary) const
{
    summary.Add("bytes_sent", GetBytesSent())
        .Add("bytes_received", GetBytesReceived())
        .Add("bytes_lost", GetBytesLost())
        .Add("bytes_in_flight", GetBytesInFlight())
        .Add("bytes_duplicated", GetBytesDuplicated())
        .Add("payload_sha256_match", PrefixMatches());
}

} // namespace ns3
