/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef COMMAND_LINE_CHECK_H
#define COMMAND_LINE_CHECK_H

#include "ns3/command-line.h"

#include <initializer_list>
#include <set>
#include <string>

namespace ns3
{

/**
 * \ingroup muses
 * \brief What ns3::CommandLine does not check of a scenario's flags, said in one line.
 *
 * CommandLine reads "-5" into an unsigned count as 4294967291, and on a value it cannot
 * parse ("nan" for a double) prints its whole help and exits 1. Declare the numeric flags,
 * check the arguments before CommandLine::Parse, and exit 2 with the one line:
 *
 * \code
 *   CommandLineCheck check;
 *   check.AddReal({"stopTime", "moveAt"});
 *   check.AddCount({"moves"});
 *   check.AddBool({"pcap"});
 *   std::string error = check.Check(argc, argv);
 *   if (error.empty()) error = CommandLineCheck::MakeOutputDirectory("outDir", outDir);
 * \endcode
 */
class CommandLineCheck
{
  public:
    /// \param flags flags whose values must be finite numbers
    void AddReal(std::initializer_list<std::string> flags);
    /// \param flags flags whose values must be whole numbers >= 0
    void AddCount(std::initializer_list<std::string> flags);
    /// \param flags flags whose values, if given, must be true, false, 1 or 0
    void AddBool(std::initializer_list<std::string> flags);
    /**
     * \param argc as main's \param argv as main's
     * \return a line naming the first flag whose value is not what it must be, or ""
     */
    std::string Check(int argc, char* argv[]) const;
    /**
     * \brief Check(), then let the command line parse the arguments.
     * \param cmd the scenario's command line \param argc as main's \param argv as main's
     * \return Check()'s line, or "" once parsed
     */
    std::string Parse(CommandLine& cmd, int argc, char* argv[]) const;
    /**
     * \brief Create an output directory (and its parents) and make sure a file can be
     *        written there.
     * \param flag the flag that named it \param dir the directory
     * \return a line naming the flag and why, or ""
     */
    static std::string MakeOutputDirectory(const std::string& flag, const std::string& dir);

  private:
    std::set<std::string> m_reals;  //!< Flags holding a finite number
    std::set<std::string> m_counts; //!< Flags holding a whole number >= 0
    std::set<std::string> m_bools;  //!< Flags holding true or false
};

} // namespace ns3

#endif /* COMMAND_LINE_CHECK_H */
