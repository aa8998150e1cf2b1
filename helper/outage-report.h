/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef OUTAGE_REPORT_H
#define OUTAGE_REPORT_H

#include "resumption-tracker.h"
#include "summary-writer.h"
#include "throughput-sampler.h"

#include "ns3/application.h"
#include "ns3/nstime.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The report of a mobility run, the paper's Fig. 7 for any scenario: the throughput
 *        at one receiving application and the time line of its outages, and what is written
 *        from them.
 *
 * It owns a ThroughputSampler and a ResumptionTracker. WatchReceiver() connects both to
 * the receiver's "Rx" trace (WatchReceiver(app, name) for each of several applications:
 * each gets its own throughput series and its own view of the outages, GetOutages(name)); the
 * scenario connects the tracker to its network events (NetworkEventHelper's event callback) and to
 * its nodes' sessions (WatchMuses). After the run, Describe() gives each outage's summary keys (one
 * definition of resume latency for every example), AddFirstOutage() the top-level keys of
 * summary.json, and Write() the files: throughput.csv, events.csv, throughput.gp and throughput.png
 * with every outage's marks. The report must outlive the simulation run (its trace sinks point to
 * it).
 */
class OutageReport
{
  public:
    /// Labels of the plot's marks.
    struct Labels
    {
        std::string start = "link lost";                  //!< An outage began
        std::string restored = "path restored";           //!< The path came back
        std::string overlayRestored = "overlay restored"; //!< The overlay came back (if later)
        std::string resumed = "transfer resumed";         //!< Data flowed again
    };

    /**
     * \param sampleInterval throughput sample period
     * \param stop when sampling ends (the run's --stopTime)
     */
    OutageReport(Time sampleInterval, Time stop);

    OutageReport(const OutageReport&) = delete;
    OutageReport& operator=(const OutageReport&) = delete;

    /// \param receiver an application with a PacketSink-like "Rx" trace (packet, from)
    void WatchReceiver(Ptr<Application> receiver);
    /**
     * \brief One of several receiving applications: its throughput is a series of its own
     *        (the plot shows each; throughput.csv has a column each after the total) and
     *        its outages are GetOutages(name).
     * \param receiver an application with a PacketSink-like "Rx" trace
     * \param name its name (a series' title, a column's name without "_bps")
     */
    void WatchReceiver(Ptr<Application> receiver, const std::string& name);
    /// \param labels the plot's mark labels
    void SetLabels(const Labels& labels);

    /// \return the tracker (to connect network events and sessions)
    ResumptionTracker& GetTracker();
    /// \return the sampler
    const ThroughputSampler& GetSampler() const;
    /// \return the outages so far
    std::vector<ResumptionTracker::Outage> GetOutages() const;
    /// \return the outages so far as one named receiver saw them \param name its name
    std::vector<ResumptionTracker::Outage> GetOutages(const std::string& name) const;

    /**
     * \brief One outage's summary keys (null when it did not happen): move_at_s,
     *        suspended_at_s, link_restored_s, overlay_restored_s, session_resumed_s,
     *        muses_resumed_s, resume_latency_s, resume_total_s, outage_s.
     * \param outage the outage
     * \return them
     */
    static SummaryWriter Describe(const ResumptionTracker::Outage& outage);

    /**
     * \brief Add the first outage's keys (Describe()) to a summary, with
     *        throughput_before_bps and throughput_after_bps (means over `window` before the
     *        outage and from a second after the data resumed) and zero_while_offline.
     * \param summary where \param window averaging window
     */
    void AddFirstOutage(SummaryWriter& summary, Time window = Seconds(10)) const;
    /**
     * \brief Add "handshakes": {"completed", "failed"} of the watched sessions (each end
     *        counts): a connection that never came up shows as failed, not as silence.
     * \param summary where
     */
    void AddHandshakes(SummaryWriter& summary) const;

    /// \return mean throughput (bit/s) of the samples in [from, to) \param from start \param to end
    double MeanThroughput(Time from, Time to) const;
    /// \return true if every sample wholly inside (from, to) is zero \param from start \param to
    /// end
    bool IsZeroBetween(Time from, Time to) const;

    /**
     * \brief Write throughput.csv, events.csv, throughput.gp and (with gnuplot) throughput.png.
     * \param dir output directory (it exists)
     * \param title the plot's title
     * \return true if the PNG was drawn
     */
    bool Write(const std::string& dir, const std::string& title) const;

  private:
    /// \param path file \return true if written: time_s, throughput_bps, then a column each
    /// named receiver
    bool WriteCsv(const std::string& path) const;

    ThroughputSampler m_sampler; //!< Throughput at the receiver(s)
    Time m_stop;                 //!< When sampling ends
    /// Named receivers and their own throughput, in the order given
    std::vector<std::pair<std::string, std::unique_ptr<ThroughputSampler>>> m_named;
    ResumptionTracker m_tracker; //!< The time line
    Labels m_labels;             //!< Plot marks
};

} // namespace ns3

#endif /* OUTAGE_REPORT_H */
