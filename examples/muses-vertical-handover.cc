/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-vertical-handover: a phone with Wi-Fi and LTE uploads a file to a server over MUSEs,
// walks out of Wi-Fi coverage and back.
//
//     phone ~~ Wi-Fi ~~ AP ---- R ---- server
//       \                      /
//        ~~ LTE ~~ eNB -- EPC (PGW)
//
// The access point stands at x = 0, the eNB at x = --enbX; the phone starts 5 m from the
// access point, walks away at --walkAt to --farX at --speed m/s, stays --awayFor seconds and
// walks back. The phone is multi-homed (StaticTransport's Interfaces: Wi-Fi first, then LTE,
// ReturnHysteresis): a standby connection waits on LTE while Wi-Fi carries the data. With
// --signal the phone's connection manager takes the Wi-Fi interface down when the station loses
// its access point (ns-3's disassociation after missed beacons) and up when it associates again;
// without it the Wi-Fi interface keeps its address and a session's AckTimeout finds the dead path.
// With --weakRssi the phone ranks LTE first while the access point's signal is below that, and
// the sessions move make before break before Wi-Fi goes.
//
// Writes into --outDir: summary.json (signal, weak_rssi_dbm, bytes; "switches", one entry per
// change of interface: at_s, from, to, reason, signalled, gap_s (the server received nothing),
// wait_s (of which after the switch), rtt_s (the new path's), ack_timeout_s; the first switch to
// LTE's gap_s and wait_s as outage_s and resume_latency_s, the first back's gap_s as return_gap_s),
// throughput.csv (time, Wi-Fi, LTE, received: bit/s), throughput.png (the three, each switch
// marked) and, with --pcap, the phone's Wi-Fi frames.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/lte-module.h"
#include "ns3/mobility-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/propagation-module.h"
#include "ns3/wifi-module.h"

#include <chrono>
#include <fstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesVerticalHandover");

namespace
{

/// The scenario's command line.
struct Scenario
{
    std::string outDir = "results/vertical-handover"; //!< Where the results go
    double fileSize = 80e6;                           //!< Bytes to upload
    double walkAt = 5;                                //!< When the phone starts walking, s
    double speed = 10;                                //!< Its speed, m/s
    double farX = 150;                                //!< Where it turns, m
    double awayFor = 5;                               //!< How long it stays there, s
    double enbX = 150;                                //!< Where the eNB stands, m
    double hysteresis = 1;                            //!< StaticTransport's ReturnHysteresis, s
    double stopTime = 0;                              //!< 0: the walk and 10 s more
    bool signal = true;                               //!< Wi-Fi loss signalled
    double weakRssi = 0;                              //!< Prefer LTE below it, dBm; 0: off
    bool pcap = false;                                //!< Write the phone's Wi-Fi frames
};

/// The nodes and interfaces the rest of the scenario needs.
struct Testbed
{
    Ptr<Node> phone;                    //!< The multi-homed node
    Ptr<Node> server;                   //!< Where the file goes
    Ptr<WifiNetDevice> wifi;            //!< The phone's station
    Ptr<WifiNetDevice> apWifi;          //!< The access point's
    Ptr<PropagationLossModel> wifiLoss; //!< The Wi-Fi channel's (the phone's RSSI from it)
    uint32_t wifiIf{0};                 //!< Its Ipv4 interface
    uint32_t lteIf{0};                  //!< The phone's LTE interface
    Ipv4Address apAddress;              //!< The access point: the phone's gateway on Wi-Fi
    YansWifiPhyHelper phy;              //!< For pcap
    Ptr<LteHelper> lte;                 //!< Keeps the LTE helper alive
};

/// Build the network. \param c the configuration \return it
Testbed
Build(const Scenario& c)
{
    Testbed net;
    net.phone = CreateObject<Node>();
    net.server = CreateObject<Node>();
    Ptr<Node> router = CreateObject<Node>();
    Ptr<Node> ap = CreateObject<Node>();
    NodeContainer enb;
    enb.Create(1);

    net.lte = CreateObject<LteHelper>();
    Ptr<PointToPointEpcHelper> epc = CreateObject<PointToPointEpcHelper>();
    net.lte->SetEpcHelper(epc);
    Ptr<Node> pgw = epc->GetPgwNode();

    InternetStackHelper internet;
    internet.Install(NodeContainer(net.phone, net.server, router, ap));

    PointToPointHelper wire;
    wire.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    wire.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer serverR = wire.Install(net.server, router);
    wire.SetChannelAttribute("Delay", StringValue("2ms"));
    NetDeviceContainer rAp = wire.Install(router, ap);
    wire.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer rPgw = wire.Install(router, pgw);

    WifiHelper wifi;
    wifi.SetStandard(WIFI_STANDARD_80211n);
    // YansWifiChannelHelper::Default()'s channel, its loss model kept: the phone's connection
    // manager reads the access point's signal from it (--weakRssi).
    Ptr<YansWifiChannel> channel = CreateObject<YansWifiChannel>();
    net.wifiLoss = CreateObject<LogDistancePropagationLossModel>();
    channel->SetPropagationLossModel(net.wifiLoss);
    channel->SetPropagationDelayModel(CreateObject<ConstantSpeedPropagationDelayModel>());
    net.phy.SetChannel(channel);
    WifiMacHelper mac;
    Ssid ssid("muses");
    mac.SetType("ns3::StaWifiMac", "Ssid", SsidValue(ssid));
    net.wifi = DynamicCast<WifiNetDevice>(wifi.Install(net.phy, mac, net.phone).Get(0));
    mac.SetType("ns3::ApWifiMac", "Ssid", SsidValue(ssid));
    NetDeviceContainer apWifi = wifi.Install(net.phy, mac, ap);
    net.apWifi = DynamicCast<WifiNetDevice>(apWifi.Get(0));

    MobilityHelper fixed;
    Ptr<ListPositionAllocator> positions = CreateObject<ListPositionAllocator>();
    positions->Add(Vector(0, 0, 0));      // the access point
    positions->Add(Vector(c.enbX, 0, 0)); // the eNB
    fixed.SetPositionAllocator(positions);
    fixed.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    fixed.Install(NodeContainer(ap, enb.Get(0)));
    MobilityHelper walking;
    walking.SetMobilityModel("ns3::WaypointMobilityModel");
    walking.Install(net.phone);
    Ptr<WaypointMobilityModel> walk = net.phone->GetObject<WaypointMobilityModel>();
    double leg = (c.farX - 5) / c.speed;
    walk->AddWaypoint(Waypoint(Seconds(0), Vector(5, 0, 0)));
    walk->AddWaypoint(Waypoint(Seconds(c.walkAt), Vector(5, 0, 0)));
    walk->AddWaypoint(Waypoint(Seconds(c.walkAt + leg), Vector(c.farX, 0, 0)));
    walk->AddWaypoint(Waypoint(Seconds(c.walkAt + leg + c.awayFor), Vector(c.farX, 0, 0)));
    walk->AddWaypoint(Waypoint(Seconds(c.walkAt + 2 * leg + c.awayFor), Vector(5, 0, 0)));

    NetDeviceContainer enbLte = net.lte->InstallEnbDevice(enb);
    NetDeviceContainer phoneLte = net.lte->InstallUeDevice(NodeContainer(net.phone));

    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.0.0", "255.255.255.0");
    Ipv4InterfaceContainer serverRIf = addresses.Assign(serverR);
    addresses.SetBase("10.2.0.0", "255.255.255.0");
    Ipv4InterfaceContainer rApIf = addresses.Assign(rAp);
    addresses.SetBase("10.3.0.0", "255.255.255.0");
    Ipv4InterfaceContainer rPgwIf = addresses.Assign(rPgw);
    addresses.SetBase("10.11.0.0", "255.255.255.0");
    NetDeviceContainer wlanDevices(apWifi);
    wlanDevices.Add(net.wifi);
    Ipv4InterfaceContainer wlan = addresses.Assign(wlanDevices);
    epc->AssignUeIpv4Address(phoneLte);
    net.lte->Attach(phoneLte, enbLte.Get(0));

    Ptr<Ipv4> phoneIp = net.phone->GetObject<Ipv4>();
    net.wifiIf = phoneIp->GetInterfaceForDevice(net.wifi);
    net.lteIf = phoneIp->GetInterfaceForDevice(phoneLte.Get(0));
    net.apAddress = wlan.GetAddress(0);

    // A default route on each of the phone's interfaces (its transport picks one per
    // connection); static routes elsewhere.
    Ipv4StaticRoutingHelper routing;
    auto staticOf = [&routing](Ptr<Node> node) {
        return routing.GetStaticRouting(node->GetObject<Ipv4>());
    };
    staticOf(net.phone)->SetDefaultRoute(net.apAddress, net.wifiIf, 0);
    staticOf(net.phone)->SetDefaultRoute(epc->GetUeDefaultGatewayAddress(), net.lteIf, 10);
    staticOf(net.server)->SetDefaultRoute(serverRIf.GetAddress(1), 1);
    staticOf(ap)->SetDefaultRoute(rApIf.GetAddress(0), 1);
    staticOf(router)->AddNetworkRouteTo("10.11.0.0", "255.255.255.0", rApIf.GetAddress(1), 2);
    staticOf(router)->AddNetworkRouteTo("7.0.0.0", "255.0.0.0", rPgwIf.GetAddress(1), 3);
    staticOf(pgw)->AddNetworkRouteTo("10.0.0.0",
                                     "255.0.0.0",
                                     rPgwIf.GetAddress(0),
                                     pgw->GetObject<Ipv4>()->GetInterfaceForDevice(rPgw.Get(1)));
    return net;
}

/// The phone's connection manager (--signal): the Wi-Fi interface goes down when the station
/// loses its access point and comes back up, with its default route, when it associates.
class ConnectionManager
{
  public:
    /// \param net the testbed
    explicit ConnectionManager(const Testbed& net)
        : m_net(net)
    {
        net.wifi->GetMac()->TraceConnectWithoutContext(
            "DeAssoc",
            MakeCallback(&ConnectionManager::Lost, this));
        net.wifi->GetMac()->TraceConnectWithoutContext(
            "Assoc",
            MakeCallback(&ConnectionManager::Associated, this));
    }

  private:
    /// The station lost its access point. \param ap its address
    void Lost(Mac48Address /* ap */)
    {
        m_net.phone->GetObject<Ipv4>()->SetDown(m_net.wifiIf);
        LocalAddressMonitor::NotifyChanged(m_net.phone);
    }

    /// The station associated. \param ap its address
    void Associated(Mac48Address /* ap */)
    {
        Ptr<Ipv4> ip = m_net.phone->GetObject<Ipv4>();
        if (ip->IsUp(m_net.wifiIf))
        {
            return; // the first association
        }
        ip->SetUp(m_net.wifiIf);
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(ip)->SetDefaultRoute(m_net.apAddress, m_net.wifiIf, 0);
        LocalAddressMonitor::NotifyChanged(m_net.phone);
    }

    const Testbed& m_net; //!< The testbed
};

/// The phone's connection manager (--weakRssi): it reads the access point's signal every
/// 100 ms (as a phone averages its beacons) and, below the threshold, ranks LTE first
/// (StaticTransport's Interfaces): the sessions move make before break while Wi-Fi still
/// carries them; 5 dB above it, Wi-Fi first again.
class WeakSignalManager
{
  public:
    /// \param net the testbed \param transport the phone's \param threshold dBm
    WeakSignalManager(const Testbed& net, Ptr<StaticTransport> transport, double threshold)
        : m_net(net),
          m_transport(transport),
          m_threshold(threshold),
          m_txPower(net.apWifi->GetPhy()->GetTxPowerStart())
    {
        Simulator::Schedule(PERIOD, &WeakSignalManager::Sample, this);
    }

  private:
    static constexpr double MARGIN = 5; //!< dB above the threshold to rank Wi-Fi first again
    static inline const Time PERIOD = MilliSeconds(100); //!< Between two readings

    /// Read the signal and rank the interfaces by it.
    void Sample()
    {
        double rssi =
            m_net.wifiLoss->CalcRxPower(m_txPower,
                                        m_net.apWifi->GetNode()->GetObject<MobilityModel>(),
                                        m_net.phone->GetObject<MobilityModel>());
        bool weak = m_weak ? rssi < m_threshold + MARGIN : rssi < m_threshold;
        if (weak != m_weak)
        {
            m_weak = weak;
            NS_LOG_INFO(Simulator::Now().As(Time::S)
                        << " Wi-Fi " << rssi << " dBm: " << (weak ? "LTE" : "Wi-Fi") << " first");
            std::string wifi = std::to_string(m_net.wifiIf);
            std::string lte = std::to_string(m_net.lteIf);
            m_transport->SetAttribute("Interfaces",
                                      StringValue(weak ? lte + "," + wifi : wifi + "," + lte));
        }
        Simulator::Schedule(PERIOD, &WeakSignalManager::Sample, this);
    }

    const Testbed& m_net;             //!< The testbed
    Ptr<StaticTransport> m_transport; //!< The phone's
    double m_threshold;               //!< dBm
    double m_txPower;                 //!< The access point's, dBm
    bool m_weak{false};               //!< LTE ranked first
};

/// What the scenario records as it runs.
struct Records
{
    std::vector<Time> deliveries;            //!< When the server's application received bytes
    std::vector<std::pair<Time, Time>> rtts; //!< The phone's session's smoothed RTT samples
    /// Interface changes: at, from, to, reason
    std::vector<std::tuple<Time, uint32_t, uint32_t, StaticTransport::SwitchReason>> switches;
};

/**
 * \brief Describe the switches: a "switches" list, and the first switch to LTE's and the first
 *        back's figures at the top level (for muses-sweep).
 * \param r the records \param net the testbed \param ackTimeout the sessions' AckTimeout
 * \param summary where they go
 */
void
DescribeSwitches(const Records& r, const Testbed& net, Time ackTimeout, SummaryWriter& summary)
{
    auto name = [&net](uint32_t interface) {
        return interface == net.wifiIf  ? std::string("wifi")
               : interface == net.lteIf ? std::string("lte")
                                        : std::string("none");
    };
    std::vector<SummaryWriter> out;
    Time away = Seconds(-1); // first switch to LTE: silence, and its part after the switch
    Time awayWait = Seconds(-1);
    Time back = Seconds(-1); // first switch back: silence
    for (const auto& [at, from, to, reason] : r.switches)
    {
        // The silence around the switch: from the last delivery before it to the first after
        // (negative, written null, when nothing came after).
        auto next = std::upper_bound(r.deliveries.begin(), r.deliveries.end(), at);
        Time before = next == r.deliveries.begin() ? Seconds(0) : *(next - 1);
        Time after = next == r.deliveries.end() ? Seconds(-1) : *next;
        Time gap = after.IsNegative() ? after : after - before;
        Time wait = after.IsNegative() ? after : after - at;
        // The new path's round trip: the session's lowest estimate in the 5 s after data
        // flows on it (its queues fill later).
        Time rtt = Seconds(-1);
        for (const auto& [when, srtt] : r.rtts)
        {
            if (!after.IsNegative() && when > after && when < after + Seconds(5) &&
                srtt.IsStrictlyPositive() && (rtt.IsNegative() || srtt < rtt))
            {
                rtt = srtt;
            }
        }
        if (to == net.lteIf && away.IsNegative())
        {
            away = gap;
            awayWait = wait;
        }
        else if (to == net.wifiIf && back.IsNegative())
        {
            back = gap;
        }
        out.push_back(SummaryWriter()
                          .Add("at_s", at)
                          .Add("from", name(from))
                          .Add("to", name(to))
                          .Add("reason", StaticTransport::GetReasonName(reason))
                          .Add("signalled", reason != StaticTransport::SILENT)
                          .Add("gap_s", gap)
                          .Add("wait_s", wait)
                          .Add("rtt_s", rtt)
                          .Add("ack_timeout_s", ackTimeout));
    }
    summary.Add("switches", out)
        .Add("outage_s", away)
        .Add("resume_latency_s", awayWait)
        .Add("return_gap_s", back);
}

} // namespace

int
main(int argc, char* argv[])
{
    Scenario c;
    CommandLine cmd(__FILE__);
    cmd.Usage("A phone with Wi-Fi and LTE uploads a file to a server over MUSEs, walks out of "
              "Wi-Fi coverage and back; its sessions move to LTE and return. Writes "
              "summary.json, throughput.csv and throughput.png into --outDir.");
    cmd.AddValue("outDir", "output directory", c.outDir);
    cmd.AddValue("fileSize", "bytes to upload (1..1e12)", c.fileSize);
    cmd.AddValue("walkAt", "when the phone starts walking away, s (>= 1)", c.walkAt);
    cmd.AddValue("speed", "its speed, m/s (> 0)", c.speed);
    cmd.AddValue("farX", "where it turns back, m from the access point (10..2000)", c.farX);
    cmd.AddValue("awayFor", "how long it stays there, s (>= 0)", c.awayFor);
    cmd.AddValue("enbX", "where the eNB stands, m from the access point (0..2000)", c.enbX);
    cmd.AddValue("hysteresis", "ReturnHysteresis, s (>= 0)", c.hysteresis);
    cmd.AddValue("signal",
                 "the phone takes Wi-Fi down when it loses the access point (false: the "
                 "path dies silently)",
                 c.signal);
    cmd.AddValue("weakRssi",
                 "below this access point signal (dBm, -100..-30) the phone ranks LTE first and "
                 "moves make before break, while Wi-Fi still works; 5 dB above, Wi-Fi first "
                 "again; 0: off",
                 c.weakRssi);
    cmd.AddValue("stopTime", "seconds simulated; 0: the walk and 10 s more (else > 5)", c.stopTime);
    cmd.AddValue("pcap", "write the phone's Wi-Fi frames into outDir", c.pcap);
    CommandLineCheck numbers;
    numbers.AddReal({"fileSize",
                     "walkAt",
                     "speed",
                     "farX",
                     "awayFor",
                     "enbX",
                     "hysteresis",
                     "weakRssi",
                     "stopTime"});
    numbers.AddBool({"signal", "pcap"});
    std::string error = numbers.Parse(cmd, argc, argv);
    if (error.empty() &&
        (!(c.fileSize >= 1 && c.fileSize <= 1e12) || !(c.walkAt >= 1) || !(c.speed > 0) ||
         !(c.farX >= 10 && c.farX <= 2000) || !(c.awayFor >= 0) ||
         !(c.enbX >= 0 && c.enbX <= 2000) || !(c.hysteresis >= 0) ||
         !(c.weakRssi == 0 || (c.weakRssi >= -100 && c.weakRssi <= -30)) ||
         !(c.stopTime == 0 || c.stopTime > 5) || c.outDir.empty()))
    {
        error = "need 1 <= --fileSize <= 1e12, --walkAt >= 1, --speed > 0, 10 <= --farX <= "
                "2000, --awayFor >= 0, 0 <= --enbX <= 2000, --hysteresis >= 0, --weakRssi 0 or "
                "-100..-30, --stopTime 0 or > 5 and an --outDir";
    }
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", c.outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-vertical-handover: " << error << std::endl;
        return 2;
    }
    double walkEnd = c.walkAt + 2 * (c.farX - 5) / c.speed + c.awayFor;
    if (c.stopTime == 0)
    {
        c.stopTime = walkEnd + 10;
    }
    auto wallStart = std::chrono::steady_clock::now();
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1400)); // GTP-U's 40 bytes
    Config::SetDefault("ns3::LteEnbRrc::SrsPeriodicity", UintegerValue(80));

    Testbed net = Build(c);
    std::unique_ptr<ConnectionManager> manager;
    if (c.signal)
    {
        manager = std::make_unique<ConnectionManager>(net);
    }

    MusesHelper muses;
    muses.SetTransport("ns3::StaticTransport");
    NodeContainer ends(net.phone, net.server);
    muses.Install(ends);
    muses.AssignStreams(ends, 1);
    Ptr<StaticTransport> transport =
        DynamicCast<StaticTransport>(net.phone->GetObject<MusesL4Protocol>()->GetTransport());
    transport->SetAttribute(
        "Interfaces",
        StringValue(std::to_string(net.wifiIf) + "," + std::to_string(net.lteIf)));
    transport->SetAttribute("ReturnHysteresis", TimeValue(Seconds(c.hysteresis)));
    std::unique_ptr<WeakSignalManager> weakSignal;
    if (c.weakRssi != 0)
    {
        weakSignal = std::make_unique<WeakSignalManager>(net, transport, c.weakRssi);
    }

    Records records;
    transport->TraceConnectWithoutContext(
        "InterfaceChange",
        MakeBoundCallback(
            +[](Records* r, uint32_t from, uint32_t to, StaticTransport::SwitchReason why) {
                r->switches.emplace_back(Simulator::Now(), from, to, why);
            },
            &records));
    net.phone->GetObject<MusesL4Protocol>()->TraceConnectWithoutContext(
        "SessionCreated",
        MakeBoundCallback(
            +[](Records* r, Ptr<MusesSession> session) {
                session->TraceConnectWithoutContext("RTT",
                                                    MakeBoundCallback(
                                                        +[](Records* r, Time, Time rtt) {
                                                            r->rtts.emplace_back(Simulator::Now(),
                                                                                 rtt);
                                                        },
                                                        r));
            },
            &records));

    // The upload, and throughput on each of the phone's interfaces and at the server.
    Address to = MusesHelper::GetAddress(net.server, 9);
    CheckedStreamHelper sinkOf("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", to);
    CheckedStreamHelper sourceOf("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", to);
    sourceOf.SetAttribute("MaxBytes", UintegerValue(uint64_t(c.fileSize)));
    auto source = DynamicCast<CheckedStreamSource>(sourceOf.Install(net.phone).Get(0));
    auto sink = DynamicCast<CheckedStreamSink>(sinkOf.Install(net.server).Get(0));
    source->SetStartTime(Seconds(1));
    Time interval = MilliSeconds(100);
    ThroughputSampler wifiRate(interval);
    ThroughputSampler lteRate(interval);
    ThroughputSampler received(interval);
    for (ThroughputSampler* s : {&wifiRate, &lteRate, &received})
    {
        s->Start(Seconds(0), Seconds(c.stopTime));
    }
    sink->TraceConnectWithoutContext("Rx",
                                     MakeCallback(&ThroughputSampler::RxWithAddress, &received));
    sink->TraceConnectWithoutContext("Rx",
                                     MakeBoundCallback(
                                         +[](Records* r, Ptr<const Packet>, const Address&) {
                                             r->deliveries.push_back(Simulator::Now());
                                         },
                                         &records));

    struct PerInterface
    {
        uint32_t wifiIf;
        uint32_t lteIf;
        ThroughputSampler* wifi;
        ThroughputSampler* lte;
    } perInterface{net.wifiIf, net.lteIf, &wifiRate, &lteRate};

    net.phone->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "Tx",
        MakeBoundCallback(
            +[](PerInterface* p, Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t interface) {
                ThroughputSampler* s = interface == p->wifiIf  ? p->wifi
                                       : interface == p->lteIf ? p->lte
                                                               : nullptr;
                if (s)
                {
                    s->Count(packet->GetSize());
                }
            },
            &perInterface));
    if (c.pcap)
    {
        net.phy.EnablePcap(c.outDir + "/vertical-handover", net.wifi);
    }
    Simulator::Stop(Seconds(c.stopTime));
    Simulator::Run();

    uint64_t sent = source->GetBytesSent();
    uint64_t got = sink->GetBytesReceived();
    bool delivered =
        sink->GetFirstMismatch() == -1 && got == sent && sink->GetSha256() == source->GetSha256();
    TypeId::AttributeInformation info;
    MusesSession::GetTypeId().LookupAttributeByName("AckTimeout", &info);
    Time ackTimeout = DynamicCast<const TimeValue>(info.initialValue)->Get();
    SummaryWriter summary;
    summary.Add("signal", c.signal)
        .Add("weak_rssi_dbm", c.weakRssi)
        .Add("bytes_sent", sent)
        .Add("bytes_received", got)
        .Add("bytes_lost", sent > got ? sent - got : 0)
        .Add("file_complete", got >= uint64_t(c.fileSize))
        .Add("payload_sha256_match", delivered)
        .Add("sim_end_s", Simulator::Now())
        .Add("wall_time_s",
             std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count());
    DescribeSwitches(records, net, ackTimeout, summary);
    std::ofstream csv(c.outDir + "/throughput.csv");
    csv << "time_s,wifi_bps,lte_bps,received_bps\n";
    for (size_t i = 0; i < received.GetSamples().size(); ++i)
    {
        csv << received.GetSamples()[i].time.GetSeconds() << "," << wifiRate.GetSamples()[i].bps
            << "," << lteRate.GetSamples()[i].bps << "," << received.GetSamples()[i].bps << "\n";
    }
    ThroughputPlot plot("A phone walks out of Wi-Fi and back: MUSEs over Wi-Fi and LTE");
    plot.AddSeries("sent by Wi-Fi", wifiRate);
    plot.AddSeries("sent by LTE", lteRate);
    plot.AddSeries("received by the server", received);
    for (const auto& [at, from, to, reason] : records.switches)
    {
        plot.AddMark(at, to == net.lteIf ? "to LTE" : "to Wi-Fi");
    }
    bool written = csv.good() && summary.Write(c.outDir + "/summary.json") &&
                   plot.Write(c.outDir + "/throughput.gp", c.outDir + "/throughput.png") &&
                   ThroughputPlot::Render(c.outDir + "/throughput.gp");
    Simulator::Destroy();
    if (!written)
    {
        std::cerr << "muses-vertical-handover: cannot write into " << c.outDir << std::endl;
        return 1;
    }
    std::cout << summary.ToString();
    return delivered ? 0 : 1;
}
