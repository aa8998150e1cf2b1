/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-multi-app: several applications share one pair of MUSEs nodes across a link outage.
//
//   Alice ---- 10 Mb/s, 20 ms ---- Bob
//
// Three applications run at once from Alice to Bob, each on its own MUSEs session (the LCM
// multiplexes them by port):
//   bulk              CheckedStreamSource -> CheckedStreamSink (every byte verified)
//   onoff             stock OnOffApplication -> PacketSink
//   request-response  a client sending requests that Bob's server echoes back
// The link is cut at --outageAt for --outage seconds. The sessions suspend, send REHELLO,
// resume when the link is back; the applications never see an error and lose nothing.
//
// Writes <outDir>/summary.json:
//   {"apps": [{"name", "bytes_sent", "bytes_received", "match"}, ...],
//    "suspensions": n, "resumptions": n, ...}
// and, with --pcap, <outDir>/multi-app-<node>-<device>.pcap. Exit status 1 if an
// application's bytes do not match, 2 on bad flags.

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <chrono>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesMultiApp");

namespace
{

/**
 * Sends a request of RequestSize bytes every Interval, once the previous answer is back,
 * and checks that the answers are its requests, echoed.
 */
class RequestClient : public Application
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::MusesMultiAppRequestClient")
                                .SetParent<Application>()
                                .AddConstructor<RequestClient>();
        return tid;
    }

    void Setup(Address server, uint32_t requestSize, Time interval)
    {
        m_server = server;
        m_requestSize = requestSize;
        m_interval = interval;
    }

    const CheckedStream& Sent() const
    {
        return m_sent;
    }

    const CheckedStream& Received() const
    {
        return m_received;
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), MusesSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetConnectCallback(MakeCallback(&RequestClient::Connected, this),
                                     MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetRecvCallback(MakeCallback(&RequestClient::Read, this));
        m_socket->Connect(m_server);
    }

    void StopApplication() override
    {
        m_event.Cancel();
        if (m_socket)
        {
            m_socket->Close();
        }
    }

    void Connected(Ptr<Socket>)
    {
        Request();
    }

    void Request()
    {
        m_event = Simulator::Schedule(m_interval, &RequestClient::Request, this);
        if (m_received.GetSize() < m_sent.GetSize() || m_socket->GetTxAvailable() < m_requestSize)
        {
            return; // an answer is pending, or the session is suspended: try next time
        }
        std::vector<uint8_t> request(m_requestSize);
        m_sent.Produce(request.data(), m_requestSize);
        m_socket->Send(Create<Packet>(request.data(), m_requestSize));
    }

    void Read(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()) && packet->GetSize() > 0)
        {
            std::vector<uint8_t> bytes(packet->GetSize());
            packet->CopyData(bytes.data(), bytes.size());
            m_received.Consume(bytes.data(), bytes.size());
        }
    }

    Address m_server;
    uint32_t m_requestSize{0};
    Time m_interval;
    Ptr<Socket> m_socket;
    EventId m_event;
    CheckedStream m_sent;
    CheckedStream m_received;
};

/// Echoes every byte back to whoever sent it.
class EchoServer : public Application
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::MusesMultiAppEchoServer")
                                .SetParent<Application>()
                                .AddConstructor<EchoServer>();
        return tid;
    }

    void Setup(Address local)
    {
        m_local = local;
    }

  private:
    void StartApplication() override
    {
        m_listener = Socket::CreateSocket(GetNode(), MusesSocketFactory::GetTypeId());
        m_listener->Bind(m_local);
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&EchoServer::Accept, this));
    }

    void StopApplication() override
    {
        m_listener->Close();
    }

    void Accept(Ptr<Socket> socket, const Address&)
    {
        m_pending[socket] = Create<Packet>();
        socket->SetRecvCallback(MakeCallback(&EchoServer::Read, this));
        socket->SetSendCallback(MakeCallback(&EchoServer::Flush, this));
    }

    void Read(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()) && packet->GetSize() > 0)
        {
            m_pending[socket]->AddAtEnd(packet);
        }
        Flush(socket, socket->GetTxAvailable());
    }

    // What does not fit now waits for the send callback: an echo loses nothing either.
    void Flush(Ptr<Socket> socket, uint32_t available)
    {
        Ptr<Packet>& pending = m_pending[socket];
        uint32_t size = std::min(available, pending->GetSize());
        if (size > 0 && socket->Send(pending->CreateFragment(0, size)) == int(size))
        {
            pending->RemoveAtStart(size);
        }
    }

    Address m_local;
    Ptr<Socket> m_listener;
    std::map<Ptr<Socket>, Ptr<Packet>> m_pending;
};

/// One application's line of summary.json.
struct AppResult
{
    std::string name;
    uint64_t sent;
    uint64_t received;
    bool match;
};

/// An application's "Tx" sink: add up the bytes. \param total the sum \param packet what went
void
AddBytes(uint64_t* total, Ptr<const Packet> packet)
{
    *total += packet->GetSize();
}

/// The applications of the scenario.
struct Apps
{
    Ptr<CheckedStreamSource> bulk;   //!< Bulk sender (Alice)
    Ptr<CheckedStreamSink> bulkSink; //!< Bulk receiver (Bob)
    Ptr<PacketSink> onoffSink;       //!< OnOff receiver (Bob)
    uint64_t onoffSent{0};           //!< Bytes OnOff's socket took
    Ptr<RequestClient> client;       //!< Request/response client (Alice)
};

/**
 * \brief Install the three applications (bulk, on/off, request/response) from Alice to Bob.
 * \param alice the client side \param bob the server side \param bulkBytes the bulk's size
 * \param stop when the on/off and request/response clients stop (then the tail drains)
 * \return them
 */
Apps
InstallApps(Ptr<Node> alice, Ptr<Node> bob, uint64_t bulkBytes, Time stop)
{
    Apps apps;
    // bulk
    CheckedStreamHelper sinkOf("ns3::CheckedStreamSink",
                               "ns3::MusesSocketFactory",
                               MusesHelper::GetAddress(bob, 9));
    apps.bulkSink = DynamicCast<CheckedStreamSink>(sinkOf.Install(bob).Get(0));
    CheckedStreamHelper sourceOf("ns3::CheckedStreamSource",
                                 "ns3::MusesSocketFactory",
                                 MusesHelper::GetAddress(bob, 9));
    sourceOf.SetAttribute("MaxBytes", UintegerValue(bulkBytes));
    apps.bulk = DynamicCast<CheckedStreamSource>(sourceOf.Install(alice).Get(0));
    apps.bulk->SetStartTime(Seconds(1));

    // onoff: stock applications, only the socket factory changed; Bob is addressed by the
    // IPv4 identifier of his name
    PacketSinkHelper sinkHelper("ns3::MusesSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), 10));
    apps.onoffSink = DynamicCast<PacketSink>(sinkHelper.Install(bob).Get(0));
    OnOffHelper onoffHelper("ns3::MusesSocketFactory", MusesHelper::GetInetAddress(bob, 10));
    onoffHelper.SetConstantRate(DataRate("1Mbps"), 1000);
    ApplicationContainer onoff = onoffHelper.Install(alice);
    onoff.Start(Seconds(1));
    onoff.Stop(stop);
    onoff.Get(0)->TraceConnectWithoutContext("Tx", MakeBoundCallback(&AddBytes, &apps.onoffSent));

    // request-response
    Ptr<EchoServer> server = CreateObject<EchoServer>();
    server->Setup(MusesHelper::GetAddress(bob, 11));
    bob->AddApplication(server);
    apps.client = CreateObject<RequestClient>();
    apps.client->Setup(MusesHelper::GetAddress(bob, 11), 2000, MilliSeconds(200));
    alice->AddApplication(apps.client);
    apps.client->SetStartTime(Seconds(1));
    apps.client->SetStopTime(stop);

    return apps;
}

/// \return each application's outcome \param apps the applications \param bulkBytes the bulk's size
std::vector<AppResult>
Results(const Apps& apps, uint64_t bulkBytes)
{
    return {
        {"bulk",
         apps.bulk->GetBytesSent(),
         apps.bulkSink->GetBytesReceived(),
         apps.bulk->GetBytesSent() == bulkBytes && apps.bulkSink->GetBytesReceived() == bulkBytes &&
             apps.bulkSink->GetFirstMismatch() == -1 &&
             apps.bulkSink->GetSha256() == apps.bulk->GetSha256()},
        {"onoff",
         apps.onoffSent,
         apps.onoffSink->GetTotalRx(),
         apps.onoffSent == apps.onoffSink->GetTotalRx()},
        {"request-response",
         apps.client->Sent().GetSize(),
         apps.client->Received().GetSize(),
         apps.client->Received().GetSize() == apps.client->Sent().GetSize() &&
             apps.client->Received().GetFirstMismatch() == -1 &&
             apps.client->Received().GetSha256() == apps.client->Sent().GetSha256()},
    };
}

/// \return the sum of the sessions' counters on some nodes \param nodes the nodes
MusesSession::Counters
AddSessionCounters(const NodeContainer& nodes)
{
    MusesSession::Counters sum;
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        for (auto& socket : (*node)->GetObject<MusesL4Protocol>()->GetSockets())
        {
            if (socket->GetSession())
            {
                sum.suspensions += socket->GetSession()->GetCounters().suspensions;
                sum.resumptions += socket->GetSession()->GetCounters().resumptions;
            }
        }
    }
    return sum;
}

/// \return an error message, empty when the settings make sense \param suite cipher suite
/// \param outageAt cut time \param outage cut length \param stopTime end
/// \param bulkBytes bulk size \param outDir output directory
std::string
CheckSettings(const std::string& suite,
              double outageAt,
              double outage,
              double stopTime,
              uint64_t bulkBytes,
              const std::string& outDir)
{
    MusesCipherSuite parsed;
    if (!MusesAead::FindSuite(suite, &parsed))
    {
        return "--suite must be AES-256-GCM, AES-128-CBC-HMAC-SHA1 or CHACHA20-POLY1305";
    }
    if (outageAt < 0 || outage < 0 || !(stopTime > outageAt + outage))
    {
        return "need --outageAt >= 0, --outage >= 0 and --stopTime > outageAt + outage";
    }
    if (bulkBytes < 1)
    {
        return "--bulkBytes must be >= 1";
    }
    if (outDir.empty())
    {
        return "--outDir must not be empty";
    }
    return "";
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string outDir = "results/multi-app";
    std::string suite = "AES-256-GCM";
    double outageAt = 5;
    double outage = 10;
    double stopTime = 40;
    uint64_t bulkBytes = 5000000;
    bool pcap = false;
    CommandLine cmd(__FILE__);
    cmd.Usage("Three applications (bulk transfer, on/off, request/response) between two MUSEs "
              "nodes across a link outage. Writes <outDir>/summary.json.");
    cmd.AddValue("outDir", "output directory", outDir);
    cmd.AddValue("suite",
                 "cipher suite: AES-256-GCM, AES-128-CBC-HMAC-SHA1 or CHACHA20-POLY1305",
                 suite);
    cmd.AddValue("outageAt", "seconds: when the link is cut (>= 0)", outageAt);
    cmd.AddValue("outage", "seconds the link stays cut (>= 0)", outage);
    cmd.AddValue("stopTime", "seconds simulated (> outageAt + outage)", stopTime);
    cmd.AddValue("bulkBytes", "bytes of the bulk transfer (>= 1)", bulkBytes);
    cmd.AddValue("pcap", "write pcap files into outDir", pcap);
    CommandLineCheck numbers;
    numbers.AddReal({"outageAt", "outage", "stopTime"});
    numbers.AddCount({"bulkBytes"});
    std::string error = numbers.Parse(cmd, argc, argv);
    error =
        error.empty() ? CheckSettings(suite, outageAt, outage, stopTime, bulkBytes, outDir) : error;
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-multi-app: " << error << std::endl;
        return 2;
    }
    auto wallStart = std::chrono::steady_clock::now();

    NodeContainer nodes;
    nodes.Create(2);
    Ptr<Node> alice = nodes.Get(0);
    Ptr<Node> bob = nodes.Get(1);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("20ms"));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    addresses.Assign(devices);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    MusesHelper muses;
    muses.SetSessionAttribute("CipherSuite", StringValue(suite));
    muses.Install(nodes);
    muses.AssignStreams(nodes, 1);
    NetworkEventHelper events;
    events.CutLink(devices, Seconds(outageAt), Seconds(outage));

    Apps apps = InstallApps(alice, bob, bulkBytes, Seconds(stopTime - 5));

    if (pcap)
    {
        p2p.EnablePcapAll(outDir + "/multi-app");
    }
    Simulator::Stop(Seconds(stopTime));
    Simulator::Run();

    std::vector<AppResult> results = Results(apps, bulkBytes);
    MusesSession::Counters counters = AddSessionCounters(nodes);
    Simulator::Destroy();
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();

    std::vector<SummaryWriter> appSummaries;
    for (const auto& app : results)
    {
        appSummaries.push_back(SummaryWriter()
                                   .Add("name", app.name)
                                   .Add("bytes_sent", app.sent)
                                   .Add("bytes_received", app.received)
                                   .Add("match", app.match));
    }
    SummaryWriter summary;
    summary.Add("apps", appSummaries)
        .Add("suspensions", counters.suspensions)
        .Add("resumptions", counters.resumptions)
        .Add("outage_at_s", outageAt)
        .Add("outage_s", outage)
        .Add("suite", suite)
        .Add("wall_time_s", wall);
    if (!summary.Write(outDir + "/summary.json"))
    {
        std::cerr << "muses-multi-app: cannot write " << outDir << "/summary.json" << std::endl;
        return 1;
    }
    std::cout << summary.ToString();
    bool allMatch =
        std::all_of(results.begin(), results.end(), [](const AppResult& app) { return app.match; });
    return allMatch ? 0 : 1;
}
