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
#include "ns3/system-path.h"
#include "ns3/wifi-module.h"

#include <chrono>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesWifiRoaming");

namespace
{

/// Bob's roaming: each access point's subnet, and what an association changes.
struct Roaming
{
    Ptr<Node> node;             //!< Bob
    uint32_t interface;         //!< His Wi-Fi interface
    ResumptionTracker* tracker; //!< Where the events go
    /// Access point -> (Bob's address there, gateway)
    std::map<Mac48Address, std::pair<Ipv4InterfaceAddress, Ipv4Address>> plan;

    /// StaWifiMac "Assoc": take an address in the access point's subnet. \param ap the AP
    void Associated(Mac48Address ap)
    {
        auto it = plan.find(ap);
        NS_ABORT_MSG_IF(it == plan.end(), "unknown access point " << ap);
        NetworkEventHelper::Renumber(node, interface, it->second.first, it->second.second);
        std::ostringstream detail;
        detail << it->second.first.GetLocal() << " via " << ap;
        tracker->RecordNetworkEvent("attached", node, detail.str());
    }

    /// StaWifiMac "DeAssoc": the outage starts. \param ap the AP lost
    void Lost(Mac48Address ap)
    {
        std::ostringstream detail;
        detail << ap;
        tracker->RecordNetworkEvent("move", node, detail.str());
    }
};

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
    cmd.Parse(argc, argv);
    if (!(apDistance >= 10 && apDistance <= 400) || !(speed > 0) || !(stopTime > 5) ||
        outDir.empty())
    {
        std::cerr << "muses-wifi-roaming: need 10 <= --apDistance <= 400, --speed > 0, "
                     "--stopTime > 5 and an --outDir"
                  << std::endl;
        return 2;
    }
    auto wallStart = std::chrono::steady_clock::now();
    SystemPath::MakeDirectories(outDir);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

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
    YansWifiPhyHelper phy;
    phy.SetChannel(channel.Create());
    WifiMacHelper mac;
    Ssid ssid("muses");
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
    Ptr<WifiNetDevice> bobWifi = DynamicCast<WifiNetDevice>(wifi.Install(phy, mac, bob).Get(0));
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
    NetDeviceContainer aps = wifi.Install(phy, mac, NodeContainer(ap1, ap2));

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
    Ipv4InterfaceContainer wlan1 = addresses.Assign(aps.Get(0));
    addresses.SetBase("10.12.0.0", "255.255.255.0");
    Ipv4InterfaceContainer wlan2 = addresses.Assign(aps.Get(1));
    addresses.SetBase("10.11.0.0", "255.255.255.0", "0.0.0.2");
    addresses.Assign(NetDeviceContainer(bobWifi));

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
    uint32_t bobIf = bob->GetObject<Ipv4>()->GetInterfaceForDevice(bobWifi);
    NetworkEventHelper::SetDefaultRoute(bob, bobIf, wlan1.GetAddress(0));

    // Roaming: an association takes an address in that access point's subnet.
    OutageReport report(Seconds(0.5), Seconds(stopTime));
    ResumptionTracker& tracker = report.GetTracker();
    Roaming roaming{bob, bobIf, &tracker, {}};
    roaming.plan[DynamicCast<WifiNetDevice>(aps.Get(0))->GetMac()->GetAddress()] = {
        Ipv4InterfaceAddress("10.11.0.2", "255.255.255.0"),
        wlan1.GetAddress(0)};
    roaming.plan[DynamicCast<WifiNetDevice>(aps.Get(1))->GetMac()->GetAddress()] = {
        Ipv4InterfaceAddress("10.12.0.2", "255.255.255.0"),
        wlan2.GetAddress(0)};
    Ptr<WifiMac> bobMac = bobWifi->GetMac();
    bobMac->TraceConnectWithoutContext("Assoc", MakeCallback(&Roaming::Associated, &roaming));
    bobMac->TraceConnectWithoutContext("DeAssoc", MakeCallback(&Roaming::Lost, &roaming));

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
        phy.EnablePcap(outDir + "/wifi-roaming", bobWifi);
    }
    ShowProgress progress(Seconds(10), std::cerr);
    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    std::vector<ResumptionTracker::Outage> outages = report.GetOutages();
    bool match = sink->GetFirstMismatch() == -1 &&
                 sink->GetBytesReceived() == source->GetBytesSent() &&
                 sink->GetSha256() == source->GetSha256();
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::vector<SummaryWriter> handovers;
    for (const auto& o : outages)
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
        .Add("bytes_received", sink->GetBytesReceived())
        .Add("payload_sha256_match", match)
        .Add("wall_time_s", wall);
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
