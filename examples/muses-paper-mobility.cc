/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-paper-mobility: the paper's experiment (§III, Fig. 6 and Fig. 7) in ns-3.
//
//   Alice --LAN A-- R1 ---- R2 ---- R3 ---- R4 ---- R5
//                                           |       |
//                                         LAN 4   LAN 5 -- Bob
//
// Bob sends a file to Alice with a stock BulkSendApplication over MUSEs. At --moveAt he
// pulls his wire from LAN 5's switch (at R5) and, --offlineFor seconds later, plugs it into
// LAN 4's switch (at R4), with a new address. MUSEs suspends the session, Bob's node sends
// REHELLO as soon as it is attached again, and the transfer resumes where it stopped.
// By default MUSEs runs over the CLOAK overlay (Alice, Bob and the five routers are its
// peers): with his new address Bob rejoins the overlay and gets a new overlay address, and
// MUSEs follows him by name. --transport=static uses the paper prototype's name -> IP table.
// --stack=tcp runs the same transfer over plain ns-3 TCP to Alice's IP address: the
// baseline. --moveTo=r5 plugs Bob back into the same switch (his address is kept).
//
// Writes into --outDir: throughput.csv (time_s,throughput_bps, at Alice), events.csv
// (network, session and data events), summary.json (DESIGN.md §8 keys), throughput.gp and
// throughput.png (the Fig. 7 plot), and with --pcap the pcap files.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/system-path.h"

#include <chrono>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesPaperMobility");

namespace
{

/// The scenario's settings (the command line).
struct Settings
{
    std::string outDir = "results/paper-mobility";
    std::string stack = "muses";
    std::string transport = "cloak";
    std::string moveTo = "r4";
    double moveAt = 59;
    double offlineFor = 14.82;
    uint32_t moves = 1;
    double moveEvery = 40;
    double stopTime = 150;
    uint64_t fileSize = 100000000;
    std::string linkRate = "10Mbps";
    double linkDelayMs = 5;
    double sampleInterval = 0.5;
    uint32_t ackWindow = 8;
    double ackTimeout = 1;
    uint32_t maxRetries = 5;
    double reHelloInterval = 1;
    std::string suite = "AES-256-GCM";
    bool pcap = false;

    /// \return an error message, empty when the settings make sense
    std::string Check() const
    {
        MusesCipherSuite parsed;
        DataRateValue rate;
        if (stack != "muses" && stack != "tcp")
        {
            return "--stack must be muses or tcp";
        }
        if (transport != "cloak" && transport != "static")
        {
            return "--transport must be cloak or static";
        }
        if (moveTo != "r4" && moveTo != "r5")
        {
            return "--moveTo must be r4 (a new LAN, new address) or r5 (the same switch)";
        }
        if (moveAt < 1 || offlineFor < 0 || moves < 1 || (moves > 1 && moveEvery <= offlineFor))
        {
            return "need --moveAt >= 1, --offlineFor >= 0, --moves >= 1 and, for several "
                   "moves, --moveEvery > --offlineFor";
        }
        if (!(stopTime > moveAt + (moves - 1) * moveEvery + offlineFor))
        {
            return "--stopTime must be after the last move's reattachment";
        }
        if (fileSize < 1000 || !rate.DeserializeFromString(linkRate, MakeDataRateChecker()) ||
            !(linkDelayMs >= 0) || !(sampleInterval > 0))
        {
            return "need --fileSize >= 1000, a valid --linkRate, --linkDelayMs >= 0 and "
                   "--sampleInterval > 0";
        }
        if (ackWindow < 1 || !(ackTimeout > 0) || !(reHelloInterval > 0) ||
            !MusesAead::FindSuite(suite, &parsed))
        {
            return "need --ackWindow >= 1, --ackTimeout > 0, --reHelloInterval > 0 and a "
                   "cipher suite (AES-256-GCM, AES-128-CBC-HMAC-SHA1, CHACHA20-POLY1305)";
        }
        if (outDir.empty())
        {
            return "--outDir must not be empty";
        }
        return "";
    }
};

/// \return mean throughput (bit/s) of the samples in [from, to)
double
MeanThroughput(const ThroughputSampler& sampler, Time from, Time to)
{
    double sum = 0;
    int n = 0;
    for (const auto& s : sampler.GetSamples())
    {
        if (s.time - sampler.GetInterval() >= from && s.time <= to)
        {
            sum += s.bps;
            ++n;
        }
    }
    return n ? sum / n : 0;
}

/// \return true if every sample wholly inside (from, to) is zero
bool
ZeroBetween(const ThroughputSampler& sampler, Time from, Time to)
{
    for (const auto& s : sampler.GetSamples())
    {
        if (s.time - sampler.GetInterval() > from && s.time < to && s.bps > 0)
        {
            return false;
        }
    }
    return true;
}

/// Bob's CloakNode "AddressChange" sink: he has an overlay address again.
/// \param tracker the time line \param from unused \param to the new address
void
RecordOverlayRestored(ResumptionTracker* tracker,
                      const HyperbolicAddress& /* from */,
                      const HyperbolicAddress& to)
{
    std::ostringstream address;
    address << to;
    tracker->Record("bob", "overlay_restored", address.str());
}

/// PacketSink "Rx" sink: stop the run a second after the file is in.
/// \param sink the sink \param fileSize the file's size \param packet unused \param from unused
void
StopWhenComplete(Ptr<PacketSink> sink,
                 uint64_t fileSize,
                 Ptr<const Packet> /* packet */,
                 const Address& /* from */)
{
    if (sink->GetTotalRx() >= fileSize)
    {
        Simulator::Stop(Seconds(1));
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    Settings c;
    CommandLine cmd(__FILE__);
    cmd.Usage("The paper's Fig. 6/7 experiment: Bob sends a file to Alice over MUSEs and moves "
              "his wire from the switch at R5 to the switch at R4. Writes throughput.csv, "
              "events.csv, summary.json and throughput.png into --outDir.");
    cmd.AddValue("outDir", "output directory", c.outDir);
    cmd.AddValue("stack", "muses, or tcp for the plain ns-3 TCP baseline", c.stack);
    cmd.AddValue("transport",
                 "cloak (MUSEs over the CLOAK overlay: Alice, Bob and the routers are "
                 "peers) or static (a name -> IP table, the paper's prototype)",
                 c.transport);
    cmd.AddValue("moveTo",
                 "r4: to LAN 4, new address (the paper); r5: same switch, same address",
                 c.moveTo);
    cmd.AddValue("moveAt", "seconds: when Bob unplugs (>= 1)", c.moveAt);
    cmd.AddValue("offlineFor", "seconds Bob stays unplugged (the paper: 73.82 - 59)", c.offlineFor);
    cmd.AddValue("moves", "number of moves, alternating between the LANs (>= 1)", c.moves);
    cmd.AddValue("moveEvery", "seconds between moves (> offlineFor)", c.moveEvery);
    cmd.AddValue("stopTime", "seconds: end of the run at the latest", c.stopTime);
    cmd.AddValue("fileSize",
                 "bytes Bob sends (>= 1000); the run ends when they are in",
                 c.fileSize);
    cmd.AddValue("linkRate", "router links' data rate", c.linkRate);
    cmd.AddValue("linkDelayMs", "router links' one-way delay, ms", c.linkDelayMs);
    cmd.AddValue("sampleInterval", "seconds per throughput sample", c.sampleInterval);
    cmd.AddValue("ackWindow", "MUSEs AckWindow (Max_i)", c.ackWindow);
    cmd.AddValue("ackTimeout", "MUSEs AckTimeout, seconds", c.ackTimeout);
    cmd.AddValue("maxRetries", "MUSEs MaxRetries (Max_j)", c.maxRetries);
    cmd.AddValue("reHelloInterval", "MUSEs ReHelloInterval, seconds", c.reHelloInterval);
    cmd.AddValue("suite", "MUSEs cipher suite", c.suite);
    cmd.AddValue("pcap", "write pcap files into outDir", c.pcap);
    cmd.Parse(argc, argv);
    std::string error = c.Check();
    if (!error.empty())
    {
        std::cerr << "muses-paper-mobility: " << error << std::endl;
        return 2;
    }
    auto wallStart = std::chrono::steady_clock::now();
    SystemPath::MakeDirectories(c.outDir);
    const bool muses = c.stack == "muses";
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    // Fig. 6: Alice's LAN at R1, a chain of five routers, LANs 4 and 5 at R4 and R5.
    NodeContainer routers;
    routers.Create(5);
    Ptr<Node> alice = CreateObject<Node>();
    Ptr<Node> bob = CreateObject<Node>();
    Names::Add("alice", alice);
    Names::Add("bob", bob);
    for (uint32_t i = 0; i < 5; ++i)
    {
        Names::Add("R" + std::to_string(i + 1), routers.Get(i));
    }
    InternetStackHelper internet;
    internet.Install(routers);
    internet.Install(alice);
    internet.Install(bob);

    CsmaHelper lan;
    lan.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    lan.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    PointToPointHelper wan;
    wan.SetDeviceAttribute("DataRate", StringValue(c.linkRate));
    wan.SetChannelAttribute("Delay", TimeValue(MilliSeconds(c.linkDelayMs)));

    Ipv4AddressHelper addresses;
    addresses.SetBase("10.0.0.0", "255.255.255.0");
    Ipv4InterfaceContainer lanA =
        addresses.Assign(lan.Install(NodeContainer(routers.Get(0), alice)));
    for (uint32_t i = 0; i + 1 < 5; ++i)
    {
        addresses.SetBase(Ipv4Address(("10.1." + std::to_string(i + 1) + ".0").c_str()),
                          "255.255.255.0");
        addresses.Assign(wan.Install(routers.Get(i), routers.Get(i + 1)));
    }
    Ptr<CsmaChannel> lan4 = CreateObject<CsmaChannel>();
    Ptr<CsmaChannel> lan5 = CreateObject<CsmaChannel>();
    lan4->SetAttribute("DataRate", StringValue("100Mbps"));
    lan5->SetAttribute("DataRate", StringValue("100Mbps"));
    lan4->SetAttribute("Delay", TimeValue(MicroSeconds(50)));
    lan5->SetAttribute("Delay", TimeValue(MicroSeconds(50)));
    addresses.SetBase("10.4.0.0", "255.255.255.0");
    Ipv4InterfaceContainer lan4If = addresses.Assign(lan.Install(routers.Get(3), lan4));
    addresses.SetBase("10.5.0.0", "255.255.255.0");
    NetDeviceContainer lan5Devices = lan.Install(NodeContainer(routers.Get(4), bob), lan5);
    Ipv4InterfaceContainer lan5If = addresses.Assign(lan5Devices);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    Ptr<CsmaNetDevice> bobDevice = DynamicCast<CsmaNetDevice>(lan5Devices.Get(1));
    uint32_t bobIf = bob->GetObject<Ipv4>()->GetInterfaceForDevice(bobDevice);
    // Bob routes by a static default route, which the moves replace.
    NetworkEventHelper::SetDefaultRoute(bob, bobIf, lan5If.GetAddress(0));

    // The moves: to LAN 4 and back, or out of and into LAN 5's switch.
    ResumptionTracker tracker;
    NetworkEventHelper events;
    events.SetEventCallback(MakeCallback(&ResumptionTracker::RecordNetworkEvent, &tracker));
    Ipv4InterfaceAddress atR5(lan5If.GetAddress(1), Ipv4Mask("255.255.255.0"));
    Ipv4InterfaceAddress atR4(Ipv4Address("10.4.0.2"), Ipv4Mask("255.255.255.0"));
    bool onR4 = false;
    std::vector<bool> movesToR4;
    for (uint32_t k = 0; k < c.moves; ++k)
    {
        bool toR4 = c.moveTo == "r4" && !onR4;
        movesToR4.push_back(toR4);
        events.MoveCsmaDevice(bobDevice,
                              toR4 ? lan4 : lan5,
                              toR4 ? atR4 : atR5,
                              toR4 ? lan4If.GetAddress(0) : lan5If.GetAddress(0),
                              Seconds(c.moveAt + k * c.moveEvery),
                              Seconds(c.offlineFor));
        onR4 = toR4;
    }

    // The transfer: stock BulkSend on Bob, PacketSink on Alice.
    std::string factory = muses ? "ns3::MusesSocketFactory" : "ns3::TcpSocketFactory";
    Address remote;
    if (muses && c.transport == "cloak")
    {
        // The overlay: R3 its root, the other routers, Alice and Bob. Bob's move gives him
        // a new IP address, so he rejoins and gets a new overlay address.
        CloakHelper cloak;
        NodeContainer peers(routers.Get(2), routers.Get(0), routers.Get(1), routers.Get(3));
        peers.Add(routers.Get(4));
        peers.Add(alice);
        peers.Add(bob);
        ApplicationContainer overlay = cloak.Install(peers);
        cloak.AssignStreams(peers, 100);
        overlay.Get(6)->TraceConnectWithoutContext(
            "AddressChange",
            MakeBoundCallback(&RecordOverlayRestored, &tracker));
    }
    if (muses)
    {
        MusesHelper helper;
        helper.SetTransport(c.transport == "cloak" ? "ns3::CloakTransport"
                                                   : "ns3::StaticTransport");
        helper.SetSessionAttribute("AckWindow", UintegerValue(c.ackWindow));
        helper.SetSessionAttribute("AckTimeout", TimeValue(Seconds(c.ackTimeout)));
        helper.SetSessionAttribute("MaxRetries", UintegerValue(c.maxRetries));
        helper.SetSessionAttribute("ReHelloInterval", TimeValue(Seconds(c.reHelloInterval)));
        helper.SetSessionAttribute("CipherSuite", StringValue(c.suite));
        helper.Install(NodeContainer(alice, bob));
        helper.AssignStreams(NodeContainer(alice, bob), 1);
        tracker.WatchMuses(alice);
        tracker.WatchMuses(bob);
        // Alice's IPv4 identifier: it names her, wherever she is.
        remote = MusesHelper::GetInetAddress(alice, 9);
    }
    else
    {
        remote = InetSocketAddress(lanA.GetAddress(1), 9);
    }
    PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), 9));
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkHelper.Install(alice).Get(0));
    BulkSendHelper bulk(factory, remote);
    bulk.SetAttribute("MaxBytes", UintegerValue(c.fileSize));
    bulk.SetAttribute("SendSize", UintegerValue(1000));
    bulk.SetAttribute("EnableSeqTsSizeHeader", BooleanValue(true));
    ApplicationContainer sender = bulk.Install(bob);
    const Time start = Seconds(1);
    sender.Start(start);

    TransferCheck check;
    ThroughputSampler sampler(Seconds(c.sampleInterval));
    sampler.Start(Seconds(0), Seconds(c.stopTime));
    sender.Get(0)->TraceConnectWithoutContext("Tx", MakeCallback(&TransferCheck::Sent, &check));
    sink->TraceConnectWithoutContext("Rx", MakeCallback(&TransferCheck::Received, &check));
    sink->TraceConnectWithoutContext("Rx",
                                     MakeCallback(&ThroughputSampler::RxWithAddress, &sampler));
    sink->TraceConnectWithoutContext("Rx",
                                     MakeCallback(&ResumptionTracker::RecordDelivery, &tracker));
    // The run ends a second after the whole file is in, or at --stopTime.
    sink->TraceConnectWithoutContext("Rx", MakeBoundCallback(&StopWhenComplete, sink, c.fileSize));
    if (c.pcap)
    {
        lan.EnablePcapAll(c.outDir + "/paper-mobility-lan");
        wan.EnablePcapAll(c.outDir + "/paper-mobility-wan");
    }
    ShowProgress progress(Seconds(10), std::cerr);
    Simulator::Stop(Seconds(c.stopTime));
    Simulator::Run();
    Time end = Simulator::Now();

    // Outages as the tracker saw them; the summary's top-level keys are the first move's.
    std::vector<ResumptionTracker::Outage> outages = tracker.GetOutages();
    ResumptionTracker::Outage first = outages.empty() ? ResumptionTracker::Outage{Seconds(-1),
                                                                                  Seconds(-1),
                                                                                  Seconds(-1),
                                                                                  Seconds(-1),
                                                                                  Seconds(-1)}
                                                      : outages[0];
    // RTT of Bob's path to Alice after move k, from the topology: propagation, plus the
    // transmission of a 100-byte packet on each router link, both ways.
    DataRate rate(c.linkRate);
    auto rtt = [&](size_t k) {
        uint32_t hops = k < movesToR4.size() && movesToR4[k] ? 3 : 4;
        return 2 * (hops * (MilliSeconds(c.linkDelayMs) + rate.CalculateBytesTxTime(100)) +
                    2 * MicroSeconds(50));
    };
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    Time lastRx = check.GetLastReceived();
    // Goodput over the transfer: to the last byte if the file is in, else to the run's end
    // (a transfer that never resumed must not look fast).
    bool complete = check.GetBytesReceived() >= c.fileSize;
    Time transferEnd = complete ? lastRx : end;
    double goodput = transferEnd > start
                         ? check.GetBytesReceived() * 8.0 / (transferEnd - start).GetSeconds()
                         : 0;
    Time window = Seconds(10);
    double before = MeanThroughput(sampler, first.start - window, first.start);
    double after = first.dataResumed.IsNegative()
                       ? 0
                       : MeanThroughput(sampler,
                                        first.dataResumed + Seconds(1),
                                        first.dataResumed + Seconds(1) + window);

    // summary.json: the first move's times at the top level, every move's in "moves".
    std::vector<SummaryWriter> moves;
    for (size_t i = 0; i < outages.size(); ++i)
    {
        const auto& o = outages[i];
        moves.push_back(SummaryWriter()
                            .Add("move_at_s", o.start)
                            .Add("suspended_at_s", o.suspended)
                            .Add("link_restored_s", o.restored)
                            .Add("overlay_restored_s", o.overlayRestored)
                            .Add("session_resumed_s", o.dataResumed)
                            .Add("resume_latency_s", o.GetResumeLatency())
                            .Add("rtt_s", rtt(i)));
    }
    bool zeroWhileOffline =
        first.restored.IsNegative() ||
        ZeroBetween(sampler, first.start + sampler.GetInterval(), first.restored);
    SummaryWriter summary;
    summary.Add("stack", c.stack)
        .Add("transport", muses ? c.transport : "none")
        .Add("move_to", c.moveTo)
        .Add("move_at_s", first.start)
        .Add("suspended_at_s", first.suspended)
        .Add("link_restored_s", first.restored)
        .Add("overlay_restored_s", first.overlayRestored)
        .Add("session_resumed_s", first.dataResumed)
        .Add("muses_resumed_s", first.sessionResumed)
        .Add("resume_latency_s", first.GetResumeLatency())
        .Add("outage_s",
             first.dataResumed.IsNegative() ? Seconds(-1) : first.dataResumed - first.start)
        .Add("bytes_sent", check.GetBytesSent())
        .Add("bytes_received", check.GetBytesReceived())
        .Add("bytes_lost", check.GetBytesLost())
        .Add("bytes_in_flight", check.GetBytesInFlight())
        .Add("bytes_duplicated", check.GetBytesDuplicated())
        .Add("payload_sha256_match", check.PrefixMatches())
        .Add("file_complete", complete)
        .Add("rtt_s", rtt(0))
        .Add("goodput_bps", goodput)
        .Add("throughput_before_bps", before)
        .Add("throughput_after_bps", after)
        .Add("zero_while_offline", zeroWhileOffline)
        .Add("moves", moves)
        .Add("sim_end_s", end)
        .Add("wall_time_s", wall);
    if (!summary.Write(c.outDir + "/summary.json"))
    {
        std::cerr << "muses-paper-mobility: cannot write " << c.outDir << "/summary.json"
                  << std::endl;
        return 1;
    }
    sampler.WriteCsv(c.outDir + "/throughput.csv");
    tracker.WriteCsv(c.outDir + "/events.csv");

    std::string stack = !muses ? "TCP" : c.transport == "cloak" ? "MUSEs over CLOAK" : "MUSEs";
    ThroughputPlot plot("Bob -> Alice over " + stack + ": throughput at Alice (Fig. 7)");
    plot.SetSamples(sampler);
    for (const auto& o : outages)
    {
        plot.AddMark(o.start, "Bob unplugged");
        if (!o.restored.IsNegative())
        {
            plot.AddMark(o.restored, "path restored");
        }
        if (!o.overlayRestored.IsNegative() && o.overlayRestored - o.restored > Seconds(0.5))
        {
            plot.AddMark(o.overlayRestored, "overlay restored");
        }
        if (!o.dataResumed.IsNegative())
        {
            plot.AddMark(o.dataResumed, "transfer resumed");
        }
    }
    plot.Write(c.outDir + "/throughput.gp", c.outDir + "/throughput.png");
    bool drawn = ThroughputPlot::Render(c.outDir + "/throughput.gp");
    Simulator::Destroy();
    std::cout << summary.ToString();
    std::cerr << "muses-paper-mobility: wrote " << c.outDir << "/summary.json, throughput.csv, "
              << "events.csv and "
              << (drawn ? c.outDir + "/throughput.png" : "throughput.gp (gnuplot not found)")
              << std::endl;
    return 0;
}
