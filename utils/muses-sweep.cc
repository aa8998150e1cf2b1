/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-sweep: run a scenario over a grid of its parameters and seeds, in parallel
// processes, and aggregate and plot what the runs wrote.
//
//   muses-sweep --outDir=D --ackWindow=1,8 --ackTimeout=0.2:1:0.4 --seeds=3 -j 2 [--stopTime=90]
//
// Any option the scenario accepts (its --help, "Program Options") is a parameter: one value
// passes through, a list (a,b,c) or a range (from:to:step, inclusive) is swept. Each run
// gets its own directory D/runs/<id>/ (its params file, log.txt and whatever the scenario
// writes there); a run whose summary.json exists is not run again. Then D/results.csv has
// one row per run (its parameters and every scalar key of its summary.json), and D/*.png
// plot resume_latency_s and the outage-detection time (suspended_at_s - move_at_s) against
// each swept parameter (mean and 95% confidence interval over the runs, one line per value
// of a second swept parameter), and overlay the throughput traces around the outage.
//
// --emit-jobs=FILE writes the runs as shell commands, one per line (for GNU parallel, also
// over many machines with --sshloginfile) and FILE.sbatch (a Slurm job array running the
// same lines); --aggregate then builds results.csv and the plots from D.

#include "ns3/gnuplot.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace
{

/// A usage error: one line naming the problem, exit status 2.
struct UsageError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

/// One of the scenario's options, as its --help describes it.
struct Option
{
    std::string name;  //!< Without "--"
    std::string value; //!< Default value
    bool numeric;      //!< The default is a number, so values must be
    bool boolean;      //!< The default is true/false
};

/// One parameter of the sweep and its values.
struct Parameter
{
    std::string name;
    std::vector<std::string> values;
};

/// One run: a value per parameter.
struct Run
{
    std::string id;
    std::vector<std::pair<std::string, std::string>> params;
};

bool
IsNumber(const std::string& s)
{
    if (s.empty())
    {
        return false;
    }
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && *end == '\0';
}

/// \return the scenario's options, read from its --help ("Program Options:" section)
std::map<std::string, Option>
ScenarioOptions(const std::string& scenario)
{
    if (access(scenario.c_str(), X_OK) != 0)
    {
        throw UsageError("scenario '" + scenario +
                         "' is not an executable (build it first: " + "make build)");
    }
    std::string command = "'" + scenario + "' --help 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    std::map<std::string, Option> options;
    char line[4096];
    bool inProgram = false;
    while (pipe && fgets(line, sizeof(line), pipe))
    {
        std::string s(line);
        if (s.rfind("Program Options:", 0) == 0)
        {
            inProgram = true;
            continue;
        }
        if (s.rfind("General Arguments:", 0) == 0)
        {
            inProgram = false;
        }
        size_t dash = s.find("--");
        size_t colon = s.find(':', dash);
        if (!inProgram || dash == std::string::npos || colon == std::string::npos)
        {
            continue;
        }
        Option o;
        o.name = s.substr(dash + 2, colon - dash - 2);
        size_t open = s.rfind('[');
        size_t close = s.rfind(']');
        o.value =
            open != std::string::npos && close > open ? s.substr(open + 1, close - open - 1) : "";
        o.numeric = IsNumber(o.value);
        o.boolean = o.value == "true" || o.value == "false";
        options[o.name] = o;
    }
    if (pipe)
    {
        pclose(pipe);
    }
    if (options.empty())
    {
        throw UsageError("scenario '" + scenario + "' lists no options in its --help");
    }
    // ns-3's own global value for the random run, set by --seeds.
    options["RngRun"] = {"RngRun", "1", true, false};
    return options;
}

/// \return the values of "a,b,c" or "from:to:step" for an option
std::vector<std::string>
ParseValues(const Option& option, const std::string& text)
{
    std::vector<std::string> values;
    auto bad = [&](const std::string& why) {
        return UsageError("--" + option.name + "=" + text + ": " + why);
    };
    if (text.empty())
    {
        throw bad("empty value");
    }
    if (text.find(':') != std::string::npos && option.numeric)
    {
        std::vector<double> parts;
        std::stringstream ss(text);
        std::string item;
        while (std::getline(ss, item, ':'))
        {
            if (!IsNumber(item))
            {
                throw bad("a range is from:to:step with three numbers");
            }
            parts.push_back(std::stod(item));
        }
        if (parts.size() != 3 || !(parts[2] > 0) || parts[1] < parts[0])
        {
            throw bad("a range is from:to:step with from <= to and step > 0");
        }
        for (int k = 0;; ++k)
        {
            double v = parts[0] + k * parts[2];
            if (v > parts[1] + 1e-9 * std::max(1.0, std::fabs(parts[1])))
            {
                break;
            }
            std::ostringstream os;
            os << std::setprecision(10) << v;
            values.push_back(os.str());
            if (values.size() > 10000)
            {
                throw bad("more than 10000 values");
            }
        }
        return values;
    }
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        if (item.empty())
        {
            throw bad("empty item in the list");
        }
        if (option.numeric && !IsNumber(item))
        {
            throw bad("'" + item + "' is not a number");
        }
        if (option.boolean && item != "true" && item != "false" && item != "1" && item != "0")
        {
            throw bad("'" + item + "' is not true or false");
        }
        values.push_back(item);
    }
    if (text.back() == ',')
    {
        throw bad("empty item in the list");
    }
    return values;
}

/// \return a file-name-safe run id
std::string
RunId(const std::vector<std::pair<std::string, std::string>>& params)
{
    std::string id;
    for (const auto& [name, value] : params)
    {
        id += (id.empty() ? "" : "_") + name + "=" + value;
    }
    for (auto& c : id)
    {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '=' && c != '_' && c != '.' &&
            c != '-')
        {
            c = '-';
        }
    }
    return id;
}

/// \return every combination of the parameters' values (the first parameter varies slowest)
std::vector<Run>
Grid(const std::vector<Parameter>& parameters)
{
    std::vector<Run> runs(1);
    for (const Parameter& p : parameters)
    {
        std::vector<Run> next;
        for (const Run& r : runs)
        {
            for (const std::string& v : p.values)
            {
                Run n = r;
                n.params.emplace_back(p.name, v);
                next.push_back(n);
            }
        }
        runs = next;
    }
    for (Run& r : runs)
    {
        r.id = RunId(r.params);
    }
    return runs;
}

std::string
ShellQuote(const std::string& s)
{
    std::string q = "'";
    for (char c : s)
    {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

/// \return the scenario's arguments for a run
std::vector<std::string>
Arguments(const std::string& scenario, const fs::path& dir, const Run& run)
{
    std::vector<std::string> args = {scenario, "--outDir=" + dir.string()};
    for (const auto& [name, value] : run.params)
    {
        args.push_back("--" + name + "=" + value);
    }
    return args;
}

/// Write the run's params file (what --aggregate reads back).
void
WriteParams(const fs::path& dir, const Run& run)
{
    fs::create_directories(dir);
    std::ofstream out(dir / "params");
    for (const auto& [name, value] : run.params)
    {
        out << name << "=" << value << "\n";
    }
}

/// Run everything not done yet, at most `jobs` at a time. \return runs that failed
int
RunAll(const std::string& scenario, const fs::path& outDir, const std::vector<Run>& runs, int jobs)
{
    std::vector<const Run*> todo;
    for (const Run& r : runs)
    {
        if (!fs::exists(outDir / "runs" / r.id / "summary.json"))
        {
            todo.push_back(&r);
        }
    }
    size_t total = todo.size();
    std::cerr << "muses-sweep: " << runs.size() << " runs, " << runs.size() - total
              << " already done, " << total << " to run with -j " << jobs << std::endl;
    std::map<pid_t, const Run*> running;
    size_t next = 0;
    size_t done = 0;
    int failed = 0;
    auto start = std::chrono::steady_clock::now();
    while (done < total)
    {
        while (next < total && int(running.size()) < jobs)
        {
            const Run* run = todo[next++];
            fs::path dir = outDir / "runs" / run->id;
            WriteParams(dir, *run);
            std::vector<std::string> args = Arguments(scenario, dir, *run);
            std::string log = (dir / "log.txt").string();
            pid_t pid = fork();
            if (pid == 0)
            {
                FILE* f = std::freopen(log.c_str(), "w", stdout);
                if (!f || dup2(fileno(stdout), STDERR_FILENO) < 0)
                {
                    _exit(127);
                }
                std::vector<char*> argv;
                for (auto& a : args)
                {
                    argv.push_back(a.data());
                }
                argv.push_back(nullptr);
                execv(argv[0], argv.data());
                _exit(127);
            }
            running[pid] = run;
        }
        int status = 0;
        pid_t pid = wait(&status);
        if (pid < 0)
        {
            break;
        }
        const Run* run = running[pid];
        running.erase(pid);
        ++done;
        bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                  fs::exists(outDir / "runs" / run->id / "summary.json");
        if (!ok)
        {
            ++failed;
            std::cerr << "\nmuses-sweep: run " << run->id << " failed, see "
                      << (outDir / "runs" / run->id / "log.txt").string() << std::endl;
        }
        double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        double eta = elapsed / done * (total - done);
        std::cerr << "\rmuses-sweep: " << done << "/" << total << " done, " << running.size()
                  << " running, ETA " << std::fixed << std::setprecision(0) << eta << " s   "
                  << std::flush;
    }
    std::cerr << std::endl;
    return failed;
}

/// One aggregated run: its parameters and its summary's scalar values.
struct Row
{
    std::string id;
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> summary;
};

std::string
CsvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
    {
        return s;
    }
    std::string q = "\"";
    for (char c : s)
    {
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return q + "\"";
}

/// Read every run directory of outDir. \param columns receives the column order
std::vector<Row>
Aggregate(const fs::path& outDir,
          std::vector<std::string>& paramColumns,
          std::vector<std::string>& summaryColumns)
{
    std::vector<Row> rows;
    if (!fs::is_directory(outDir / "runs"))
    {
        throw UsageError("no runs in " + outDir.string() + " (expected " +
                         (outDir / "runs").string() + "/<run>/)");
    }
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(outDir / "runs"))
    {
        dirs.push_back(entry.path());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path& dir : dirs)
    {
        if (!fs::exists(dir / "params") || !fs::exists(dir / "summary.json"))
        {
            continue;
        }
        Row row;
        row.id = dir.filename().string();
        std::ifstream params(dir / "params");
        std::string line;
        while (std::getline(params, line))
        {
            size_t eq = line.find('=');
            if (eq == std::string::npos)
            {
                continue;
            }
            std::string name = line.substr(0, eq);
            row.params[name] = line.substr(eq + 1);
            if (std::find(paramColumns.begin(), paramColumns.end(), name) == paramColumns.end())
            {
                paramColumns.push_back(name);
            }
        }
        boost::property_tree::ptree tree;
        try
        {
            boost::property_tree::read_json((dir / "summary.json").string(), tree);
        }
        catch (const std::exception& e)
        {
            std::cerr << "muses-sweep: skipping " << dir.string() << ": " << e.what() << std::endl;
            continue;
        }
        for (const auto& [key, value] : tree)
        {
            if (!value.empty())
            {
                continue; // arrays and objects: not a column
            }
            row.summary[key] = value.data();
            if (std::find(summaryColumns.begin(), summaryColumns.end(), key) ==
                summaryColumns.end())
            {
                summaryColumns.push_back(key);
            }
        }
        rows.push_back(row);
    }
    return rows;
}

void
WriteCsv(const fs::path& path,
         const std::vector<Row>& rows,
         const std::vector<std::string>& paramColumns,
         const std::vector<std::string>& summaryColumns)
{
    std::ofstream out(path);
    out << "run";
    for (const auto& c : paramColumns)
    {
        out << "," << CsvField(c);
    }
    for (const auto& c : summaryColumns)
    {
        out << "," << CsvField(c);
    }
    out << "\n";
    for (const Row& r : rows)
    {
        out << CsvField(r.id);
        for (const auto& c : paramColumns)
        {
            auto it = r.params.find(c);
            out << "," << (it == r.params.end() ? "" : CsvField(it->second));
        }
        for (const auto& c : summaryColumns)
        {
            auto it = r.summary.find(c);
            out << "," << (it == r.summary.end() ? "" : CsvField(it->second));
        }
        out << "\n";
    }
}

/// Student's t quantile for a two-sided 95% interval, df degrees of freedom.
double
T95(size_t df)
{
    static const double t[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                               2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                               2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                               2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    return df == 0 ? 0 : df <= 30 ? t[df - 1] : 1.96;
}

/// \return the value of a metric for a row, or NaN
double
Metric(const Row& r, const std::string& metric)
{
    auto number = [&r](const std::string& key) {
        auto it = r.summary.find(key);
        return it != r.summary.end() && IsNumber(it->second) ? std::stod(it->second) : NAN;
    };
    if (metric == "detection_s")
    {
        return number("suspended_at_s") - number("move_at_s");
    }
    return number(metric);
}

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
    for (const Row& r : rows)
    {
        auto xv = r.params.find(x);
        double m = Metric(r, metric);
        if (xv == r.params.end() || !IsNumber(xv->second) || std::isnan(m))
        {
            continue;
        }
        std::string s = series.empty() ? "" : series + "=" + r.params.at(series);
        groups[s][std::stod(xv->second)].push_back(m);
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

/// Aggregate and plot. \return process status
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
    std::cerr << "muses-sweep: " << rows.size() << " runs in " << (outDir / "results.csv").string()
              << ", " << plots << " plots in " << outDir.string() << std::endl;
    return 0;
}

} // namespace

int
main(int argc, char** argv)
{
    fs::path self = fs::absolute(fs::path(argv[0]));
    std::string scenario =
        (self.parent_path().parent_path() / "examples" / "muses-paper-mobility").string();
    std::string outDir;
    std::string config;
    std::string emitJobs;
    uint32_t seeds = 1;
    int jobs = int(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    size_t traces = 6;
    std::vector<std::string> tracePoints;
    po::options_description desc(
        "muses-sweep: run a scenario over a grid of its parameters and seeds, in parallel,\n"
        "then aggregate D/results.csv and plot D/*.png.\n"
        "  muses-sweep --outDir=D --ackWindow=1,8 --ackTimeout=0.2:1:0.4 --seeds=3 -j 2\n"
        "Every option of the scenario's --help is a parameter: one value passes through,\n"
        "a list a,b,c or a range from:to:step (inclusive) is swept. Options");
    desc.add_options()("help,h", "show this help")("outDir",
                                                   po::value<std::string>(&outDir),
                                                   "directory of the sweep (required)")(
        "scenario",
        po::value<std::string>(&scenario)->default_value(scenario),
        "the scenario program (any that writes summary.json into its --outDir)")(
        "seeds",
        po::value<uint32_t>(&seeds)->default_value(seeds),
        "RngRun 1..N for each point")("jobs,j",
                                      po::value<int>(&jobs)->default_value(jobs),
                                      "runs at a time (>= 1)")(
        "config",
        po::value<std::string>(&config),
        "INI file with the same options (name = value)")(
        "emit-jobs",
        po::value<std::string>(&emitJobs),
        "write the runs as commands to FILE (GNU parallel) and FILE.sbatch (Slurm), run nothing")(
        "aggregate",
        "build results.csv and the plots from --outDir's runs, run nothing")(
        "traces",
        po::value<size_t>(&traces)->default_value(traces),
        "traces to overlay in traces.png")(
        "trace-point",
        po::value<std::vector<std::string>>(&tracePoints)->composing(),
        "a point whose trace traces.png shows, as name=value,name=value (repeatable; default: "
        "the first points)");
    try
    {
        po::variables_map vm;
        po::parsed_options parsed =
            po::command_line_parser(argc, argv).options(desc).allow_unregistered().run();
        po::store(parsed, vm);
        std::vector<std::string> unknown =
            po::collect_unrecognized(parsed.options, po::include_positional);
        std::vector<po::option> fromConfig;
        if (vm.count("config"))
        {
            std::ifstream file(vm["config"].as<std::string>());
            if (!file)
            {
                throw UsageError("cannot read --config " + vm["config"].as<std::string>());
            }
            po::parsed_options configParsed = po::parse_config_file(file, desc, true);
            po::store(configParsed, vm);
            for (const auto& o : configParsed.options)
            {
                if (o.unregistered)
                {
                    fromConfig.push_back(o);
                }
            }
        }
        po::notify(vm);
        if (vm.count("help"))
        {
            std::cout << desc << std::endl;
            return 0;
        }
        if (outDir.empty())
        {
            throw UsageError("--outDir is required");
        }
        if (jobs < 1)
        {
            throw UsageError("-j/--jobs must be >= 1, not " + std::to_string(jobs));
        }
        if (seeds < 1)
        {
            throw UsageError("--seeds must be >= 1");
        }
        if (vm.count("aggregate"))
        {
            return Report(outDir, {}, tracePoints, traces);
        }

        // Parameters: the command line's unknown options, then the config file's.
        std::map<std::string, Option> options = ScenarioOptions(scenario);
        std::vector<std::pair<std::string, std::string>> given;
        for (const std::string& arg : unknown)
        {
            if (arg.rfind("--", 0) != 0 || arg.find('=') == std::string::npos)
            {
                throw UsageError("'" + arg + "': parameters are written --name=values");
            }
            size_t eq = arg.find('=');
            given.emplace_back(arg.substr(2, eq - 2), arg.substr(eq + 1));
        }
        for (const po::option& o : fromConfig)
        {
            given.emplace_back(o.string_key, o.value.empty() ? "" : o.value[0]);
        }
        std::vector<Parameter> parameters;
        std::vector<std::string> swept;
        for (const auto& [name, text] : given)
        {
            auto it = options.find(name);
            if (it == options.end() || name == "outDir" || name == "RngRun")
            {
                throw UsageError("unknown parameter --" + name + " (not an option of " +
                                 fs::path(scenario).filename().string() +
                                 "; --seeds sets RngRun, --outDir is the sweep's)");
            }
            for (const Parameter& p : parameters)
            {
                if (p.name == name)
                {
                    throw UsageError("--" + name + " given twice");
                }
            }
            Parameter p{name, ParseValues(it->second, text)};
            if (p.values.size() > 1)
            {
                swept.push_back(name);
            }
            parameters.push_back(p);
        }
        Parameter rng{"RngRun", {}};
        for (uint32_t s = 1; s <= seeds; ++s)
        {
            rng.values.push_back(std::to_string(s));
        }
        parameters.push_back(rng);
        std::vector<Run> runs = Grid(parameters);

        fs::create_directories(outDir);
        if (!emitJobs.empty())
        {
            std::ofstream list(emitJobs);
            for (const Run& r : runs)
            {
                fs::path dir = fs::absolute(fs::path(outDir) / "runs" / r.id);
                WriteParams(dir, r);
                std::string line;
                for (const std::string& a : Arguments(fs::absolute(scenario).string(), dir, r))
                {
                    line += (line.empty() ? "" : " ") + ShellQuote(a);
                }
                list << line << " > " << ShellQuote((dir / "log.txt").string()) << " 2>&1\n";
            }
            std::ofstream slurm(emitJobs + ".sbatch");
            slurm << "#!/bin/bash\n#SBATCH --job-name=muses-sweep\n#SBATCH --array=1-"
                  << runs.size() << "\n#SBATCH --cpus-per-task=1\n"
                  << "# Each array task runs one line of the job list.\n"
                  << "sed -n \"${SLURM_ARRAY_TASK_ID}p\" "
                  << ShellQuote(fs::absolute(emitJobs).string()) << " | bash\n";
            std::cerr << "muses-sweep: " << runs.size() << " jobs in " << emitJobs
                      << " (GNU parallel: parallel -j N < " << emitJobs << "; Slurm: sbatch "
                      << emitJobs << ".sbatch), then: muses-sweep --aggregate --outDir=" << outDir
                      << std::endl;
            return 0;
        }
        int failed = RunAll(fs::absolute(scenario).string(), outDir, runs, jobs);
        Report(outDir, swept, tracePoints, traces);
        return failed == 0 ? 0 : 1;
    }
    catch (const UsageError& e)
    {
        std::cerr << "muses-sweep: " << e.what() << std::endl;
        return 2;
    }
    catch (const po::error& e)
    {
        std::cerr << "muses-sweep: " << e.what() << std::endl;
        return 2;
    }
}
