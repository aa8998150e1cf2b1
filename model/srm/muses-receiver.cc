/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-receiver.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

MusesReceiver::MusesReceiver()
    : m_ackWindow(8),
      m_acksPerRoundTrip(0),
      m_ackThreshold(8),
      m_epochPackets(0),
      m_resendAnswered(false),
      m_bytesDelivered(0),
      m_acksSent(0),
      m_packetsHeld(0)
{
}

MusesReceiver::~MusesReceiver()
{
    m_ackDelay.Cancel();
}

void
MusesReceiver::Configure(uint32_t bufferSize,
                         uint32_t ackWindow,
                         uint32_t acksPerRoundTrip,
                         Callback<Time> roundTrip,
                         Callback<void, const MusesAckHeader&> sendAck,
                         Callback<void, Ptr<const Packet>, MusesDropReason> drop,
                         Callback<void, Ptr<Packet>> deliver,
                         Callback<void> closed)
{
    m_buffer.SetSize(bufferSize);
    m_ackWindow = ackWindow;
    m_ackThreshold = ackWindow;
    m_acksPerRoundTrip = acksPerRoundTrip;
    m_roundTrip = roundTrip;
    m_sendAck = sendAck;
    m_drop = drop;
    m_deliver = deliver;
    m_closed = closed;
}

void
MusesReceiver::Clear()
{
    m_ackDelay.Cancel();
    m_roundTrip = Callback<Time>();
    m_sendAck = Callback<void, const MusesAckHeader&>();
    m_drop = Callback<void, Ptr<const Packet>, MusesDropReason>();
    m_deliver = Callback<void, Ptr<Packet>>();
    m_closed = Callback<void>();
    m_buffer.ClearHeld();
}

bool
MusesReceiver::IsNew(uint64_t seq) const
{
    return seq >= m_buffer.GetExpected() && !m_buffer.IsHeld(seq);
}

MusesReceiver::Verdict
MusesReceiver::Receive(const MusesHeader& header, Ptr<Packet> payload)
{
    uint64_t seq = header.GetSeq();
    if (!IsNew(seq))
    {
        m_drop(payload, MUSES_DROP_REPLAYED);
        // A resend: our ACK was lost. One ACK answers a run of them (a resumption resends
        // a whole window), not one each.
        if (!m_resendAnswered)
        {
            m_resendAnswered = true;
            SendAck();
        }
        return REFUSED;
    }
    bool close = header.GetType() == MusesHeader::CLOSE;
    if (seq > m_buffer.GetExpected())
    {
        bool held = m_buffer.Hold(seq, {payload, close});
        if (!held)
        {
            m_drop(payload, MUSES_DROP_OUT_OF_ORDER);
        }
        m_packetsHeld += held;
        // The sender hears of a hole once: when the first packet is held ahead of it (it
        // resends all it has not had acknowledged, which covers any hole behind), or when
        // one is refused for want of room.
        if (held ? m_buffer.GetHeldCount() == 1 : m_buffer.IsNewHole())
        {
            SendAck(true);
        }
        return held ? HELD : REFUSED;
    }
    if (!Accept(close, payload, header.GetFlags() & MusesHeader::FLAG_LAST))
    {
        return REFUSED;
    }
    // What came ahead of the hole follows it (nothing follows a CLOSE: the session may be
    // finished by it); the sender hears of the hole's end at once.
    MusesRxBuffer::Held next;
    bool filled = false;
    bool closed = close;
    while (!closed && m_buffer.TakeNext(next))
    {
        filled = true;
        closed = next.close;
        Accept(next.close, next.payload, false);
    }
    if (filled && !closed)
    {
        SendAck();
    }
    return close ? CLOSED : DELIVERED;
}

bool
MusesReceiver::Accept(bool close, Ptr<Packet> payload, bool ackNow)
{
    if (close)
    {
        m_buffer.Deliver(0);
        SendAck();
        m_closed();
        return true;
    }
    if (payload->GetSize() > m_buffer.GetWindow())
    {
        // The sender ignored our window: not delivered, it will come again.
        m_drop(payload, MUSES_DROP_UNEXPECTED);
        return false;
    }
    m_bytesDelivered += payload->GetSize();
    m_resendAnswered = false;
    uint32_t unacked = m_buffer.Deliver(payload->GetSize());
    UpdateAckThreshold();
    if (unacked >= m_ackThreshold || ackNow)
    {
        SendAck();
    }
    else if (m_ackThreshold > m_ackWindow && m_ackDelay.IsExpired())
    {
        // Fewer ACKs, but none held longer than the fraction of a round trip.
        m_ackDelay = Simulator::Schedule(m_ackFraction, &MusesReceiver::SendAck, this, false);
    }
    m_deliver(payload);
    return true;
}

void
MusesReceiver::UpdateAckThreshold()
{
    Time rtt = m_acksPerRoundTrip > 0 && !m_roundTrip.IsNull() ? m_roundTrip() : Seconds(0);
    if (!rtt.IsStrictlyPositive())
    {
        m_ackThreshold = m_ackWindow;
        return;
    }
    ++m_epochPackets;
    m_ackFraction = rtt / m_acksPerRoundTrip;
    Time elapsed = Simulator::Now() - m_epochStart;
    if (elapsed < m_ackFraction)
    {
        return;
    }
    // Packets a fraction of a round trip brings at the rate just measured.
    double perFraction = m_epochPackets * m_ackFraction.GetSeconds() / elapsed.GetSeconds();
    m_ackThreshold = std::max<uint32_t>(m_ackWindow, uint32_t(perFraction));
    m_epochStart = Simulator::Now();
    m_epochPackets = 0;
}

void
MusesReceiver::Read(uint32_t bytes)
{
    // Reopen a window that had closed to less than half.
    if (m_buffer.Read(bytes))
    {
        SendAck();
    }
}

void
MusesReceiver::SendAck(bool gap)
{
    m_ackDelay.Cancel();
    ++m_acksSent;
    uint32_t window = m_buffer.Advertise();
    m_sendAck(MusesAckHeader(m_buffer.GetLastReceived(), window, gap));
}

uint64_t
MusesReceiver::GetLastReceived() const
{
    return m_buffer.GetLastReceived();
}

uint32_t
MusesReceiver::GetWindow() const
{
    return m_buffer.GetWindow();
}

uint32_t
MusesReceiver::Advertise()
{
    return m_buffer.Advertise();
}

uint64_t
MusesReceiver::GetBytesDelivered() const
{
    return m_bytesDelivered;
}

uint64_t
MusesReceiver::GetAcksSent() const
{
    return m_acksSent;
}

uint32_t
MusesReceiver::GetAckThreshold() const
{
    return m_ackThreshold;
}

uint64_t
MusesReceiver::GetPacketsHeld() const
{
    return m_packetsHeld;
}

} // namespace ns3
