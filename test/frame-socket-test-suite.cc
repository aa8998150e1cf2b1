/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// FrameSocket: packets come back whole and in order, urgent ones overtake queued ordinary
// ones, the queue's bound refuses ordinary frames with a count, and a sender held back by
// the room it reports is woken when there is room again.

#include "muses-lambda.h"

#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/frame-socket.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace tests
{

/// Two nodes on a 10 Mb/s, 5 ms link; the second listens on port 7000 and makes every
/// accepted connection a FrameSocket whose frames go to the given callback.
struct FrameLink
{
    NodeContainer nodes;              //!< dialer, listener
    Ipv4InterfaceContainer addresses; //!< their addresses
    Ptr<Socket> listener;             //!< the listening socket
    Ptr<FrameSocket> accepted;        //!< the accepted connection, once there is one

    /// \param onFrame called with every frame the listening side receives
    explicit FrameLink(FrameSocket::ReceiveCallback onFrame)
    {
        nodes.Create(2);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper helper("10.0.0.0", "255.255.255.0");
        addresses = helper.Assign(devices);
        listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
        listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 7000));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeLambdaCallback<Ptr<Socket>, const Address&>(
                                        [this, onFrame](Ptr<Socket> s, const Address&) {
                                            accepted = CreateObject<FrameSocket>();
                                            accepted->Attach(s, true);
                                            accepted->SetReceiveCallback(onFrame);
                                        }));
    }

    FrameLink(const FrameLink&) = delete;
    FrameLink& operator=(const FrameLink&) = delete;

    /// Attach a FrameSocket to a new TCP socket of the first node, dialling the listener.
    /// \param dialer the FrameSocket \param sendBuffer the TCP send buffer (0: ns-3's)
    void Dial(Ptr<FrameSocket> dialer, uint32_t sendBuffer = 0)
    {
        Ptr<Socket> socket = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
        if (sendBuffer > 0)
        {
            socket->SetAttribute("SndBufSize", UintegerValue(sendBuffer));
        }
        socket->Bind();
        dialer->Attach(socket, false);
        socket->Connect(InetSocketAddress(addresses.GetAddress(1), 7000));
    }

    ~FrameLink()
    {
        if (accepted)
        {
            accepted->Release();
        }
        Simulator::Destroy();
    }
};

/**
 * Two nodes on a 10 Mb/s, 5 ms link; a FrameSocket dials the other's listener, and every
 * packet the accepting side gets is recorded by its first byte (its tag) and size.
 */
class FrameSocketTestCase : public TestCase
{
  public:
    FrameSocketTestCase()
        : TestCase("frames queued before the connection: urgent first, the rest in order, "
                   "whole, a resend queued once; beyond MaxPendingBytes refused and counted")
    {
    }

  private:
    /// \return a packet of `size` bytes, each `tag`
    static Ptr<Packet> Tagged(uint8_t tag, uint32_t size)
    {
        std::vector<uint8_t> bytes(size, tag);
        return Create<Packet>(bytes.data(), size);
    }

    void DoRun() override
    {
        // The receiving side: every frame recorded by its first byte (its tag) and size.
        std::vector<std::pair<uint8_t, uint32_t>> received;
        bool whole = true;
        FrameLink link(
            MakeLambdaCallback<Ptr<FrameSocket>, Ptr<Packet>>([&](Ptr<FrameSocket>, Ptr<Packet> p) {
                std::vector<uint8_t> bytes(p->GetSize());
                p->CopyData(bytes.data(), bytes.size());
                for (uint8_t b : bytes)
                {
                    whole &= b == bytes[0];
                }
                received.emplace_back(bytes[0], p->GetSize());
            }));

        // The dialing side queues everything before the connection is up.
        Ptr<FrameSocket> dialer = CreateObject<FrameSocket>();
        dialer->SetAttribute("MaxPendingBytes", UintegerValue(65537));
        std::vector<bool> taken;
        bool urgentTaken = false;
        ScheduleLambda(Seconds(0.1), [&]() {
            link.Dial(dialer);
            for (uint8_t tag = 1; tag <= 7; ++tag) // 7 x 10,002 bytes: the 7th does not fit
            {
                taken.push_back(dialer->Send(Tagged(tag, 10000)));
            }
            // A resend (a copy: same uid) while the first still waits is not queued twice.
            Ptr<Packet> resent = Tagged(50, 100);
            dialer->Send(resent);
            dialer->Send(resent->Copy());
            urgentTaken = dialer->Send(Tagged(100, 60), true);
            urgentTaken &= dialer->Send(Tagged(101, 60), true);
        });

        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_ASSERT_MSG_EQ(taken.size(), 7, "the frames were offered");
        NS_TEST_EXPECT_MSG_EQ(taken[5], true, "the 6th ordinary frame fits");
        NS_TEST_EXPECT_MSG_EQ(taken[6], false, "the 7th is beyond the bound");
        NS_TEST_EXPECT_MSG_EQ(dialer->GetDrops(), 1, "and counted");
        NS_TEST_EXPECT_MSG_EQ(urgentTaken, true, "urgent frames are taken over the bound");
        const std::vector<std::pair<uint8_t, uint32_t>> expected = {{100, 60},
                                                                    {101, 60},
                                                                    {1, 10000},
                                                                    {2, 10000},
                                                                    {3, 10000},
                                                                    {4, 10000},
                                                                    {5, 10000},
                                                                    {6, 10000},
                                                                    {50, 100}};
        NS_TEST_ASSERT_MSG_EQ(received.size(), expected.size(), "every taken frame arrived");
        for (size_t i = 0; i < expected.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(uint32_t(received[i].first),
                                  uint32_t(expected[i].first),
                                  "frame " << i << ": urgent first, then in order");
            NS_TEST_EXPECT_MSG_EQ(received[i].second, expected[i].second, "its size");
        }
        NS_TEST_EXPECT_MSG_EQ(whole, true, "every frame's bytes are its own");
        NS_TEST_EXPECT_MSG_EQ(dialer->GetPendingBytes(), 0, "nothing left queued");
        dialer->Release();
    }
};

/// A sender that writes while GetTxAvailable() allows and is woken only by the room upcall:
/// every frame arrives, and the queue stays within one TCP send buffer.
class FrameSocketRoomTestCase : public TestCase
{
  public:
    FrameSocketRoomTestCase()
        : TestCase("a sender held back by GetTxAvailable() is woken by the room upcall; the "
                   "queue stays within one TCP send buffer")
    {
    }

  private:
    void DoRun() override
    {
        uint32_t received = 0;
        FrameLink link(MakeLambdaCallback<Ptr<FrameSocket>, Ptr<Packet>>(
            [&](Ptr<FrameSocket>, Ptr<Packet>) { ++received; }));

        const uint32_t frames = 400; // 400 kB: 0.3 s at 10 Mb/s
        const uint32_t tcpBuffer = 100000;
        Ptr<FrameSocket> dialer = CreateObject<FrameSocket>();
        uint32_t sent = 0;
        uint32_t wakeUps = 0;
        uint32_t mostQueued = 0;
        auto write = [&]() {
            while (sent < frames && dialer->GetTxAvailable() >= 1000)
            {
                dialer->Send(Create<Packet>(1000));
                ++sent;
                mostQueued = std::max(mostQueued, dialer->GetPendingBytes());
            }
        };
        dialer->SetRoomCallback(MakeLambdaCallback<Ptr<FrameSocket>>([&](Ptr<FrameSocket>) {
            ++wakeUps;
            write();
        }));
        ScheduleLambda(Seconds(0.1), [&]() {
            link.Dial(dialer, tcpBuffer);
            write();
        });
        Simulator::Stop(Seconds(5));
        Simulator::Run();

        NS_TEST_EXPECT_MSG_EQ(sent, frames, "the room upcall let the sender finish");
        NS_TEST_EXPECT_MSG_EQ(received, frames, "every frame arrived");
        NS_TEST_EXPECT_MSG_GT(wakeUps, 0u, "the sender was held back and woken");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(mostQueued, tcpBuffer, "at most one TCP send buffer queued");
        NS_TEST_EXPECT_MSG_EQ(dialer->GetDrops(), 0u, "nothing dropped");
        dialer->Release();
    }
};

/// TCP's retransmissions as the session sees them: a connection whose bytes go unanswered
/// is retrying from its first retransmission timeout on, with a known deadline for the n-th
/// retransmission; not before, not when idle, and not once its own interface is down.
class FrameSocketRetryTestCase : public TestCase
{
  public:
    FrameSocketRetryTestCase()
        : TestCase("Holds until acknowledged, then GetReleased; GetLastProgress only when bytes "
                   "are acknowledged, GetProgressOf only for its own packets, urgent ones not "
                   "followed, GetConnectedAt; "
                   "GetRetryDeadline: TCP retrying unanswered bytes (RTO, "
                   "2 RTO), not idle, not from an interface that is down")
    {
    }

  private:
    void DoRun() override
    {
        FrameLink link(MakeNullCallback<void, Ptr<FrameSocket>, Ptr<Packet>>());
        Ptr<FrameSocket> dialer = CreateObject<FrameSocket>();
        ScheduleLambda(Seconds(0.1), [&]() { link.Dial(dialer); });
        // From 1 s the listener hears nothing: the frame sent then is never acknowledged.
        Ptr<RateErrorModel> deaf = CreateObject<RateErrorModel>();
        deaf->SetAttribute("ErrorRate", DoubleValue(1.0));
        deaf->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        Ptr<Packet> early = Create<Packet>(1000);
        Ptr<Packet> late = Create<Packet>(1000);
        Ptr<Packet> control = Create<Packet>(100);
        bool earlyHeldAtFirst = false;
        bool controlHeld = true;
        Time controlReleased;
        bool earlyHeldOnceAcked = true;
        bool lateHeld = false;
        Time earlyReleased;
        Time lateReleased;
        Time connectedProgress;
        Time deafProgress;
        Time connectedAt;
        Time acceptedAt;
        Time earlyProgress;
        Time lateProgress;
        Time strangerProgress;
        ScheduleLambda(Seconds(0.5), [&]() {
            connectedAt = dialer->GetConnectedAt();
            acceptedAt = link.accepted->GetConnectedAt();
            connectedProgress = dialer->GetLastProgress();
            dialer->Send(early);
            earlyHeldAtFirst = dialer->Holds(early);
            dialer->Send(control, true);
            controlHeld = dialer->Holds(control);
        });
        ScheduleLambda(Seconds(1), [&]() {
            earlyHeldOnceAcked = dialer->Holds(early->Copy()); // a copy: the same uid
            earlyReleased = dialer->GetReleased(early);
            controlReleased = dialer->GetReleased(control);
            link.nodes.Get(1)->GetDevice(0)->SetAttribute("ReceiveErrorModel", PointerValue(deaf));
            dialer->Send(late);
        });
        ScheduleLambda(Seconds(2.9), [&]() {
            lateHeld = dialer->Holds(late);
            lateReleased = dialer->GetReleased(late);
            deafProgress = dialer->GetLastProgress();
            earlyProgress = dialer->GetProgressOf(early);
            lateProgress = dialer->GetProgressOf(late);
            strangerProgress = dialer->GetProgressOf(Create<Packet>(10));
        });
        Time idle;
        Time beforeRto;
        Time afterRto;
        Time first;
        ScheduleLambda(Seconds(0.5), [&]() { idle = dialer->GetRetryDeadline(2); });
        Time waitingSince;
        ScheduleLambda(Seconds(1.5), [&]() {
            beforeRto = dialer->GetRetryDeadline(2);
            waitingSince = dialer->GetRetryDeadline(2, Seconds(1.2));
        });
        ScheduleLambda(Seconds(2.5), [&]() {
            afterRto = dialer->GetRetryDeadline(2);
            first = dialer->GetRetryDeadline(1);
        });
        Time down;
        ScheduleLambda(Seconds(3), [&]() {
            link.nodes.Get(0)->GetObject<Ipv4>()->SetDown(1);
            down = dialer->GetRetryDeadline(2);
        });
        Simulator::Stop(Seconds(3.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(earlyHeldAtFirst, true, "held until acknowledged");
        NS_TEST_EXPECT_MSG_EQ(earlyHeldOnceAcked, false, "not once acknowledged");
        NS_TEST_EXPECT_MSG_EQ(lateHeld, true, "held while TCP retries it");
        // Nobody asks when a control message left: a record of each would be most of it.
        NS_TEST_EXPECT_MSG_EQ(controlHeld, false, "an urgent frame is not followed");
        NS_TEST_EXPECT_MSG_EQ(controlReleased.IsNegative(), true, "nor remembered once acked");
        // Acknowledged one round trip (about 20 ms) after it left, or a delayed ACK later.
        NS_TEST_EXPECT_MSG_GT(earlyReleased, Seconds(0.5), "released once acknowledged");
        NS_TEST_EXPECT_MSG_LT(earlyReleased, Seconds(0.8), "released when acknowledged");
        NS_TEST_EXPECT_MSG_EQ(lateReleased.IsNegative(), true, "not released while held");
        // TCP also calls the send callback on connecting and on sending: neither is progress.
        NS_TEST_EXPECT_MSG_EQ(connectedProgress.IsNegative(), true, "connected, nothing acked");
        NS_TEST_EXPECT_MSG_EQ(deafProgress, earlyReleased, "sending into silence is no progress");
        // Dialled at 0.1 s over a 5 ms link: SYN, SYN-ACK (10 ms), then the ACK (15 ms).
        NS_TEST_EXPECT_MSG_EQ_TOL(connectedAt, Seconds(0.11), MilliSeconds(1), "connected");
        NS_TEST_EXPECT_MSG_EQ_TOL(acceptedAt, Seconds(0.115), MilliSeconds(1), "accepted");
        NS_TEST_EXPECT_MSG_EQ(earlyProgress, earlyReleased, "acknowledged: when it was");
        NS_TEST_EXPECT_MSG_EQ(lateProgress, deafProgress, "held: the connection's progress");
        NS_TEST_EXPECT_MSG_EQ(strangerProgress.IsNegative(), true, "never here: nothing to say");
        NS_TEST_EXPECT_MSG_EQ(idle.IsNegative(), true, "idle: nothing to retry");
        NS_TEST_EXPECT_MSG_EQ(beforeRto.IsNegative(), true, "not before TCP's timeout (1 s)");
        NS_TEST_EXPECT_MSG_EQ_TOL(waitingSince,
                                  Seconds(4),
                                  MilliSeconds(1),
                                  "unless silent since the asker began to wait");
        // Sent into an idle connection at 1 s with TCP's minimum RTO (1 s): retransmissions
        // at 2 s and 2 + 2 = 4 s.
        NS_TEST_EXPECT_MSG_EQ_TOL(first, Seconds(2), MilliSeconds(1), "the first's time");
        NS_TEST_EXPECT_MSG_EQ_TOL(afterRto, Seconds(4), MilliSeconds(1), "the second's");
        NS_TEST_EXPECT_MSG_EQ(down.IsNegative(), true, "its interface down: retrying in vain");
        dialer->Release();
    }
};

/// What left the node, as a resumption needs to know it: a frame TCP has transmitted, except
/// in its latest burst (which may still be in the interface); not one still waiting for the
/// window; and the answers stay once the connection is gone.
class FrameSocketHasLeftTestCase : public TestCase
{
  public:
    FrameSocketHasLeftTestCase()
        : TestCase("HasLeft: transmitted before TCP's latest burst, not waiting for its window; "
                   "still known once the connection closed")
    {
    }

  private:
    void DoRun() override
    {
        FrameLink link(MakeNullCallback<void, Ptr<FrameSocket>, Ptr<Packet>>());
        Ptr<FrameSocket> dialer = CreateObject<FrameSocket>();
        ScheduleLambda(Seconds(0.1), [&]() { link.Dial(dialer); });
        // Twenty frames at once: TCP's first window (10 segments of 536 bytes) takes five.
        std::vector<Ptr<Packet>> frames;
        for (int i = 0; i < 20; ++i)
        {
            frames.push_back(Create<Packet>(1000));
        }
        bool firstAtOnce = true;
        bool firstLater = false;
        bool lastLater = true;
        bool firstClosed = false;
        bool lastClosed = true;
        ScheduleLambda(Seconds(0.5), [&]() {
            for (const auto& frame : frames)
            {
                dialer->Send(frame);
            }
            firstAtOnce = dialer->HasLeft(frames.front());
        });
        bool firstInBurst = true;
        ScheduleLambda(Seconds(0.501), [&]() { firstInBurst = dialer->HasLeft(frames.front()); });
        // One round trip (about 12 ms) later the first ACKs let TCP send again.
        ScheduleLambda(Seconds(0.515), [&]() {
            firstLater = dialer->HasLeft(frames.front()->Copy()); // a copy: the same uid
            lastLater = dialer->HasLeft(frames.back());
            dialer->Close();
            firstClosed = dialer->HasLeft(frames.front());
            lastClosed = dialer->HasLeft(frames.back());
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(firstAtOnce, false, "not sent yet: TCP sends a moment later");
        NS_TEST_EXPECT_MSG_EQ(firstInBurst, false, "in TCP's latest burst: may not be out yet");
        NS_TEST_EXPECT_MSG_EQ(firstLater, true, "sent before TCP's latest burst");
        NS_TEST_EXPECT_MSG_EQ(lastLater, false, "still waiting for TCP's window");
        NS_TEST_EXPECT_MSG_EQ(firstClosed, true, "known once the connection is closed");
        NS_TEST_EXPECT_MSG_EQ(lastClosed, false, "never sent, closed or not");
        NS_TEST_EXPECT_MSG_EQ(dialer->HasLeft(Create<Packet>(10)), false, "never sent here");
    }
};

/// FrameSocket's test suite.
class FrameSocketTestSuite : public TestSuite
{
  public:
    FrameSocketTestSuite()
        : TestSuite("frame-socket")
    {
        AddTestCase(new FrameSocketTestCase);
        AddTestCase(new FrameSocketRoomTestCase);
        AddTestCase(new FrameSocketRetryTestCase);
        AddTestCase(new FrameSocketHasLeftTestCase);
    }
};

/// The suite's instance.
static FrameSocketTestSuite g_frameSocketTestSuite;

} // namespace tests
} // namespace ns3
