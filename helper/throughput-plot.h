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
 * \brief The paper's Fig. 7: throughput against time, with vertical marks for events
 *        (outage, path restored, session resumed).
 *
 * Write() produces a gnuplot script (through ns-3's Gnuplot class, data inline) that
 * draws a PNG; Render() runs gnuplot on it.
 */
class ThroughputPlot
{
  public:
    /// \param title plot title
    explicit ThroughputPlot(const std::string& title);

    /// \param sampler the throughput samples (read when Write is called)
    void SetSamples(const ThroughputSampler& sampler);

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
    std::string m_title;                               //!< Title
    std::vector<ThroughputSampler::Sample> m_samples;  //!< Data
    std::vector<std::pair<Time, std::string>> m_marks; //!< Vertical marks
};

} // namespace ns3

#endif /* THROUGHPUT_PLOT_H */
