/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_RUNNER_H
#define SWEEP_RUNNER_H

// muses-sweep: running the grid, in a process pool or as job lists (GNU parallel, Slurm).

#include "sweep-grid.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sweep
{

namespace fs = std::filesystem;

/// \return the scenario's arguments for a run \param scenario its program
/// \param dir the run's directory \param run the run
std::vector<std::string> Arguments(const std::string& scenario,
                                   const fs::path& dir,
                                   const Run& run);

/// Write the run's params file (what --aggregate reads back). \param dir its directory
/// \param run the run
void WriteParams(const fs::path& dir, const Run& run);

/**
 * \brief Run everything not done yet (no summary.json), at most `jobs` at a time.
 * \param scenario the program \param outDir the sweep's directory \param runs the grid
 * \param jobs processes at a time
 * \return runs that failed
 */
int RunAll(const std::string& scenario,
           const fs::path& outDir,
           const std::vector<Run>& runs,
           int jobs);

/**
 * \brief Write the runs as shell commands, one per line, into `list`, and a Slurm job array
 *        running the same lines into list.sbatch; run nothing.
 * \param scenario the program \param outDir the sweep's directory \param runs the grid
 * \param list the job list's file
 */
void EmitJobs(const std::string& scenario,
              const fs::path& outDir,
              const std::vector<Run>& runs,
              const std::string& list);

} // namespace sweep

#endif // SWEEP_RUNNER_H
