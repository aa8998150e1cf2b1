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
// writes there, its exit status, and the fingerprint of the scenario's build: its program
// and non-system libraries' paths, sizes and times); a run whose summary.json exists is not
// run again unless the build or its parameters changed. Then D/results.csv has one row per
// run (its status: ok, or failed, no data, connection failed, incomplete, each also named on
// stderr; its parameters and every scalar key of its summary.json), and D/*.png
// plot resume_latency_s and the outage-detection time (suspended_at_s - move_at_s) against
// each swept parameter (mean and 95% confidence interval over the runs, one line per value
// of a second swept parameter; runs where a metric is null are counted on stderr), and
// overlay the throughput traces around the outage. The exit status is 1 if a run failed.
//
// --emit-jobs=FILE writes the runs as shell commands, one per line (for GNU parallel, also
// over many machines with --sshloginfile) and FILE.sbatch (a Slurm job array running the
// same lines); --aggregate then builds results.csv and the plots from D.

#include "sweep/sweep-grid.h"
#include "sweep/sweep-options.h"
#include "sweep/sweep-plots.h"
#include "sweep/sweep-runner.h"

#include <boost/program_options.hpp>
#include <iostream>

namespace fs = std::filesystem;
using namespace sweep;

int
main(int argc, char** argv)
{
    try
    {
        SweepOptions o = ParseCommandLine(argc, argv);
        if (!o.help.empty())
        {
            std::cout << o.help << std::endl;
            return 0;
        }
        if (o.aggregate)
        {
            return Report(o.outDir, {}, o.tracePoints, o.traces);
        }
        std::string scenario = fs::absolute(o.scenario).string();
        std::vector<std::string> swept;
        std::vector<Run> runs =
            Grid(MakeParameters(ScenarioOptions(o.scenario), o.scenario, o.given, o.seeds, swept));
        std::error_code error;
        fs::create_directories(o.outDir, error);
        if (error)
        {
            throw UsageError("--outDir: cannot create " + o.outDir + ": " + error.message());
        }
        if (!o.emitJobs.empty())
        {
            EmitJobs(scenario, o.outDir, runs, o.emitJobs);
            std::cerr << "muses-sweep: " << runs.size() << " jobs in " << o.emitJobs
                      << " (GNU parallel: parallel -j N < " << o.emitJobs << "; Slurm: sbatch "
                      << o.emitJobs
                      << ".sbatch), then: muses-sweep --aggregate --outDir=" << o.outDir
                      << std::endl;
            return 0;
        }
        int failed = RunAll(scenario, o.outDir, runs, o.jobs);
        int report = Report(o.outDir, swept, o.tracePoints, o.traces);
        return failed == 0 && report == 0 ? 0 : 1;
    }
    catch (const UsageError& e)
    {
        std::cerr << "muses-sweep: " << e.what() << std::endl;
        return 2;
    }
    catch (const boost::program_options::error& e)
    {
        std::cerr << "muses-sweep: " << e.what() << std::endl;
        return 2;
    }
}
