/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "throughput-plot.h"

#include "ns3/gnuplot.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ns3
{

ThroughputPlot::ThroughputPlot(const std::string& title)
    : m_title(title)
{
}

void
ThroughputPlot::SetSamples(const ThroughputSampler& sampler)
{
    m_samples = sampler.GetSamples();
}

void
ThroughputPlot::AddMark(Time at, const std::string& label)
{
    m_marks.emplace_back(at, label);
}

bool
ThroughputPlot::Write(const std::string& scriptPath, const std::string& pngPath) const
{
    Gnuplot plot(pngPath, m_title);
    plot.SetTerminal("png size 1000,500");
    plot.SetLegend("time (s)", "throughput (Mb/s)");
    std::ostringstream extra;
    extra << "set grid\nset key below\nset yrange [0:*]\n";
    int tag = 1;
    for (const auto& [at, label] : m_marks)
    {
        // Labels are staggered so that close marks stay readable.
        extra << "set arrow " << tag << " from " << at.GetSeconds() << ", graph 0 to "
              << at.GetSeconds() << ", graph 1 nohead dashtype 2 linecolor rgb 'red'\n"
              << "set label " << tag << " '" << label << "' at " << at.GetSeconds() << ", graph "
              << 0.95 - 0.07 * (tag - 1) << " left offset 0.5,0\n";
        ++tag;
    }
    plot.SetExtra(extra.str());
    Gnuplot2dDataset data("application throughput");
    data.SetStyle(Gnuplot2dDataset::LINES);
    for (const ThroughputSampler::Sample& sample : m_samples)
    {
        data.Add(sample.time.GetSeconds(), sample.bps / 1e6);
    }
    plot.AddDataset(data);
    std::ofstream out(scriptPath);
    plot.GenerateOutput(out);
    return bool(out);
}

bool
ThroughputPlot::Render(const std::string& scriptPath)
{
    std::string command = "gnuplot '" + scriptPath + "' 2>/dev/null";
    return std::system(command.c_str()) == 0;
}

} // namespace ns3
