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

/**
 * \brief What identifies a build of the scenario: the path, size and modification time of
 *        its program and of every shared library it loads from outside the system (/lib,
 *        /usr: this module's library, or a source tree's ns-3 libraries), one per line.
 * \param scenario the program
 * \return the fingerprint
 */
std::string ProgramFingerprint(const std::string& scenario);

/// Write the run's params file (what --aggregate reads back) and the program's fingerprint.
/// \param dir its directory \param run the run \param program ProgramFingerprint()
void WriteParams(const fs::path& dir, const Run& run, const std::string& program);

/**
 * \brief Run everything not done yet, at most `jobs` at a time. A run is done when it has a
 *        summary.json written by the same build with the same parameters; one of another
 *        build or with other parameters runs again. Each run's exit status is kept in its
 *        directory (exit_status), where --aggregate finds it.
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
