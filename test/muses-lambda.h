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
#include <memory>
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

/// A lambda held so that callbacks bound to it can compare (ns-3 <= 3.35 compares bound
/// arguments); two holders are equal when they hold the same lambda.
template <typename... Args>
struct LambdaHolder
{
    std::shared_ptr<std::function<void(Args...)>> function; //!< The lambda

    /// \param other a holder \return true if it holds another lambda
    bool operator!=(const LambdaHolder& other) const
    {
        return function != other.function;
    }

    /// \param other a holder \return true if it holds the same lambda
    bool operator==(const LambdaHolder& other) const
    {
        return function == other.function;
    }
};

/// \param holder the lambda \param args its arguments
template <typename... Args>
void
CallHeld(LambdaHolder<Args...> holder, Args... args)
{
    (*holder.function)(args...);
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
        LambdaHolder<Args...> holder{std::make_shared<std::function<void(Args...)>>(function)};
        return MakeBoundCallback(&CallHeld<Args...>, holder);
    }
}

} // namespace tests
} // namespace ns3

#endif /* MUSES_LAMBDA_H */
