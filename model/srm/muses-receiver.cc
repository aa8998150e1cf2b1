/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-receiver.h"

namespace ns3
{

MusesReceiver::MusesReceiver()
    : m_ackWindow(8),
      m_resendAnswered(false),
      m_bytesDelivered(0),
      m_acksSent(0)
{
}

void
MusesReceiver::Configure(uint32_t bufferSize,
                         uint32_t ackWindow,
                         Callback<void, const MusesAckHeader&> sendAck,
                         Callback<void, Ptr<const Packet>, MusesDropReason> drop)
{
    m_buffer.SetSize(bufferSize);
    m_ackWindow = ackWindow;
    m_sendAck = sendAck;
    m_drop = drop;
}

void
MusesReceiver::Clear()
{
    m_sendAck = Callback<void, const MusesAckHeader&>();
    m_drop = Callback<void, Ptr<const Packet>, MusesDropReason>();
}

bool
MusesReceiver::IsNew(uint64_t seq) const
{
    return seq >= m_buffer.GetExpected();
}

MusesReceiver::Verdict
MusesReceiver::Receive(const MusesHeader& header, Ptr<Packet> payload)
{
    uint64_t expected = m_buffer.GetExpected();
    if (header.GetSeq() < expected)
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
    if (header.GetSeq() > expected)
    {
        m_drop(payload, MUSES_DROP_OUT_OF_ORDER);
        if (m_buffer.IsNewHole())
        {
            SendAck(true);
        }
        return REFUSED;
    }
    if (header.GetType() == MusesHeader::CLOSE)
    {
        m_buffer.Deliver(0);
        SendAck();
        return CLOSED;
    }
    if (payload->GetSize() > m_buffer.GetWindow())
    {
        // The sender ignored our window: not delivered, it will come again.
        m_drop(payload, MUSES_DROP_UNEXPECTED);
        return REFUSED;
    }
    m_bytesDelivered += payload->GetSize();
    m_resendAnswered = false;
    uint32_t unacked = m_buffer.Deliver(payload->GetSize());
    if (unacked >= m_ackWindow || (header.GetFlags() & MusesHeader::FLAG_LAST))
    {
        SendAck();
    }
    return DELIVERED;
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

} // namespace ns3
