/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <unistd.h>

namespace sweep
{

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

std::vector<Parameter>
MakeParameters(const std::map<std::string, Option>& options,
               const std::string& scenario,
               const std::vector<std::pair<std::string, std::string>>& given,
               uint32_t seeds,
               std::vector<std::string>& swept)
{
    std::vector<Parameter> parameters;
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
    return parameters;
}

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

} // namespace sweep
