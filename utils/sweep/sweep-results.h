/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_RESULTS_H
#define SWEEP_RESULTS_H

// muses-sweep: the runs' results, read back and tabulated, and their statistics.

#include "sweep-grid.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sweep
{

namespace fs = std::filesystem;

/// One aggregated run: its parameters, its summary's scalar values and what became of it.
struct Row
{
    std::string id;                             //!< Its directory's name
    std::string status;                         //!< ok, or why it is flagged
    std::map<std::string, std::string> params;  //!< Its parameters
    std::map<std::string, std::string> summary; //!< Its summary.json's scalars
};

/**
 * \brief Read every run directory of outDir (its params file and summary.json). A run is
 *        flagged (Row::status) when it failed (no summary.json, or a non-zero exit status),
 *        moved no data (bytes_received 0), a connection failed (handshakes.failed) or its
 *        transfer is incomplete (file_complete false); else its status is "ok".
 * \param outDir the sweep's directory
 * \param paramColumns receives the parameters' column order
 * \param summaryColumns receives the summary keys' column order
 * \return one row per run
 */
std::vector<Row> Aggregate(const fs::path& outDir,
                           std::vector<std::string>& paramColumns,
                           std::vector<std::string>& summaryColumns);

/// Write results.csv. \param path the file \param rows the runs
/// \param paramColumns parameter columns \param summaryColumns summary columns
void WriteCsv(const fs::path& path,
              const std::vector<Row>& rows,
              const std::vector<std::string>& paramColumns,
              const std::vector<std::string>& summaryColumns);

/// Student's t quantile for a two-sided 95% interval. \param df degrees of freedom
/// \return it
double T95(size_t df);

/// \return the value of a metric for a row, or NaN \param r the row \param metric its key
/// (or detection_s: suspended_at_s - move_at_s)
double Metric(const Row& r, const std::string& metric);

} // namespace sweep

#endif // SWEEP_RESULTS_H
