/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_PLOTS_H
#define SWEEP_PLOTS_H

// muses-sweep: results.csv and the plots of a sweep.

#include "sweep-results.h"

#include <filesystem>
#include <string>
#include <vector>

namespace sweep
{

namespace fs = std::filesystem;

/**
 * \brief Aggregate the runs into results.csv and plot resume latency and outage detection
 *        against each swept parameter, and the throughput traces around the outage.
 * \param outDir the sweep's directory
 * \param swept the swept parameters (empty: those with more than one value in the runs)
 * \param points the points whose traces to show (name=value,...; empty: the first ones)
 * \param traces traces to overlay at most
 * \return process status: 1 if a run failed (each flagged run is named on stderr)
 */
int Report(const fs::path& outDir,
           const std::vector<std::string>& swept,
           const std::vector<std::string>& points,
           size_t traces);

} // namespace sweep

#endif // SWEEP_PLOTS_H
