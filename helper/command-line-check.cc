/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "command-line-check.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace ns3
{

void
CommandLineCheck::AddReal(std::initializer_list<std::string> flags)
{
    m_reals.insert(flags);
}

void
CommandLineCheck::AddCount(std::initializer_list<std::string> flags)
{
    m_counts.insert(flags);
}

void
CommandLineCheck::AddBool(std::initializer_list<std::string> flags)
{
    m_bools.insert(flags);
}

std::string
CommandLineCheck::Check(int argc, char* argv[]) const
{
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        size_t dashes = arg.compare(0, 2, "--") == 0 ? 2 : arg.compare(0, 1, "-") == 0 ? 1 : 0;
        size_t equals = arg.find('=');
        if (dashes == 0 || equals == std::string::npos)
        {
            continue; // CommandLine's own business
        }
        std::string flag = arg.substr(dashes, equals - dashes);
        std::string value = arg.substr(equals + 1);
        const char* text = value.c_str();
        char* end = nullptr;
        errno = 0;
        if (m_reals.count(flag))
        {
            double number = std::strtod(text, &end);
            if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(number))
            {
                return "--" + flag + ": '" + value + "' is not a finite number";
            }
        }
        else if (m_counts.count(flag))
        {
            bool digits =
                !value.empty() && value.find_first_not_of("0123456789") == std::string::npos;
            std::strtoull(text, &end, 10);
            if (!digits || errno != 0)
            {
                return "--" + flag + ": '" + value + "' is not a whole number >= 0";
            }
        }
        else if (m_bools.count(flag) && value != "true" && value != "false" && value != "1" &&
                 value != "0")
        {
            return "--" + flag + ": '" + value + "' is not true or false";
        }
    }
    return "";
}

std::string
CommandLineCheck::Parse(CommandLine& cmd, int argc, char* argv[]) const
{
    std::string error = Check(argc, argv);
    if (error.empty())
    {
        cmd.Parse(argc, argv);
    }
    return error;
}

std::string
CommandLineCheck::MakeOutputDirectory(const std::string& flag, const std::string& dir)
{
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
    {
        return "--" + flag + ": cannot create " + dir + ": " + error.message();
    }
    std::filesystem::path probe = std::filesystem::path(dir) / ".write-test";
    bool writable = std::ofstream(probe).good();
    std::filesystem::remove(probe, error);
    return writable ? "" : "--" + flag + ": cannot write into " + dir;
}

} // namespace ns3
