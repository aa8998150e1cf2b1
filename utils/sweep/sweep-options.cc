/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-options.h"

#include "sweep-grid.h"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace sweep
{

namespace
{
/// \return muses-sweep's own options, bound to o (and config, the --config file)
po::options_description
Describe(SweepOptions& o, std::string& config)
{
    po::options_description desc(
        "muses-sweep: run a scenario over a grid of its parameters and seeds, in parallel,\n"
        "then aggregate D/results.csv and plot D/*.png.\n"
        "  muses-sweep --outDir=D --ackWindow=1,8 --ackTimeout=0.2:1:0.4 --seeds=3 -j 2\n"
        "Every option of the scenario's --help is a parameter: one value passes through,\n"
        "a list a,b,c or a range from:to:step (inclusive) is swept. Options");
    desc.add_options()("help,h", "show this help")("outDir",
                                                   po::value<std::string>(&o.outDir),
                                                   "directory of the sweep (required)")(
        "scenario",
        po::value<std::string>(&o.scenario)->default_value(o.scenario),
        "the scenario program (any that writes summary.json into its --outDir)")(
        "seeds",
        po::value<int64_t>(&o.seeds)->default_value(o.seeds),
        "RngRun 1..N for each point")("jobs,j",
                                      po::value<int>(&o.jobs)->default_value(o.jobs),
                                      "runs at a time (>= 1)")(
        "config",
        po::value<std::string>(&config),
        "INI file with the same options (name = value)")(
        "emit-jobs",
        po::value<std::string>(&o.emitJobs),
        "write the runs as commands to FILE (GNU parallel) and FILE.sbatch (Slurm), run nothing")(
        "aggregate",
        "build results.csv and the plots from --outDir's runs, run nothing")(
        "traces",
        po::value<int64_t>(&o.traces)->default_value(o.traces),
        "traces to overlay in traces.png")(
        "trace-point",
        po::value<std::vector<std::string>>(&o.tracePoints)->composing(),
        "a point whose trace traces.png shows, as name=value,name=value (repeatable; default: "
        "the first points)");
    return desc;
}
} // namespace

SweepOptions
ParseCommandLine(int argc, char** argv)
{
    SweepOptions o;
    fs::path self = fs::absolute(fs::path(argv[0]));
    o.scenario = (self.parent_path().parent_path() / "examples" / "muses-paper-mobility").string();
    o.jobs = int(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
    std::string config;
    po::options_description desc = Describe(o, config);
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
        std::ostringstream text;
        text << desc;
        o.help = text.str();
        return o;
    }
    o.aggregate = vm.count("aggregate") > 0;
    if (o.outDir.empty())
    {
        throw UsageError("--outDir is required");
    }
    if (o.jobs < 1)
    {
        throw UsageError("-j/--jobs must be >= 1, not " + std::to_string(o.jobs));
    }
    if (o.seeds < 1 || o.seeds > 100000)
    {
        throw UsageError("--seeds must be 1..100000, not " + std::to_string(o.seeds));
    }
    if (o.traces < 0 || o.traces > 1000)
    {
        throw UsageError("--traces must be 0..1000, not " + std::to_string(o.traces));
    }
    // Parameters: the command line's unknown options, then the config file's.
    for (const std::string& arg : unknown)
    {
        size_t eq = arg.find('=');
        if (arg.rfind("--", 0) != 0 || eq == std::string::npos)
        {
            throw UsageError("'" + arg + "': parameters are written --name=values");
        }
        o.given.emplace_back(arg.substr(2, eq - 2), arg.substr(eq + 1));
    }
    for (const po::option& option : fromConfig)
    {
        o.given.emplace_back(option.string_key, option.value.empty() ? "" : option.value[0]);
    }
    return o;
}

} // namespace sweep
