/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_TEST_UTILS_H
#define CLOAK_TEST_UTILS_H

// What the CLOAK test suites share.

#include "muses-lambda.h"

#include "ns3/hyperbolic-address.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{
namespace tests
{

/**
 * \param random the generator
 * \param maxDegree largest tree degree (>= 3)
 * \param maxDepth longest path
 * \return a tree address down a random path of a tree of random degree
 */
inline HyperbolicAddress
RandomTreeAddress(Ptr<UniformRandomVariable> random, uint32_t maxDegree, uint32_t maxDepth)
{
    uint32_t q = random->GetInteger(3, maxDegree);
    HyperbolicAddress a = HyperbolicAddress::Root(q);
    uint32_t depth = random->GetInteger(0, maxDepth);
    for (uint32_t d = 0; d < depth; ++d)
    {
        HyperbolicAddress next;
        if (a.GetChild(random->GetInteger(d == 0 ? 0 : 1, q - 1), next))
        {
            a = next;
        }
    }
    return a;
}

/**
 * \brief A lookup's answer callback (CloakNode::Lookup) calling a lambda.
 * \param f the lambda (name, found, address, value)
 * \return the callback
 */
template <typename F>
Callback<void, uint64_t, bool, const HyperbolicAddress&, const std::vector<uint8_t>&>
OnLookup(F f)
{
    return MakeLambdaCallback<uint64_t,
                              bool,
                              const HyperbolicAddress&,
                              const std::vector<uint8_t>&>(f);
}

} // namespace tests
} // namespace ns3

#endif /* CLOAK_TEST_UTILS_H */
