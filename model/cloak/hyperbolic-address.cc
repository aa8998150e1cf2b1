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
    : m_point(0, 0),
      m_parentPoint(0, 0),
      m_degree(0)
{
}

HyperbolicAddress::HyperbolicAddress(Point point)
    : m_point(point),
      m_parentPoint(0, 0),
      m_degree(0)
{
    NS_ABORT_MSG_IF(!(std::norm(point) < 1), "HyperbolicAddress: point outside the unit disk");
}

HyperbolicAddress
HyperbolicAddress::Root(uint32_t degree)
{
    NS_ABORT_MSG_IF(degree < 3 || degree > MAX_DEGREE,
                    "HyperbolicAddress: degree " << degree << " not in 3.." << MAX_DEGREE);
    HyperbolicAddress root;
    root.m_degree = degree;
    return root;
}

bool
HyperbolicAddress::FromPath(uint32_t degree,
                            const std::vector<uint8_t>& path,
                            HyperbolicAddress& address)
{
    if (degree < 3 || degree > MAX_DEGREE)
    {
        return false;
    }
    // Walks the points only: the path is copied once, not once per level (addresses are
    // decoded from their path in every keepalive and header).
    Point self(0, 0);
    Point parent(0, 0);
    for (std::size_t level = 0; level < path.size(); ++level)
    {
        Point child;
        if (!NextPoint(self, parent, degree, level == 0, path[level], child))
        {
            return false;
        }
        parent = self;
        self = child;
    }
    address.m_point = self;
    address.m_parentPoint = parent;
    address.m_degree = degree;
    address.m_path = path;
    return true;
}

uint32_t
HyperbolicAddress::GetDegree() const
{
    return m_degree;
}

const std::vector<uint8_t>&
HyperbolicAddress::GetPath() const
{
    return m_path;
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
    return std::acosh(CoshDistance(u, v));
}

long double
HyperbolicAddress::CoshDistance(Point u, Point v)
{
    long double denominator = (1 - std::norm(u)) * (1 - std::norm(v));
    return 1 + 2 * std::norm(u - v) / denominator;
}

long double
HyperbolicAddress::SlotRadius(uint32_t degree)
{
    return std::cos(PI / degree);
}

HyperbolicAddress::Point
HyperbolicAddress::ChildPoint(Point self, Point parent, uint32_t degree, uint32_t slot)
{
    // In the frame where this node is the origin, slot 0 points at the parent: the slot is
    // that direction turned by slot/q of a circle. The turns are computed once per degree
    // (addresses are rebuilt from their path for every packet; trigonometry was a third of
    // the cost).
    static std::vector<std::vector<Point>> turns(MAX_DEGREE + 1);
    std::vector<Point>& turn = turns[degree];
    if (turn.empty())
    {
        for (uint32_t k = 0; k < degree; ++k)
        {
            turn.push_back(std::polar(SlotRadius(degree), 2 * PI * k / degree));
        }
    }
    Point toParent(1, 0);
    if (self != Point(0, 0))
    {
        toParent = ToOrigin(parent, self);
        toParent /= std::abs(toParent);
    }
    return FromOrigin(toParent * turn[slot], self);
}

bool
HyperbolicAddress::NextPoint(Point self,
                             Point parent,
                             uint32_t degree,
                             bool root,
                             uint32_t slot,
                             Point& child)
{
    if (degree == 0 || slot >= degree || (slot == 0 && !root))
    {
        return false;
    }
    // |child| <= tanh(MAX_RADIUS / 2) is 2 atanh |child| <= MAX_RADIUS without an atanh and
    // a square root per level of every address read from the wire.
    static const long double maxNorm = std::pow(std::tanh(MAX_RADIUS / 2), 2);
    child = ChildPoint(self, parent, degree, slot);
    return std::norm(child) <= maxNorm;
}

bool
HyperbolicAddress::GetChild(uint32_t slot, HyperbolicAddress& child) const
{
    Point point;
    if (!NextPoint(m_point, m_parentPoint, m_degree, m_path.empty(), slot, point))
    {
        return false;
    }
    child.m_point = point;
    child.m_parentPoint = m_point;
    child.m_degree = m_degree;
    child.m_path = m_path;
    child.m_path.push_back(slot);
    return true;
}

uint32_t
HyperbolicAddress::GetSerializedSize() const
{
    return 2 + m_path.size();
}

void
HyperbolicAddress::Serialize(Buffer::Iterator& i) const
{
    NS_ABORT_MSG_IF(m_degree == 0, "HyperbolicAddress: a bare point has no wire form");
    i.WriteU8(m_degree);
    i.WriteU8(m_path.size());
    for (uint8_t slot : m_path)
    {
        i.WriteU8(slot);
    }
}

uint32_t
HyperbolicAddress::Deserialize(Buffer::Iterator& i, uint32_t available, HyperbolicAddress& address)
{
    if (available < 2)
    {
        return 0;
    }
    uint32_t degree = i.ReadU8();
    uint32_t depth = i.ReadU8();
    if (available < 2 + depth)
    {
        return 0;
    }
    std::vector<uint8_t> path(depth);
    for (uint8_t& slot : path)
    {
        slot = i.ReadU8();
    }
    return FromPath(degree, path, address) ? 2 + depth : 0;
}

bool
HyperbolicAddress::operator==(const HyperbolicAddress& other) const
{
    return m_point == other.m_point && m_degree == other.m_degree && m_path == other.m_path;
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
