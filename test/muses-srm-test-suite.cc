/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The SRM's path-following parts with known answers: the receiver's ACK frequency and
// delayed-ACK timer, the path estimator's full-pipe test, and the sender after a restart.

#include "muses-lambda.h"
#include "muses-test-utils.h"

#include "ns3/muses-path-estimator.h"
#include "ns3/muses-receiver.h"
#include "ns3/muses-sender.h"
#include "ns3/simulator.h"
#include "ns3/test.h"

#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::tests;

namespace
{

/// A receiver fed DATA packets at a fixed pace, recording its ACKs.
struct PacedReceiver
{
    MusesReceiver receiver;             //!< under test
    std::vector<MusesAckHeader> acks;   //!< what it sent
    std::vector<Time> ackTimes;         //!< when
    std::vector<uint8_t> delivered;     //!< first byte of each payload delivered, in order
    std::vector<MusesDropReason> drops; //!< why packets were refused
    uint32_t closes{0};                 //!< CLOSEs delivered
    uint64_t nextSeq{1};                //!< next DATA SeqNBR
    Time roundTrip{MilliSeconds(160)};  //!< what the session would know

    /// \param acksPerRoundTrip the attribute \param ackWindow AckWindow
    /// \param bufferSize ReceiveBufferSize
    PacedReceiver(uint32_t acksPerRoundTrip, uint32_t ackWindow, uint32_t bufferSize = 64 << 20)
    {
        receiver.Configure(
            bufferSize,
            ackWindow,
            acksPerRoundTrip,
            Callback<Time>(std::function<Time()>([this]() { return roundTrip; })),
            MakeLambdaCallback<const MusesAckHeader&>([this](const MusesAckHeader& ack) {
                acks.push_back(ack);
                ackTimes.push_back(Simulator::Now());
            }),
            MakeLambdaCallback<Ptr<const Packet>, MusesDropReason>(
                [this](Ptr<const Packet>, MusesDropReason reason) { drops.push_back(reason); }),
            MakeLambdaCallback<Ptr<Packet>>([this](Ptr<Packet> payload) {
                uint8_t first = 0;
                payload->CopyData(&first, 1);
                delivered.push_back(first);
            }),
            MakeLambdaCallback([this]() { ++closes; }));
    }

    /// \param seq a DATA SeqNBR (its payload: 1000 bytes, the first seq) or, with close, a
    /// CLOSE's \return the receiver's verdict
    MusesReceiver::Verdict Give(uint64_t seq, bool close = false)
    {
        MusesHeader header;
        header.SetType(close ? MusesHeader::CLOSE : MusesHeader::DATA);
        header.SetSeq(seq);
        std::vector<uint8_t> body(close ? 0 : 1000, uint8_t(seq));
        return receiver.Receive(header, Create<Packet>(body.data(), body.size()));
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

/// A sender alone: its packets go nowhere, ACKs are given by hand.
struct LoneSender
{
    muses_test::CipherPair keys{MUSES_AES_256_GCM}; //!< session keys
    TracedValue<uint32_t> window;                   //!< the send buffer's size
    std::vector<Time> timeouts;                     //!< when the ACK timer expired
    uint64_t sent{0};                               //!< packets handed to the transport
    std::vector<uint64_t> seqs;                     //!< their SeqNBRs, in order
    std::vector<uint64_t> uids;                     //!< and ns-3 uids
    MusesSender sender;                             //!< under test

    /// \param room the transport's room (null: no bound)
    /// \param left whether the transport put a packet on the wire (null: cannot tell)
    explicit LoneSender(Callback<uint32_t> room = Callback<uint32_t>(),
                        Callback<bool, Ptr<const Packet>> left = {})
    {
        MusesSender::Config config;
        config.bufferSize = 64 * 1024;
        config.maxBufferSize = 16 << 20;
        config.window = &window;
        config.transportRoom = room;
        config.transportLeft = left;
        MusesHeader prototype;
        prototype.SetSourcePort(1000);
        prototype.SetDestinationPort(2000);
        sender.Configure(config,
                         prototype,
                         MakeLambdaCallback<Ptr<Packet>>([this](Ptr<Packet> packet) {
                             ++sent;
                             MusesHeader header; // in the clear: the associated data
                             packet->PeekHeader(header);
                             seqs.push_back(header.GetSeq());
                             uids.push_back(packet->GetUid());
                         }),
                         MakeLambdaCallback([this]() { timeouts.push_back(Simulator::Now()); }));
        sender.SetCipher(keys.alice);
        sender.SetPeerWindow(64 << 20);
        sender.SetPaused(false);
    }

    ~LoneSender()
    {
        sender.Clear();
    }

    /// The application writes all the buffer takes; the sender sends what it may.
    void Fill()
    {
        sender.Add(Create<Packet>(sender.GetTxAvailable()));
        sender.Send();
    }

    /// The peer acknowledges everything sent; the sender sends what it may.
    void AckAll()
    {
        sender.Acknowledge(sender.GetLastSeq(), 64 << 20);
        sender.Send();
    }
};

/**
 * A sender on a 100 ms path restarts (a REHELLO after a path change): every packet in
 * flight is resent, so none of their ACKs tells the round trip (Karn's rule). Its send
 * buffer goes back to its first 64 KiB and does not grow on those ACKs (else it grows
 * without a measure of the pipe: 13 MB queued in a 0.7 Mb/s path, seen at 3 % loss); its
 * ACK timeout keeps the last path's round trip above AckTimeout (1.1 s, not 1 s: TCP's own
 * 1 s retransmission beneath gets its answer first).
 */
class SenderRestartTestCase : public TestCase
{
  public:
    SenderRestartTestCase()
        : TestCase("sender restart: buffer back to 64 KiB, no growth on resent packets' ACKs, "
                   "ACK timeout AckTimeout + the last SRTT")
    {
    }

  private:
    void DoRun() override
    {
        LoneSender s;
        ScheduleLambda(Seconds(1), [&s]() { s.Fill(); });
        // Every packet acked 100 ms after it went: one round trip measured, the buffer grows.
        ScheduleLambda(Seconds(1.1), [&]() {
            s.AckAll();
            NS_TEST_EXPECT_MSG_GT(s.window.Get(), 64u * 1024, "grown on a measured path");
            s.Fill();
        });
        ScheduleLambda(Seconds(1.15), [&]() {
            s.sender.Restart(s.sender.GetFirstUnacked() - 1, 64 << 20);
            NS_TEST_EXPECT_MSG_EQ(s.window.Get(), 64u * 1024, "back to the first size");
            NS_TEST_EXPECT_MSG_EQ(s.sender.GetAckTimeout(),
                                  Seconds(1) + MilliSeconds(100),
                                  "AckTimeout + the last path's SRTT");
        });
        // Half of what was resent is acknowledged: the buffer stays as it is.
        ScheduleLambda(Seconds(1.25), [&]() {
            uint64_t first = s.sender.GetFirstUnacked();
            s.sender.Acknowledge(first + (s.sender.GetLastSeq() - first) / 2, 64 << 20);
            NS_TEST_EXPECT_MSG_EQ(s.window.Get(), 64u * 1024, "no growth without a round trip");
            s.sender.Send(); // as the session does after an ACK: the timer restarts
        });
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(s.sent, 0u, "sent");
        NS_TEST_EXPECT_MSG_EQ(s.timeouts.size(), 1u, "the rest never acked: one timeout");
        NS_TEST_EXPECT_MSG_EQ((s.timeouts.empty() ? Seconds(0) : s.timeouts[0]),
                              Seconds(1.25) + Seconds(1.1),
                              "1.1 s after the ACK");
        Simulator::Destroy();
    }
};

/**
 * A resumption without the peer's word (ResumeAtOnce): what the transport never put on the
 * wire is resent at once, at most a first flight (QUIC's 14,720 bytes: three 4,066-byte
 * packets) before the peer answers; the answer either shows the peer has everything before
 * it (the rest follows, nothing twice) or lacks more (all from its first gap again).
 */
class SenderResendStrandedTestCase : public TestCase
{
  public:
    /// \param peerHasAll the answer shows the peer has every packet that left
    explicit SenderResendStrandedTestCase(bool peerHasAll)
        : TestCase(peerHasAll ? "sender resend at once: only what never left, a first flight, "
                                "the rest on the answer, none twice"
                              : "sender resend at once: the answer shows more lost, all from "
                                "the peer's first gap"),
          m_peerHasAll(peerHasAll)
    {
    }

  private:
    bool m_peerHasAll; //!< The answer's case

    void DoRun() override
    {
        std::set<uint64_t> wire; // what the transport put on the wire
        LoneSender s(Callback<uint32_t>(),
                     Callback<bool, Ptr<const Packet>>(std::function<bool(Ptr<const Packet>)>(
                         [&wire](Ptr<const Packet> p) { return wire.count(p->GetUid()) > 0; })));
        std::vector<uint64_t> atOnce;
        ScheduleLambda(Seconds(1), [&]() {
            s.Fill(); // 64 KiB of 4,000-byte packets: SeqNBR 1 to 17
            wire.insert(s.uids.begin(), s.uids.begin() + 10); // the rest waited: cut off
            s.sender.NoteStranded();
            s.seqs.clear();
            s.sender.ForgetPath();
            s.sender.ResendStranded();
            atOnce = s.seqs;
            s.seqs.clear();
        });
        ScheduleLambda(Seconds(1.1), [&]() {
            // The peer's answer: it has all that left (10), or only 8 of them.
            s.sender.Restart(m_peerHasAll ? 10 : 8, 64 << 20);
            s.sender.Send();
        });
        Simulator::Stop(Seconds(1.2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(s.sent, 17u, "sent");
        NS_TEST_EXPECT_MSG_EQ(atOnce.size(), 3u, "a first flight: three packets");
        NS_TEST_EXPECT_MSG_EQ((atOnce.empty() ? 0 : atOnce.front()), 11u, "from what never left");
        uint64_t expect = m_peerHasAll ? 14 : 9;
        NS_TEST_EXPECT_MSG_EQ((s.seqs.empty() ? 0 : s.seqs.front()), expect, "then on the answer");
        for (size_t i = 1; i < s.seqs.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(s.seqs[i], s.seqs[i - 1] + 1, "in order, none twice");
        }
        NS_TEST_EXPECT_MSG_EQ(s.seqs.size(), 17 - expect + 1, "up to the last one sent");
        Simulator::Destroy();
    }
};

/**
 * The send buffer grows only when it is what holds the application back: a transport that
 * takes one packet at a time leaves most of the buffer unsent, and ACKs do not grow it
 * (else it grows to hold a whole transfer twice, sealed here and copied in TCP's buffer:
 * 500 sessions' memory); with all of it out, they do.
 */
class SenderGrowthTestCase : public TestCase
{
  public:
    SenderGrowthTestCase()
        : TestCase("sender growth: none while the transport's room holds the data back, "
                   "slow start once the buffer does")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t room = 5000; // one sealed packet
        LoneSender s(Callback<uint32_t>(std::function<uint32_t()>([&room]() { return room; })));
        ScheduleLambda(Seconds(1), [&s]() { s.Fill(); });
        ScheduleLambda(Seconds(1.1), [&]() {
            NS_TEST_EXPECT_MSG_EQ(s.sent, 1u, "the room for one packet");
            s.AckAll(); // an RTT sample; most of the buffer is still unsent
            NS_TEST_EXPECT_MSG_EQ(s.window.Get(), 64u * 1024, "transport-limited: no growth");
            room = UINT32_MAX;
            s.sender.Send(); // the rest goes out
            s.Fill();
        });
        ScheduleLambda(Seconds(1.2), [&]() {
            s.AckAll();
            NS_TEST_EXPECT_MSG_GT(s.window.Get(), 64u * 1024, "buffer-limited: it grows");
        });
        Simulator::Run();
        Simulator::Destroy();
    }
};

/**
 * Packets ahead of a hole are held within the window and delivered, in order, once it
 * fills: the hole is reported once (an ACK flagged gap), its filling at once; a copy of a
 * held packet is a replay; what passes the window is refused (OUT_OF_ORDER), and a CLOSE
 * held behind a hole closes once the hole fills.
 */
class ReorderTestCase : public TestCase
{
  public:
    ReorderTestCase()
        : TestCase("the receiver holds packets ahead of a hole, within the window, and "
                   "delivers them in order when it fills")
    {
    }

  private:
    void DoRun() override
    {
        using V = MusesReceiver::Verdict;
        PacedReceiver r(0, 8, 10000);
        NS_TEST_EXPECT_MSG_EQ(r.Give(1), V::DELIVERED, "in order");
        NS_TEST_EXPECT_MSG_EQ(r.Give(3), V::HELD, "ahead of the hole at 2");
        NS_TEST_ASSERT_MSG_EQ(r.acks.size(), 1u, "the hole is reported at once");
        NS_TEST_EXPECT_MSG_EQ(r.acks[0].IsGap(), true, "flagged gap");
        NS_TEST_EXPECT_MSG_EQ(r.acks[0].GetAck(), 1u, "up to 1");
        NS_TEST_EXPECT_MSG_EQ(r.Give(4), V::HELD, "ahead of the same hole");
        NS_TEST_EXPECT_MSG_EQ(r.acks.size(), 1u, "one report per hole");
        NS_TEST_EXPECT_MSG_EQ(r.receiver.IsNew(3), false, "3 is held");
        NS_TEST_EXPECT_MSG_EQ(r.Give(3), V::REFUSED, "a copy of a held packet");
        NS_TEST_EXPECT_MSG_EQ(r.drops.back(), MUSES_DROP_REPLAYED, "is a replay");
        size_t acks = r.acks.size(); // the copy drew one ACK (our ACK may have been lost)
        NS_TEST_EXPECT_MSG_EQ(r.Give(2), V::DELIVERED, "the hole fills");
        NS_TEST_EXPECT_MSG_EQ((r.delivered == std::vector<uint8_t>{1, 2, 3, 4}),
                              true,
                              "1 to 4, in order");
        NS_TEST_ASSERT_MSG_EQ(r.acks.size(), acks + 1, "its end is acknowledged at once");
        NS_TEST_EXPECT_MSG_EQ(r.acks.back().GetAck(), 4u, "up to 4");
        NS_TEST_EXPECT_MSG_EQ(r.acks.back().IsGap(), false, "not a gap");

        // 4,000 bytes unread: a window of 6,000 holds six packets ahead of the hole at 5.
        for (uint64_t seq = 6; seq <= 11; ++seq)
        {
            NS_TEST_EXPECT_MSG_EQ(r.Give(seq), V::HELD, "within the window");
        }
        NS_TEST_EXPECT_MSG_EQ(r.Give(12), V::REFUSED, "past the window");
        NS_TEST_EXPECT_MSG_EQ(r.drops.back(), MUSES_DROP_OUT_OF_ORDER, "refused");
        NS_TEST_EXPECT_MSG_EQ(r.receiver.GetPacketsHeld(), 8u, "3, 4 and 6 to 11 held");
        // This sender passed the window (5 to 11 are 7,000 bytes): what does not fit when
        // the hole fills is refused, and comes again.
        NS_TEST_EXPECT_MSG_EQ(r.Give(5), V::DELIVERED, "the second hole fills");
        NS_TEST_EXPECT_MSG_EQ(r.delivered.size(), 10u, "1 to 10 delivered");
        NS_TEST_EXPECT_MSG_EQ(r.delivered.back(), 10, "the last is 10");
        NS_TEST_EXPECT_MSG_EQ(r.drops.back(), MUSES_DROP_UNEXPECTED, "11 did not fit");
        NS_TEST_EXPECT_MSG_EQ(r.receiver.GetWindow(), 0u, "the window is full");
        NS_TEST_EXPECT_MSG_EQ(r.receiver.IsNew(11), true, "11 is expected again");

        // A CLOSE behind a hole closes when it fills, once.
        r.receiver.Read(10000);
        NS_TEST_EXPECT_MSG_EQ(r.Give(13, true), V::HELD, "CLOSE ahead of 11 and 12");
        NS_TEST_EXPECT_MSG_EQ(r.Give(12), V::HELD, "12 ahead of 11");
        NS_TEST_EXPECT_MSG_EQ(r.closes, 0u, "not yet closed");
        NS_TEST_EXPECT_MSG_EQ(r.Give(11), V::DELIVERED, "11 fills the hole");
        NS_TEST_EXPECT_MSG_EQ(r.delivered.back(), 12, "11 and 12 delivered");
        NS_TEST_EXPECT_MSG_EQ(r.closes, 1u, "then closed");
        NS_TEST_EXPECT_MSG_EQ(r.acks.back().GetAck(), 13u, "the CLOSE acknowledged");
        NS_TEST_EXPECT_MSG_EQ(r.receiver.GetBytesDelivered(), 12000u, "each byte once");
        Simulator::Destroy();
    }
};

/**
 * \ingroup muses-test
 * \brief The SRM's receiver, path estimator and sender.
 */
class MusesSrmTestSuite : public TestSuite
{
  public:
    MusesSrmTestSuite()
        : TestSuite("muses-srm")
    {
        AddTestCase(new AckFrequencyTestCase);
        AddTestCase(new DelayedAckTestCase);
        AddTestCase(new ReorderTestCase);
        AddTestCase(new PipeFullTestCase);
        AddTestCase(new SenderRestartTestCase);
        AddTestCase(new SenderGrowthTestCase);
        AddTestCase(new SenderResendStrandedTestCase(true));
        AddTestCase(new SenderResendStrandedTestCase(false));
    }
};

/// Static instance: registers the suite.
static MusesSrmTestSuite g_musesSrmTestSuite;
