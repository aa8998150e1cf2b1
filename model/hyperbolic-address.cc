/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "hyperbolic-address.h"

#include "ns3/abort.h"

#include <cmath>

namespace ns3
{

namespace
{
const long double PI = 3.141592653589793238462643383279502884L;
} // namespace

HyperbolicAddress::HyperbolicAddress()
    : m_point(0, 0)
{
}

HyperbolicAddress::HyperbolicAddress(Point point)
    : m_point(point)
{
    NS_ABORT_MSG_IF(!(std::norm(point) < 1), "HyperbolicAddress: point outside the unit disk");
}

HyperbolicAddress::Point
HyperbolicAddress::GetPoint() const
{
    return m_point;
}

long double
HyperbolicAddress::GetRadius() const
{
    return 2 * std::atanh(std::abs(m_point));
}

long double
HyperbolicAddress::DistanceTo(const HyperbolicAddress& other) const
{
    return Distance(m_point, other.m_point);
}

bool
HyperbolicAddress::IsOrigin() const
{
    return m_point == Point(0, 0);
}

HyperbolicAddress::Point
HyperbolicAddress::ToOrigin(Point w, Point a)
{
    return (w - a) / (1.0L - std::conj(a) * w);
}

HyperbolicAddress::Point
HyperbolicAddress::FromOrigin(Point w, Point a)
{
    return (w + a) / (1.0L + std::conj(a) * w);
}

long double
HyperbolicAddress::Distance(Point u, Point v)
{
    long double denominator = (1 - std::norm(u)) * (1 - std::norm(v));
    return std::acosh(1 + 2 * std::norm(u - v) / denominator);
}

long double
HyperbolicAddress::SlotRadius(uint32_t degree)
{
    return std::cos(PI / degree);
}

HyperbolicAddress::Point
HyperbolicAddress::ChildPoint(Point self, Point parent, uint32_t degree, uint32_t slot)
{
    // In the frame where this node is the origin, slot 0 points at the parent.
    long double toParent = self == Point(0, 0) ? 0 : std::arg(ToOrigin(parent, self));
    Point inFrame = std::polar(SlotRadius(degree), toParent + 2 * PI * slot / degree);
    return FromOrigin(inFrame, self);
}

bool
HyperbolicAddress::GetChild(uint32_t degree,
                            uint32_t slot,
                            const HyperbolicAddress& parent,
                            HyperbolicAddress& child) const
{
    if (degree < 3 || slot >= degree || (slot == 0 && !IsOrigin()))
    {
        return false;
    }
    Point point = ChildPoint(m_point, parent.m_point, degree, slot);
    if (!(std::norm(point) < 1) || 2 * std::atanh(std::abs(point)) > MAX_RADIUS)
    {
        return false;
    }
    child.m_point = point;
    return true;
}

bool
HyperbolicAddress::operator==(const HyperbolicAddress& other) const
{
    return m_point == other.m_point;
}

bool
HyperbolicAddress::operator!=(const HyperbolicAddress& other) const
{
    return !(*this == other);
}

std::ostream&
operator<<(std::ostream& os, const HyperbolicAddress& address)
{
    return os << "(" << double(address.GetPoint().real()) << ", "
              << double(address.GetPoint().imag()) << ")";
}

} // namespace ns3
