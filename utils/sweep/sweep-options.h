/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_OPTIONS_H
#define SWEEP_OPTIONS_H

// muses-sweep: its own command line (and --config file); the rest are the scenario's
// parameters.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sweep
{

/// What the sweep was asked to do.
struct SweepOptions
{
    std::string scenario;                 //!< The scenario program
    std::string outDir;                   //!< The sweep's directory
    std::string emitJobs;                 //!< Write job lists here instead of running
    int64_t seeds{1};                     //!< RngRun 1..seeds per point (signed: -5 is refused)
    int jobs{1};                          //!< Processes at a time
    int64_t traces{6};                    //!< Traces overlaid in traces.png
    std::vector<std::string> tracePoints; //!< Points whose traces to show
    bool aggregate{false};                //!< Only aggregate and plot
    std::string help;                     //!< Set: --help was asked; print this
    /// The scenario's parameters: name and values text (command line, then config file)
    std::vector<std::pair<std::string, std::string>> given;
};

/**
 * \brief Parse muses-sweep's command line.
 * \param argc argc \param argv argv (argv[0] locates the default scenario)
 * \return the options
 * \throw UsageError or boost::program_options::error on bad input
 */
SweepOptions ParseCommandLine(int argc, char** argv);

} // namespace sweep

#endif // SWEEP_OPTIONS_H
