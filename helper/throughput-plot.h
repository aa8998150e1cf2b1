/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef THROUGHPUT_PLOT_H
#define THROUGHPUT_PLOT_H

#include "throughput-sampler.h"

#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The paper's Fig. 7: throughput against time, one line per series (an application,
 *        a direction, an interface), with dashed vertical marks for events (outage, path
 *        restored, session resumed).
 *
 * Write() produces a gnuplot script (through ns-3's Gnuplot class, data inline, the pngcairo
 * terminal, which draws dashes) that draws a PNG; Render() runs gnuplot on it. The y axis
 * leaves the top third to the marks' labels; each label goes in the highest row where it
 * does not run into another, so close marks' labels do not overlap.
 */
class ThroughputPlot
{
  public:
    /// \param title plot title
    explicit ThroughputPlot(const std::string& title);

    /// The one series, titled "application throughput". \param sampler its samples
    void SetSamples(const ThroughputSampler& sampler);

    /// Add a series. \param title its legend \param sampler its samples (copied now)
    void AddSeries(const std::string& title, const ThroughputSampler& sampler);

    /// A dashed vertical line with a label. \param at when \param label text
    void AddMark(Time at, const std::string& label);

    /**
     * \brief Write the gnuplot script.
     * \param scriptPath the .gp file to write
     * \param pngPath the PNG the script draws
     * \return false if the script could not be written
     */
    bool Write(const std::string& scriptPath, const std::string& pngPath) const;

    /// \param scriptPath a script written by Write \return true if gnuplot drew it
    static bool Render(const std::string& scriptPath);

  private:
    /// A line: its legend and its samples.
    using Series = std::pair<std::string, std::vector<ThroughputSampler::Sample>>;

    std::string m_title;                               //!< Title
    std::vector<Series> m_series;                      //!< Data
    std::vector<std::pair<Time, std::string>> m_marks; //!< Vertical marks
};

} // namespace ns3

#endif /* THROUGHPUT_PLOT_H */
