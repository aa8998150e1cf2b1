/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-session-flags.h"

#include "ns3/boolean.h"
#include "ns3/muses-aead.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

void
MusesSessionFlags::Register(CommandLine& cmd)
{
    cmd.AddValue("ackWindow", "MUSEs AckWindow (Max_i)", ackWindow);
    cmd.AddValue("ackTimeout", "MUSEs AckTimeout, seconds", ackTimeout);
    cmd.AddValue("maxRetries", "MUSEs MaxRetries (Max_j)", maxRetries);
    cmd.AddValue("reHelloInterval", "MUSEs ReHelloInterval, seconds", reHelloInterval);
    cmd.AddValue("suite", "MUSEs cipher suite", suite);
    cmd.AddValue("reHelloOnPathChange",
                 "MUSEs ReHelloOnPathChange (false: the paper's prototype, which waits for its "
                 "next periodic Re-Hello)",
                 reHelloOnPathChange);
    cmd.AddValue("resumeAtOnce",
                 "MUSEs ResumeAtOnce: on a path change, resend what never left right behind the "
                 "REHELLO (false: wait for its answer)",
                 resumeAtOnce);
}

void
MusesSessionFlags::AddChecks(CommandLineCheck& check) const
{
    check.AddCount({"ackWindow", "maxRetries"});
    check.AddReal({"ackTimeout", "reHelloInterval"});
    check.AddBool({"reHelloOnPathChange", "resumeAtOnce"});
}

std::string
MusesSessionFlags::Check() const
{
    MusesCipherSuite parsed;
    if (ackWindow >= 1 && ackTimeout >= 0.001 && reHelloInterval >= 0.001 &&
        MusesAead::FindSuite(suite, &parsed))
    {
        return "";
    }
    return "need --ackWindow >= 1, --ackTimeout >= 0.001, --reHelloInterval >= 0.001 and a "
           "cipher suite (AES-256-GCM, AES-128-CBC-HMAC-SHA1, CHACHA20-POLY1305)";
}

void
MusesSessionFlags::Apply(MusesHelper& helper) const
{
    helper.SetSessionAttribute("AckWindow", UintegerValue(ackWindow));
    helper.SetSessionAttribute("AckTimeout", TimeValue(Seconds(ackTimeout)));
    helper.SetSessionAttribute("MaxRetries", UintegerValue(maxRetries));
    helper.SetSessionAttribute("ReHelloInterval", TimeValue(Seconds(reHelloInterval)));
    helper.SetSessionAttribute("CipherSuite", StringValue(suite));
    helper.SetSessionAttribute("ReHelloOnPathChange", BooleanValue(reHelloOnPathChange));
    helper.SetSessionAttribute("ResumeAtOnce", BooleanValue(resumeAtOnce));
}

} // namespace ns3
