/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The SRM's path-following parts with known answers: the receiver's ACK frequency and
// delayed-ACK timer, and the path estimator's full-pipe test.

#include "muses-lambda.h"

#include "ns3/muses-path-estimator.h"
#include "ns3/muses-receiver.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <vector>

using namespace ns3;
using namespace ns3::tests;

namespace
{

/// A receiver fed DATA packets at a fixed pace, recording its ACKs.
struct PacedReceiver
{
    MusesReceiver receiver;            //!< under test
    std::vector<MusesAckHeader> acks;  //!< what it sent
    std::vector<Time> ackTimes;        //!< when
    uint64_t nextSeq{1};               //!< next DATA SeqNBR
    Time roundTrip{MilliSeconds(160)}; //!< what the session would know

    /// \param acksPerRoundTrip the attribute \param ackWindow AckWindow
    PacedReceiver(uint32_t acksPerRoundTrip, uint32_t ackWindow)
    {
        receiver.Configure(
            64 << 20,
            ackWindow,
            acksPerRoundTrip,
            Callback<Time>(std::function<Time()>([this]() { return roundTrip; })),
            MakeLambdaCallback<const MusesAckHeader&>([this](const MusesAckHeader& ack) {
                acks.push_back(ack);
                ackTimes.push_back(Simulator::Now());
            }),
            MakeLambdaCallback<Ptr<const Packet>, MusesDropReason>(
                [](Ptr<const Packet>, MusesDropReason) {}));
    }

    ~PacedReceiver()
    {
        receiver.Clear();
    }

    /// Deliver count packets, one every gap, from start.
    void Feed(Time start, Time gap, uint32_t count)
    {
        for (uint32_t i = 0; i < count; ++i)
        {
            ScheduleLambda(start + gap * i, [this]() {
                MusesHeader header;
                header.SetType(MusesHeader::DATA);
                header.SetSeq(nextSeq++);
                receiver.Receive(header, Create<Packet>(1000));
            });
        }
    }
};

} // namespace

/// 10,000 packets/s over a 160 ms round trip, 16 ACKs per round trip: the receiver acks
/// every 100 packets (a 16th of a round trip's), not every AckWindow; the paper's rule
/// (AcksPerRoundTrip 0) acks every 8.
class AckFrequencyTestCase : public TestCase
{
  public:
    AckFrequencyTestCase()
        : TestCase(
              "ACK frequency follows the path: 100 packets per ACK at 10,000 per s over 160 ms, "
              "8 with AcksPerRoundTrip 0")
    {
    }

  private:
    void DoRun() override
    {
        {
            PacedReceiver paper(0, 8);
            paper.Feed(Seconds(1), MicroSeconds(100), 2000);
            Simulator::Run();
            NS_TEST_EXPECT_MSG_EQ(paper.acks.size(), 250u, "one ACK per AckWindow packets");
            NS_TEST_EXPECT_MSG_EQ(paper.receiver.GetAckThreshold(), 8u, "AckWindow");
        }
        Simulator::Destroy();
        {
            PacedReceiver decimated(16, 8);
            decimated.Feed(Seconds(1), MicroSeconds(100), 2000);
            Simulator::Run();
            // 10 ms (a 16th of 160 ms) brings 100 packets; the first 10 ms are counted at
            // AckWindow's pace (12 ACKs), the 1,900 packets after at 100 each.
            NS_TEST_EXPECT_MSG_EQ(decimated.receiver.GetAckThreshold(), 100u, "a 16th's packets");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(decimated.acks.size(), 25u, "about 31 ACKs");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(decimated.acks.size(), 35u, "about 31 ACKs");
            NS_TEST_EXPECT_MSG_EQ(decimated.acks.back().GetAck(), 2000u, "the last one acked");
        }
        Simulator::Destroy();
    }
};

/// At the learnt pace, the run after the last counted ACK stops short of the threshold: the
/// delayed-ACK timer acks it a 16th of a round trip after its first packet arrived.
class DelayedAckTestCase : public TestCase
{
  public:
    DelayedAckTestCase()
        : TestCase("delayed ACK: the tail short of the threshold acked 10 ms after its first")
    {
    }

  private:
    void DoRun() override
    {
        PacedReceiver r(16, 8);
        r.Feed(Seconds(1), MicroSeconds(100), 1030); // SeqNBR k arrives at 1 s + (k-1) 0.1 ms
        Simulator::Run();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(r.acks.size(), 2u, "ACKs");
        uint64_t before = r.acks[r.acks.size() - 2].GetAck();
        NS_TEST_EXPECT_MSG_LT(1030 - before, 100u, "the tail is short of 100 packets");
        NS_TEST_EXPECT_MSG_EQ(r.acks.back().GetAck(), 1030u, "the tail was acked");
        NS_TEST_EXPECT_MSG_EQ(r.ackTimes.back(),
                              Seconds(1) + MicroSeconds(100) * before + MilliSeconds(10),
                              "a 16th of 160 ms after the tail's first packet");
        Simulator::Destroy();
    }
};

/// The path estimator's full-pipe test: rounds whose rate grows by a quarter keep it open;
/// three rounds in a row that do not close it; the window target is twice the largest rate
/// times the smallest round trip.
class PipeFullTestCase : public TestCase
{
  public:
    PipeFullTestCase()
        : TestCase("path estimator: the pipe is full after three rounds without +25 %, "
                   "window target 2 x rate x min RTT")
    {
    }

  private:
    void DoRun() override
    {
        MusesPathEstimator path;
        std::vector<bool> full;
        // One ACK per 100 ms round, each acknowledging that round's bytes: 1, 2, 4, 8 MB,
        // then 9 MB three times (+12.5 %, then flat).
        uint32_t rounds[] = {1000000, 2000000, 4000000, 8000000, 9000000, 9000000, 9000000};
        Time at = Seconds(1);
        ScheduleLambda(at, [&]() {
            path.Forget();
            path.OnAck(0, MilliSeconds(100));
        });
        for (uint32_t bytes : rounds)
        {
            at += MilliSeconds(100);
            ScheduleLambda(at, [&path, &full, bytes]() {
                path.OnAck(bytes, MilliSeconds(100));
                full.push_back(path.IsPipeFull());
            });
        }
        Simulator::Run();
        std::vector<bool> expected = {false, false, false, false, false, false, true};
        NS_TEST_EXPECT_MSG_EQ((full == expected), true, "full at the third round under +25 %");
        // 9 MB per 100 ms: 90 MB/s x 100 ms x 2 = 18 MB.
        NS_TEST_EXPECT_MSG_EQ_TOL(path.GetWindowTarget(), 18e6, 1, "2 x BDP");
        NS_TEST_EXPECT_MSG_EQ(path.GetMinRtt(), MilliSeconds(100), "smallest round trip");
        path.Forget();
        NS_TEST_EXPECT_MSG_EQ(path.IsPipeFull(), false, "a new path starts empty");
        Simulator::Destroy();
    }
};

/**
 * \ingroup muses-test
 * \brief The SRM's receiver and path estimator.
 */
class MusesSrmTestSuite : public TestSuite
{
  public:
    MusesSrmTestSuite()
        : TestSuite("muses-srm")
    {
        AddTestCase(new AckFrequencyTestCase);
        AddTestCase(new DelayedAckTestCase);
        AddTestCase(new PipeFullTestCase);
    }
};

/// Static instance: registers the suite.
static MusesSrmTestSuite g_musesSrmTestSuite;
