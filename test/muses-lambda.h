/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_LAMBDA_H
#define MUSES_LAMBDA_H

// Lambdas as ns-3 events and callbacks, on every ns-3 release the module builds with:
// ns-3 <= 3.35 (waf trees) schedules and wraps only functions and methods.

#include "ns3/callback.h"
#include "ns3/simulator.h"

#include <functional>
#include <type_traits>

namespace ns3
{
namespace tests
{

/// \param f what to run
inline void
RunFunction(std::function<void()> f)
{
    f();
}

/**
 * \brief Simulator::Schedule for a lambda.
 * \param delay when, from now
 * \param f what to run
 * \return the event
 */
template <typename F>
EventId
ScheduleLambda(Time delay, F f)
{
    return Simulator::Schedule(delay, &RunFunction, std::function<void()>(f));
}

/// \param f the function \param args its arguments
template <typename... Args>
void
CallFunction(std::function<void(Args...)> f, Args... args)
{
    f(args...);
}

/**
 * \brief A Callback<void, Args...> calling a lambda.
 * \param f the lambda
 * \return the callback
 */
template <typename... Args, typename F>
Callback<void, Args...>
MakeLambdaCallback(F f)
{
    std::function<void(Args...)> function(f);
    if constexpr (std::is_constructible_v<Callback<void, Args...>, std::function<void(Args...)>>)
    {
        return Callback<void, Args...>(function); // ns-3 >= 3.36 wraps it directly
    }
    else
    {
        return MakeBoundCallback(&CallFunction<Args...>, function);
    }
}

} // namespace tests
} // namespace ns3

#endif /* MUSES_LAMBDA_H */
