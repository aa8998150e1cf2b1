/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SWEEP_GRID_H
#define SWEEP_GRID_H

// muses-sweep: the scenario's options, the values of a parameter, the grid of runs.

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sweep
{

namespace fs = std::filesystem;

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

/// \return true if s is a number
bool IsNumber(const std::string& s);

/// \return the scenario's options, read from its --help ("Program Options:" section)
/// \param scenario the scenario program
std::map<std::string, Option> ScenarioOptions(const std::string& scenario);

/// \return the values of "a,b,c" or "from:to:step" for an option
/// \param option the option \param text the values as given
std::vector<std::string> ParseValues(const Option& option, const std::string& text);

/**
 * \brief The sweep's parameters from the name=values given, checked against the scenario.
 * \param options the scenario's options
 * \param scenario its program (for messages)
 * \param given name and values text, in the order given
 * \param seeds RngRun 1..seeds is the last parameter
 * \param swept receives the names of the parameters with more than one value
 * \return the parameters
 */
std::vector<Parameter> MakeParameters(const std::map<std::string, Option>& options,
                                      const std::string& scenario,
                                      const std::vector<std::pair<std::string, std::string>>& given,
                                      uint32_t seeds,
                                      std::vector<std::string>& swept);

/// \return s quoted for a POSIX shell \param s a word
std::string ShellQuote(const std::string& s);

/// \return a file-name-safe run id \param params a run's name=value pairs
std::string RunId(const std::vector<std::pair<std::string, std::string>>& params);

/// \return every combination of the parameters' values (the first parameter varies slowest)
/// \param parameters the parameters
std::vector<Run> Grid(const std::vector<Parameter>& parameters);

} // namespace sweep

#endif // SWEEP_GRID_H
