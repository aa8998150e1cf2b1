/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The module's test runner for standalone builds: ns-3's TestRunner over the test suites
// compiled into this executable. Accepts ns-3 test-runner options (--suite=, --list,
// --verbose, ...). utils/run-tests drives it and prints the totals.

#include "ns3/test.h"

int
main(int argc, char** argv)
{
    return ns3::TestRunner::Run(argc, argv);
}
