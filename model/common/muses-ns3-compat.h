/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_NS3_COMPAT_H
#define MUSES_NS3_COMPAT_H

// The few places where the ns-3 releases this module supports (Debian's 3.37 up to 3.48)
// disagree on an API that has no spelling common to all of them. Each is detected from the
// API itself (is this call well-formed?), never from a version number, so a release in
// between or a patched tree gets the right one.

#include "ns3/address.h"
#include "ns3/enum.h"
#include "ns3/ipv4-routing-protocol.h"

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

namespace ns3
{
namespace compat
{

/// True when MakeEnumAccessor takes the enum type first (ns-3 >= 3.41: EnumValue<E>).
template <typename E, typename M, typename = void>
struct EnumAccessorNamesEnum : std::false_type
{
};

/// \copydoc EnumAccessorNamesEnum
template <typename E, typename M>
struct EnumAccessorNamesEnum<E, M, std::void_t<decltype(MakeEnumAccessor<E>(std::declval<M>()))>>
    : std::true_type
{
};

/**
 * \ingroup muses
 * \brief MakeEnumAccessor for an attribute of enum type E.
 * \tparam E the enum
 * \param member the data member (or accessor) of type E
 * \return the accessor
 */
template <typename E, typename M>
Ptr<const AttributeAccessor>
MakeEnumAccessor(M member)
{
    if constexpr (EnumAccessorNamesEnum<E, M>::value)
    {
        return ns3::MakeEnumAccessor<E>(member);
    }
    else
    {
        return ns3::MakeEnumAccessor(member);
    }
}

/// True when Address::Register takes a kind and a length (ns-3 >= 3.47).
template <typename A, typename = void>
struct RegisterTakesKind : std::false_type
{
};

/// \copydoc RegisterTakesKind
template <typename A>
struct RegisterTakesKind<A, std::void_t<decltype(A::Register(std::string(), std::uint8_t()))>>
    : std::true_type
{
};

/**
 * \ingroup muses
 * \brief Allocate an ns3::Address type.
 * \param kind the address kind's name (used where ns-3 keeps one)
 * \param length its length in bytes
 * \return the type
 */
template <typename A = Address>
std::uint8_t
RegisterAddressType(const std::string& kind, std::uint8_t length)
{
    if constexpr (RegisterTakesKind<A>::value)
    {
        return A::Register(kind, length);
    }
    else
    {
        return A::Register();
    }
}

/// True when Ipv4RoutingProtocol::RouteInput takes its callbacks by reference (ns-3 >= 3.44;
/// by value in Debian's 3.37).
template <typename R = Ipv4RoutingProtocol>
constexpr bool ROUTE_INPUT_BY_REFERENCE =
    std::is_same_v<decltype(&R::RouteInput),
                   bool (R::*)(Ptr<const Packet>,
                               const Ipv4Header&,
                               Ptr<const NetDevice>,
                               const typename R::UnicastForwardCallback&,
                               const typename R::MulticastForwardCallback&,
                               const typename R::LocalDeliverCallback&,
                               const typename R::ErrorCallback&)>;

/// A RouteInput() callback parameter as this ns-3 release declares it: an override of
/// RouteInput declares its callbacks with it.
template <typename T>
using RouteInputCallback = std::conditional_t<ROUTE_INPUT_BY_REFERENCE<>, const T&, T>;

} // namespace compat
} // namespace ns3

#endif /* MUSES_NS3_COMPAT_H */
