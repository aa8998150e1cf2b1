/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-wifi-roaming: Bob walks back and forth between two Wi-Fi access points while he and
// Alice stream to each other over MUSEs.
//
//            AP1 (10.11.0.0/24)  <-- Bob walks at --speed m/s -->  AP2 (10.12.0.0/24)
//              |                                                     |
//              +------------------------- R -------------------------+
//                                         |
//                                       Alice
//
// The access points share an SSID and a channel, --apDistance metres apart; each is a
// router for its own subnet; Wi-Fi keeps ns-3's defaults (802.11n, A-MPDU). Bob walks
// AP1 -> AP2 -> AP1 ... for --handovers handovers. Each association gives him an address in
// that access point's subnet (RoamingHelper) and MUSEs resumes both sessions; the Block Ack
// agreements of the association he lost are dropped on both sides (WifiRoamingRepair:
// ns-3's Wi-Fi keeps them, and they stall the walk back). Two checked streams run, one
// each way (bob-to-alice, alice-to-bob), every byte checked.
//
// Writes into --outDir: throughput.csv (total, then each stream), events.csv, summary.json
// and throughput.png (both streams, every handover's marks).

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/wifi-module.h"
#include "ns3/wifi-roaming-repair.h"

#include <algorithm>
#include <chrono>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesWifiRoaming");

namespace
{

/// The scenario's nodes and what the rest of it needs of them.
struct Testbed
{
    Ptr<Node> alice;            //!< The wired peer
    Ptr<Node> bob;              //!< The walker
    Ptr<WifiNetDevice> bobWifi; //!< His station
    uint32_t bobIf{0};          //!< Its Ipv4 interface
    NetDeviceContainer aps;     //!< The access points
    Ipv4Address gateway1;       //!< AP1, the router of 10.11.0.0/24
    Ipv4Address gateway2;       //!< AP2, the router of 10.12.0.0/24
    YansWifiPhyHelper phy;      //!< For pcap
};

/// Build the network. \param apDistance metres between the access points
/// \param speed Bob's speed, m/s \param legs walks from one access point to the other
/// \return it
Testbed
BuildTestbed(double apDistance, double speed, uint32_t legs)
{
    Testbed net;
    Ptr<Node> alice = CreateObject<Node>();
    Ptr<Node> router = CreateObject<Node>();
    Ptr<Node> ap1 = CreateObject<Node>();
    Ptr<Node> ap2 = CreateObject<Node>();
    Ptr<Node> bob = CreateObject<Node>();
    Names::Add("alice", alice);
    Names::Add("bob", bob);
    NodeContainer all(NodeContainer(alice, router, ap1, ap2), bob);

    // Wires: Alice - R, R - AP1, R - AP2.
    PointToPointHelper wire;
    wire.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    wire.SetChannelAttribute("Delay", StringValue("2ms"));
    NetDeviceContainer aliceR = wire.Install(alice, router);
    NetDeviceContainer rAp1 = wire.Install(router, ap1);
    NetDeviceContainer rAp2 = wire.Install(router, ap2);

    // Wi-Fi: one SSID and channel, two access points.
    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211n);
    YansWifiChannelHelper channel = YansWifiChannelHelper::Default();
    net.phy.SetChannel(channel.Create());
    WifiMacHelper mac;
    Ssid ssid("muses");
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
    net.bobWifi = DynamicCast<WifiNetDevice>(wifi.Install(net.phy, mac, bob).Get(0));
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
    net.aps = wifi.Install(net.phy, mac, NodeContainer(ap1, ap2));

    MobilityHelper fixed;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    positions->Add(Vector(0, 0, 0));
    positions->Add(Vector(apDistance, 0, 0));
    fixed.SetPositionAllocator(positions);
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(NodeContainer(ap1, ap2));
    // Bob turns 5 m short of each access point: leg k ends at k * (apDistance - 10) / speed.
    MobilityHelper walking;
    walking.SetMobilityModel("ns3::WaypointMobilityModel");
    walking.Install(bob);
    Ptr<WaypointMobilityModel> walk = bob->GetObject<WaypointMobilityModel>();
    for (uint32_t k = 0; k <= legs; ++k)
    {
        walk->AddWaypoint(Waypoint(Seconds(k * (apDistance - 10) / speed),
                                   Vector(k % 2 ? apDistance - 5 : 5, 5, 0)));
    }

    InternetStackHelper internet;
    internet.Install(all);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer aliceRIf = addresses.Assign(aliceR);
    addresses.SetBase("10.2.1.0", "255.255.255.0");
    Ipv4InterfaceContainer rAp1If = addresses.Assign(rAp1);
    addresses.SetBase("10.2.2.0", "255.255.255.0");
    Ipv4InterfaceContainer rAp2If = addresses.Assign(rAp2);
    addresses.SetBase("10.11.0.0", "255.255.255.0");
    Ipv4InterfaceContainer wlan1 = addresses.Assign(net.aps.Get(0));
    addresses.SetBase("10.12.0.0", "255.255.255.0");
    Ipv4InterfaceContainer wlan2 = addresses.Assign(net.aps.Get(1));
    addresses.SetBase("10.11.0.0", "255.255.255.0", "0.0.0.2");
    addresses.Assign(NetDeviceContainer(net.bobWifi));

    // Static routes: the two access points share a channel, which global routing would take
    // for one link.
    Ipv4StaticRoutingHelper routing;
    auto staticOf = [&routing](Ptr<Node> node) {
        return routing.GetStaticRouting(node->GetObject<Ipv4>());
    };
    staticOf(alice)->SetDefaultRoute(aliceRIf.GetAddress(1), 1);
    staticOf(ap1)->SetDefaultRoute(rAp1If.GetAddress(0), 1);
    staticOf(ap2)->SetDefaultRoute(rAp2If.GetAddress(0), 1);
    staticOf(router)->AddNetworkRouteTo("10.11.0.0", "255.255.255.0", rAp1If.GetAddress(1), 2);
    staticOf(router)->AddNetworkRouteTo("10.12.0.0", "255.255.255.0", rAp2If.GetAddress(1), 3);
    net.bobIf = bob->GetObject<Ipv4>()->GetInterfaceForDevice(net.bobWifi);
    NetworkEventHelper::SetDefaultRoute(bob, net.bobIf, wlan1.GetAddress(0));
    net.gateway1 = wlan1.GetAddress(0);
    net.gateway2 = wlan2.GetAddress(0);

    net.alice = alice;
    net.bob = bob;
    return net;
}

/// One checked stream and how it is reported.
struct Stream
{
    std::string name;                //!< Its series and summary name
    Ptr<CheckedStreamSource> source; //!< The sender
    Ptr<CheckedStreamSink> sink;     //!< The receiver
};

/// \return true when every byte sent arrived, in order, nothing else \param s the stream
bool
Delivered(const Stream& s)
{
    return s.sink->GetFirstMismatch() == -1 &&
           s.sink->GetBytesReceived() == s.source->GetBytesSent() &&
           s.sink->GetSha256() == s.source->GetSha256();
}

/// \return the summary: each handover, each stream with its own outages (the caller adds
/// whether every stream was delivered) \param report the outages \param streams the streams
SummaryWriter
Summarize(const OutageReport& report, const std::vector<Stream>& streams)
{
    std::vector<SummaryWriter> applications;
    std::vector<std::vector<ResumptionTracker::Outage>> seen; // by stream, then handover
    for (const Stream& s : streams)
    {
        seen.push_back(report.GetOutages(s.name));
        std::vector<SummaryWriter> outages;
        for (const auto& o : seen.back())
        {
            outages.push_back(OutageReport::Describe(o));
        }
        uint64_t sent = s.source->GetBytesSent();
        uint64_t received = s.sink->GetBytesReceived();
        applications.push_back(SummaryWriter()
                                   .Add("name", s.name)
                                   .Add("bytes_sent", sent)
                                   .Add("bytes_received", received)
                                   .Add("bytes_lost", sent > received ? sent - received : 0)
                                   .Add("payload_sha256_match", Delivered(s))
                                   .Add("outages", outages));
    }
    // A handover resumed when every stream delivered again before the next one.
    std::vector<SummaryWriter> handovers;
    std::vector<ResumptionTracker::Outage> all = report.GetOutages();
    for (size_t k = 0; k < all.size(); ++k)
    {
        const auto& o = all[k];
        Time last = Seconds(0);
        bool resumed = true;
        for (const auto& mine : seen)
        {
            Time at = k < mine.size() ? mine[k].dataResumed : Seconds(-1);
            resumed = resumed && !at.IsNegative();
            last = std::max(last, at);
        }
        handovers.push_back(
            SummaryWriter()
                .Add("at_s", o.start)
                .Add("suspended_at_s", o.suspended)
                .Add("associated_s", o.restored)
                .Add("resumed", resumed)
                .Add("streams_resumed_s", resumed ? last : Seconds(-1))
                .Add("resume_total_s",
                     resumed && !o.restored.IsNegative() ? last - o.restored : Seconds(-1)));
    }
    SummaryWriter summary;
    summary.Add("handovers", handovers).Add("applications", applications);
    report.AddFirstOutage(summary);
    report.AddHandshakes(summary);
    return summary;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outDir = "results/wifi-roaming";
    uint32_t handovers = 3;
    double apDistance = 120;
    double speed = 4;
    double stopTime = 0;
    bool pcap = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Bob walks back and forth between two Wi-Fi access points, each a different "
              "subnet, while he and Alice stream to each other over MUSEs. Writes "
              "summary.json, throughput.csv, events.csv and throughput.png into --outDir.");
    cmd.AddValue("outDir", "output directory", outDir);
    cmd.AddValue("handovers", "walks from one access point to the other (1..20)", handovers);
    cmd.AddValue("apDistance", "metres between the access points (10..400)", apDistance);
    cmd.AddValue("speed", "Bob's walking speed, m/s (> 0)", speed);
    cmd.AddValue("stopTime", "seconds simulated; 0: the walk and 10 s more (else > 5)", stopTime);
    cmd.AddValue("pcap", "write pcap files into outDir", pcap);
    CommandLineCheck numbers;
    numbers.AddReal({"apDistance", "speed", "stopTime"});
    numbers.AddCount({"handovers"});
    std::string error = numbers.Parse(cmd, argc, argv);
    if (error.empty() &&
        (handovers < 1 || handovers > 20 || !(apDistance >= 10 && apDistance <= 400) ||
         !(speed > 0) || !(stopTime == 0 || stopTime > 5) || outDir.empty()))
    {
        error = "need 1 <= --handovers <= 20, 10 <= --apDistance <= 400, --speed > 0, "
                "--stopTime 0 or > 5 and an --outDir";
    }
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-wifi-roaming: " << error << std::endl;
        return 2;
    }
    if (stopTime == 0)
    {
        stopTime = handovers * (apDistance - 10) / speed + 10;
    }
    auto wallStart = std::chrono::steady_clock::now();
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    Testbed net = BuildTestbed(apDistance, speed, handovers);
    Ptr<Node> alice = net.alice;
    Ptr<Node> bob = net.bob;

    // Roaming: an association takes an address in that access point's subnet; the Block
    // Ack agreements of the one lost are forgotten on both sides.
    OutageReport report(Seconds(0.5), Seconds(stopTime));
    ResumptionTracker& tracker = report.GetTracker();
    RoamingHelper roaming(bob, net.bobIf);
    roaming.AddAccessPoint(DynamicCast<WifiNetDevice>(net.aps.Get(0))->GetMac()->GetAddress(),
                           Ipv4InterfaceAddress("10.11.0.2", "255.255.255.0"),
                           net.gateway1);
    roaming.AddAccessPoint(DynamicCast<WifiNetDevice>(net.aps.Get(1))->GetMac()->GetAddress(),
                           Ipv4InterfaceAddress("10.12.0.2", "255.255.255.0"),
                           net.gateway2);
    roaming.SetEventCallback(MakeCallback(&ResumptionTracker::RecordNetworkEvent, &tracker));
    roaming.Watch(net.bobWifi->GetMac());
    WifiRoamingRepair repair(net.bobWifi, net.aps);

    MusesHelper muses;
    muses.Install(NodeContainer(alice, bob));
    muses.AssignStreams(NodeContainer(alice, bob), 1);
    tracker.WatchMuses(NodeContainer(alice, bob));
    // One checked stream each way; the sources stop 5 s before the end: the tails drain.
    std::vector<Stream> streams;
    for (auto [name, from, to, port] : {std::make_tuple("bob-to-alice", bob, alice, 9),
                                        std::make_tuple("alice-to-bob", alice, bob, 10)})
    {
        Address at = MusesHelper::GetAddress(to, port);
        CheckedStreamHelper sinkOf("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", at);
        CheckedStreamHelper sourceOf("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", at);
        Stream s{name,
                 DynamicCast<CheckedStreamSource>(sourceOf.Install(from).Get(0)),
                 DynamicCast<CheckedStreamSink>(sinkOf.Install(to).Get(0))};
        s.source->SetStartTime(Seconds(1));
        s.source->SetStopTime(Seconds(stopTime - 5));
        report.WatchReceiver(s.sink, name);
        streams.push_back(s);
    }
    if (pcap)
    {
        net.phy.EnablePcap(outDir + "/wifi-roaming", net.bobWifi);
    }
    ShowProgress progress(Seconds(10), std::cerr);
    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    bool delivered = std::all_of(streams.begin(), streams.end(), Delivered);
    SummaryWriter summary = Summarize(report, streams);
    summary.Add("payload_sha256_match", delivered)
        .Add("block_ack_agreements_forgotten", repair.GetAgreementsForgotten())
        .Add("wall_time_s",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count());
    if (!summary.Write(outDir + "/summary.json"))
    {
        std::cerr << "muses-wifi-roaming: cannot write " << outDir << "/summary.json" << std::endl;
        return 1;
    }
    report.SetLabels({"AP lost", "associated", "overlay restored", "streams resumed"});
    report.Write(outDir, "Bob walks between two access points: throughput over MUSEs");
    Simulator::Destroy();
    std::cout << summary.ToString();
    return delivered ? 0 : 1;
}
