/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef HYPERBOLIC_ADDRESS_H
#define HYPERBOLIC_ADDRESS_H

#include "ns3/buffer.h"

#include <complex>
#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A CLOAK overlay address: a point of the Poincaré disk (doc/muses.rst, "The CLOAK
 * overlay").
 *
 * Hyperbolic distance: d(u, v) = acosh(1 + 2|u - v|^2 / ((1 - |u|^2)(1 - |v|^2))).
 * Addresses are handed out along a q-regular tree embedded from the root at the origin:
 * a node's q slots (one of them toward its own parent) lie evenly on the circle of
 * Euclidean radius r = cos(pi / q) around it, once the node is mapped to the origin by a
 * Möbius transformation. That radius is the edge of the {inf, q} tessellation
 * (cosh(s/2) sin(pi/q) = 1 for the edge length s), so a tree hop toward any address is
 * always strictly closer to it: greedy routing on the tree never gets stuck.
 *
 * A tree address also keeps its path from the root (the slot taken at each level): that is
 * what goes on the wire (exact, and independent of the platform's floating point); the
 * receiver replays it to get the same coordinates (FromPath, Deserialize). A bare point (a
 * DHT key point, say) has no path.
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

    /// Largest tree degree (a slot is one byte on the wire).
    static constexpr uint32_t MAX_DEGREE = 255;

    /// The origin, as a bare point (no tree).
    HyperbolicAddress();

    /// \param point a point strictly inside the unit disk (checked: fatal error otherwise);
    ///        a bare point, with no tree path
    explicit HyperbolicAddress(Point point);

    /// \param degree q, the tree's degree (3 .. MAX_DEGREE) \return the root of such a tree
    static HyperbolicAddress Root(uint32_t degree);

    /**
     * \brief The tree address at the end of a path from the root.
     * \param degree q
     * \param path the slot at each level (the root's from 0 to q-1, the others' from 1)
     * \param address receives the address
     * \return false if the degree or a slot is invalid or the path goes beyond MAX_RADIUS
     */
    static bool FromPath(uint32_t degree,
                         const std::vector<uint8_t>& path,
                         HyperbolicAddress& address);

    /// \return the tree's degree, 0 for a bare point
    uint32_t GetDegree() const;
    /// \return the path from the root (empty for the root and for bare points)
    const std::vector<uint8_t>& GetPath() const;

    /// \return the point
    Point GetPoint() const;

    /// \return the hyperbolic distance to the origin
    long double GetRadius() const;

    /// \param other another address \return the hyperbolic distance between them
    long double DistanceTo(const HyperbolicAddress& other) const;

    /**
     * \brief The address of one of this tree address's children.
     * \param slot the child's slot: 0 .. q-1 for the root, 1 .. q-1 for others (slot 0 is
     *        the direction of the parent)
     * \param child receives the child's address
     * \return false, leaving child alone, for a bare point, an invalid slot, or a child
     *         beyond MAX_RADIUS
     */
    bool GetChild(uint32_t slot, HyperbolicAddress& child) const;

    /// \return bytes of the wire form: degree (1), depth (1), one byte per slot
    uint32_t GetSerializedSize() const;
    /// Write the wire form (tree addresses only). \param i where
    void Serialize(Buffer::Iterator& i) const;
    /**
     * \brief Read a wire form, without trusting it.
     * \param i where; advanced past what was read
     * \param available bytes left to read
     * \param address receives the address
     * \return bytes read, or 0 if short or invalid (degree, slot, depth beyond MAX_RADIUS)
     */
    static uint32_t Deserialize(Buffer::Iterator& i,
                                uint32_t available,
                                HyperbolicAddress& address);

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
    /**
     * \brief cosh of the hyperbolic distance, which orders points as the distance does.
     *
     * Greedy routing only compares distances; this spares the acosh (a logarithm) per
     * neighbour and per neighbour's neighbour at every hop.
     * \param u a point \param v a point \return cosh(Distance(u, v))
     */
    static long double CoshDistance(Point u, Point v);
    /// \param degree q \return cos(pi / q), the Euclidean radius of a node's slots at the origin
    static long double SlotRadius(uint32_t degree);

    /// \param other an address \return true if the points (and trees) are equal
    bool operator==(const HyperbolicAddress& other) const;
    /// \param other an address \return true if the points differ
    bool operator!=(const HyperbolicAddress& other) const;

  private:
    /**
     * \brief One step down the tree, with the checks GetChild() makes.
     * \param self the node's point \param parent its parent's point \param degree q
     * \param root whether the node is the root \param slot the slot
     * \param child the child's point, when valid \return false for a bad slot or a point
     * beyond MAX_RADIUS
     */
    static bool NextPoint(Point self,
                          Point parent,
                          uint32_t degree,
                          bool root,
                          uint32_t slot,
                          Point& child);

    Point m_point;               //!< The point, |m_point| < 1
    Point m_parentPoint;         //!< The parent's point (slot 0's direction), tree addresses
    uint32_t m_degree;           //!< q, 0 for a bare point
    std::vector<uint8_t> m_path; //!< Slots from the root
};

/// \param os a stream \param address an address \return os, with "(x, y)"
std::ostream& operator<<(std::ostream& os, const HyperbolicAddress& address);

} // namespace ns3

#endif /* HYPERBOLIC_ADDRESS_H */
