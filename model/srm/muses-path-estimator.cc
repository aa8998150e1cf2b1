/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-path-estimator.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

MusesPathEstimator::MusesPathEstimator()
    : m_rtt(CreateObject<RttMeanDeviation>()),
      m_maxRate(0),
      m_epochAcked(0),
      m_fullRate(0),
      m_fullRounds(0)
{
}

void
MusesPathEstimator::OnAck(uint32_t acked, Time rtt)
{
    if (!rtt.IsNegative())
    {
        m_rtt->Measurement(rtt);
        m_minRtt = m_minRtt.IsZero() ? rtt : std::min(m_minRtt, rtt);
    }
    m_epochAcked += acked;
    Time elapsed = Simulator::Now() - m_epochStart;
    if (!HasRtt() || elapsed < m_minRtt || elapsed.IsZero())
    {
        return;
    }
    double rate = m_epochAcked / elapsed.GetSeconds();
    m_maxRate = std::max(m_maxRate, rate);
    if (rate >= 1.25 * m_fullRate)
    {
        m_fullRate = rate;
        m_fullRounds = 0;
    }
    else if (!IsPipeFull())
    {
        ++m_fullRounds;
    }
    m_epochStart = Simulator::Now();
    m_epochAcked = 0;
}

void
MusesPathEstimator::Forget()
{
    m_priorRtt = GetMinRttOrPrior();
    m_rtt->Reset();
    m_minRtt = Seconds(0);
    m_maxRate = 0;
    m_epochStart = Simulator::Now();
    m_epochAcked = 0;
    m_fullRate = 0;
    m_fullRounds = 0;
}

void
MusesPathEstimator::SetPrior(Time rtt)
{
    if (m_priorRtt.IsZero())
    {
        m_priorRtt = rtt;
    }
}

bool
MusesPathEstimator::HasRtt() const
{
    return m_rtt->GetNSamples() > 0;
}

Time
MusesPathEstimator::GetSmoothedRtt() const
{
    return HasRtt() ? m_rtt->GetEstimate() : Seconds(0);
}

Time
MusesPathEstimator::GetMinRttOrPrior() const
{
    return HasRtt() ? m_minRtt : m_priorRtt;
}

Time
MusesPathEstimator::GetMinRtt() const
{
    return m_minRtt;
}

Time
MusesPathEstimator::GetRto() const
{
    return HasRtt() ? m_rtt->GetEstimate() + 4 * m_rtt->GetVariation() : Seconds(0);
}

bool
MusesPathEstimator::IsPipeFull() const
{
    return m_fullRounds >= 3;
}

double
MusesPathEstimator::GetWindowTarget() const
{
    return 2 * m_maxRate * m_minRtt.GetSeconds();
}

} // namespace ns3
