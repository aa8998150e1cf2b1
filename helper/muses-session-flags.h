/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_SESSION_FLAGS_H
#define MUSES_SESSION_FLAGS_H

#include "command-line-check.h"
#include "muses-helper.h"

#include "ns3/command-line.h"

#include <string>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The session's paper knobs as a scenario's command-line flags: --ackWindow (Max_i),
 *        --ackTimeout, --maxRetries (Max_j), --reHelloInterval (seconds), --suite,
 *        --reHelloOnPathChange (false: the paper's prototype) and --resumeAtOnce, with the
 *        session's defaults.
 *
 * \code
 *   MusesSessionFlags flags;
 *   flags.Register(cmd);
 *   cmd.Parse(argc, argv);
 *   std::string error = flags.Check(); // "" when the values make sense
 *   flags.Apply(musesHelper);
 * \endcode
 */
struct MusesSessionFlags
{
    uint32_t ackWindow{8};            //!< MusesSession::AckWindow
    double ackTimeout{1};             //!< MusesSession::AckTimeout, seconds
    uint32_t maxRetries{5};           //!< MusesSession::MaxRetries
    double reHelloInterval{1};        //!< MusesSession::ReHelloInterval, seconds
    std::string suite{"AES-256-GCM"}; //!< MusesSession::CipherSuite
    bool reHelloOnPathChange{true};   //!< MusesSession::ReHelloOnPathChange
    bool resumeAtOnce{true};          //!< MusesSession::ResumeAtOnce

    /// Declare the flags. \param cmd the command line
    void Register(CommandLine& cmd);
    /// Declare which of them are numbers. \param check the checks made before parsing
    void AddChecks(CommandLineCheck& check) const;
    /// \return an error message naming the flags, empty when the values make sense
    std::string Check() const;
    /// Set them as the session attributes of the nodes the helper installs. \param helper it
    void Apply(MusesHelper& helper) const;
};

} // namespace ns3

#endif /* MUSES_SESSION_FLAGS_H */
