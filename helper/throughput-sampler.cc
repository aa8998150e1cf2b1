/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "throughput-sampler.h"

#include "ns3/abort.h"
#include "ns3/simulator.h"

#include <fstream>
#include <iomanip>

namespace ns3
{

ThroughputSampler::ThroughputSampler(Time interval)
    : m_interval(interval),
      m_bytes(0)
{
    NS_ABORT_MSG_IF(!interval.IsStrictlyPositive(), "ThroughputSampler: interval must be > 0");
}

ThroughputSampler::~ThroughputSampler()
{
    m_event.Cancel();
}

void
ThroughputSampler::Start(Time start, Time stop)
{
    m_event = Simulator::Schedule(start + m_interval - Simulator::Now(),
                                  &ThroughputSampler::TakeSample,
                                  this,
                                  stop);
}

void
ThroughputSampler::Count(uint64_t bytes)
{
    m_bytes += bytes;
}

void
ThroughputSampler::RxWithAddress(Ptr<const Packet> packet, const Address& /* from */)
{
    Count(packet->GetSize());
}

void
ThroughputSampler::TakeSample(Time stop)
{
    m_samples.push_back({Simulator::Now(), m_bytes * 8.0 / m_interval.GetSeconds()});
    m_bytes = 0;
    if (Simulator::Now() + m_interval <= stop)
    {
        m_event = Simulator::Schedule(m_interval, &ThroughputSampler::TakeSample, this, stop);
    }
}

const std::vector<ThroughputSampler::Sample>&
ThroughputSampler::GetSamples() const
{
    return m_samples;
}

Time
ThroughputSampler::GetInterval() const
{
    return m_interval;
}

bool
ThroughputSampler::WriteCsv(const std::string& path) const
{
    std::ofstream out(path);
    out << "time_s,throughput_bps\n" << std::fixed;
    for (const Sample& sample : m_samples)
    {
        out << std::setprecision(3) << sample.time.GetSeconds() << "," << std::setprecision(0)
            << sample.bps << "\n";
    }
    return bool(out);
}

} // namespace ns3
