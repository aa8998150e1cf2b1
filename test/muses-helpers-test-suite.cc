/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The scenario helpers: throughput sampling, network events, the resumption tracker.

#include "muses-lambda.h"

#include "ns3/block-routing.h"
#include "ns3/cloak-helper.h"
#include "ns3/cloak-underlay-helper.h"
#include "ns3/csma-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/local-address-monitor.h"
#include "ns3/network-event-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/resumption-tracker.h"
#include "ns3/seq-ts-size-header.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/summary-writer.h"
#include "ns3/test.h"
#include "ns3/throughput-plot.h"
#include "ns3/throughput-sampler.h"
#include "ns3/transfer-check.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/underlay-channel.h"
#include "ns3/underlay-net-device.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace ns3
{
namespace tests
{

/// Known answers: bytes counted in each interval become one sample each.
class ThroughputSamplerTestCase : public TestCase
{
  public:
    ThroughputSamplerTestCase()
        : TestCase("ThroughputSampler: one sample per interval, zeros included, CSV")
    {
    }

  private:
    void DoRun() override
    {
        ThroughputSampler sampler(Seconds(1));
        sampler.Start(Seconds(0), Seconds(5));
        Simulator::Schedule(Seconds(0.5), &ThroughputSampler::Count, &sampler, 1000);
        Simulator::Schedule(Seconds(1.5), &ThroughputSampler::Count, &sampler, 1000);
        Simulator::Schedule(Seconds(1.7), &ThroughputSampler::Count, &sampler, 1000);
        Simulator::Schedule(Seconds(4.2), &ThroughputSampler::Count, &sampler, 125);
        Simulator::Run();
        Simulator::Destroy();
        const auto& samples = sampler.GetSamples();
        std::vector<double> expected = {8000, 16000, 0, 0, 1000};
        NS_TEST_ASSERT_MSG_EQ(samples.size(), expected.size(), "five samples");
        for (size_t i = 0; i < expected.size(); ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(samples[i].time, Seconds(i + 1), "sample " << i << " time");
            NS_TEST_EXPECT_MSG_EQ_TOL(samples[i].bps, expected[i], 1e-9, "sample " << i);
        }
        std::string path = CreateTempDirFilename("throughput.csv");
        NS_TEST_ASSERT_MSG_EQ(sampler.WriteCsv(path), true, "written");
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        NS_TEST_EXPECT_MSG_EQ(text.str(),
                              "time_s,throughput_bps\n1.000,8000\n2.000,16000\n3.000,0\n"
                              "4.000,0\n5.000,1000\n",
                              "CSV");
    }
};

/// MoveCsmaDevice: the node leaves LAN A, is offline, then reachable on LAN B only.
class MoveTestCase : public TestCase
{
  public:
    MoveTestCase()
        : TestCase("NetworkEventHelper: a move between CSMA LANs, address and route updated")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes; // mover, host on LAN A, host on LAN B
        nodes.Create(3);
        Ptr<CsmaChannel> lanA = CreateObject<CsmaChannel>();
        Ptr<CsmaChannel> lanB = CreateObject<CsmaChannel>();
        CsmaHelper csma;
        NetDeviceContainer a = csma.Install(NodeContainer(nodes.Get(1), nodes.Get(0)), lanA);
        NetDeviceContainer b = csma.Install(nodes.Get(2), lanB);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.0.0", "255.255.255.0");
        Ipv4InterfaceContainer aIf = addresses.Assign(a);
        addresses.SetBase("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer bIf = addresses.Assign(b);
        Ptr<Node> mover = nodes.Get(0);
        Ptr<CsmaNetDevice> device = DynamicCast<CsmaNetDevice>(a.Get(1));
        uint32_t interface = mover->GetObject<Ipv4>()->GetInterfaceForDevice(device);

        std::vector<std::string> events;
        NetworkEventHelper helper;
        helper.SetEventCallback(
            MakeLambdaCallback<const std::string&, Ptr<Node>, const std::string&>(
                [&events](const std::string& event, Ptr<Node>, const std::string& detail) {
                    std::ostringstream os;
                    os << Simulator::Now().GetSeconds() << " " << event << " " << detail;
                    events.push_back(os.str());
                }));
        helper.MoveCsmaDevice(device,
                              lanB,
                              Ipv4InterfaceAddress("10.2.0.9", "255.255.255.0"),
                              bIf.GetAddress(0),
                              Seconds(1),
                              Seconds(2));

        // Hosts count UDP datagrams; the mover sends one to each host at 0.5 s and at 4 s.
        std::vector<std::vector<double>> received(3);
        for (uint32_t host : {1u, 2u})
        {
            Ptr<Socket> socket =
                Socket::CreateSocket(nodes.Get(host), UdpSocketFactory::GetTypeId());
            socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
            socket->SetRecvCallback(
                MakeLambdaCallback<Ptr<Socket>>([&received, host](Ptr<Socket> s) {
                    while (s->Recv())
                    {
                        received[host].push_back(Simulator::Now().GetSeconds());
                    }
                }));
        }
        Ptr<Socket> sender = Socket::CreateSocket(mover, UdpSocketFactory::GetTypeId());
        sender->Bind();
        for (double t : {0.5, 4.0})
        {
            ScheduleLambda(Seconds(t), [&, sender]() {
                sender->SendTo(Create<Packet>(100), 0, InetSocketAddress(aIf.GetAddress(0), 9));
                sender->SendTo(Create<Packet>(100), 0, InetSocketAddress(bIf.GetAddress(0), 9));
            });
        }
        bool downWhileOffline = false;
        ScheduleLambda(Seconds(2),
                       [&]() { downWhileOffline = !mover->GetObject<Ipv4>()->IsUp(interface); });
        Simulator::Run();
        Ptr<Ipv4> ipv4 = mover->GetObject<Ipv4>();
        NS_TEST_EXPECT_MSG_EQ(downWhileOffline, true, "interface down while unplugged");
        NS_TEST_EXPECT_MSG_EQ(ipv4->GetAddress(interface, 0).GetLocal(),
                              Ipv4Address("10.2.0.9"),
                              "new address");
        NS_TEST_EXPECT_MSG_EQ(device->GetChannel(), lanB, "plugged into LAN B");
        NS_TEST_ASSERT_MSG_EQ(events.size(), 2u, "two events");
        NS_TEST_EXPECT_MSG_EQ(events[0], "1 move 10.1.0.2", "unplugged at 1 s");
        NS_TEST_EXPECT_MSG_EQ(events[1], "3 attached 10.2.0.9", "attached at 3 s");
        NS_TEST_EXPECT_MSG_EQ(received[1].size(), 1u, "LAN A host: only before the move");
        NS_TEST_EXPECT_MSG_EQ(received[2].size(), 1u, "LAN B host: only after the move");
        NS_TEST_EXPECT_MSG_LT(received[1].at(0), 1.0, "LAN A reached before");
        NS_TEST_EXPECT_MSG_GT(received[2].at(0), 4.0, "LAN B reached after");
        Simulator::Destroy();
    }
};

/// CutLink: nothing crosses the link during the cut, everything before and after.
class CutLinkTestCase : public TestCase
{
  public:
    CutLinkTestCase()
        : TestCase("NetworkEventHelper: a link cut drops everything, then nothing")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes;
        nodes.Create(2);
        PointToPointHelper p2p;
        NetDeviceContainer devices = p2p.Install(nodes);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.0.0", "255.255.255.0");
        Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
        NetworkEventHelper helper;
        uint32_t reported = 0;
        helper.SetEventCallback(
            MakeLambdaCallback<const std::string&, Ptr<Node>, const std::string&>(
                [&reported](const std::string&, Ptr<Node>, const std::string&) { ++reported; }));
        helper.CutLink(devices, Seconds(1), Seconds(1));
        std::vector<double> times;
        Ptr<Socket> sink = Socket::CreateSocket(nodes.Get(1), UdpSocketFactory::GetTypeId());
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeLambdaCallback<Ptr<Socket>>([&times](Ptr<Socket> s) {
            while (s->Recv())
            {
                times.push_back(Simulator::Now().GetSeconds());
            }
        }));
        Ptr<Socket> source = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        source->Bind();
        for (int i = 0; i < 30; ++i)
        {
            ScheduleLambda(Seconds(0.05 + 0.1 * i), [&, source]() {
                source->SendTo(Create<Packet>(100),
                               0,
                               InetSocketAddress(interfaces.GetAddress(1), 9));
            });
        }
        Simulator::Run();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(times.size(), 20u, "10 sent during the cut are lost");
        for (double t : times)
        {
            NS_TEST_EXPECT_MSG_EQ((t < 1 || t > 2), true, "nothing received during the cut");
        }
        NS_TEST_EXPECT_MSG_EQ(reported, 4u, "cut and restored, on both devices");
    }
};

/// The tracker turns a time line into outages.
class ResumptionTrackerTestCase : public TestCase
{
  public:
    ResumptionTrackerTestCase()
        : TestCase("ResumptionTracker: outages from network, session and data events")
    {
    }

  private:
    void DoRun() override
    {
        ResumptionTracker tracker;
        Ptr<Node> node = CreateObject<Node>();
        auto at = [&](double t, std::function<void()> f) { ScheduleLambda(Seconds(t), f); };
        at(1, [&]() { tracker.RecordNetworkEvent("move", node, "10.0.0.1"); });
        at(2, [&]() { tracker.Record("bob", "suspended", "port 9"); });
        at(3,
           [&]() { tracker.RecordDelivery(Create<Packet>(10), Address()); }); // not after a restore
        at(5, [&]() { tracker.RecordNetworkEvent("attached", node, "10.0.1.1"); });
        at(5.1, [&]() { tracker.Record("bob", "resumed", "port 9"); });
        at(5.2, [&]() { tracker.RecordDelivery(Create<Packet>(10), Address()); });
        at(5.3, [&]() { tracker.RecordDelivery(Create<Packet>(10), Address()); }); // not again
        at(10, [&]() { tracker.RecordNetworkEvent("link_cut", node, ""); });
        at(10, [&]() { tracker.RecordNetworkEvent("link_cut", node, ""); }); // other end
        at(12, [&]() { tracker.RecordNetworkEvent("link_restored", node, ""); });
        Simulator::Run();
        Simulator::Destroy();
        auto outages = tracker.GetOutages();
        NS_TEST_ASSERT_MSG_EQ(outages.size(), 2u, "two outages");
        NS_TEST_EXPECT_MSG_EQ(outages[0].start, Seconds(1), "start");
        NS_TEST_EXPECT_MSG_EQ(outages[0].suspended, Seconds(2), "suspended");
        NS_TEST_EXPECT_MSG_EQ(outages[0].restored, Seconds(5), "restored");
        NS_TEST_EXPECT_MSG_EQ(outages[0].sessionResumed, Seconds(5.1), "session resumed");
        NS_TEST_EXPECT_MSG_EQ(outages[0].dataResumed, Seconds(5.2), "data resumed");
        NS_TEST_EXPECT_MSG_EQ(outages[1].start, Seconds(10), "second start");
        NS_TEST_EXPECT_MSG_EQ(outages[1].suspended, Seconds(-1), "never suspended");
        NS_TEST_EXPECT_MSG_EQ(outages[1].restored, Seconds(12), "second restored");
        NS_TEST_EXPECT_MSG_EQ(outages[1].dataResumed, Seconds(-1), "no data after");
        NS_TEST_EXPECT_MSG_EQ(tracker.GetEvents().size(), 8u, "one data_resumed event only");
    }
};

/// The tracker's attributions: a session that suspended before the loss was reported (a
/// Wi-Fi station misses beacons first), a suspension after the path came back that belongs to
/// no outage, and two streams on one tracker, each with its own first delivery.
class ResumptionAttributionTestCase : public TestCase
{
  public:
    ResumptionAttributionTestCase()
        : TestCase("ResumptionTracker: a suspension before the reported loss is the outage's, a "
                   "later one is not; two streams each resume; named receivers each their own")
    {
    }

  private:
    void DoRun() override
    {
        ResumptionTracker tracker;
        Ptr<Node> node = CreateObject<Node>();
        Address one = InetSocketAddress(Ipv4Address("10.0.0.1"), 49152);
        Address two = InetSocketAddress(Ipv4Address("10.0.0.1"), 49153);
        auto at = [&](double t, std::function<void()> f) { ScheduleLambda(Seconds(t), f); };
        at(1, [&]() { tracker.RecordDelivery(Create<Packet>(10), one); });
        at(1, [&]() { tracker.RecordDelivery(Create<Packet>(10), two); });
        // Two named receivers (OutageReport::WatchReceiver(app, name)): each its own view.
        auto deliver = [&](const char* receiver) {
            ResumptionTracker::RecordDeliveryTo(&tracker, receiver, Create<Packet>(10), one);
        };
        at(1, [&]() { deliver("up"); });
        at(1, [&]() { deliver("down"); });
        at(14.04, [&]() { deliver("down"); });
        at(14.08, [&]() { deliver("up"); });
        at(3, [&]() { tracker.Record("bob", "suspended", "port 1 peer 2:9"); }); // and spurious:
        at(3.5, [&]() { tracker.Record("bob", "resumed", "port 1 peer 2:9"); }); // resumed
        at(11.76, [&]() { tracker.Record("bob", "suspended", "port 1 peer 2:9"); });
        at(12.55, [&]() { tracker.RecordNetworkEvent("move", node, "ap1"); });
        at(14, [&]() { tracker.RecordNetworkEvent("attached", node, "ap2"); });
        at(14.02, [&]() { tracker.Record("bob", "resumed", "port 1 peer 2:9"); });
        at(14.03, [&]() { tracker.RecordDelivery(Create<Packet>(10), two); });
        at(14.05, [&]() { tracker.RecordDelivery(Create<Packet>(10), one); });
        at(14.06, [&]() { tracker.RecordDelivery(Create<Packet>(10), two); });       // not again
        at(19.36, [&]() { tracker.Record("bob", "suspended", "port 1 peer 2:9"); }); // unrelated
        at(30, [&]() { tracker.RecordNetworkEvent("link_cut", node, ""); });
        Simulator::Run();
        Simulator::Destroy();
        auto outages = tracker.GetOutages();
        NS_TEST_ASSERT_MSG_EQ(outages.size(), 2u, "two outages");
        NS_TEST_EXPECT_MSG_EQ(outages[0].suspended, Seconds(11.76), "suspended before the report");
        NS_TEST_EXPECT_MSG_EQ(outages[0].dataResumed, Seconds(14.03), "the first stream back");
        NS_TEST_EXPECT_MSG_EQ(outages[1].suspended,
                              Seconds(-1),
                              "19.36 s is no one's: "
                              "the session resumed since");
        uint32_t resumedStreams = 0;
        for (const auto& e : tracker.GetEvents())
        {
            resumedStreams += e.event == "data_resumed" && e.time > Seconds(14);
        }
        NS_TEST_EXPECT_MSG_EQ(resumedStreams, 4u, "each stream's first delivery, once");
        auto up = tracker.GetOutages("up");
        auto down = tracker.GetOutages("down");
        NS_TEST_EXPECT_MSG_EQ(up.size() + down.size(), 4u, "the same outages for each");
        if (up.size() == 2 && down.size() == 2)
        {
            NS_TEST_EXPECT_MSG_EQ(up[0].dataResumed, Seconds(14.08), "up's first delivery");
            NS_TEST_EXPECT_MSG_EQ(down[0].dataResumed, Seconds(14.04), "down's first delivery");
            NS_TEST_EXPECT_MSG_EQ(up[0].suspended, Seconds(11.76), "the same detection");
        }
    }
};

/// TransferCheck's known answers: a stream cut into messages, some lost, some duplicated, the
/// transfer stopped early.
class TransferCheckTestCase : public TestCase
{
  public:
    TransferCheckTestCase()
        : TestCase("TransferCheck: lost, in flight and duplicated bytes; the received prefix")
    {
    }

  private:
    /// \param seq sequence \param size message size (>= 20) \return message seq's bytes
    static Ptr<Packet> Message(uint32_t seq, uint32_t size)
    {
        std::vector<uint8_t> body(size - 20);
        for (size_t i = 0; i < body.size(); ++i)
        {
            body[i] = uint8_t(seq * 31 + i);
        }
        Ptr<Packet> p = Create<Packet>(body.data(), body.size());
        SeqTsSizeHeader header;
        header.SetSeq(seq);
        header.SetSize(size);
        p->AddHeader(header);
        return p;
    }

    void DoRun() override
    {
        // Five messages of 100 bytes sent; 0, 1 arrive (1 cut across two reads), 3 arrives,
        // 1 again; 2 is behind an arrival: lost; 4 has not arrived: in flight.
        TransferCheck check;
        for (uint32_t seq = 0; seq < 5; ++seq)
        {
            check.Sent(Message(seq, 100));
        }
        Address from;
        check.Received(Message(0, 100), from);
        Ptr<Packet> one = Message(1, 100);
        check.Received(one->CreateFragment(0, 30), from);
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesInFlight(), 400u, "1 is not whole yet");
        NS_TEST_EXPECT_MSG_EQ(check.PrefixMatches(), true, "130 bytes, the sent prefix");
        check.Received(one->CreateFragment(30, 70), from);
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesLost(), 0u, "nothing lost so far");
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesInFlight(), 300u, "2, 3 and 4 on their way");
        NS_TEST_EXPECT_MSG_EQ(check.PrefixMatches(), true, "200 bytes, the sent prefix");
        check.Received(Message(3, 100), from);
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesLost(), 100u, "2 can no longer arrive");
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesInFlight(), 100u, "4 may");
        NS_TEST_EXPECT_MSG_EQ(check.PrefixMatches(), false, "3 where 2 was sent");
        check.Received(Message(1, 100), from);
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesDuplicated(), 100u, "1 twice");
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesSent(), 500u, "sent");
        NS_TEST_EXPECT_MSG_EQ(check.GetBytesReceived(), 400u, "received, duplicate included");

        // A clean transfer stopped early: no loss, the rest in flight, the prefix matches.
        TransferCheck early;
        for (uint32_t seq = 0; seq < 4; ++seq)
        {
            early.Sent(Message(seq, 1000));
        }
        early.Received(Message(0, 1000), from);
        early.Received(Message(1, 1000)->CreateFragment(0, 500), from);
        NS_TEST_EXPECT_MSG_EQ(early.GetBytesLost(), 0u, "nothing lost");
        NS_TEST_EXPECT_MSG_EQ(early.GetBytesInFlight(), 3000u, "the rest in flight");
        NS_TEST_EXPECT_MSG_EQ(early.PrefixMatches(), true, "1500 bytes, the sent prefix");
        // A byte changed in transit breaks the prefix.
        TransferCheck changed;
        changed.Sent(Message(0, 100));
        Ptr<Packet> bad = Message(0, 100);
        uint8_t bytes[100];
        bad->CopyData(bytes, 100);
        bytes[60] ^= 1;
        changed.Received(Create<Packet>(bytes, 100), from);
        NS_TEST_EXPECT_MSG_EQ(changed.PrefixMatches(), false, "one bit flipped");
        NS_TEST_EXPECT_MSG_EQ(changed.GetBytesLost() + changed.GetBytesInFlight(), 0u, "arrived");
    }
};

/// SummaryWriter's known answers: types, nulls, escaping, nesting, key order.
class SummaryWriterTestCase : public TestCase
{
  public:
    SummaryWriterTestCase()
        : TestCase("SummaryWriter: typed JSON, null for what never happened, nested objects")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<SummaryWriter> moves;
        moves.push_back(SummaryWriter().Add("at_s", Seconds(1.5)).Add("back_s", Seconds(-1)));
        SummaryWriter summary;
        summary.Add("name", "a \"quoted\" \\ name\n")
            .Add("bytes", uint64_t(18446744073709551615ULL))
            .Add("delta", -3)
            .Add("ok", true)
            .Add("ratio", 0.1234567)
            .Add("nan", std::nan(""))
            .Add("moves", moves)
            .Add("inner", SummaryWriter().Add("x", uint32_t(7)))
            .AddNull("never");
        std::string expected = "{\n"
                               "  \"name\": \"a \\\"quoted\\\" \\\\ name\\u000a\",\n"
                               "  \"bytes\": 18446744073709551615,\n"
                               "  \"delta\": -3,\n"
                               "  \"ok\": true,\n"
                               "  \"ratio\": 0.123457,\n"
                               "  \"nan\": null,\n"
                               "  \"moves\": [{\"at_s\": 1.500000, \"back_s\": null}],\n"
                               "  \"inner\": {\"x\": 7},\n"
                               "  \"never\": null\n"
                               "}\n";
        NS_TEST_EXPECT_MSG_EQ(summary.ToString(), expected, "the JSON");
        NS_TEST_EXPECT_MSG_EQ(summary.Write("/nonexistent-dir/summary.json"),
                              false,
                              "an unwritable path is reported");
    }
};

/// Two applications on one plot, and the marks of an outage: one line per series, dashed
/// marks (a terminal that draws dashes), labels of close marks in rows of their own.
class ThroughputPlotTestCase : public TestCase
{
  public:
    ThroughputPlotTestCase()
        : TestCase("ThroughputPlot: two series on one plot, dashed marks, close labels apart")
    {
    }

  private:
    void DoRun() override
    {
        ThroughputSampler up(Seconds(1));
        ThroughputSampler down(Seconds(1));
        up.Start(Seconds(0), Seconds(100));
        down.Start(Seconds(0), Seconds(100));
        Simulator::Schedule(Seconds(0.5), &ThroughputSampler::Count, &up, 1000);
        Simulator::Schedule(Seconds(0.5), &ThroughputSampler::Count, &down, 500);
        Simulator::Run();
        Simulator::Destroy();
        ThroughputPlot plot("two applications");
        plot.AddSeries("BulkSend up", up);
        plot.AddSeries("OnOff down", down);
        plot.AddMark(Seconds(73.9), "transfer resumed");
        plot.AddMark(Seconds(59), "Bob unplugged");
        plot.AddMark(Seconds(73.8), "path restored");
        std::string gp = CreateTempDirFilename("throughput.gp");
        NS_TEST_ASSERT_MSG_EQ(plot.Write(gp, CreateTempDirFilename("throughput.png")),
                              true,
                              "written");
        std::ifstream in(gp);
        std::stringstream text;
        text << in.rdbuf();
        std::string script = text.str();
        auto has = [&script](const std::string& s) { return script.find(s) != std::string::npos; };
        NS_TEST_EXPECT_MSG_EQ(has("set terminal pngcairo"), true, "a terminal with dashes");
        NS_TEST_EXPECT_MSG_EQ(has("title \"BulkSend up\""), true, "first series");
        NS_TEST_EXPECT_MSG_EQ(has("title \"OnOff down\""), true, "second series");
        NS_TEST_EXPECT_MSG_EQ(has("nohead dashtype 2"), true, "dashed marks");
        // In time order, a character about a hundredth of the 100 s axis: 59 s on the first
        // row, its label up to 74 s; 73.8 s below it; 73.9 s below both.
        NS_TEST_EXPECT_MSG_EQ(has("'Bob unplugged' at 59, graph 0.95"), true, "row 1");
        NS_TEST_EXPECT_MSG_EQ(has("'path restored' at 73.8, graph 0.88"), true, "row 2");
        NS_TEST_EXPECT_MSG_EQ(has("'transfer resumed' at 73.9, graph 0.81"), true, "row 3");
    }
};

/// The generated underlay's core router finds each access router's block by arithmetic:
/// a peer's address leaves by the link to its own access router, whatever the number of
/// routers; an address outside the blocks is left to the static routing (none). Each access
/// router finds its peers' links the same way and sends the rest up to the core.
class BlockRoutingTestCase : public TestCase
{
  public:
    BlockRoutingTestCase()
        : TestCase("BlockRouting: a peer's address to its access router's link and on to the "
                   "peer's, by arithmetic; outside the blocks, no route")
    {
    }

  private:
    void DoRun() override
    {
        CloakUnderlayHelper underlay;
        underlay.SetPeersPerRouter(4);
        NodeContainer peers = underlay.Build(10); // three access routers: 4, 4, 2 peers
        Ptr<BlockRouting> blocks = FindBlockRouting(underlay.GetRouters().Get(0));
        NS_TEST_ASSERT_MSG_NE(blocks, nullptr, "the core router routes by blocks");
        NS_TEST_EXPECT_MSG_EQ(blocks->GetNBlocks(), 3u, "one block per access router");
        for (uint32_t p : {0u, 3u, 4u, 9u})
        {
            Ipv4Header header;
            header.SetDestination(peers.Get(p)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal());
            Socket::SocketErrno error;
            Ptr<Ipv4Route> route = blocks->RouteOutput(Create<Packet>(), header, nullptr, error);
            NS_TEST_ASSERT_MSG_NE(route, nullptr, "a route to peer " << p);
            Ptr<Node> router = underlay.GetRouters().Get(1 + p / 4);
            NS_TEST_EXPECT_MSG_EQ(route->GetOutputDevice()->GetChannel()->GetDevice(1)->GetNode(),
                                  router,
                                  "peer " << p << " through its access router");
        }
        Ipv4Header outside;
        outside.SetDestination(Ipv4Address("10.0.0.96")); // three blocks of 4 x 8 from 10/8
        Socket::SocketErrno error;
        NS_TEST_EXPECT_MSG_EQ(blocks->RouteOutput(Create<Packet>(), outside, nullptr, error),
                              nullptr,
                              "past the last block: no route");
        NS_TEST_EXPECT_MSG_EQ(error, Socket::ERROR_NOROUTETOHOST, "and says so");

        // An access router finds its own peers' links the same way, at any of their
        // addresses (a moved peer keeps its block); the rest goes up its default route.
        Ptr<BlockRouting> access = FindBlockRouting(underlay.GetRouters().Get(2));
        NS_TEST_ASSERT_MSG_NE(access, nullptr, "the access router routes by blocks");
        NS_TEST_EXPECT_MSG_EQ(access->GetNBlocks(), 4u, "one block per peer");
        underlay.NewAddress(5);
        Ipv4Address moved = underlay.GetAddress(5);
        for (Ipv4Address to : {moved, Ipv4Address(moved.Get() + 1)})
        {
            Ipv4Header header;
            header.SetDestination(to);
            Ptr<Ipv4Route> route = access->RouteOutput(Create<Packet>(), header, nullptr, error);
            NS_TEST_ASSERT_MSG_NE(route, nullptr, "a route to " << to);
            NS_TEST_EXPECT_MSG_EQ(route->GetOutputDevice()->GetChannel()->GetDevice(1)->GetNode(),
                                  peers.Get(5),
                                  to << " on peer 5's link");
        }
        Ipv4Header other;
        other.SetDestination(peers.Get(9)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal());
        Ptr<Ipv4Route> up = access->RouteOutput(Create<Packet>(), other, nullptr, error);
        NS_TEST_ASSERT_MSG_NE(up, nullptr, "another router's peer: a route");
        NS_TEST_EXPECT_MSG_EQ(up->GetOutputDevice()->GetChannel()->GetDevice(0)->GetNode(),
                              underlay.GetRouters().Get(0),
                              "not its block: up to the core");
        Simulator::Destroy();
    }

    /// \param node a router \return its BlockRouting (null if it has none)
    static Ptr<BlockRouting> FindBlockRouting(Ptr<Node> node)
    {
        Ptr<Ipv4ListRouting> list =
            DynamicCast<Ipv4ListRouting>(node->GetObject<Ipv4>()->GetRoutingProtocol());
        for (uint32_t i = 0; i < list->GetNRoutingProtocols(); ++i)
        {
            int16_t priority = 0;
            if (Ptr<BlockRouting> blocks =
                    DynamicCast<BlockRouting>(list->GetRoutingProtocol(i, priority)))
            {
                return blocks;
            }
        }
        return nullptr;
    }
};

/// Beyond RoutersPerRouter access routers, levels of aggregation routers come between them
/// and the core: no router has more links than its fan-out, and a datagram between the two
/// ends of the address space arrives through every level, up and down (its TTL or hop limit
/// says how many routers it crossed), both ways; over IPv4 and over IPv6 (aggregate routes).
class UnderlayLevelsTestCase : public TestCase
{
  public:
    /// \param ipv6 build the underlay over IPv6 instead of IPv4
    UnderlayLevelsTestCase(bool ipv6)
        : TestCase(std::string("CloakUnderlayHelper: aggregation levels bound each router's "
                               "links; datagrams cross every level both ways, over ") +
                   (ipv6 ? "IPv6" : "IPv4")),
          m_ipv6(ipv6)
    {
    }

  private:
    void DoRun() override
    {
        CloakUnderlayHelper underlay;
        underlay.SetPeersPerRouter(2);
        underlay.SetRoutersPerRouter(2);
        underlay.SetIpv4(!m_ipv6);
        underlay.SetIpv6(m_ipv6);
        // 5 access routers, under 3 aggregation routers, under 2, under the core.
        NodeContainer peers = underlay.Build(10);
        NodeContainer routers = underlay.GetRouters();
        NS_TEST_EXPECT_MSG_EQ(routers.GetN(), 1u + 5u + 3u + 2u, "core, access, 3 + 2 above");
        for (uint32_t r = 0; r < routers.GetN(); ++r)
        {
            // Loopback, at most two below, one up (the core has none up).
            Ptr<Node> router = routers.Get(r);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(m_ipv6 ? router->GetObject<Ipv6>()->GetNInterfaces()
                                               : router->GetObject<Ipv4>()->GetNInterfaces(),
                                        4u,
                                        "router " << r << "'s links");
        }
        std::map<uint32_t, std::string> ttls; // by receiving peer: each datagram's TTL
        for (uint32_t p : {0u, 1u, 9u})
        {
            Ptr<Socket> sink = Socket::CreateSocket(peers.Get(p), UdpSocketFactory::GetTypeId());
            if (m_ipv6)
            {
                sink->Bind(Inet6SocketAddress(Ipv6Address::GetAny(), 9));
                sink->SetIpv6RecvHopLimit(true);
            }
            else
            {
                sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
                sink->SetIpRecvTtl(true);
            }
            sink->SetRecvCallback(MakeLambdaCallback<Ptr<Socket>>([&ttls, p](Ptr<Socket> s) {
                while (Ptr<Packet> packet = s->Recv())
                {
                    SocketIpTtlTag tag;
                    SocketIpv6HopLimitTag hopLimit;
                    uint32_t ttl = packet->RemovePacketTag(tag)        ? tag.GetTtl()
                                   : packet->RemovePacketTag(hopLimit) ? hopLimit.GetHopLimit()
                                                                       : 0;
                    ttls[p] += std::to_string(ttl) + " ";
                }
            }));
        }
        auto send = [&](uint32_t from, uint32_t to) {
            Ptr<Socket> socket =
                Socket::CreateSocket(peers.Get(from), UdpSocketFactory::GetTypeId());
            socket->SendTo(Create<Packet>(100), 0, PeerAddress(underlay, to));
        };
        ScheduleLambda(Seconds(1), [&]() {
            send(0, 9);
            send(9, 0);
            send(0, 1); // the same access router
        });
        Simulator::Run();
        // Up through access, two aggregation levels, the core, and down again: 7 routers.
        NS_TEST_EXPECT_MSG_EQ(ttls[9], "57 ", "0 to 9 through 7 routers");
        NS_TEST_EXPECT_MSG_EQ(ttls[0], "57 ", "9 to 0 through 7 routers");
        NS_TEST_EXPECT_MSG_EQ(ttls[1], "63 ", "0 to 1: their router only");
        Simulator::Destroy();
    }

    /// \param underlay the underlay \param p a peer \return its address, port 9
    Address PeerAddress(const CloakUnderlayHelper& underlay, uint32_t p) const
    {
        return m_ipv6 ? Address(Inet6SocketAddress(underlay.GetAddress6(p), 9))
                      : Address(InetSocketAddress(underlay.GetAddress(p), 9));
    }

    bool m_ipv6; //!< Over IPv6
};

/// SetRanks partitions the routed underlay for the distributed simulator: known answers for
/// each node's rank on the levels topology split in two (the access routers 0-2 and 3-4, each
/// peer with its router, each aggregation router with its first child, the core on rank 0),
/// and CloakHelper installs peers on its own rank's nodes only (rank 0 in one process), each
/// with the stream it has in a whole overlay.
class UnderlayRanksTestCase : public TestCase
{
  public:
    UnderlayRanksTestCase()
        : TestCase("CloakUnderlayHelper::SetRanks: peers with their access router, routers with "
                   "their first child, the core on rank 0; CloakHelper installs on its rank")
    {
    }

  private:
    void DoRun() override
    {
        CloakUnderlayHelper underlay;
        underlay.SetPeersPerRouter(2);
        underlay.SetRoutersPerRouter(2);
        underlay.SetRanks(2);
        NodeContainer peers = underlay.Build(10);
        auto ranks = [](const NodeContainer& nodes) {
            std::string s;
            for (uint32_t i = 0; i < nodes.GetN(); ++i)
            {
                s += std::to_string(nodes.Get(i)->GetSystemId());
            }
            return s;
        };
        NS_TEST_EXPECT_MSG_EQ(ranks(peers), "0000001111", "peers: with their access router");
        // Core; access routers 0-4; aggregation {0,1} {2,3} {4}; then {a0,a1} {a2}.
        NS_TEST_EXPECT_MSG_EQ(ranks(underlay.GetRouters()), "00001100101", "routers");
        CloakHelper cloak;
        ApplicationContainer mine = cloak.Install(peers);
        NS_TEST_EXPECT_MSG_EQ(mine.GetN(), 6u, "rank 0's six peers only");
        NS_TEST_EXPECT_MSG_EQ(cloak.AssignStreams(peers, 100), 11, "one stream per node, and one");
        Simulator::Destroy();
    }
};

/// The direct underlay gives every datagram the routed underlay's delay: known answers on the
/// levels topology, each path the same in both (within the 2-byte PPP header the routed links
/// also serialize). In both, a datagram to a moved peer's old address reaches it once and is
/// dropped there (a host does not send it back up); the direct channel drops a datagram to an
/// address outside the blocks ("no route") and those that would wait too long in the sender's
/// access queue ("queue full", 9 of 20 sent at once with a 1 ms limit pass). Over IPv4 and
/// over IPv6 (each datagram 20 bytes longer).
class UnderlayChannelTestCase : public TestCase
{
  public:
    /// \param ipv6 build the underlays over IPv6 instead of IPv4
    UnderlayChannelTestCase(bool ipv6)
        : TestCase(std::string("UnderlayChannel: the routed underlay's delays in one event; "
                               "moved addresses not bounced; no route and queue full dropped, "
                               "over ") +
                   (ipv6 ? "IPv6" : "IPv4")),
          m_ipv6(ipv6)
    {
    }

  private:
    /// What one run measured.
    struct Result
    {
        std::map<uint32_t, Time> delay;        //!< By receiving peer: the datagram's delay
        uint32_t movedReceived{0};             //!< Packets peer 5's device got after its move
        std::map<std::string, uint32_t> drops; //!< The direct channel's, by reason
        uint32_t burstReceived{0};             //!< Of the burst to peer 3
    };

    /// \param direct which underlay \return the measurements
    Result Measure(bool direct) const
    {
        Result r;
        CloakUnderlayHelper underlay;
        underlay.SetPeersPerRouter(2);
        underlay.SetRoutersPerRouter(2);
        underlay.SetDirect(direct);
        underlay.SetIpv4(!m_ipv6);
        underlay.SetIpv6(m_ipv6);
        NodeContainer peers = underlay.Build(10);
        auto address = [this, &underlay](uint32_t p) {
            return m_ipv6 ? Address(Inet6SocketAddress(underlay.GetAddress6(p), 9))
                          : Address(InetSocketAddress(underlay.GetAddress(p), 9));
        };
        for (uint32_t p : {0u, 1u, 3u, 9u})
        {
            Ptr<Socket> sink = Socket::CreateSocket(peers.Get(p), UdpSocketFactory::GetTypeId());
            sink->Bind(m_ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), 9))
                              : Address(InetSocketAddress(Ipv4Address::GetAny(), 9)));
            sink->SetRecvCallback(MakeLambdaCallback<Ptr<Socket>>([&r, p](Ptr<Socket> s) {
                while (Ptr<Packet> packet = s->Recv())
                {
                    if (p == 3)
                    {
                        ++r.burstReceived;
                    }
                    else
                    {
                        r.delay[p] = Simulator::Now() - Seconds(1);
                    }
                }
            }));
        }
        if (direct)
        {
            Ptr<Channel> channel = peers.Get(0)->GetDevice(1)->GetChannel();
            channel->TraceConnectWithoutContext(
                "Drop",
                MakeLambdaCallback<Ptr<const Packet>, const std::string&>(
                    [&r](Ptr<const Packet>, const std::string& reason) { ++r.drops[reason]; }));
            channel->SetAttribute("MaxQueueDelay", TimeValue(MilliSeconds(1)));
        }
        auto send = [&peers](uint32_t from, Address to, uint32_t bytes) {
            Ptr<Socket> socket =
                Socket::CreateSocket(peers.Get(from), UdpSocketFactory::GetTypeId());
            socket->SendTo(Create<Packet>(bytes), 0, to);
        };
        ScheduleLambda(Seconds(1), [&]() {
            send(0, address(9), 100);
            send(9, address(0), 100);
            send(0, address(1), 100); // the same access router
        });
        Address old = address(5);
        ScheduleLambda(Seconds(2), [&]() {
            underlay.NewAddress(5);
            peers.Get(5)->GetDevice(1)->TraceConnectWithoutContext(
                "MacRx",
                MakeLambdaCallback<Ptr<const Packet>>(
                    [&r](Ptr<const Packet>) { ++r.movedReceived; }));
            send(0, old, 100);
        });
        ScheduleLambda(Seconds(3), [&]() {
            // Ten blocks of 8 end at 10.0.0.79; ten /64s at fd00:0:0:9::.
            send(0,
                 m_ipv6 ? Address(Inet6SocketAddress("fd00:0:0:c8::2", 9))
                        : Address(InetSocketAddress("10.0.0.200", 9)),
                 100);
            for (uint32_t k = 0; k < 20; ++k)
            {
                // 1,500 bytes with the headers: 120 us each
                send(2, address(3), m_ipv6 ? 1452 : 1472);
            }
        });
        Simulator::Run();
        Simulator::Destroy();
        return r;
    }

    void DoRun() override
    {
        Result routed = Measure(false);
        Result direct = Measure(true);
        // 128 bytes over IPv4 (148 over IPv6): 10.24 us (11.84) on an access link at 100 Mb/s,
        // a tenth of that on a core link at 1 Gb/s.
        uint32_t bytes = m_ipv6 ? 148 : 128;
        Time access = NanoSeconds(bytes * 80);
        Time far = MilliSeconds(2 * 2 + 6 * 5) + 2 * access + 6 * access / 10;
        // Peer 0 sends to 1 right after its datagram to 9: one serialization more.
        Time near = MilliSeconds(2 * 2) + 3 * access;
        NS_TEST_EXPECT_MSG_EQ(direct.delay[9], far, "0 to 9: two access links, six core links");
        NS_TEST_EXPECT_MSG_EQ(direct.delay[0], far, "9 to 0 likewise");
        NS_TEST_EXPECT_MSG_EQ(direct.delay[1],
                              near,
                              "0 to 1: their access links only, after 0 to 9");
        for (uint32_t p : {0u, 1u, 9u})
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(direct.delay[p].GetNanoSeconds(),
                                      routed.delay[p].GetNanoSeconds(),
                                      1000,
                                      "to " << p << ": the routed underlay's delay");
        }
        NS_TEST_EXPECT_MSG_EQ(routed.movedReceived, 1u, "routed: the old address once");
        NS_TEST_EXPECT_MSG_EQ(direct.movedReceived, 1u, "direct: the old address once");
        NS_TEST_EXPECT_MSG_EQ(direct.drops["no route"], 1u, "outside the blocks");
        NS_TEST_EXPECT_MSG_EQ(direct.drops["queue full"], 11u, "past 1 ms of queue");
        NS_TEST_EXPECT_MSG_EQ(direct.burstReceived, 9u, "the burst's first 9");
        NS_TEST_EXPECT_MSG_EQ(routed.burstReceived, 20u, "routed: the p2p queue holds 100");
    }

    bool m_ipv6; //!< Over IPv6
};

/// A script that renumbers a node tells its address monitors with NotifyChanged: they hear it
/// at once without polling; a monitor of another node does not, unless it polls (then at its
/// next poll); a disposed monitor is forgotten.
class AddressNoticeTestCase : public TestCase
{
  public:
    AddressNoticeTestCase()
        : TestCase("LocalAddressMonitor: NotifyChanged reaches the node's monitors at once, "
                   "no other node's; polling finds the rest")
    {
    }

  private:
    void DoRun() override
    {
        CloakUnderlayHelper underlay;
        underlay.SetDirect(true);
        NodeContainer peers = underlay.Build(2);
        std::map<std::string, std::vector<double>> heard; // by monitor: when it heard a change
        auto watch = [&heard](Ptr<Node> node, Time interval, const std::string& name) {
            Ptr<LocalAddressMonitor> monitor = CreateObject<LocalAddressMonitor>();
            monitor->SetAttribute("Interval", TimeValue(interval));
            monitor->Start(node,
                           MakeLambdaCallback<const std::set<Address>&>(
                               [&heard, name](const std::set<Address>&) {
                                   heard[name].push_back(Simulator::Now().GetSeconds());
                               }));
            return monitor;
        };
        Ptr<LocalAddressMonitor> first = watch(peers.Get(0), Time(0), "first");
        Ptr<LocalAddressMonitor> second = watch(peers.Get(0), Time(0), "second");
        Ptr<LocalAddressMonitor> other = watch(peers.Get(1), Time(0), "other");
        Ptr<LocalAddressMonitor> polling = watch(peers.Get(1), MilliSeconds(50), "polling");
        ScheduleLambda(Seconds(1.01), [&]() {
            underlay.NewAddress(0);
            underlay.NewAddress(1);
            LocalAddressMonitor::NotifyChanged(peers.Get(0));
        });
        ScheduleLambda(Seconds(1.5), [&]() { second->Dispose(); });
        ScheduleLambda(Seconds(2.01), [&]() {
            underlay.NewAddress(0);
            LocalAddressMonitor::NotifyChanged(peers.Get(0));
        });
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(heard["first"].size(), 2u, "both notices heard");
        NS_TEST_EXPECT_MSG_EQ(heard["second"].size(), 1u, "the first only: then disposed");
        NS_TEST_EXPECT_MSG_EQ(heard["other"].size(), 0u, "not told, not polling: unheard");
        NS_TEST_ASSERT_MSG_EQ(heard["polling"].size(), 1u, "found by polling");
        NS_TEST_EXPECT_MSG_EQ_TOL(heard["first"][0], 1.01, 1e-9, "heard at once");
        NS_TEST_EXPECT_MSG_EQ_TOL(heard["polling"][0], 1.05, 1e-9, "at the next poll");
        Simulator::Destroy();
    }
};

/**
 * LocalAddressMonitor over IPv6, and a dual-stack move: link-local addresses are not
 * reported, global ones are, from the start (ns-3 lets an address be used while DAD runs, as
 * optimistic DAD does); NetworkEventHelper's move renumbers both families, in one change;
 * Choose picks by family.
 */
class Ipv6AddressesTestCase : public TestCase
{
  public:
    Ipv6AddressesTestCase()
        : TestCase("LocalAddressMonitor and a move over IPv6: global addresses only, both "
                   "families renumbered at once")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer nodes; // mover, router of LAN B
        nodes.Create(2);
        Ptr<CsmaChannel> lanA = CreateObject<CsmaChannel>();
        Ptr<CsmaChannel> lanB = CreateObject<CsmaChannel>();
        CsmaHelper csma;
        NetDeviceContainer a = csma.Install(nodes.Get(0), lanA);
        NetDeviceContainer b = csma.Install(nodes.Get(1), lanB);
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.0.0", "255.255.255.0");
        addresses.Assign(a);
        addresses.SetBase("10.2.0.0", "255.255.255.0");
        Ipv4InterfaceContainer bIf = addresses.Assign(b);
        Ipv6AddressHelper addresses6;
        addresses6.SetBase(Ipv6Address("2001:1::"), Ipv6Prefix(64));
        const Address v6a(addresses6.Assign(a).GetAddress(0, 1)); // 0: fe80::
        addresses6.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
        Ipv6InterfaceContainer bIf6 = addresses6.Assign(b);
        Ptr<Node> mover = nodes.Get(0);

        std::vector<std::pair<double, std::set<Address>>> heard;
        Ptr<LocalAddressMonitor> monitor = CreateObject<LocalAddressMonitor>();
        monitor->Start(
            mover,
            MakeLambdaCallback<const std::set<Address>&>([&heard](const std::set<Address>& now) {
                heard.emplace_back(Simulator::Now().GetSeconds(), now);
            }));
        std::set<Address> atStart = monitor->GetAddresses();

        NetworkEventHelper::Attachment to;
        to.channel = lanB;
        to.address = Ipv4InterfaceAddress("10.2.0.9", "255.255.255.0");
        to.gateway = bIf.GetAddress(0);
        to.address6 = Ipv6InterfaceAddress(Ipv6Address("2001:2::9"), Ipv6Prefix(64));
        to.gateway6 = bIf6.GetAddress(0, 1);
        std::vector<std::string> events;
        NetworkEventHelper helper;
        helper.SetEventCallback(
            MakeLambdaCallback<const std::string&, Ptr<Node>, const std::string&>(
                [&events](const std::string& event, Ptr<Node>, const std::string& detail) {
                    events.push_back(event + " " + detail);
                }));
        helper.MoveCsmaDevice(DynamicCast<CsmaNetDevice>(a.Get(0)), to, Seconds(2), Seconds(1));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        Simulator::Destroy();

        const Address v4a(Ipv4Address("10.1.0.1"));
        const Address v4b(Ipv4Address("10.2.0.9"));
        const Address v6b(Ipv6Address("2001:2::9"));
        NS_TEST_EXPECT_MSG_EQ(Ipv6Address::ConvertFrom(v6a).IsLinkLocal(), false, "global");
        NS_TEST_EXPECT_MSG_EQ((atStart == std::set<Address>{v4a, v6a}),
                              true,
                              "both families' global addresses, not fe80::");
        NS_TEST_ASSERT_MSG_EQ(heard.size(), 2u, "offline, then back (DAD is no change)");
        NS_TEST_EXPECT_MSG_EQ_TOL(heard[0].first, 2.0, 1e-9, "unplugged at 2 s");
        NS_TEST_EXPECT_MSG_EQ(heard[0].second.empty(), true, "offline: none");
        NS_TEST_EXPECT_MSG_EQ_TOL(heard[1].first, 3.0, 1e-9, "plugged in at 3 s");
        NS_TEST_EXPECT_MSG_EQ((heard[1].second == std::set<Address>{v4b, v6b}),
                              true,
                              "both new addresses in one change");
        NS_TEST_ASSERT_MSG_EQ(events.size(), 2u, "two events");
        NS_TEST_EXPECT_MSG_EQ(events[0],
                              "move 10.1.0.1 " + LocalAddressMonitor::Format(v6a),
                              "both families left");
        NS_TEST_EXPECT_MSG_EQ(events[1], "attached 10.2.0.9 2001:2::9", "both families");
        NS_TEST_EXPECT_MSG_EQ(LocalAddressMonitor::Choose({v4b, v6b}, true), v6b, "IPv6 first");
        NS_TEST_EXPECT_MSG_EQ(LocalAddressMonitor::Choose({v4b, v6b}, false), v4b, "IPv4 first");
        NS_TEST_EXPECT_MSG_EQ(LocalAddressMonitor::Choose({v4b}, true), v4b, "the other family");
        NS_TEST_EXPECT_MSG_EQ(LocalAddressMonitor::Choose({}, true), Address(), "none");
        NS_TEST_EXPECT_MSG_EQ(LocalAddressMonitor::Format(v6b), "2001:2::9", "as text");
    }
};

/// The scenario helpers' test suite.
class MusesHelpersTestSuite : public TestSuite
{
  public:
    MusesHelpersTestSuite()
        : TestSuite("muses-helpers")
    {
        AddTestCase(new ThroughputSamplerTestCase);
        AddTestCase(new MoveTestCase);
        AddTestCase(new CutLinkTestCase);
        AddTestCase(new ResumptionTrackerTestCase);
        AddTestCase(new ResumptionAttributionTestCase);
        AddTestCase(new TransferCheckTestCase);
        AddTestCase(new SummaryWriterTestCase);
        AddTestCase(new ThroughputPlotTestCase);
        AddTestCase(new BlockRoutingTestCase);
        AddTestCase(new UnderlayLevelsTestCase(false));
        AddTestCase(new UnderlayLevelsTestCase(true));
        AddTestCase(new UnderlayRanksTestCase);
        AddTestCase(new UnderlayChannelTestCase(false));
        AddTestCase(new UnderlayChannelTestCase(true));
        AddTestCase(new AddressNoticeTestCase);
        AddTestCase(new Ipv6AddressesTestCase);
    }
};

/// Registers the suite.
static MusesHelpersTestSuite g_musesHelpersTestSuite;

} // namespace tests
} // namespace ns3
