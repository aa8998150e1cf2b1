/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "outage-report.h"

#include "throughput-plot.h"

#include "ns3/callback.h"

#include <fstream>
#include <iomanip>

namespace ns3
{

OutageReport::OutageReport(Time sampleInterval, Time stop)
    : m_sampler(sampleInterval),
      m_stop(stop)
{
    m_sampler.Start(Seconds(0), stop);
}

void
OutageReport::WatchReceiver(Ptr<Application> receiver)
{
    receiver->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ThroughputSampler::RxWithAddress, &m_sampler));
    receiver->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ResumptionTracker::RecordDelivery, &m_tracker));
}

void
OutageReport::WatchReceiver(Ptr<Application> receiver, const std::string& name)
{
    auto sampler = std::make_unique<ThroughputSampler>(m_sampler.GetInterval());
    sampler->Start(Seconds(0), m_stop);
    receiver->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ThroughputSampler::RxWithAddress, sampler.get()));
    receiver->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ThroughputSampler::RxWithAddress, &m_sampler));
    receiver->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(&ResumptionTracker::RecordDeliveryTo, &m_tracker, name));
    m_named.emplace_back(name, std::move(sampler));
}

void
OutageReport::SetLabels(const Labels& labels)
{
    m_labels = labels;
}

ResumptionTracker&
OutageReport::GetTracker()
{
    return m_tracker;
}

const ThroughputSampler&
OutageReport::GetSampler() const
{
    return m_sampler;
}

std::vector<ResumptionTracker::Outage>
OutageReport::GetOutages() const
{
    return m_tracker.GetOutages();
}

std::vector<ResumptionTracker::Outage>
OutageReport::GetOutages(const std::string& name) const
{
    return m_tracker.GetOutages(name);
}

SummaryWriter
OutageReport::Describe(const ResumptionTracker::Outage& o)
{
    return SummaryWriter()
        .Add("move_at_s", o.start)
        .Add("suspended_at_s", o.suspended)
        .Add("session_rtt_s", o.roundTrip)
        .Add("link_restored_s", o.restored)
        .Add("overlay_restored_s", o.overlayRestored)
        .Add("session_resumed_s", o.dataResumed)
        .Add("muses_resumed_s", o.sessionResumed)
        .Add("resume_latency_s", o.GetResumeLatency())
        .Add("resume_total_s", o.GetResumeTotal())
        .Add("outage_s", o.dataResumed.IsNegative() ? Seconds(-1) : o.dataResumed - o.start);
}

void
OutageReport::AddFirstOutage(SummaryWriter& summary, Time window) const
{
    std::vector<ResumptionTracker::Outage> outages = GetOutages();
    // No outage at all: every time of the first one is "never".
    ResumptionTracker::Outage first = outages.empty() ? ResumptionTracker::Outage() : outages[0];
    summary.Merge(Describe(first));
    Time back = first.dataResumed + Seconds(1);
    summary.Add("throughput_before_bps", MeanThroughput(first.start - window, first.start))
        .Add("throughput_after_bps",
             first.dataResumed.IsNegative() ? 0.0 : MeanThroughput(back, back + window))
        .Add("zero_while_offline",
             first.restored.IsNegative() ||
                 IsZeroBetween(first.start + m_sampler.GetInterval(), first.restored));
}

void
OutageReport::AddHandshakes(SummaryWriter& summary) const
{
    summary.Add("handshakes",
                SummaryWriter()
                    .Add("completed", m_tracker.GetHandshakesCompleted())
                    .Add("failed", m_tracker.GetHandshakesFailed()));
}

double
OutageReport::MeanThroughput(Time from, Time to) const
{
    double sum = 0;
    int n = 0;
    for (const auto& s : m_sampler.GetSamples())
    {
        if (s.time - m_sampler.GetInterval() >= from && s.time <= to)
        {
            sum += s.bps;
            ++n;
        }
    }
    return n ? sum / n : 0;
}

bool
OutageReport::IsZeroBetween(Time from, Time to) const
{
    for (const auto& s : m_sampler.GetSamples())
    {
        if (s.time - m_sampler.GetInterval() > from && s.time < to && s.bps > 0)
        {
            return false;
        }
    }
    return true;
}

bool
OutageReport::Write(const std::string& dir, const std::string& title) const
{
    WriteCsv(dir + "/throughput.csv");
    m_tracker.WriteCsv(dir + "/events.csv");
    ThroughputPlot plot(title);
    if (m_named.empty())
    {
        plot.SetSamples(m_sampler);
    }
    for (const auto& [name, sampler] : m_named)
    {
        plot.AddSeries(name, *sampler);
    }
    for (const auto& o : GetOutages())
    {
        plot.AddMark(o.start, m_labels.start);
        if (!o.restored.IsNegative())
        {
            plot.AddMark(o.restored, m_labels.restored);
        }
        if (!o.overlayRestored.IsNegative() && o.overlayRestored - o.restored > Seconds(0.5))
        {
            plot.AddMark(o.overlayRestored, m_labels.overlayRestored);
        }
        if (!o.dataResumed.IsNegative())
        {
            plot.AddMark(o.dataResumed, m_labels.resumed);
        }
    }
    plot.Write(dir + "/throughput.gp", dir + "/throughput.png");
    return ThroughputPlot::Render(dir + "/throughput.gp");
}

bool
OutageReport::WriteCsv(const std::string& path) const
{
    if (m_named.empty())
    {
        return m_sampler.WriteCsv(path);
    }
    // Every sampler ran on the same clock: row k of each is the same interval.
    std::ofstream out(path);
    out << "time_s,throughput_bps" << std::fixed;
    for (const auto& named : m_named)
    {
        out << "," << named.first << "_bps";
    }
    out << "\n";
    const auto& total = m_sampler.GetSamples();
    for (size_t k = 0; k < total.size(); ++k)
    {
        out << std::setprecision(3) << total[k].time.GetSeconds() << "," << std::setprecision(0)
            << total[k].bps;
        for (const auto& named : m_named)
        {
            const auto& samples = named.second->GetSamples();
            out << "," << (k < samples.size() ? samples[k].bps : 0.0);
        }
        out << "\n";
    }
    return bool(out);
}

} // namespace ns3
