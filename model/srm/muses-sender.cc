/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-sender.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("MusesSender");

MusesSender::MusesSender()
    : m_window(0),
      m_peerWindow(0),
      m_lastGapAck(UINT64_MAX),
      m_resendNext(0),
      m_resendEnd(0),
      m_strandedFrom(0),
      m_resentStranded(false),
      m_unanswered(UINT32_MAX),
      m_heldByTransport(false),
      m_paused(true),
      m_closeRequested(false),
      m_closeSent(false)
{
}

MusesSender::~MusesSender()
{
    m_ackTimer.Cancel();
}

void
MusesSender::Configure(const Config& config,
                       const MusesHeader& prototype,
                       Callback<void, Ptr<Packet>> transmit,
                       Callback<void> ackTimedOut)
{
    m_config = config;
    m_prototype = prototype;
    m_transmit = transmit;
    m_ackTimedOut = ackTimedOut;
    m_window = config.bufferSize;
    ReportPath();
}

void
MusesSender::SetCipher(Ptr<MusesCipher> cipher)
{
    m_cipher = cipher;
}

void
MusesSender::SetPaused(bool paused)
{
    m_paused = paused;
}

void
MusesSender::SetPeerWindow(uint32_t window)
{
    m_peerWindow = window;
}

void
MusesSender::Clear()
{
    m_ackTimer.Cancel();
    m_buffer.Clear();
    m_resendNext = m_resendEnd = 0;
    m_cipher = nullptr;
    m_transmit = Callback<void, Ptr<Packet>>();
    m_ackTimedOut = Callback<void>();
}

uint32_t
MusesSender::GetTxAvailable() const
{
    if (m_paused || m_closeRequested)
    {
        return 0;
    }
    uint32_t used = m_buffer.GetUnsentSize() + m_buffer.GetInFlight();
    return m_window > used ? m_window - used : 0;
}

void
MusesSender::Add(Ptr<Packet> data)
{
    NS_ASSERT(data->GetSize() <= GetTxAvailable());
    m_buffer.Add(data);
}

uint32_t
MusesSender::GetSendable(uint32_t queuing) const
{
    uint32_t window = std::min(m_peerWindow, m_window);
    uint32_t want = std::min(m_config.segmentSize, m_buffer.GetUnsentSize());
    uint32_t inFlight = m_buffer.GetInFlight();
    uint32_t room = window > inFlight ? window - inFlight : 0;
    if (want == 0 || room < want)
    {
        return 0;
    }
    // Not more than the transport queues: a packet it dropped would only come back after
    // an ACK timeout.
    if (!m_config.transportRoom.IsNull() &&
        m_config.transportRoom() < queuing + GetSealedSize(want))
    {
        m_heldByTransport = true;
        return 0;
    }
    return want;
}

uint32_t
MusesSender::GetSealedSize(uint32_t payload) const
{
    return payload + m_cipher->GetOverhead(payload); // the overhead counts the header
}

void
MusesSender::Send()
{
    if (m_paused)
    {
        return;
    }
    m_heldByTransport = false;
    if (!SendResends())
    {
        ArmTimer();
        return; // new data waits behind the resends
    }
    for (uint32_t size = GetSendable(); size > 0;)
    {
        Ptr<Packet> fragment = m_buffer.TakeUnsent(size);
        MusesHeader header = m_prototype;
        header.SetType(MusesHeader::DATA);
        header.SetSeq(m_buffer.GetNextSeq());
        m_buffer.Push(fragment, size); // sealed in place below
        uint32_t next = GetSendable(GetSealedSize(size));
        // LAST: nothing follows until an ACK arrives, so the receiver must ack now. Not when
        // the transport's room stops us: its room upcall brings more (an ACK per packet on a
        // fast path: 1 Gb/s x 50 ms, 0.95 of TCP's goodput -> 0.83).
        header.SetFlags(next == 0 && !m_heldByTransport ? MusesHeader::FLAG_LAST : 0);
        m_cipher->Seal(header, fragment);
        m_counters.bytesSent += size;
        ++m_counters.dataPackets;
        m_transmit(fragment);
        size = next;
    }
    if (m_closeRequested && !m_closeSent && m_buffer.GetUnsentSize() == 0)
    {
        MusesHeader header = m_prototype;
        header.SetType(MusesHeader::CLOSE);
        header.SetSeq(m_buffer.GetNextSeq());
        header.SetFlags(MusesHeader::FLAG_LAST);
        Ptr<Packet> sealed = Create<Packet>();
        m_cipher->Seal(header, sealed);
        m_buffer.Push(sealed, 0);
        m_closeSent = true;
        m_transmit(sealed);
    }
    ArmTimer();
}

void
MusesSender::Close()
{
    m_closeRequested = true;
}

bool
MusesSender::IsCloseRequested() const
{
    return m_closeRequested;
}

bool
MusesSender::IsCloseSent() const
{
    return m_closeSent;
}

bool
MusesSender::IsCloseAcked() const
{
    // CLOSE is the last packet sent.
    return m_closeSent && m_buffer.IsAllAcked();
}

bool
MusesSender::Acknowledge(uint64_t ack, uint32_t window)
{
    m_peerWindow = window;
    Time rtt = Seconds(-1);
    uint32_t inFlight = m_buffer.GetInFlight();
    // The buffer holds the application back, and all it holds is out: the window, not the
    // transport's room or the peer's window, is the limit (else growing it only stores more).
    uint32_t unsent = m_buffer.GetUnsentSize();
    bool windowLimited =
        unsent + inFlight + m_config.segmentSize > m_window && unsent < m_config.segmentSize;
    bool advanced = m_buffer.Acknowledge(ack, &rtt);
    if (advanced)
    {
        m_unanswered = UINT32_MAX; // the peer hears us where we send
    }
    uint32_t acked = inFlight - m_buffer.GetInFlight();
    m_path.OnAck(acked, rtt);
    if (m_path.HasRtt())
    {
        Grow(acked, windowLimited);
    }
    ReportPath();
    if (advanced)
    {
        m_ackTimer.Cancel();
    }
    return advanced;
}

void
MusesSender::Grow(uint32_t acked, bool windowLimited)
{
    // Between path changes the send buffer never shrinks: while it limits us and the pipe is
    // not full, it grows by twice what was acknowledged (it triples every round trip,
    // so it stays ahead of the TCP beneath, which doubles in its slow start); and to the
    // path's target.
    double target = m_path.GetWindowTarget();
    if (windowLimited && !m_path.IsPipeFull())
    {
        target = std::max(target, double(m_window) + 2.0 * acked);
    }
    target = std::min<double>(target, std::max(m_config.bufferSize, m_config.maxBufferSize));
    if (target > m_window)
    {
        m_window = uint32_t(target);
    }
}

void
MusesSender::OnGap(uint64_t ack, uint64_t firstUnacked)
{
    // Only a hole at our first unacknowledged packet once this ACK is counted (a report
    // older than an ACK already taken is stale), and once per hole: the resends fill it,
    // and later reports of the same hole were sent before they arrived. Not while
    // the transport delivers what an older connection holds: the hole's packets are on
    // their way there (if that connection is lost, the transport says so: LoseCarrier).
    bool reordering = !m_config.transportReordering.IsNull() && m_config.transportReordering();
    if (ack + 1 >= firstUnacked && !m_buffer.IsAllAcked() && ack != m_lastGapAck && !m_paused &&
        !reordering)
    {
        m_lastGapAck = ack;
        RetransmitAll();
    }
}

void
MusesSender::RetransmitAll()
{
    m_buffer.MarkRetransmitted();
    m_resendNext = m_buffer.GetFirstUnacked();
    m_resendEnd = m_buffer.GetNextSeq();
    SendResends();
    RestartAckTimer();
}

void
MusesSender::RestartAckTimer()
{
    m_ackTimer.Cancel();
    ArmTimer();
}

bool
MusesSender::IsHeldByTransport() const
{
    return m_heldByTransport;
}

bool
MusesSender::SendResends()
{
    // A window resent at once would overflow the transport's queue (a resumption after a
    // long outage holds megabytes): what it dropped would come back only after a timeout.
    m_resendNext = std::max(m_resendNext, m_buffer.GetFirstUnacked());
    while (m_resendNext < m_resendEnd)
    {
        const MusesTxBuffer::Item& item =
            m_buffer.GetUnacked()[m_resendNext - m_buffer.GetFirstUnacked()];
        uint32_t size = item.sealed->GetSize();
        if (!m_config.transportRoom.IsNull() && m_config.transportRoom() < size)
        {
            m_heldByTransport = true;
            return false;
        }
        if (m_unanswered < size && m_unanswered != FIRST_FLIGHT)
        {
            return false; // the rest once the peer answers
        }
        m_unanswered -= std::min(m_unanswered, size);
        ++m_counters.retransmissions;
        m_transmit(item.sealed);
        ++m_resendNext;
    }
    return true;
}

bool
MusesSender::Restart(uint64_t ack, uint32_t window)
{
    bool advanced = Acknowledge(ack, window);
    bool inFlight = m_resentStranded && ack + 1 >= m_strandedFrom;
    m_resentStranded = false;
    m_unanswered = UINT32_MAX;
    if (inFlight)
    {
        return advanced; // the peer had all before what ResendStranded() sent
    }
    ForgetPath();
    RetransmitAll();
    return advanced;
}

void
MusesSender::NoteStranded()
{
    // TCP sends in order: the newest packet that left marks the end of those that did.
    // Cannot tell: all may be lost.
    const auto& unacked = m_buffer.GetUnacked();
    size_t left = m_config.transportLeft.IsNull() ? 0 : unacked.size();
    while (left > 0 && !m_config.transportLeft(unacked[left - 1].sealed))
    {
        --left;
    }
    m_strandedFrom = m_buffer.GetFirstUnacked() + left;
}

void
MusesSender::ResendStranded()
{
    m_resentStranded = true;
    m_unanswered = FIRST_FLIGHT;
    m_buffer.MarkRetransmitted();
    m_resendNext = std::max(m_strandedFrom, m_buffer.GetFirstUnacked());
    m_resendEnd = m_buffer.GetNextSeq();
    SendResends();
    RestartAckTimer();
}

void
MusesSender::ResendUnsent()
{
    NoteStranded();
    m_buffer.MarkRetransmitted(); // two copies: their ACKs do not time the new path
    uint64_t from = std::max(m_strandedFrom, m_buffer.GetFirstUnacked());
    m_resendNext = m_resendNext < m_resendEnd ? std::min(m_resendNext, from) : from;
    m_resendEnd = m_buffer.GetNextSeq();
    SendResends();
}

void
MusesSender::ForgetPath()
{
    // Start over as on a new path (as TCP's window after a timeout): what is in flight
    // stays, and nothing new goes until less than the first size is.
    m_path.Forget();
    m_window = m_config.bufferSize;
    ReportPath();
}

void
MusesSender::SetPriorRtt(Time rtt)
{
    m_path.SetPrior(rtt);
}

uint64_t
MusesSender::GetFirstUnacked() const
{
    return m_buffer.GetFirstUnacked();
}

uint32_t
MusesSender::GetPeerWindow() const
{
    return m_peerWindow;
}

uint64_t
MusesSender::GetLastSeq() const
{
    return m_buffer.GetLastSeq();
}

Time
MusesSender::GetAckTimeout() const
{
    if (!m_config.adaptiveAckTimeout)
    {
        return m_config.ackTimeout;
    }
    // One round trip of the path (its smallest: a retransmission does not wait behind the
    // queue) above AckTimeout: a transport that retransmits on its own (TCP's minimum RTO is
    // 1 s, as AckTimeout's default) gets its first retransmission answered before the
    // session calls the path lost.
    Time floor = m_config.ackTimeout + m_path.GetMinRttOrPrior();
    return std::max(floor, std::min(m_path.GetRto(), m_config.maxAckTimeout));
}

Time
MusesSender::GetMinRtt() const
{
    return m_path.GetMinRtt();
}

const MusesSender::Counters&
MusesSender::GetCounters() const
{
    return m_counters;
}

void
MusesSender::ArmTimer()
{
    if (!m_buffer.IsAllAcked() && m_ackTimer.IsExpired())
    {
        m_ackWaitStart = Simulator::Now();
        m_ackTimer = Simulator::Schedule(GetAckTimeout(), &MusesSender::AckTimerExpired, this);
    }
}

void
MusesSender::AckTimerExpired()
{
    NS_LOG_FUNCTION(this);
    if (m_buffer.IsAllAcked() || m_paused)
    {
        return;
    }
    // Our bytes still wait in a connection that the peer keeps acknowledging: they are
    // queued, not lost. Wait one timeout after its last progress instead.
    Time until = Seconds(-1);
    Time progress = m_config.transportProgress.IsNull()
                        ? Seconds(-1)
                        : m_config.transportProgress(m_buffer.GetUnacked().back().sealed);
    if (!progress.IsNegative())
    {
        until = progress + GetAckTimeout();
    }
    // The connection beneath lost some of them and retransmits on its own timer (a loss,
    // not an outage, as far as it can tell): wait until its last retry could be answered.
    Time retry =
        m_config.transportRetry.IsNull() ? Seconds(-1) : m_config.transportRetry(m_ackWaitStart);
    if (!retry.IsNegative())
    {
        until = std::max(until, retry + m_path.GetMinRttOrPrior());
    }
    if (until > Simulator::Now())
    {
        ++m_counters.deferrals;
        NS_LOG_LOGIC("ack timeout deferred to " << until.As(Time::S) << ": transport progress "
                                                << progress.As(Time::S) << ", retry "
                                                << retry.As(Time::S));
        m_ackTimer =
            Simulator::Schedule(until - Simulator::Now(), &MusesSender::AckTimerExpired, this);
        return;
    }
    m_ackTimedOut();
}

void
MusesSender::ReportPath()
{
    if (m_config.rtt)
    {
        *m_config.rtt = m_path.GetSmoothedRtt();
    }
    if (m_config.window)
    {
        *m_config.window = m_window;
    }
}

} // namespace ns3
