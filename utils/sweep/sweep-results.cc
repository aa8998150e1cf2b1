/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sweep-results.h"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>

namespace sweep
{

namespace
{
/// \return s as one CSV field
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
} // namespace

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
        if (!fs::exists(dir / "params"))
        {
            continue;
        }
        Row row;
        row.id = dir.filename().string();
        std::string exit;
        std::ifstream(dir / "exit_status") >> exit;
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
        catch (const std::exception&)
        {
            row.status = std::string("failed: ") +
                         (fs::exists(dir / "summary.json") ? "unreadable" : "no") +
                         " summary.json" + (exit.empty() ? "" : " (exit " + exit + ")");
            rows.push_back(row);
            continue;
        }
        row.status = !exit.empty() && exit != "0"                          ? "failed: exit " + exit
                     : tree.get("bytes_received", std::string()) == "0"    ? "no data"
                     : tree.get("handshakes.failed", 0) > 0                ? "connection failed"
                     : tree.get("file_complete", std::string()) == "false" ? "incomplete"
                                                                           : "ok";
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
    out << "run,status";
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
        out << CsvField(r.id) << "," << CsvField(r.status);
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

double
T95(size_t df)
{
    static const double t[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                               2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                               2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                               2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    return df == 0 ? 0 : df <= 30 ? t[df - 1] : 1.96;
}

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

} // namespace sweep
