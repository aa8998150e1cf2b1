/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ReplayWindow: edges, bitmap wrap, far jumps, and a random comparison with a plain model.

#include "ns3/random-variable-stream.h"
#include "ns3/replay-window.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/test.h"

#include <set>

using namespace ns3;

namespace
{

/// Check, and accept when new; returns what Check said.
MusesDropReason
Offer(ReplayWindow& w, uint64_t seq)
{
    MusesDropReason r = w.Check(seq);
    if (r == MUSES_DROP_NONE)
    {
        w.Accept(seq);
    }
    return r;
}

} // namespace

/**
 * \ingroup muses-test
 * \brief In order, duplicates, reordering, and the exact edges of the window.
 */
class ReplayWindowEdgesTestCase : public TestCase
{
  public:
    ReplayWindowEdgesTestCase()
        : TestCase("ReplayWindow: duplicates, reordering and window edges")
    {
    }

  private:
    void DoRun() override
    {
        ReplayWindow w;
        NS_TEST_ASSERT_MSG_EQ(w.GetSize(), 2048, "default size");
        NS_TEST_ASSERT_MSG_EQ(w.IsEmpty(), true, "empty at start");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 0), MUSES_DROP_NONE, "0 is a valid first SeqNBR");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 0), MUSES_DROP_REPLAYED, "0 again");
        for (uint64_t s = 1; s <= 100; ++s)
        {
            NS_TEST_ASSERT_MSG_EQ(Offer(w, s), MUSES_DROP_NONE, "in order " << s);
        }
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 50), MUSES_DROP_REPLAYED, "old duplicate");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 100), MUSES_DROP_REPLAYED, "duplicate of the highest");
        // Reordering: 3000 before 2999 .. 953 (exactly the window below 3000).
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 3000), MUSES_DROP_NONE, "jump ahead");
        NS_TEST_ASSERT_MSG_EQ(w.Check(3000 - 2048), MUSES_DROP_TOO_OLD, "just outside");
        NS_TEST_ASSERT_MSG_EQ(w.Check(100), MUSES_DROP_TOO_OLD, "far outside");
        for (uint64_t s = 2999; s > 3000 - 2048; --s)
        {
            NS_TEST_ASSERT_MSG_EQ(Offer(w, s), MUSES_DROP_NONE, "late " << s);
        }
        for (uint64_t s = 3000; s > 3000 - 2048; --s)
        {
            NS_TEST_ASSERT_MSG_EQ(w.Check(s), MUSES_DROP_REPLAYED, "replay of " << s);
        }
        NS_TEST_ASSERT_MSG_EQ(w.GetHighest(), 3000, "highest");
        // Check() alone changes nothing.
        NS_TEST_ASSERT_MSG_EQ(w.Check(5000), MUSES_DROP_NONE, "future");
        NS_TEST_ASSERT_MSG_EQ(w.GetHighest(), 3000, "Check does not move the window");
        w.Reset();
        NS_TEST_ASSERT_MSG_EQ(w.IsEmpty(), true, "empty after Reset");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 3000), MUSES_DROP_NONE, "after Reset");
        // First packet far from 0, then one just below it is still inside the window.
        NS_TEST_ASSERT_MSG_EQ(Offer(w, 2999), MUSES_DROP_NONE, "below the first");
    }
};

/**
 * \ingroup muses-test
 * \brief The ring bitmap wraps many times; far-future jumps forget everything older.
 */
class ReplayWindowWrapTestCase : public TestCase
{
  public:
    ReplayWindowWrapTestCase()
        : TestCase("ReplayWindow: bitmap wrap and far-future jumps")
    {
    }

  private:
    void DoRun() override
    {
        ReplayWindow w(128);
        // Every other number, around the ring many times: the skipped ones stay new
        // while inside the window, whatever their slot held one lap earlier.
        for (uint64_t s = 0; s < 10000; s += 2)
        {
            NS_TEST_ASSERT_MSG_EQ(Offer(w, s), MUSES_DROP_NONE, "even " << s);
        }
        for (uint64_t s = 9999 - 126; s < 9999; s += 2)
        {
            NS_TEST_ASSERT_MSG_EQ(w.Check(s), MUSES_DROP_NONE, "odd " << s << " is new");
            NS_TEST_ASSERT_MSG_EQ(w.Check(s - 1), MUSES_DROP_REPLAYED, "even " << s - 1);
        }
        // Jump by exactly the window size: nothing old may be taken as seen or unseen.
        uint64_t top = w.GetHighest();
        NS_TEST_ASSERT_MSG_EQ(Offer(w, top + 128), MUSES_DROP_NONE, "jump by size");
        NS_TEST_ASSERT_MSG_EQ(w.Check(top), MUSES_DROP_TOO_OLD, "old top is out");
        for (uint64_t s = top + 1; s < top + 128; ++s)
        {
            NS_TEST_ASSERT_MSG_EQ(w.Check(s), MUSES_DROP_NONE, "slot of " << s << " cleared");
        }
        // Jump by size - 1: the old top is the oldest still inside.
        top = w.GetHighest();
        NS_TEST_ASSERT_MSG_EQ(Offer(w, top + 127), MUSES_DROP_NONE, "jump by size-1");
        NS_TEST_ASSERT_MSG_EQ(w.Check(top), MUSES_DROP_REPLAYED, "old top still inside");
        // Far future, near the end of the 64-bit space.
        NS_TEST_ASSERT_MSG_EQ(Offer(w, UINT64_MAX - 1), MUSES_DROP_NONE, "far future");
        NS_TEST_ASSERT_MSG_EQ(w.Check(top + 127), MUSES_DROP_TOO_OLD, "before the jump");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, UINT64_MAX), MUSES_DROP_NONE, "last SeqNBR");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, UINT64_MAX - 1), MUSES_DROP_REPLAYED, "replay at the end");
        NS_TEST_ASSERT_MSG_EQ(Offer(w, UINT64_MAX - 127), MUSES_DROP_NONE, "oldest inside");
        NS_TEST_ASSERT_MSG_EQ(w.Check(UINT64_MAX - 128), MUSES_DROP_TOO_OLD, "just outside");
    }
};

/**
 * \ingroup muses-test
 * \brief Random arrivals (reordered, duplicated, jumping) against a plain set-based model.
 */
class ReplayWindowModelTestCase : public TestCase
{
  public:
    ReplayWindowModelTestCase()
        : TestCase("ReplayWindow agrees with a reference model on 200000 random arrivals")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(11);
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        for (uint32_t size : {64u, 2048u})
        {
            ReplayWindow w(size);
            std::set<uint64_t> seen;
            uint64_t highest = 0;
            uint64_t next = 0;
            for (int i = 0; i < 100000; ++i)
            {
                double u = rng->GetValue();
                uint64_t seq;
                if (u < 0.6)
                {
                    seq = next++;
                }
                else if (u < 0.95)
                {
                    uint64_t back = rng->GetInteger(0, size + 10);
                    seq = next > back ? next - back : 0;
                }
                else
                {
                    next += rng->GetInteger(1, 3 * size);
                    seq = next;
                }
                MusesDropReason expected = MUSES_DROP_NONE;
                if (!seen.empty() && seq <= highest)
                {
                    if (highest - seq >= size)
                    {
                        expected = MUSES_DROP_TOO_OLD;
                    }
                    else if (seen.count(seq))
                    {
                        expected = MUSES_DROP_REPLAYED;
                    }
                }
                NS_TEST_ASSERT_MSG_EQ(Offer(w, seq), expected, "arrival " << i << ": " << seq);
                if (expected == MUSES_DROP_NONE)
                {
                    seen.insert(seq);
                    highest = std::max(highest, seq);
                }
            }
        }
    }
};

/**
 * \ingroup muses-test
 * \brief ReplayWindow tests.
 */
class ReplayWindowTestSuite : public TestSuite
{
  public:
    ReplayWindowTestSuite()
        : TestSuite("muses-replay-window")
    {
        AddTestCase(new ReplayWindowEdgesTestCase);
        AddTestCase(new ReplayWindowWrapTestCase);
        AddTestCase(new ReplayWindowModelTestCase);
    }
};

/// Static instance: registers the suite.
static ReplayWindowTestSuite g_replayWindowTestSuite;
