/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HYPERBOLIC_ADDRESS_H
#define HYPERBOLIC_ADDRESS_H

#include <complex>
#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A CLOAK overlay address: a point of the Poincaré disk (DESIGN.md §5).
 *
 * Hyperbolic distance: d(u, v) = acosh(1 + 2|u - v|^2 / ((1 - |u|^2)(1 - |v|^2))).
 * Addresses are handed out along a q-regular tree embedded from the root at the origin:
 * a node's q slots (one of them toward its own parent) lie evenly on the circle of
 * Euclidean radius r = cos(pi / q) around it, once the node is mapped to the origin by a
 * Möbius transformation. That radius is the edge of the {inf, q} tessellation
 * (cosh(s/2) sin(pi/q) = 1 for the edge length s), so a tree hop toward any address is
 * always strictly closer to it: greedy routing on the tree never gets stuck.
 *
 * Coordinates are long doubles. Near the disk's edge they run out of precision: on the
 * worst paths (straight or zigzag) greedy routing fails from a hyperbolic radius of about
 * 42 and points round onto the circle at about 44 to 46. GetChild() therefore refuses
 * children beyond MAX_RADIUS (40); a tree stays far below it when peers join through the
 * least deep peer they know.
 */
class HyperbolicAddress
{
  public:
    /// A point of the complex plane.
    typedef std::complex<long double> Point;

    /// Largest hyperbolic distance from the origin GetChild() hands out.
    static constexpr long double MAX_RADIUS = 40;

    /// The origin: the root's address.
    HyperbolicAddress();

    /// \param point a point strictly inside the unit disk (checked: fatal error otherwise)
    explicit HyperbolicAddress(Point point);

    /// \return the point
    Point GetPoint() const;

    /// \return the hyperbolic distance to the origin
    long double GetRadius() const;

    /// \param other another address \return the hyperbolic distance between them
    long double DistanceTo(const HyperbolicAddress& other) const;

    /**
     * \brief The address of one of this node's tree children.
     * \param degree q, the tree's degree (>= 3)
     * \param slot the child's slot: 0 .. q-1 for the root, 1 .. q-1 for others (slot 0 is
     *        the direction of the parent)
     * \param parent this node's parent (ignored for the root)
     * \param child receives the child's address
     * \return false, leaving child alone, if the slot is invalid or the child would be
     *         beyond MAX_RADIUS
     */
    bool GetChild(uint32_t degree,
                  uint32_t slot,
                  const HyperbolicAddress& parent,
                  HyperbolicAddress& child) const;

    /// \return true for the origin (the root)
    bool IsOrigin() const;

    /**
     * \brief The child point, without the precision check (for analysis and tests).
     * \param self the node's point \param parent its parent's point (unused for the origin)
     * \param degree q \param slot the slot
     * \return the child's point
     */
    static Point ChildPoint(Point self, Point parent, uint32_t degree, uint32_t slot);

    /// \param w a point \param a a point of the disk \return the Möbius map of w sending a to 0
    static Point ToOrigin(Point w, Point a);
    /// \param w a point \param a a point of the disk \return the inverse of ToOrigin(., a)
    static Point FromOrigin(Point w, Point a);
    /// \param u a point \param v a point \return the hyperbolic distance between them
    static long double Distance(Point u, Point v);
    /// \param degree q \return cos(pi / q), the Euclidean radius of a node's slots at the origin
    static long double SlotRadius(uint32_t degree);

    /// \param other an address \return true if the points are equal
    bool operator==(const HyperbolicAddress& other) const;
    /// \param other an address \return true if the points differ
    bool operator!=(const HyperbolicAddress& other) const;

  private:
    Point m_point; //!< The point, |m_point| < 1
};

/// \param os a stream \param address an address \return os, with "(x, y)"
std::ostream& operator<<(std::ostream& os, const HyperbolicAddress& address);

} // namespace ns3

#endif /* HYPERBOLIC_ADDRESS_H */
