/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-paper-mobility: the paper's experiment (§III, Fig. 6 and 7). Bob sends a file to Alice
// (stock BulkSend, PacketSink) over MUSEs; at --moveAt he pulls his wire from LAN 5's switch and
// --offlineFor seconds later plugs it into LAN 4's, with a new address; the session resumes where
// it stopped. --mover=alice moves the receiver instead (LAN A to LAN 2, at R2), --mover=both
// both at the same instant. Over CLOAK by default (Bob rejoins with a new overlay address, MUSEs
// follows his name); --transport=static: the prototype's name table; --stack=tcp: the TCP baseline;
// --ipv6: a dual-stack testbed, the session or the baseline over IPv6.
// Writes throughput.csv, events.csv, summary.json (keys: doc/muses.rst) and throughput.png (Fig.
// 7).

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/system-wall-clock-ms.h"

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesPaperMobility");

namespace
{

const double TRANSFER_START_S = 1; //!< When Bob's BulkSend starts, seconds

/// The scenario's settings (the command line).
struct Settings
{
    std::string outDir = "results/paper-mobility";
    std::string stack = "muses";
    std::string transport = "cloak";
    std::string moveTo = "r4";
    std::string mover = "bob";
    double moveAt = 59;
    double offlineFor = 14.82;
    double offlineJitter = 0;
    uint32_t moves = 1;
    double moveEvery = 40;
    double stopTime = 150;
    uint64_t fileSize = 100000000;
    std::string linkRate = "10Mbps";
    double linkDelayMs = 5;
    double sampleInterval = 0.5;
    MusesSessionFlags session; //!< --ackWindow, --ackTimeout, ..., --suite
    bool proximity = true;
    bool ipv6 = false;
    bool pcap = false;

    /// Declare the flags. \param cmd the command line \param check their kinds
    void Register(CommandLine& cmd, CommandLineCheck& check)
    {
        check.AddReal({"moveAt",
                       "offlineFor",
                       "offlineJitter",
                       "moveEvery",
                       "stopTime",
                       "linkDelayMs",
                       "sampleInterval"});
        check.AddCount({"moves", "fileSize"});
        session.AddChecks(check);
        cmd.Usage("The paper's Fig. 6/7 experiment: Bob sends a file to Alice over MUSEs and moves "
                  "his wire from the switch at R5 to the switch at R4. Writes throughput.csv, "
                  "events.csv, summary.json and throughput.png into --outDir.");
        cmd.AddValue("outDir", "output directory", outDir);
        cmd.AddValue("stack", "muses, or tcp for the plain ns-3 TCP baseline", stack);
        cmd.AddValue("transport", "cloak (the overlay) or static (a name table)", transport);
        cmd.AddValue("proximity",
                     "CLOAK's routing weighs each hop's progress against its link's RTT "
                     "(CloakNode::ProximityRouting); false: the paper's plain greedy, whose "
                     "path from LAN 4 detours over R5",
                     proximity);
        cmd.AddValue("moveTo", "r4: LAN 4, new address (the paper); r5: same switch", moveTo);
        cmd.AddValue("mover",
                     "bob (the sender, the paper), alice (the receiver: LAN A to LAN 2 at R2; "
                     "with --moveTo=r5 back into her own switch) or both, at the same instant",
                     mover);
        cmd.AddValue("moveAt", "seconds: when Bob unplugs (>= 1)", moveAt);
        cmd.AddValue("offlineFor", "seconds Bob is unplugged (paper: 73.82 - 59)", offlineFor);
        cmd.AddValue("offlineJitter",
                     "seconds: each move's time offline is --offlineFor plus a uniform draw "
                     "below this, from the run's seed (--RngRun)",
                     offlineJitter);
        cmd.AddValue("moves", "number of moves, alternating between the LANs (>= 1)", moves);
        cmd.AddValue("moveEvery", "seconds between moves (> offlineFor)", moveEvery);
        cmd.AddValue("stopTime", "seconds: end of the run at the latest", stopTime);
        cmd.AddValue("fileSize", "bytes Bob sends (>= 1000); the run ends once in", fileSize);
        cmd.AddValue("linkRate", "router links' data rate", linkRate);
        cmd.AddValue("linkDelayMs", "router links' one-way delay, ms", linkDelayMs);
        cmd.AddValue("sampleInterval", "seconds per throughput sample", sampleInterval);
        cmd.AddValue("ipv6",
                     "dual-stack testbed; the session (over CLOAK's links or the static "
                     "transport's connections) or the TCP baseline runs over IPv6",
                     ipv6);
        session.Register(cmd);
        cmd.AddValue("pcap", "write pcap files into outDir", pcap);
    }

    /// \return an error message, empty when the settings make sense
    std::string Check() const
    {
        DataRateValue rate;
        double lastBack = moveAt + (moves - 1) * moveEvery + offlineFor + offlineJitter;
        const std::pair<bool, const char*> rules[] = {
            {(stack == "muses" || stack == "tcp") &&
                 (transport == "cloak" || transport == "static") &&
                 (moveTo == "r4" || moveTo == "r5") &&
                 (mover == "bob" || mover == "alice" || mover == "both"),
             "need --stack=muses|tcp, --transport=cloak|static, --moveTo=r4|r5 and "
             "--mover=bob|alice|both"},
            {moveAt >= 1 && offlineFor >= 0 && offlineJitter >= 0 && moves >= 1 &&
                 (moves == 1 || moveEvery > offlineFor + offlineJitter),
             "need --moveAt >= 1, --offlineFor >= 0, --offlineJitter >= 0, --moves >= 1 and, "
             "for several moves, --moveEvery > --offlineFor + --offlineJitter"},
            {stopTime > lastBack, "--stopTime must be after the last move's reattachment"},
            {fileSize >= 1000 && rate.DeserializeFromString(linkRate, MakeDataRateChecker()) &&
                 linkDelayMs >= 0 && sampleInterval > 0,
             "need --fileSize >= 1000, a valid --linkRate, --linkDelayMs >= 0 and "
             "--sampleInterval > 0"},
            {!outDir.empty(), "--outDir must not be empty"},
        };
        for (const auto& [holds, message] : rules)
        {
            if (!holds)
            {
                return message;
            }
        }
        return session.Check();
    }
};

/// Install CLOAK (for --transport=cloak) and MUSEs on the testbed, and watch them.
/// \param c the settings \param fig6 the testbed \param tracker the time line
void
InstallMuses(const Settings& c, PaperTopologyHelper& fig6, ResumptionTracker& tracker)
{
    if (c.transport == "cloak")
    {
        // The overlay: R3 its root, the other routers, Alice and Bob. Bob's move gives him
        // a new IP address, so he rejoins and gets a new overlay address.
        CloakHelper cloak;
        cloak.SetAttribute("ProximityRouting", BooleanValue(c.proximity));
        cloak.SetIpv6(c.ipv6);
        NodeContainer peers = fig6.GetOverlayPeers();
        cloak.Install(peers);
        cloak.AssignStreams(peers, 100);
        tracker.WatchOverlay(fig6.GetBob());
        tracker.WatchOverlay(fig6.GetAlice());
    }
    MusesHelper helper;
    helper.SetTransport(c.transport == "cloak" ? "ns3::CloakTransport" : "ns3::StaticTransport");
    if (c.ipv6 && c.transport == "static")
    {
        helper.SetTransportAttribute("PreferIpv6", BooleanValue(true));
    }
    c.session.Apply(helper);
    NodeContainer ends(fig6.GetAlice(), fig6.GetBob());
    helper.Install(ends);
    helper.AssignStreams(ends, 1);
    tracker.WatchMuses(ends);
}

/// Where Bob and Alice are: the routers of their LANs.
struct Attached
{
    uint32_t bob;   //!< 4 or 5
    uint32_t alice; //!< 1 or 2
};

/// Schedule the moves: Bob's to LAN 4 and back (or out of and into LAN 5's switch), Alice's
/// to LAN 2 and back (or out of and into LAN A's), or both at once.
/// \param c the settings \param fig6 the testbed \param events the scheduler
/// \return where they are after each move
std::vector<Attached>
ScheduleMoves(const Settings& c, const PaperTopologyHelper& fig6, NetworkEventHelper& events)
{
    std::vector<Attached> after;
    Attached now{5, 1};
    Ptr<UniformRandomVariable> jitter = CreateObject<UniformRandomVariable>();
    jitter->SetStream(7); // the run's seed (--RngRun) makes the draws differ
    for (uint32_t k = 0; k < c.moves; ++k)
    {
        Time at = Seconds(c.moveAt + k * c.moveEvery);
        Time offline = Seconds(c.offlineFor + jitter->GetValue(0, c.offlineJitter));
        if (c.mover != "alice")
        {
            now.bob = c.moveTo == "r4" && now.bob == 5 ? 4 : 5;
            fig6.MoveBob(events, now.bob, at, offline);
        }
        if (c.mover != "bob")
        {
            now.alice = c.moveTo == "r4" && now.alice == 1 ? 2 : 1;
            fig6.MoveAlice(events, now.alice, at, offline);
        }
        after.push_back(now);
    }
    return after;
}

/// \return summary.json: the first move's times at the top level, every move's in "moves"
/// \param c the settings \param fig6 the testbed \param after where they are after each move
/// \param report the outages \param check the transfer
SummaryWriter
Summarize(const Settings& c,
          const PaperTopologyHelper& fig6,
          const std::vector<Attached>& after,
          const OutageReport& report,
          const TransferCheck& check)
{
    // Each move's RTT: Bob's path to Alice from where they moved to, from the topology.
    std::vector<SummaryWriter> moves;
    for (const auto& outage : report.GetOutages())
    {
        Attached at = moves.size() < after.size() ? after[moves.size()] : Attached{5, 1};
        moves.push_back(
            OutageReport::Describe(outage).Add("rtt_s", fig6.GetRtt(at.bob, 100, at.alice)));
    }
    SummaryWriter summary;
    summary.Add("stack", c.stack)
        .Add("transport", c.stack == "muses" ? c.transport : "none")
        .Add("move_to", c.moveTo)
        .Add("mover", c.mover)
        .Add("proximity_routing", c.stack == "muses" && c.transport == "cloak" && c.proximity)
        .Add("ip", c.ipv6 ? "ipv6" : "ipv4");
    report.AddFirstOutage(summary);
    report.AddHandshakes(summary);
    check.AddTo(summary);
    return summary.Add("file_complete", check.GetBytesReceived() >= c.fileSize)
        .Add("rtt_s", fig6.GetRtt(after[0].bob, 100, after[0].alice))
        .Add("goodput_bps", check.GetGoodput(Seconds(TRANSFER_START_S), c.fileSize))
        .Add("moves", moves)
        .Add("sim_end_s", Simulator::Now());
}

} // namespace

int
main(int argc, char* argv[])
{
    Settings c;
    CommandLine cmd(__FILE__);
    CommandLineCheck numbers;
    c.Register(cmd, numbers);
    std::string error = numbers.Parse(cmd, argc, argv);
    error = error.empty() ? c.Check() : error;
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", c.outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-paper-mobility: " << error << std::endl;
        return 2;
    }
    SystemWallClockMs wall;
    wall.Start();
    const bool muses = c.stack == "muses";
    // Ethernet's 1500 bytes less the IP header (IPv4 20, IPv6 40) and TCP's with timestamps
    // (32): ns-3's TCP does not derive its MSS from the MTU, and IPv6 would fragment.
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(c.ipv6 ? 1428 : 1448));

    PaperTopologyHelper fig6; // Fig. 6
    fig6.SetRouterLinks(c.linkRate, MilliSeconds(c.linkDelayMs));
    fig6.SetIpv6(c.ipv6);
    fig6.Build();

    // The moves: to LAN 4 and back, or out of and into LAN 5's switch.
    OutageReport report(Seconds(c.sampleInterval), Seconds(c.stopTime));
    NetworkEventHelper events;
    events.SetEventCallback(
        MakeCallback(&ResumptionTracker::RecordNetworkEvent, &report.GetTracker()));
    std::vector<Attached> after = ScheduleMoves(c, fig6, events);

    // The transfer: stock BulkSend on Bob, PacketSink on Alice.
    std::string factory = muses ? "ns3::MusesSocketFactory" : "ns3::TcpSocketFactory";
    if (muses)
    {
        InstallMuses(c, fig6, report.GetTracker());
    }
    // Over MUSEs, Alice's IPv4 identifier: it names her, wherever she is.
    // (MUSEs' own connections take IPv6 with --ipv6; the application does not see them.)
    Address remote = muses    ? Address(MusesHelper::GetInetAddress(fig6.GetAlice(), 9))
                     : c.ipv6 ? Address(Inet6SocketAddress(fig6.GetAliceAddress6(), 9))
                              : Address(InetSocketAddress(fig6.GetAliceAddress(), 9));
    Address local = !muses && c.ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), 9))
                                     : Address(InetSocketAddress(Ipv4Address::GetAny(), 9));
    PacketSinkHelper sinkHelper(factory, local);
    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkHelper.Install(fig6.GetAlice()).Get(0));
    BulkSendHelper bulk(factory, remote);
    bulk.SetAttribute("MaxBytes", UintegerValue(c.fileSize));
    bulk.SetAttribute("SendSize", UintegerValue(1000));
    bulk.SetAttribute("EnableSeqTsSizeHeader", BooleanValue(true));
    ApplicationContainer sender = bulk.Install(fig6.GetBob());
    sender.Start(Seconds(TRANSFER_START_S));

    TransferCheck check;
    check.Watch(sender.Get(0), sink);
    report.WatchReceiver(sink);
    // The run ends a second after the whole file is in, or at --stopTime.
    check.StopWhenReceived(c.fileSize, Seconds(1));
    if (c.pcap)
    {
        fig6.EnablePcap(c.outDir + "/paper-mobility");
    }
    ShowProgress progress(Seconds(10), std::cerr);
    Simulator::Stop(Seconds(c.stopTime));
    Simulator::Run();

    SummaryWriter summary = Summarize(c, fig6, after, report, check);
    summary.Add("wall_time_s", wall.End() / 1000.0);
    std::string stack = !muses ? "TCP" : c.transport == "cloak" ? "MUSEs over CLOAK" : "MUSEs";
    std::string who = c.mover == "bob" ? "Bob" : c.mover == "alice" ? "Alice" : "both";
    report.SetLabels({who + " unplugged", "path restored", "overlay restored", "transfer resumed"});
    bool drawn =
        report.Write(c.outDir, "Bob -> Alice over " + stack + ": throughput at Alice (Fig. 7)");
    bool written = summary.Write(c.outDir + "/summary.json");
    Simulator::Destroy();
    std::cout << summary.ToString();
    std::cerr << "muses-paper-mobility: " << (written ? "wrote" : "could NOT write")
              << " summary.json; wrote throughput.csv, events.csv and "
              << (drawn ? "throughput.png" : "throughput.gp (no gnuplot)") << " in " << c.outDir
              << std::endl;
    return written ? 0 : 1;
}
