/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-scratch-check: built by the rule that builds every scratch/*.cc (CMakeLists.txt) and
// run by `make test` (utils/check-examples), so the promise of scratch/README.md holds: a
// scenario may use any installed ns-3 module, here wifi and lte beside muses, with no CMake
// edit. Each module is used (a helper made), so each library must be linked.

#include "ns3/core-module.h"
#include "ns3/lte-module.h"
#include "ns3/muses-module.h"
#include "ns3/wifi-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.Parse(argc, argv);
    WifiHelper wifi;
    MusesHelper muses;
    std::cout << "linked: " << LteHelper::GetTypeId().GetName() << ", "
              << WifiNetDevice::GetTypeId().GetName() << ", "
              << MusesL4Protocol::GetTypeId().GetName() << std::endl;
    return 0;
}
