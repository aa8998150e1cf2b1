/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CLOAK's hyperbolic addresses: known answers, the greedy property on random trees, and the
// precision limit.

#include "cloak-test-utils.h"

#include "ns3/hyperbolic-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <cmath>
#include <vector>

namespace ns3
{
namespace tests
{

typedef HyperbolicAddress::Point Point;

/// Distances, Möbius maps and the tree's edge against closed forms.
class HyperbolicKnownAnswersTestCase : public TestCase
{
  public:
    HyperbolicKnownAnswersTestCase()
        : TestCase("hyperbolic distance, Möbius maps and slot radius: known answers")
    {
    }

  private:
    void DoRun() override
    {
        HyperbolicAddress origin;
        HyperbolicAddress half(Point(0.5L, 0));
        HyperbolicAddress minusHalf(Point(-0.5L, 0));
        // d(0, x) = 2 atanh(x): ln 3 for x = 1/2; and 2 ln 3 across the origin.
        NS_TEST_EXPECT_MSG_EQ_TOL(double(origin.DistanceTo(half)), std::log(3.0), 1e-15, "ln 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(half.DistanceTo(minusHalf)),
                                  2 * std::log(3.0),
                                  1e-15,
                                  "2 ln 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(double(half.GetRadius()), std::log(3.0), 1e-15, "radius");
        NS_TEST_EXPECT_MSG_EQ(double(half.DistanceTo(half)), 0.0, "d(u, u) = 0");
        // cosh(ln 3) = 5/3, cosh(2 ln 3) = 41/9: what greedy routing compares.
        NS_TEST_EXPECT_MSG_EQ_TOL(
            double(HyperbolicAddress::CoshDistance(Point(0, 0), Point(0.5L, 0))),
            5.0 / 3,
            1e-15,
            "cosh ln 3");
        NS_TEST_EXPECT_MSG_EQ_TOL(
            double(HyperbolicAddress::CoshDistance(Point(0.5L, 0), Point(-0.5L, 0))),
            41.0 / 9,
            1e-14,
            "cosh 2 ln 3");
        // Möbius maps: a goes to the origin, the inverse undoes it, distances are kept.
        Point a(0.3L, -0.4L);
        Point w(-0.2L, 0.7L);
        Point v(0.6L, 0.1L);
        NS_TEST_EXPECT_MSG_EQ_TOL(double(std::abs(HyperbolicAddress::ToOrigin(a, a))),
                                  0.0,
                                  1e-18,
                                  "a -> 0");
        Point back = HyperbolicAddress::FromOrigin(HyperbolicAddress::ToOrigin(w, a), a);
        NS_TEST_EXPECT_MSG_EQ_TOL(double(std::abs(back - w)), 0.0, 1e-17, "inverse");
        NS_TEST_EXPECT_MSG_EQ_TOL(
            double(HyperbolicAddress::Distance(HyperbolicAddress::ToOrigin(w, a),
                                               HyperbolicAddress::ToOrigin(v, a))),
            double(HyperbolicAddress::Distance(w, v)),
            1e-15,
            "an isometry");
        for (uint32_t q = 3; q <= 12; ++q)
        {
            // Edge length s of the {inf, q} tessellation: cosh(s/2) sin(pi/q) = 1.
            HyperbolicAddress child;
            NS_TEST_ASSERT_MSG_EQ(HyperbolicAddress::Root(q).GetChild(0, child),
                                  true,
                                  "root's child");
            long double s = child.GetRadius();
            NS_TEST_EXPECT_MSG_EQ_TOL(double(std::cosh(s / 2) * std::sin(M_PI / q)),
                                      1.0,
                                      1e-15,
                                      "edge of the tessellation, q = " << q);
            // Every edge has that length, also deep in the tree.
            HyperbolicAddress grandchild;
            NS_TEST_ASSERT_MSG_EQ(child.GetChild(1, grandchild), true, "child");
            NS_TEST_EXPECT_MSG_EQ_TOL(double(child.DistanceTo(grandchild)),
                                      double(s),
                                      1e-15,
                                      "edge length, q = " << q);
        }
        // Invalid slots and degrees are refused.
        HyperbolicAddress out;
        HyperbolicAddress child;
        HyperbolicAddress::Root(4).GetChild(0, child);
        NS_TEST_EXPECT_MSG_EQ(child.GetChild(0, out), false, "slot 0 is the parent");
        NS_TEST_EXPECT_MSG_EQ(child.GetChild(4, out), false, "slot >= q");
        NS_TEST_EXPECT_MSG_EQ(origin.GetChild(0, out), false, "a bare point has no children");
        NS_TEST_EXPECT_MSG_EQ(HyperbolicAddress::FromPath(2, {}, out), false, "q < 3");
    }
};

/// A random tree: node i's parent, address and neighbours.
struct Tree
{
    std::vector<int> parent;
    std::vector<HyperbolicAddress> address;
    std::vector<std::vector<int>> neighbours;
};

/// Grow a tree of n nodes of degree q, each new node on a random free slot of a random node.
Tree
RandomTree(uint32_t n, uint32_t q, Ptr<UniformRandomVariable> random)
{
    Tree t;
    t.parent.push_back(-1);
    t.address.push_back(HyperbolicAddress::Root(q));
    t.neighbours.emplace_back();
    std::vector<std::vector<uint32_t>> freeSlots(1);
    for (uint32_t s = 0; s < q; ++s)
    {
        freeSlots[0].push_back(s);
    }
    while (t.address.size() < n)
    {
        uint32_t p = random->GetInteger(0, t.address.size() - 1);
        if (freeSlots[p].empty())
        {
            continue;
        }
        uint32_t pick = random->GetInteger(0, freeSlots[p].size() - 1);
        uint32_t slot = freeSlots[p][pick];
        freeSlots[p].erase(freeSlots[p].begin() + pick);
        HyperbolicAddress child;
        if (!t.address[p].GetChild(slot, child))
        {
            continue; // too deep for the precision: that slot stays unused
        }
        int id = t.address.size();
        t.parent.push_back(p);
        t.address.push_back(child);
        t.neighbours.push_back({int(p)});
        t.neighbours[p].push_back(id);
        freeSlots.emplace_back();
        for (uint32_t s = 1; s < q; ++s)
        {
            freeSlots.back().push_back(s);
        }
    }
    return t;
}

/// \return how many (u, v) pairs have no tree neighbour of u strictly closer to v than u
uint64_t
GreedyFailures(const Tree& t)
{
    uint64_t failures = 0;
    for (size_t v = 0; v < t.address.size(); ++v)
    {
        for (size_t u = 0; u < t.address.size(); ++u)
        {
            if (u == v)
            {
                continue;
            }
            long double here = t.address[u].DistanceTo(t.address[v]);
            bool progress = false;
            for (int w : t.neighbours[u])
            {
                progress = progress || t.address[w].DistanceTo(t.address[v]) < here;
            }
            failures += progress ? 0 : 1;
        }
    }
    return failures;
}

/// The embedding is greedy: from any node, some tree neighbour is closer to any target.
class GreedyRandomTreesTestCase : public TestCase
{
  public:
    GreedyRandomTreesTestCase()
        : TestCase("greedy routing never stuck on 1000 random trees, q = 3..8")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(42);
        uint64_t pairs = 0;
        uint64_t failures = 0;
        for (uint32_t i = 0; i < 1000; ++i)
        {
            uint32_t q = 3 + i % 6;
            Tree t = RandomTree(random->GetInteger(20, 60), q, random);
            pairs += t.address.size() * (t.address.size() - 1);
            failures += GreedyFailures(t);
        }
        NS_TEST_EXPECT_MSG_GT(pairs, 1000000u, "enough pairs checked");
        NS_TEST_EXPECT_MSG_EQ(failures, 0u, "a node with no closer neighbour");
    }
};

/// Where precision runs out: GetChild refuses before greedy routing breaks.
class PrecisionLimitTestCase : public TestCase
{
  public:
    PrecisionLimitTestCase()
        : TestCase("precision limit: children refused beyond MAX_RADIUS, before greedy fails")
    {
    }

  private:
    /// The slot taken at depth d: as straight as the degree allows (alternating the two
    /// middle slots when q is odd), or zigzagging between the two slots next to the parent.
    static uint32_t Slot(uint32_t q, bool zigzag, uint32_t d)
    {
        if (zigzag)
        {
            return d % 2 ? q - 1 : 1;
        }
        return d % 2 ? q / 2 : (q + 1) / 2;
    }

    /// Along a path grown by ChildPoint (unchecked), the first depth where greedy between
    /// path nodes fails or the point leaves the disk; -1 if none within maxDepth.
    static int FirstBreak(uint32_t q, bool zigzag, uint32_t maxDepth)
    {
        std::vector<Point> path = {Point(0, 0)};
        for (uint32_t d = 1; d <= maxDepth; ++d)
        {
            uint32_t slot = Slot(q, zigzag, d);
            Point parent = d >= 2 ? path[d - 2] : Point(0, 0);
            Point child = HyperbolicAddress::ChildPoint(path.back(), parent, q, slot);
            if (!(std::norm(child) < 1))
            {
                return d;
            }
            path.push_back(child);
            for (size_t v = 0; v < path.size(); ++v)
            {
                for (size_t u = 0; u < path.size(); ++u)
                {
                    size_t next = u < v ? u + 1 : u - 1;
                    if (u != v && !(HyperbolicAddress::Distance(path[next], path[v]) <
                                    HyperbolicAddress::Distance(path[u], path[v])))
                    {
                        return d;
                    }
                }
            }
        }
        return -1;
    }

    void DoRun() override
    {
        for (uint32_t q = 3; q <= 8; ++q)
        {
            for (bool zigzag : {false, true})
            {
                // Grow the same path with GetChild until it refuses.
                std::vector<HyperbolicAddress> path{HyperbolicAddress::Root(q)};
                for (uint32_t d = 1; d < 1000; ++d)
                {
                    HyperbolicAddress child;
                    if (!path.back().GetChild(Slot(q, zigzag, d), child))
                    {
                        break;
                    }
                    path.push_back(child);
                }
                NS_TEST_ASSERT_MSG_LT(path.size(), 1000u, "never refused, q = " << q);
                uint32_t refusedAt = path.size();
                long double deepest = path.back().GetRadius();
                NS_TEST_EXPECT_MSG_LT_OR_EQ(double(deepest),
                                            double(HyperbolicAddress::MAX_RADIUS),
                                            "within MAX_RADIUS");
                // Unchecked, the same path breaks greedy routing (or leaves the disk), but
                // only deeper than where GetChild stopped.
                int broken = FirstBreak(q, zigzag, 400);
                NS_TEST_EXPECT_MSG_NE(broken, -1, "the limit is real, q = " << q);
                NS_TEST_EXPECT_MSG_GT(broken, int(refusedAt), "refused in time, q = " << q);
            }
        }
    }
};

/// The wire form: the path from the root; replaying it gives the very same point.
class WireFormTestCase : public TestCase
{
  public:
    WireFormTestCase()
        : TestCase("address wire form: exact round trips, malformed bytes refused")
    {
    }

  private:
    /// \return the wire bytes of an address
    static std::vector<uint8_t> Bytes(const HyperbolicAddress& a)
    {
        Buffer buffer;
        buffer.AddAtStart(a.GetSerializedSize());
        Buffer::Iterator i = buffer.Begin();
        a.Serialize(i);
        std::vector<uint8_t> bytes(buffer.GetSize());
        buffer.CopyData(bytes.data(), bytes.size());
        return bytes;
    }

    /// \return bytes read (0: refused) \param bytes wire bytes \param out the address
    static uint32_t Read(const std::vector<uint8_t>& bytes, HyperbolicAddress& out)
    {
        Buffer buffer;
        buffer.AddAtStart(bytes.size());
        buffer.Begin().Write(bytes.data(), bytes.size());
        Buffer::Iterator i = buffer.Begin();
        return HyperbolicAddress::Deserialize(i, bytes.size(), out);
    }

    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(7);
        for (int n = 0; n < 2000; ++n)
        {
            HyperbolicAddress a = RandomTreeAddress(random, 12, 12);
            std::vector<uint8_t> bytes = Bytes(a);
            NS_TEST_ASSERT_MSG_EQ(bytes.size(), 2 + a.GetPath().size(), "size");
            HyperbolicAddress back;
            NS_TEST_ASSERT_MSG_EQ(Read(bytes, back), bytes.size(), "read back");
            NS_TEST_ASSERT_MSG_EQ((back == a), true, "same point, bit for bit");
            // Every truncation is refused.
            for (size_t k = 0; k < bytes.size(); ++k)
            {
                HyperbolicAddress cut;
                NS_TEST_ASSERT_MSG_EQ(Read({bytes.begin(), bytes.begin() + k}, cut), 0u, "short");
            }
        }
        HyperbolicAddress out;
        NS_TEST_EXPECT_MSG_EQ(Read({2, 0}, out), 0u, "degree 2");
        NS_TEST_EXPECT_MSG_EQ(Read({4, 1, 4}, out), 0u, "slot >= q");
        NS_TEST_EXPECT_MSG_EQ(Read({4, 2, 1, 0}, out), 0u, "slot 0 below the root");
        std::vector<uint8_t> deep(202, 4); // q = 8, depth 200, straight on
        deep[0] = 8;
        deep[1] = 200;
        NS_TEST_EXPECT_MSG_EQ(Read(deep, out), 0u, "deeper than MAX_RADIUS");
        NS_TEST_EXPECT_MSG_EQ(Read({4, 1, 3, 9, 9}, out), 3u, "reads only its own bytes");
    }
};

/// CLOAK's addressing test suite.
class HyperbolicAddressTestSuite : public TestSuite
{
  public:
    HyperbolicAddressTestSuite()
        : TestSuite("cloak-hyperbolic-address")
    {
        AddTestCase(new HyperbolicKnownAnswersTestCase);
        AddTestCase(new GreedyRandomTreesTestCase);
        AddTestCase(new PrecisionLimitTestCase);
        AddTestCase(new WireFormTestCase);
    }
};

/// Registers the suite.
static HyperbolicAddressTestSuite g_hyperbolicAddressTestSuite;

} // namespace tests
} // namespace ns3
