/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-wifi-roaming: Bob walks from one Wi-Fi access point to another while he sends a
// stream to Alice over MUSEs.
//
//            AP1 (10.11.0.0/24)  <-- Bob walks at --speed m/s -->  AP2 (10.12.0.0/24)
//              |                                                     |
//              +------------------------- R -------------------------+
//                                         |
//                                       Alice
//
// The access points share an SSID and a channel, --apDistance metres apart; each is a
// router for its own subnet. When Bob loses AP1 and associates with AP2, he takes an
// address in AP2's subnet (NetworkEventHelper::Renumber from the association trace) and
// MUSEs resumes the session; the stream is checked byte by byte (CheckedStreamSource/Sink).
//
// Writes into --outDir: throughput.csv, events.csv, summary.json, throughput.png.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/wifi-module.h"

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
/// \param speed Bob's speed, m/s \return it
Testbed
BuildTestbed(double apDistance, double speed)
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
    MobilityHelper walking;
    walking.SetMobilityModel("ns3::ConstantVelocityMobilityModel");
    walking.Install(bob);
    bob->GetObject<ConstantVelocityMobilityModel>()->SetPosition(Vector(5, 5, 0));
    bob->GetObject<ConstantVelocityMobilityModel>()->SetVelocity(Vector(speed, 0, 0));

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

/// \return the summary: each handover, the stream's bytes \param report the outages
/// \param source Bob's stream \param sink Alice's end
SummaryWriter
Summarize(const OutageReport& report, Ptr<CheckedStreamSource> source, Ptr<CheckedStreamSink> sink)
{
    std::vector<SummaryWriter> handovers;
    for (const auto& o : report.GetOutages())
    {
        handovers.push_back(SummaryWriter()
                                .Add("lost_ap_s", o.start)
                                .Add("suspended_at_s", o.suspended)
                                .Add("associated_s", o.restored)
                                .Add("session_resumed_s", o.dataResumed)
                                .Add("resume_latency_s", o.GetResumeLatency()));
    }
    SummaryWriter summary;
    summary.Add("handovers", handovers)
        .Add("bytes_sent", source->GetBytesSent())
        .Add("bytes_received", sink->GetBytesReceived());
    report.AddHandshakes(summary);
    return summary;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outDir = "results/wifi-roaming";
    double apDistance = 120;
    double speed = 4;
    double stopTime = 30;
    bool pcap = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Bob walks from one Wi-Fi access point to another, each a different subnet, "
              "while he streams to Alice over MUSEs. Writes summary.json, throughput.csv, "
              "events.csv and throughput.png into --outDir.");
    cmd.AddValue("outDir", "output directory", outDir);
    cmd.AddValue("apDistance", "metres between the access points (10..400)", apDistance);
    cmd.AddValue("speed", "Bob's walking speed, m/s (> 0)", speed);
    cmd.AddValue("stopTime", "seconds simulated (> 5)", stopTime);
    cmd.AddValue("pcap", "write pcap files into outDir", pcap);
    CommandLineCheck numbers;
    numbers.AddReal({"apDistance", "speed", "stopTime"});
    std::string error = numbers.Parse(cmd, argc, argv);
    if (error.empty() && (!(apDistance >= 10 && apDistance <= 400) || !(speed > 0) ||
                          !(stopTime > 5) || outDir.empty()))
    {
        error = "need 10 <= --apDistance <= 400, --speed > 0, --stopTime > 5 and an --outDir";
    }
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-wifi-roaming: " << error << std::endl;
        return 2;
    }
    auto wallStart = std::chrono::steady_clock::now();
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    Testbed net = BuildTestbed(apDistance, speed);
    Ptr<Node> alice = net.alice;
    Ptr<Node> bob = net.bob;

    // Roaming: an association takes an address in that access point's subnet.
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

    MusesHelper muses;
    muses.Install(NodeContainer(alice, bob));
    muses.AssignStreams(NodeContainer(alice, bob), 1);
    tracker.WatchMuses(NodeContainer(alice, bob));
    CheckedStreamHelper sinkOf("ns3::CheckedStreamSink",
                               "ns3::MusesSocketFactory",
                               MusesHelper::GetAddress(alice, 9));
    auto sink = DynamicCast<CheckedStreamSink>(sinkOf.Install(alice).Get(0));
    CheckedStreamHelper sourceOf("ns3::CheckedStreamSource",
                                 "ns3::MusesSocketFactory",
                                 MusesHelper::GetAddress(alice, 9));
    auto source = DynamicCast<CheckedStreamSource>(sourceOf.Install(bob).Get(0));
    source->SetStartTime(Seconds(1));
    source->SetStopTime(Seconds(stopTime - 5)); // then the tail drains

    report.WatchReceiver(sink);
    if (pcap)
    {
        net.phy.EnablePcap(outDir + "/wifi-roaming", net.bobWifi);
    }
    ShowProgress progress(Seconds(10), std::cerr);
    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    SummaryWriter summary = Summarize(report, source, sink);
    bool match = sink->GetFirstMismatch() == -1 &&
                 sink->GetBytesReceived() == source->GetBytesSent() &&
                 sink->GetSha256() == source->GetSha256();
    summary.Add("payload_sha256_match", match)
        .Add("wall_time_s",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count());
    if (!summary.Write(outDir + "/summary.json"))
    {
        std::cerr << "muses-wifi-roaming: cannot write " << outDir << "/summary.json" << std::endl;
        return 1;
    }
    report.SetLabels({"AP1 lost", "AP2 associated", "overlay restored", "stream resumed"});
    report.Write(outDir, "Bob walks from AP1 to AP2: throughput at Alice over MUSEs");
    Simulator::Destroy();
    std::cout << summary.ToString();
    return match ? 0 : 1;
}
