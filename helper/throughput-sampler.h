/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef THROUGHPUT_SAMPLER_H
#define THROUGHPUT_SAMPLER_H

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Application throughput sampled on a fixed interval, as in the paper's Fig. 7.
 *
 * Feed it the bytes an application receives (Count, or connect RxWithAddress to a
 * PacketSink's or CheckedStreamSink's "Rx" trace). Every Interval it records one sample:
 * the bytes counted since the previous sample, in bit/s, stamped with the end of the
 * interval; intervals with nothing are recorded as 0.
 */
class ThroughputSampler
{
  public:
    /// One sample.
    struct Sample
    {
        Time time;  //!< End of the interval
        double bps; //!< Throughput over the interval, bit/s
    };

    /// \param interval sampling interval (> 0)
    explicit ThroughputSampler(Time interval);
    ~ThroughputSampler();
    ThroughputSampler(const ThroughputSampler&) = delete;
    ThroughputSampler& operator=(const ThroughputSampler&) = delete;

    /// Sample from \p start (first sample at start + interval) to \p stop.
    /// \param start first interval's start \param stop no sample after it
    void Start(Time start, Time stop);

    /// \param bytes bytes received now
    void Count(uint64_t bytes);

    /// A trace sink for "Rx" traces of PacketSink and CheckedStreamSink.
    /// \param packet what arrived \param from who sent it
    void RxWithAddress(Ptr<const Packet> packet, const Address& from);

    /// \return the samples so far
    const std::vector<Sample>& GetSamples() const;

    /// \return the sampling interval
    Time GetInterval() const;

    /**
     * \brief Write the samples as CSV: a header line "time_s,throughput_bps", then one line each.
     * \param path file to write
     * \return false if it could not be written
     */
    bool WriteCsv(const std::string& path) const;

  private:
    /// Close an interval and schedule the next. \param stop last sample time
    void TakeSample(Time stop);

    Time m_interval;               //!< Sampling interval
    uint64_t m_bytes;              //!< Bytes in the current interval
    std::vector<Sample> m_samples; //!< Samples so far
    EventId m_event;               //!< Next sample
};

} // namespace ns3

#endif /* THROUGHPUT_SAMPLER_H */
