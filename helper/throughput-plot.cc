/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "throughput-plot.h"

#include "ns3/gnuplot.h"

#include <algorithm>
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
    m_series.clear();
    AddSeries("application throughput", sampler);
}

void
ThroughputPlot::AddSeries(const std::string& title, const ThroughputSampler& sampler)
{
    m_series.emplace_back(title, sampler.GetSamples());
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
    plot.SetTerminal("pngcairo size 1000,500");
    plot.SetLegend("time (s)", "throughput (Mb/s)");
    // The time axis's span (it starts at 0), to tell close marks apart.
    double last = 0;
    for (const auto& [title, samples] : m_series)
    {
        if (!samples.empty())
        {
            last = std::max(last, samples.back().time.GetSeconds());
        }
    }
    for (const auto& [at, label] : m_marks)
    {
        last = std::max(last, at.GetSeconds());
    }
    std::ostringstream extra;
    extra << "set grid\nset key below\nset yrange [0:*]\n"
          << "set offsets 0, 0, graph 0.5, 0\n"; // the top third: labels
    std::vector<std::pair<Time, std::string>> marks = m_marks;
    std::stable_sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
        return a.first < b.first;
    });
    // Each label in the highest row where it clears the labels already there (a character
    // is about a hundredth of the axis at this size).
    double perChar = last / 100;
    std::vector<double> rowEnds;
    int tag = 1;
    for (const auto& [at, label] : marks)
    {
        double x = at.GetSeconds();
        size_t row = 0;
        while (row < rowEnds.size() && rowEnds[row] > x)
        {
            ++row;
        }
        if (row == rowEnds.size())
        {
            rowEnds.push_back(0);
        }
        rowEnds[row] = x + (label.size() + 2) * perChar;
        extra << "set arrow " << tag << " from " << x << ", graph 0 to " << x
              << ", graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'red'\n"
              << "set label " << tag << " '" << label << "' at " << x << ", graph "
              << 0.95 - 0.07 * row << " left offset 0.5,0 front\n";
        ++tag;
    }
    plot.SetExtra(extra.str());
    for (const auto& [title, samples] : m_series)
    {
        Gnuplot2dDataset data(title);
        data.SetStyle(Gnuplot2dDataset::LINES);
        for (const ThroughputSampler::Sample& sample : samples)
        {
            data.Add(sample.time.GetSeconds(), sample.bps / 1e6);
        }
        plot.AddDataset(data);
    }
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
