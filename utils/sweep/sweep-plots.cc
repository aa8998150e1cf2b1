/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-plots.h"

#include "ns3/gnuplot.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace sweep
{

namespace
{

/// Plot a metric against a swept parameter, one line per value of another. \return drawn
bool
PlotMetric(const fs::path& outDir,
           const std::vector<Row>& rows,
           const std::string& metric,
           const std::string& label,
           const std::string& x,
           const std::string& series)
{
    // (series value, x) -> samples
    std::map<std::string, std::map<double, std::vector<double>>> groups;
    size_t missing = 0;
    for (const Row& r : rows)
    {
        auto xv = r.params.find(x);
        double m = Metric(r, metric);
        if (xv == r.params.end() || !IsNumber(xv->second))
        {
            continue;
        }
        if (std::isnan(m))
        {
            ++missing;
            continue;
        }
        std::string s = series.empty() ? "" : series + "=" + r.params.at(series);
        groups[s][std::stod(xv->second)].push_back(m);
    }
    if (missing > 0)
    {
        std::cerr << "muses-sweep: " << metric << " is null in " << missing << " of " << rows.size()
                  << " runs: not in " << metric << "-vs-" << x << ".png (see results.csv)"
                  << std::endl;
    }
    if (groups.empty())
    {
        return false;
    }
    std::string png = (outDir / (metric + "-vs-" + x + ".png")).string();
    ns3::Gnuplot plot(png, label + " vs " + x + " (mean, 95% CI)");
    plot.SetTerminal("png size 900,500");
    plot.SetLegend(x, label);
    plot.SetExtra("set termoption noenhanced\nset grid\nset key below\n"
                  "set offsets graph 0.05, graph 0.05, 0, 0\n");
    for (const auto& [name, points] : groups)
    {
        ns3::Gnuplot2dDataset data(name.empty() ? label : name);
        data.SetStyle(ns3::Gnuplot2dDataset::LINES_POINTS);
        data.SetErrorBars(ns3::Gnuplot2dDataset::Y);
        for (const auto& [xValue, samples] : points)
        {
            double mean = 0;
            for (double v : samples)
            {
                mean += v;
            }
            mean /= samples.size();
            double var = 0;
            for (double v : samples)
            {
                var += (v - mean) * (v - mean);
            }
            size_t n = samples.size();
            double ci = n > 1 ? T95(n - 1) * std::sqrt(var / (n - 1)) / std::sqrt(n) : 0;
            data.Add(xValue, mean, ci);
        }
        plot.AddDataset(data);
    }
    fs::path script = outDir / (metric + "-vs-" + x + ".gp");
    {
        std::ofstream out(script);
        plot.GenerateOutput(out);
    }
    return std::system(("gnuplot " + ShellQuote(script.string()) + " 2>/dev/null").c_str()) == 0;
}

/// \return true if a run has every name=value of one of the chosen points (or none are chosen)
bool
Chosen(const Row& r, const std::vector<std::string>& points)
{
    for (const std::string& point : points)
    {
        bool all = true;
        std::stringstream ss(point);
        std::string pair;
        while (all && std::getline(ss, pair, ','))
        {
            size_t eq = pair.find('=');
            auto it = eq == std::string::npos ? r.params.end() : r.params.find(pair.substr(0, eq));
            all = it != r.params.end() && it->second == pair.substr(eq + 1);
        }
        if (all)
        {
            return true;
        }
    }
    return points.empty();
}

/// Overlay the throughput traces of some runs around their outage, labelled by the swept
/// parameters: the first seed of the chosen points (or of the first ones). \return drawn
bool
PlotTraces(const fs::path& outDir,
           const std::vector<Row>& rows,
           const std::vector<std::string>& swept,
           const std::vector<std::string>& points,
           size_t most)
{
    std::string png = (outDir / "traces.png").string();
    ns3::Gnuplot plot(png, "throughput around the outage (time from the move)");
    plot.SetTerminal("png size 900,500");
    plot.SetLegend("time since the move (s)", "throughput (Mb/s)");
    plot.SetExtra("set termoption noenhanced\nset grid\nset key below\n");
    size_t drawn = 0;
    std::set<std::string> seen;
    for (const Row& r : rows)
    {
        // One trace per point of the grid: the first seed.
        std::string key;
        for (const std::string& name : swept)
        {
            auto it = r.params.find(name);
            key +=
                (key.empty() ? "" : ", ") + name + "=" + (it == r.params.end() ? "" : it->second);
        }
        double move = Metric(r, "move_at_s");
        double back = Metric(r, "session_resumed_s");
        std::ifstream csv(outDir / "runs" / r.id / "throughput.csv");
        if (drawn >= most || !Chosen(r, points) || !seen.insert(key).second || std::isnan(move) ||
            !csv)
        {
            continue;
        }
        double end = std::isnan(back) ? move + 30 : back + 10;
        ns3::Gnuplot2dDataset data(key);
        data.SetStyle(ns3::Gnuplot2dDataset::LINES);
        std::string line;
        std::getline(csv, line); // header
        while (std::getline(csv, line))
        {
            double t = 0;
            double bps = 0;
            if (std::sscanf(line.c_str(), "%lf,%lf", &t, &bps) == 2 && t >= move - 5 && t <= end)
            {
                data.Add(t - move, bps / 1e6);
            }
        }
        plot.AddDataset(data);
        ++drawn;
    }
    if (drawn == 0)
    {
        return false;
    }
    fs::path script = outDir / "traces.gp";
    {
        std::ofstream out(script);
        plot.GenerateOutput(out);
    }
    return std::system(("gnuplot " + ShellQuote(script.string()) + " 2>/dev/null").c_str()) == 0;
}

} // namespace

int
Report(const fs::path& outDir,
       const std::vector<std::string>& swept,
       const std::vector<std::string>& points,
       size_t traces)
{
    std::vector<std::string> paramColumns;
    std::vector<std::string> summaryColumns;
    std::vector<Row> rows = Aggregate(outDir, paramColumns, summaryColumns);
    WriteCsv(outDir / "results.csv", rows, paramColumns, summaryColumns);
    std::vector<std::string> axes = swept;
    if (axes.empty())
    {
        // --aggregate: the parameters that take more than one value.
        for (const auto& c : paramColumns)
        {
            std::set<std::string> values;
            for (const Row& r : rows)
            {
                values.insert(r.params.count(c) ? r.params.at(c) : "");
            }
            if (values.size() > 1 && c != "RngRun")
            {
                axes.push_back(c);
            }
        }
    }
    int plots = 0;
    for (const std::string& x : axes)
    {
        std::string series;
        for (const std::string& other : axes)
        {
            if (other != x)
            {
                series = other;
                break;
            }
        }
        plots += PlotMetric(outDir, rows, "resume_latency_s", "resume latency (s)", x, series);
        plots += PlotMetric(outDir, rows, "detection_s", "outage detection (s)", x, series);
    }
    plots += PlotTraces(outDir, rows, axes, points, traces);
    int failed = 0;
    for (const Row& r : rows)
    {
        if (r.status != "ok")
        {
            std::cerr << "muses-sweep: run " << r.id << ": " << r.status << std::endl;
            failed += r.status.rfind("failed", 0) == 0;
        }
    }
    std::cerr << "muses-sweep: " << rows.size() << " runs in " << (outDir / "results.csv").string()
              << ", " << plots << " plots in " << outDir.string() << std::endl;
    return failed == 0 ? 0 : 1;
}

} // namespace sweep
