/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The session layer message by message: one scripted fault at a time on a pipe between two
// nodes (no IP stack, no random loss), and what the session must do about it.

#include "muses-lambda.h"
#include "muses-network-fixture.h"
#include "muses-pipe-transport.h"

#include "ns3/checked-stream-helper.h"
#include "ns3/checked-stream-sink.h"
#include "ns3/checked-stream-source.h"
#include "ns3/double.h"
#include "ns3/muses-byte-order.h"
#include "ns3/muses-cipher.h"
#include "ns3/muses-header.h"
#include "ns3/muses-helper.h"
#include "ns3/muses-l4-protocol.h"
#include "ns3/muses-session.h"
#include "ns3/muses-socket-factory.h"
#include "ns3/muses-socket.h"
#include "ns3/node-container.h"
#include "ns3/resumption-tracker.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <vector>

namespace ns3
{
namespace tests
{

/// Alice and Bob with MUSEs over a 10 ms pipe; a checked stream from Alice to Bob.
struct MusesPipe
{
    NodeContainer nodes;             //!< alice, bob
    MusesHelper muses;               //!< set session attributes before Install
    Ptr<PipeTransport> alice;        //!< Alice's end
    Ptr<PipeTransport> bob;          //!< Bob's end
    Ptr<CheckedStreamSource> source; //!< at Alice
    Ptr<CheckedStreamSink> sink;     //!< at Bob
    std::vector<Time> resumed;       //!< Alice's session's resumptions

    /// Install, join the pipe, and send bytes from Alice to Bob from 1 s. The pipe has no
    /// rate: a send buffer that does not grow sets the pace (20 MB take about 1.5 s).
    void Install(uint64_t bytes)
    {
        muses.SetSessionAttribute("MaxSendBufferSize", UintegerValue(256 * 1024));
        Join();
        Address to = MusesHelper::GetAddress(nodes.Get(1), 9);
        CheckedStreamHelper sinkHelper("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", to);
        sink = DynamicCast<CheckedStreamSink>(sinkHelper.Install(nodes.Get(1)).Get(0));
        CheckedStreamHelper sourceHelper("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", to);
        sourceHelper.SetAttribute("MaxBytes", UintegerValue(bytes));
        source = DynamicCast<CheckedStreamSource>(sourceHelper.Install(nodes.Get(0)).Get(0));
        source->SetStartTime(Seconds(1));
        L4(0)->TraceConnectWithoutContext(
            "SessionCreated",
            MakeLambdaCallback<Ptr<MusesSession>>([this](Ptr<MusesSession> session) {
                session->TraceConnectWithoutContext(
                    "Resumed",
                    MakeLambdaCallback<Time, Time>(
                        [this](Time, Time at) { resumed.push_back(at); }));
            }));
    }

    /// Install MUSEs on Alice and Bob and join them by the pipe (no application).
    void Join()
    {
        nodes.Create(2);
        muses.SetTransport(PipeTransport::GetTypeId().GetName());
        muses.Install(nodes);
        muses.AssignStreams(nodes, 1);
        alice = DynamicCast<PipeTransport>(L4(0)->GetTransport());
        bob = DynamicCast<PipeTransport>(L4(1)->GetTransport());
        PipeTransport::Join(alice, bob, MilliSeconds(10));
    }

    /// Keep a copy of Alice's first HELLO, as an on-path attacker would.
    /// \param hello where (it must outlive the simulation run)
    void CaptureFirstHello(Ptr<Packet>& hello)
    {
        alice->TraceConnectWithoutContext("Tx",
                                          MakeLambdaCallback<Ptr<const Packet>, uint64_t>(
                                              [&hello](Ptr<const Packet> p, uint64_t) {
                                                  MusesHeader header;
                                                  p->PeekHeader(header);
                                                  if (header.GetType() == MusesHeader::HELLO &&
                                                      !hello)
                                                  {
                                                      hello = p->Copy();
                                                  }
                                              }));
    }

    /// \param i 0 for Alice, 1 for Bob \return that node's MUSEs
    Ptr<MusesL4Protocol> L4(uint32_t i) const
    {
        return nodes.Get(i)->GetObject<MusesL4Protocol>();
    }

    /// \param i 0 for Alice, 1 for Bob \return that node's session (null if none)
    Ptr<MusesSession> Session(uint32_t i) const
    {
        return MusesLine::FirstSession(nodes.Get(i));
    }

    /// The pipe is down in both directions during [from, to).
    void Down(Time from, Time to)
    {
        for (Ptr<PipeTransport> end : {alice, bob})
        {
            Simulator::Schedule(from, &PipeTransport::SetUp, end, false);
            Simulator::Schedule(to, &PipeTransport::SetUp, end, true);
        }
    }

    /// \return true when every byte arrived once, in order, with the sent digest
    bool Whole(uint64_t bytes) const
    {
        return source->GetBytesSent() == bytes && sink->GetBytesReceived() == bytes &&
               sink->GetFirstMismatch() == -1 && sink->GetSha256() == source->GetSha256();
    }
};

/// The responder's HELLO_REPLY is lost: the initiator repeats HELLO, the handshake completes.
class HelloReplyLostTestCase : public TestCase
{
  public:
    HelloReplyLostTestCase()
        : TestCase("HELLO_REPLY lost: HELLO repeated after HandshakeTimeout, then all delivered "
                   "once")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(200000);
        pipe.bob->AddFault(MusesHeader::HELLO_REPLY, 1, PipeTransport::DROP);
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pipe.alice->GetSent(MusesHeader::HELLO), 2u, "HELLO repeated");
        NS_TEST_EXPECT_MSG_EQ(pipe.bob->GetSent(MusesHeader::HELLO_REPLY), 2u, "answered again");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "every byte once, in order");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(0)->GetCounters().suspensions, 0u, "no suspension");
        Simulator::Destroy();
    }
};

/// A peer out of reach for 3 s (still joining its overlay, say) while AckTimeout is short:
/// the handshake's own timeout backs off (1, 2 s) and outlives it.
class HandshakeBackOffTestCase : public TestCase
{
  public:
    HandshakeBackOffTestCase()
        : TestCase("two HELLOs lost with AckTimeout 0.2 s: the handshake backs off (1, 2 s) and "
                   "completes at the third")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.muses.SetSessionAttribute("AckTimeout", TimeValue(MilliSeconds(200)));
        pipe.Install(200000);
        pipe.alice->AddFault(MusesHeader::HELLO, 1, PipeTransport::DROP);
        pipe.alice->AddFault(MusesHeader::HELLO, 2, PipeTransport::DROP);
        std::vector<Time> hellos;
        pipe.alice->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (header.GetType() == MusesHeader::HELLO)
                {
                    hellos.push_back(Simulator::Now());
                }
            }));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(hellos.size(), 3u, "three HELLOs");
        NS_TEST_EXPECT_MSG_EQ(hellos[1] - hellos[0], Seconds(1), "after HandshakeTimeout");
        NS_TEST_EXPECT_MSG_EQ(hellos[2] - hellos[1], Seconds(2), "then twice as long");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "then every byte once, in order");
        Simulator::Destroy();
    }
};

/// The initiator's FINISHED is lost: the handshake still completes and nothing is lost.
class FinishedLostTestCase : public TestCase
{
  public:
    FinishedLostTestCase()
        : TestCase("the initiator's FINISHED lost: the handshake completes, all delivered once")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(200000);
        pipe.alice->AddFault(MusesHeader::FINISHED, 1, PipeTransport::DROP);
        // Alice's data follows her lost FINISHED at once: Bob must deliver none of it before
        // her second FINISHED has been checked.
        Time firstDelivery = Seconds(-1);
        Time finishedAgain = Seconds(-1);
        pipe.sink->TraceConnectWithoutContext("Rx",
                                              MakeLambdaCallback<Ptr<const Packet>, const Address&>(
                                                  [&](Ptr<const Packet>, const Address&) {
                                                      firstDelivery = firstDelivery.IsNegative()
                                                                          ? Simulator::Now()
                                                                          : firstDelivery;
                                                  }));
        pipe.alice->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (header.GetType() == MusesHeader::FINISHED)
                {
                    finishedAgain = Simulator::Now(); // the last one sent
                }
            }));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(firstDelivery, finishedAgain, "nothing before the FINISHED arrived");
        NS_TEST_EXPECT_MSG_GT(pipe.Session(1)->GetDropCount(MUSES_DROP_UNEXPECTED),
                              0u,
                              "Bob refused the data that came first");
        NS_TEST_EXPECT_MSG_EQ(pipe.alice->GetSent(MusesHeader::FINISHED), 2u, "repeated once");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(0)->GetCounters().suspensions, 0u, "no suspension");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// The responder's FINISHED is slow (TCP retransmitting it, say): the initiator repeats its
/// own, but the responder refused nothing, so nothing is resent.
class FinishedSlowTestCase : public TestCase
{
  public:
    FinishedSlowTestCase()
        : TestCase("the responder's FINISHED slow: FINISHED repeated, no data resent")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.muses.SetSessionAttribute("HandshakeTimeout", TimeValue(MilliSeconds(400)));
        pipe.Install(200000);
        // Bob's FINISHED and first ACKs late, as behind a TCP retransmission (not as late as
        // AckTimeout): Alice, who hears nothing from Bob within HandshakeTimeout, sends her
        // FINISHED again.
        pipe.bob->AddFault(MusesHeader::FINISHED, 1, PipeTransport::DELAY, MilliSeconds(700));
        for (uint32_t nth = 1; nth <= 4; ++nth)
        {
            pipe.bob->AddFault(MusesHeader::ACK, nth, PipeTransport::DELAY, MilliSeconds(700));
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pipe.alice->GetSent(MusesHeader::FINISHED), 2u, "repeated once");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(1)->GetDropCount(MUSES_DROP_UNEXPECTED),
                              0u,
                              "Bob refused nothing");
        const MusesSession::Counters& alice = pipe.Session(0)->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(alice.retransmissions, 1u, "only the FINISHED again, no data");
        NS_TEST_EXPECT_MSG_EQ(alice.suspensions, 0u, "no suspension");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// What a session sends while the transport delivers to it is held until the delivery
/// returns, and counted against the room meanwhile: a session held back for that room must be
/// told to ask again once they are sent, since they may go straight into an empty TCP buffer
/// and no queue will shrink (a resumption's resends then waited for ever).
class HeldAnswersRoomTestCase : public TestCase
{
  public:
    HeldAnswersRoomTestCase()
        : TestCase("answers held during a delivery: the room upcall follows their sending")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes(2);
        Ptr<PipeTransport> alice = CreateObject<PipeTransport>();
        Ptr<PipeTransport> bob = CreateObject<PipeTransport>();
        alice->Start(nodes.Get(0), 1);
        bob->Start(nodes.Get(1), 2);
        PipeTransport::Join(alice, bob, MilliSeconds(10));
        auto sealed = []() {
            Ptr<Packet> packet = Create<Packet>(100);
            packet->AddHeader(MusesHeader());
            return packet;
        };
        uint32_t received = 0;
        uint32_t wokenDuring = 0;
        uint32_t wokenAfter = 0;
        bool delivering = false;
        using Receive = std::function<bool(Ptr<Packet>, uint64_t)>;
        bob->SetReceiveCallback(
            MusesTransport::ReceiveCallback(Receive([&](Ptr<Packet>, uint64_t from) {
                delivering = true;
                bob->Send(sealed(), from);
                bob->Send(sealed(), from);
                delivering = false;
                return true;
            })));
        bob->SetRoomCallback(MakeLambdaCallback<uint64_t>(
            [&](uint64_t) { ++(delivering ? wokenDuring : wokenAfter); }));
        alice->SetReceiveCallback(MusesTransport::ReceiveCallback(
            Receive([&](Ptr<Packet>, uint64_t) { return ++received > 0; })));
        alice->Send(sealed(), 2);
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(received, 2u, "both answers sent");
        NS_TEST_EXPECT_MSG_EQ(wokenDuring, 0u, "not while they were held");
        NS_TEST_EXPECT_MSG_EQ(wokenAfter, 1u, "once after they were sent");
        alice->Dispose();
        bob->Dispose();
        Simulator::Destroy();
    }
};

/// One ACK lost mid-transfer: the next, cumulative, covers it; no suspension, no resend.
class AckLostTestCase : public TestCase
{
  public:
    AckLostTestCase()
        : TestCase("the 2nd ACK lost: the next one covers it, no suspension, nothing resent")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(400000);
        pipe.bob->AddFault(MusesHeader::ACK, 2, PipeTransport::DROP);
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_GT(pipe.bob->GetSent(MusesHeader::ACK), 3u, "ACKs after the lost one");
        const MusesSession::Counters& alice = pipe.Session(0)->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(alice.suspensions, 0u, "no suspension");
        NS_TEST_EXPECT_MSG_EQ(alice.retransmissions, 0u, "nothing resent");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(400000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// A 3 s outage, and each side's first REHELLO_REPLY afterwards lost: the next Re-Hello
/// resumes the session, once.
class ReHelloReplyLostTestCase : public TestCase
{
  public:
    ReHelloReplyLostTestCase()
        : TestCase("an outage, then the first REHELLO_REPLYs lost: resumed by the next Re-Hello")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(20000000);
        pipe.Down(Seconds(1.2), Seconds(4.5));
        pipe.alice->AddFault(MusesHeader::REHELLO_REPLY, 1, PipeTransport::DROP);
        pipe.bob->AddFault(MusesHeader::REHELLO_REPLY, 1, PipeTransport::DROP);
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        const MusesSession::Counters& alice = pipe.Session(0)->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(alice.suspensions, 1u, "suspended once");
        NS_TEST_EXPECT_MSG_EQ(alice.resumptions, 1u, "resumed once");
        NS_TEST_ASSERT_MSG_EQ(pipe.resumed.size(), 1u, "Resumed traced once");
        Time resumedAt = pipe.resumed.empty() ? Time() : pipe.resumed.front();
        NS_TEST_EXPECT_MSG_GT(resumedAt, Seconds(4.5), "after the pipe came back");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(pipe.bob->GetSent(MusesHeader::REHELLO_REPLY),
                                    2u,
                                    "a second REHELLO_REPLY was needed");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(1)->GetDropCount(MUSES_DROP_REPLAYED),
                              0u,
                              "the resumption resent only what Bob lacked");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(20000000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// A REHELLO_REPLY that arrives after the session already resumed (here: held back past the
/// next Re-Hello exchange) only acknowledges; resending the window again would duplicate it.
class LateReHelloReplyTestCase : public TestCase
{
  public:
    LateReHelloReplyTestCase()
        : TestCase("a REHELLO_REPLY arriving after the resumption resends nothing: no duplicate")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(20000000);
        pipe.Down(Seconds(1.2), Seconds(4.5));
        // Bob's first answer arrives 1.5 s late, after the exchange one Re-Hello later.
        pipe.bob->AddFault(MusesHeader::REHELLO_REPLY, 1, PipeTransport::DELAY, Seconds(1.5));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_GT_OR_EQ(pipe.bob->GetSent(MusesHeader::REHELLO_REPLY),
                                    2u,
                                    "the late answer and another");
        // The second answer left a Re-Hello interval (1 s) after the first, which arrives
        // 0.5 s after it: on a session that has resumed.
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(0)->GetCounters().resumptions, 1u, "resumed once");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(1)->GetDropCount(MUSES_DROP_REPLAYED),
                              0u,
                              "no DATA arrived twice");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(20000000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// A DATA packet held back past an outage arrives after the session resumed and resent it:
/// the stale copy is refused, the stream stays exact.
class DataReorderedTestCase : public TestCase
{
  public:
    DataReorderedTestCase()
        : TestCase("a DATA packet held past an outage and the resumption: dropped, stream exact")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(20000000);
        pipe.Down(Seconds(1.2), Seconds(3));
        // DATA 100 leaves at about 1.07 s and arrives at about 4.1 s, after the resumption.
        pipe.alice->AddFault(MusesHeader::DATA, 100, PipeTransport::DELAY, Seconds(3));
        std::vector<Time> replayed;
        pipe.L4(1)->TraceConnectWithoutContext(
            "SessionCreated",
            MakeLambdaCallback<Ptr<MusesSession>>([&](Ptr<MusesSession> session) {
                session->TraceConnectWithoutContext(
                    "Drop",
                    MakeLambdaCallback<Ptr<const Packet>, MusesDropReason>(
                        [&](Ptr<const Packet>, MusesDropReason reason) {
                            if (reason == MUSES_DROP_REPLAYED)
                            {
                                replayed.push_back(Simulator::Now());
                            }
                        }));
            }));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_GT(pipe.alice->GetSent(MusesHeader::DATA), 100u, "DATA 100 sent");
        Time resumedAt = pipe.resumed.empty() ? Seconds(100) : pipe.resumed.front();
        // Before the outage the packets behind the hole were held, and the resends the hole
        // drew came as copies; after the resumption only the stale DATA 100 does.
        NS_TEST_EXPECT_MSG_EQ(std::count_if(replayed.begin(),
                                            replayed.end(),
                                            [resumedAt](Time t) { return t > resumedAt; }),
                              1,
                              "the stale copy dropped as already delivered");
        NS_TEST_EXPECT_MSG_LT(resumedAt, Seconds(4), "resumed before it arrived");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(0)->GetCounters().resumptions, 1u, "resumed once");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(20000000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// A handshake that never completes (every answer lost) is forgotten on both sides once
/// it times out: Alice's session and port, Bob's half-open session and forked socket. The
/// same ports then connect: before, Alice could not bind the port again and Bob dropped
/// the new HELLO on the stale session (a lock-out a replayed HELLO could cause).
class StaleHandshakeTestCase : public TestCase
{
  public:
    StaleHandshakeTestCase()
        : TestCase("a handshake that never completes is forgotten on both sides: the same "
                   "ports connect again")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.muses.SetSessionAttribute("HandshakeTimeout", TimeValue(MilliSeconds(100)));
        pipe.muses.SetSessionAttribute("HandshakeRetries", UintegerValue(2));
        pipe.Join();
        ResumptionTracker tracker; // what a summary.json reports ("handshakes")
        tracker.WatchMuses(pipe.nodes);
        Ptr<Node> alice = pipe.nodes.Get(0);
        Ptr<Node> bob = pipe.nodes.Get(1);
        uint32_t accepted = 0;
        Ptr<Socket> listener = Socket::CreateSocket(bob, MusesSocketFactory::GetTypeId());
        listener->Bind(MusesHelper::GetAddress(bob, 9));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeLambdaCallback<Ptr<Socket>, const Address&>(
                                        [&](Ptr<Socket>, const Address&) { ++accepted; }));
        // HELLO (1 s) reaches Bob; the pipe is down from 1.005 s, so nothing after it passes
        // until 3 s: Alice gives up at 1.3 s, Bob waits as long for her FINISHED.
        Simulator::Schedule(Seconds(1.005), &PipeTransport::SetUp, pipe.alice, false);
        Simulator::Schedule(Seconds(3), &PipeTransport::SetUp, pipe.alice, true);
        std::vector<std::string> outcomes;
        auto connect = [&]() {
            Ptr<Socket> socket = Socket::CreateSocket(alice, MusesSocketFactory::GetTypeId());
            if (socket->Bind(MusesHelper::GetAddress(alice, 5000)) != 0)
            {
                outcomes.push_back("bind refused");
                return;
            }
            socket->SetConnectCallback(
                MakeLambdaCallback<Ptr<Socket>>([&](Ptr<Socket>) { outcomes.push_back("up"); }),
                MakeLambdaCallback<Ptr<Socket>>(
                    [&](Ptr<Socket>) { outcomes.push_back("failed"); }));
            socket->Connect(MusesHelper::GetAddress(bob, 9));
        };
        ScheduleLambda(Seconds(1), connect);
        size_t bobSessionsAfterTimeout = 99;
        ScheduleLambda(Seconds(4), [&]() {
            bobSessionsAfterTimeout = pipe.L4(1)->GetSessions().size();
            connect();
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(bobSessionsAfterTimeout, 0u, "Bob forgot the half-open session");
        NS_TEST_ASSERT_MSG_EQ(outcomes.size(), 2u, "two attempts ended");
        NS_TEST_EXPECT_MSG_EQ(outcomes[0], "failed", "the first timed out");
        NS_TEST_EXPECT_MSG_EQ(outcomes[1], "up", "the same ports connect again");
        NS_TEST_EXPECT_MSG_EQ(accepted, 1u, "Bob accepted the second only");
        NS_TEST_EXPECT_MSG_EQ(pipe.L4(0)->GetSessions().size(), 1u, "Alice holds one session");
        NS_TEST_EXPECT_MSG_EQ(pipe.L4(1)->GetSockets().size(), 2u, "Bob: listener + accepted");
        NS_TEST_EXPECT_MSG_EQ(tracker.GetHandshakesFailed(), 2u, "the first failed at both ends");
        NS_TEST_EXPECT_MSG_EQ(tracker.GetHandshakesCompleted(), 2u, "the second at both ends");
        uint32_t failedEvents = 0;
        for (const auto& event : tracker.GetEvents())
        {
            failedEvents += event.event == "handshake_failed";
        }
        NS_TEST_EXPECT_MSG_EQ(failedEvents, 2u, "handshake_failed in the time line");
        Simulator::Destroy();
    }
};

/// Alice's HELLO replayed to Bob after their session ended. By default Bob remembers it
/// (HelloReplayWindow) and drops it before any work: no session, no answer. Once the window
/// has forgotten it, its timestamp is older than the window: dropped as TOO_OLD (without the
/// timestamp Bob answered a replay older than the window as a new HELLO). Without that
/// memory Bob answers with a new HELLO_REPLY (a new pSessID-b, a new share), which must not
/// be sealed under the same key and nonce as the first (with GCM that would leak the XOR of
/// the two and the authentication key): each HELLO_REPLY's keys bind its own pSessID-b.
class HelloReplayTestCase : public TestCase
{
  public:
    /// What Bob remembers of HELLOs.
    enum Memory
    {
        REMEMBERED, //!< HelloReplayWindow at its default: the replay is in it
        FORGOTTEN,  //!< HelloReplayWindow 3 s: the replay comes after it
        NONE,       //!< HelloReplayWindow 0: no memory, no timestamp check
    };

    /// \param memory what Bob remembers
    explicit HelloReplayTestCase(Memory memory)
        : TestCase(memory == REMEMBERED ? "a replayed HELLO creates nothing: dropped as REPLAYED, "
                                          "no answer"
                   : memory == FORGOTTEN
                       ? "a HELLO replayed after the replay memory: too old by its timestamp"
                       : "a replayed HELLO, not remembered: the new HELLO_REPLY is sealed "
                         "under other keys"),
          m_memory(memory)
    {
    }

  private:
    Memory m_memory; //!< What Bob remembers

    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(200000);
        if (m_memory != REMEMBERED)
        {
            pipe.L4(1)->SetAttribute("HelloReplayWindow",
                                     TimeValue(Seconds(m_memory == FORGOTTEN ? 3 : 0)));
        }
        Ptr<Packet> hello;
        pipe.CaptureFirstHello(hello);
        std::vector<std::pair<MusesSessionId, std::vector<uint8_t>>> replies;
        pipe.bob->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (header.GetType() == MusesHeader::HELLO_REPLY)
                {
                    std::vector<uint8_t> bytes(p->GetSize());
                    p->CopyData(bytes.data(), bytes.size());
                    replies.emplace_back(header.GetSessionId(), bytes);
                }
            }));
        uint64_t aliceName = pipe.L4(0)->GetName();
        ScheduleLambda(Seconds(6), [&]() {
            // Bob's application closes its end too: the session ends, the listener stays.
            for (Ptr<MusesSocket> socket : pipe.L4(1)->GetSockets())
            {
                if (socket->GetSession())
                {
                    socket->Close();
                }
            }
        });
        size_t sessionsBefore = 99;
        ScheduleLambda(Seconds(8), [&]() {
            sessionsBefore = pipe.L4(1)->GetSessions().size();
            pipe.bob->Inject(hello->Copy(), aliceName);
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "the real session delivered");
        NS_TEST_EXPECT_MSG_EQ(sessionsBefore, 0u, "the session had ended");
        if (m_memory != NONE)
        {
            MusesDropReason reason =
                m_memory == REMEMBERED ? MUSES_DROP_REPLAYED : MUSES_DROP_TOO_OLD;
            NS_TEST_EXPECT_MSG_EQ(replies.size(), 1u, "no answer to the replay");
            NS_TEST_EXPECT_MSG_EQ(pipe.L4(1)->GetDropCount(reason), 1u, "dropped, for its reason");
            NS_TEST_EXPECT_MSG_EQ(pipe.L4(1)->GetSessions().size(), 0u, "no session made");
            Simulator::Destroy();
            return;
        }
        NS_TEST_ASSERT_MSG_EQ(replies.size(), 2u, "the first answer and the replay's");
        NS_TEST_EXPECT_MSG_EQ((replies[0].second != replies[1].second), true, "two replies");
        NS_TEST_EXPECT_MSG_EQ((replies[0].first != replies[1].first),
                              true,
                              "their keys differ: each binds its own pSessID-b");
        NS_TEST_EXPECT_MSG_NE(replies[0].first.responderPart, 0u, "bound, not 0");
        Simulator::Destroy();
    }
};

/// Someone else holding the pre-shared key starts a handshake on the ports Alice is about to
/// use (or has just used): Bob's half-open session for them must not lock her out. Her
/// handshake runs beside it, completes, and keeps the ports; the other fails at once.
/// Before, her HELLOs were dropped on the other's half-open session until it timed out
/// (31 s: her own handshake gave up first).
class HalfOpenRivalTestCase : public TestCase
{
  public:
    /// \param at when the other HELLO reaches Bob (Alice's reaches him at 1.01 s)
    explicit HalfOpenRivalTestCase(Time at)
        : TestCase(at < Seconds(1) ? "a handshake begun on Alice's ports before hers does not "
                                     "lock her out: hers completes beside it"
                                   : "a handshake begun on Alice's ports during hers does not "
                                     "break it"),
          m_at(at)
    {
    }

  private:
    Time m_at; //!< When the other HELLO reaches Bob

    void DoRun() override
    {
        MusesPipe pipe;
        const std::vector<uint8_t> key(32, 7);
        pipe.muses.SetPreSharedKey(key);
        pipe.Install(200000);
        ScheduleLambda(m_at, [&]() {
            MusesHeader hello;
            hello.SetType(MusesHeader::HELLO);
            hello.SetSourceId(pipe.L4(0)->GetName());
            hello.SetDestinationId(pipe.L4(1)->GetName());
            hello.SetSourcePort(49152); // Alice's first ephemeral port
            hello.SetDestinationPort(9);
            hello.SetSessionId({0x0badull << 32, 0});
            std::vector<uint8_t> body(MusesHandshake::TIMESTAMP_SIZE);
            uint8_t* p = body.data();
            WriteBigEndian(p, Simulator::Now().GetNanoSeconds(), MusesHandshake::TIMESTAMP_SIZE);
            Ptr<Packet> packet = Create<Packet>(body.data(), body.size());
            Ptr<MusesCipher> sealer = CreateObject<MusesCipher>();
            sealer->SetKeys(key, hello.GetSessionId(), MusesCipher::INITIATOR);
            sealer->Seal(hello, packet);
            pipe.bob->Inject(packet, pipe.L4(0)->GetName(), 1); // its answers go elsewhere
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pipe.bob->GetSent(MusesHeader::HELLO_REPLY), 1u, "Alice's answer");
        NS_TEST_EXPECT_MSG_EQ(pipe.L4(1)->GetSessions().size(), 1u, "the other one failed");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(1)->GetSessionId().initiatorPart,
                              pipe.Session(0)->GetSessionId().initiatorPart,
                              "Bob's session of the ports is Alice's");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// Bob's listener answers no HELLO without a cookie (HelloRate 0): Alice's HELLO gets a COOKIE
/// (Bob keeps nothing), she seals her HELLO again at SeqNBR 1 with it, and the session starts
/// one round trip later. A COOKIE that does not echo her HELLO's ICV (an off-path forger's)
/// is dropped and changes nothing.
class HelloCookieTestCase : public TestCase
{
  public:
    HelloCookieTestCase()
        : TestCase("under load a HELLO gets a COOKIE and comes back with it; a forged COOKIE "
                   "is dropped")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(200000);
        pipe.L4(1)->SetAttribute("HelloRate", DoubleValue(0));
        std::vector<std::pair<uint64_t, uint32_t>> hellos; // (SeqNBR, size) of Alice's HELLOs
        pipe.alice->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (header.GetType() == MusesHeader::HELLO)
                {
                    hellos.emplace_back(header.GetSeq(), p->GetSize());
                }
            }));
        uint32_t sessionsAtCookie = 99;
        pipe.bob->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (header.GetType() == MusesHeader::COOKIE)
                {
                    // Once the HELLO is handled (the session it forked is then disposed of).
                    ScheduleLambda(Seconds(0),
                                   [&]() { sessionsAtCookie = pipe.L4(1)->GetSessions().size(); });
                }
            }));
        uint64_t bobName = pipe.L4(1)->GetName();
        ScheduleLambda(Seconds(1.005), [&]() {
            // What an off-path node can forge: the header (Alice's pSessID-a is no secret to
            // one that guesses it) and any body.
            Ptr<MusesSession> alice = pipe.Session(0);
            MusesHeader header;
            header.SetType(MusesHeader::COOKIE);
            header.SetSourceId(bobName);
            header.SetDestinationId(pipe.L4(0)->GetName());
            header.SetSourcePort(alice->GetEndpoint().peerPort);
            header.SetDestinationPort(alice->GetEndpoint().localPort);
            header.SetSessionId({alice->GetSessionId().initiatorPart, 0});
            header.SetLength(MusesHandshake::COOKIE_SIZE + MusesHandshake::ECHO_SIZE);
            Ptr<Packet> forged =
                Create<Packet>(MusesHandshake::COOKIE_SIZE + MusesHandshake::ECHO_SIZE);
            forged->AddHeader(header);
            pipe.alice->Inject(forged, bobName);
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pipe.bob->GetSent(MusesHeader::COOKIE), 1u, "one COOKIE");
        NS_TEST_EXPECT_MSG_EQ(pipe.L4(1)->GetDropCount(MUSES_DROP_COOKIE_SENT), 1u, "counted");
        NS_TEST_EXPECT_MSG_EQ(sessionsAtCookie, 0u, "nothing kept for the HELLO it answers");
        NS_TEST_ASSERT_MSG_EQ(hellos.size(), 2u, "HELLO, then HELLO with the cookie");
        NS_TEST_EXPECT_MSG_EQ(hellos[0].first, 0u, "first HELLO at SeqNBR 0");
        NS_TEST_EXPECT_MSG_EQ(hellos[1].first, 1u, "the cookie's at SeqNBR 1: a new nonce");
        NS_TEST_EXPECT_MSG_EQ(hellos[1].second,
                              hellos[0].second + MusesHandshake::COOKIE_SIZE,
                              "carrying the cookie");
        NS_TEST_EXPECT_MSG_EQ(pipe.Session(0)->GetDropCount(MUSES_DROP_BAD_ICV),
                              1u,
                              "the forged COOKIE dropped");
        NS_TEST_EXPECT_MSG_EQ(pipe.bob->GetSent(MusesHeader::HELLO_REPLY), 1u, "one session");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// The cookie is bound to the way the HELLO came: Alice's HELLO with its cookie, taken off
/// the pipe and brought to Bob another way (by an attacker that saw the COOKIE), gets a new
/// COOKIE (which goes back that way) and makes no session; Alice repeats her HELLO with its
/// cookie the pipe's way, and the session starts.
class HelloCookieBindingTestCase : public TestCase
{
  public:
    HelloCookieBindingTestCase()
        : TestCase("a HELLO brings its cookie back another way: another COOKIE, no session")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(200000);
        pipe.L4(1)->SetAttribute("HelloRate", DoubleValue(0));
        pipe.alice->AddFault(MusesHeader::HELLO, 2, PipeTransport::DROP);
        Ptr<Packet> withCookie;
        pipe.alice->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (header.GetType() == MusesHeader::HELLO && header.GetSeq() == 1)
                {
                    withCookie = p->Copy();
                }
            }));
        uint64_t aliceName = pipe.L4(0)->GetName();
        uint32_t sessionsAfter = 99;
        ScheduleLambda(Seconds(1.1), [&]() {
            pipe.bob->Inject(withCookie->Copy(), aliceName, 1);
            ScheduleLambda(Seconds(0), [&]() { sessionsAfter = pipe.L4(1)->GetSessions().size(); });
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(sessionsAfter, 0u, "no session for the cookie brought another way");
        NS_TEST_EXPECT_MSG_EQ(pipe.L4(1)->GetDropCount(MUSES_DROP_COOKIE_SENT),
                              2u,
                              "the first HELLO and the one brought another way");
        NS_TEST_EXPECT_MSG_EQ(pipe.alice->GetSent(MusesHeader::HELLO),
                              3u,
                              "SeqNBR 0, then 1 with the cookie, repeated");
        NS_TEST_EXPECT_MSG_EQ(pipe.bob->GetSent(MusesHeader::HELLO_REPLY), 1u, "one session");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(200000), true, "every byte once, in order");
        Simulator::Destroy();
    }
};

/// 100 copies of Alice's HELLO reach Bob within 1 s while their session runs: Bob, whose
/// handshake is confirmed, has discarded its keys and drops them unopened, with no answer
/// (at first: one answer per copy, 98 bytes in, 202 out; copies before the confirmation are
/// answered at most once per half HandshakeTimeout).
class HelloRepeatFloodTestCase : public TestCase
{
  public:
    HelloRepeatFloodTestCase()
        : TestCase("copies of a HELLO once the session is confirmed: no answer, dropped "
                   "unopened")
    {
    }

  private:
    void DoRun() override
    {
        MusesPipe pipe;
        pipe.Install(2000000);
        Ptr<Packet> hello;
        pipe.CaptureFirstHello(hello);
        uint64_t aliceName = pipe.L4(0)->GetName();
        for (uint32_t i = 0; i < 100; ++i)
        {
            ScheduleLambda(Seconds(1.1) + MilliSeconds(10 * i),
                           [&]() { pipe.bob->Inject(hello->Copy(), aliceName); });
        }
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(pipe.bob->GetSent(MusesHeader::HELLO_REPLY),
                              1u,
                              "the handshake's answer only");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(pipe.Session(1)->GetDropCount(MUSES_DROP_UNEXPECTED),
                                    100u,
                                    "every copy dropped unopened");
        NS_TEST_EXPECT_MSG_EQ(pipe.Whole(2000000), true, "the session was not disturbed");
        Simulator::Destroy();
    }
};

/// The session layer under scripted faults.
class MusesSessionFaultsTestSuite : public TestSuite
{
  public:
    MusesSessionFaultsTestSuite()
        : TestSuite("muses-session-faults")
    {
        AddTestCase(new HelloReplyLostTestCase);
        AddTestCase(new FinishedLostTestCase);
        AddTestCase(new FinishedSlowTestCase);
        AddTestCase(new HeldAnswersRoomTestCase);
        AddTestCase(new HandshakeBackOffTestCase);
        AddTestCase(new AckLostTestCase);
        AddTestCase(new ReHelloReplyLostTestCase);
        AddTestCase(new DataReorderedTestCase);
        AddTestCase(new LateReHelloReplyTestCase);
        AddTestCase(new StaleHandshakeTestCase);
        AddTestCase(new HelloReplayTestCase(HelloReplayTestCase::REMEMBERED));
        AddTestCase(new HelloReplayTestCase(HelloReplayTestCase::FORGOTTEN));
        AddTestCase(new HelloReplayTestCase(HelloReplayTestCase::NONE));
        AddTestCase(new HelloCookieTestCase);
        AddTestCase(new HelloCookieBindingTestCase);
        AddTestCase(new HalfOpenRivalTestCase(Seconds(0.5)));
        AddTestCase(new HalfOpenRivalTestCase(Seconds(1.015)));
        AddTestCase(new HelloRepeatFloodTestCase);
    }
};

/// Registers the suite.
static MusesSessionFaultsTestSuite g_musesSessionFaultsTestSuite;

} // namespace tests
} // namespace ns3
