/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-bench-conditions: MUSEs against plain ns-3 TCP where the paper did not look, in one
// run, each case on the same topology for both stacks:
//  - loss: a bulk transfer (stock BulkSend -> PacketSink) over 10 Mb/s x 20 ms with a
//    RateErrorModel on the receiver, MUSEs over the static transport and over CLOAK;
//  - bdp: long fat pipes (100 Mb/s and 1 Gb/s x 50 and 100 ms, no loss, 16 MiB TCP buffers
//    for both stacks), MUSEs over the static transport;
//  - sessions: N clients each sending 200 KB to one server, then every application closes.
// Every transfer is checked (bytes in order, SHA-256 of the stream: TransferCheck). Each
// simulation runs in a child process, so its wall time and peak memory are its own. The last
// line of output is one JSON object with the lists "loss", "bdp" and "sessions", each entry
// the mean over its seeds (MUSEs / TCP ratios).

#include "ns3/bulk-send-helper.h"
#include "ns3/cloak-helper.h"
#include "ns3/core-module.h"
#include "ns3/data-rate.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/muses-helper.h"
#include "ns3/muses-l4-protocol.h"
#include "ns3/muses-socket.h"
#include "ns3/object-vector.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/transfer-check.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;
namespace po = boost::program_options;

namespace
{

/// What carries the transfers.
enum Stack
{
    TCP,          //!< plain ns-3 TCP
    MUSES_STATIC, //!< MUSEs over the static transport
    MUSES_CLOAK,  //!< MUSEs over CLOAK
};

/// One simulation.
struct Case
{
    Stack stack{TCP};       //!< Over what
    std::string rate;       //!< Link rate
    std::string delay;      //!< Link one-way delay
    double loss{0};         //!< Packet error rate at the receiver
    uint64_t bytes{0};      //!< Per transfer
    uint32_t sessions{1};   //!< Transfers (clients) at once
    bool bigBuffers{false}; //!< 16 MiB TCP buffers
    uint32_t seed{1};       //!< RngRun
};

/// What a simulation measured (the child writes it, the parent reads it).
struct Outcome
{
    double goodputBps{0};     //!< All bytes over the time to the last one
    bool complete{false};     //!< Every byte in, in order, SHA-256 equal
    uint64_t suspensions{0};  //!< MUSEs sessions' suspensions
    uint64_t sessionsLeft{0}; //!< MUSEs sessions, or TCP sockets, still held after every close
    uint64_t packets{0};      //!< Packets sent on the server's link, both ways
    double wallSeconds{0};    //!< Host time (parent's measure)
    double peakMb{0};         //!< Peak resident memory (parent's measure)
};

/// \return the MUSEs sessions some nodes still hold \param nodes the nodes
uint64_t
CountMusesSessions(const NodeContainer& nodes)
{
    uint64_t left = 0;
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        left += (*node)->GetObject<MusesL4Protocol>()->GetSessions().size();
    }
    return left;
}

/// Count every suspension of the sessions of some nodes (closed sessions are forgotten, so
/// they are counted as they happen). \param nodes the nodes \param count the counter
void
CountSuspensions(const NodeContainer& nodes, uint64_t* count)
{
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        (*node)->GetObject<MusesL4Protocol>()->TraceConnectWithoutContext(
            "SessionCreated",
            Callback<void, Ptr<MusesSession>>([count](Ptr<MusesSession> session) {
                session->TraceConnectWithoutContext(
                    "State",
                    Callback<void, MusesSession::State, MusesSession::State>(
                        [count](MusesSession::State, MusesSession::State now) {
                            *count += now == MusesSession::SUSPENDED;
                        }));
            }));
    }
}

/// \return the TCP sockets still open on some nodes \param nodes the nodes
uint64_t
CountTcpSockets(const NodeContainer& nodes)
{
    uint64_t left = 0;
    for (auto node = nodes.Begin(); node != nodes.End(); ++node)
    {
        Ptr<TcpL4Protocol> tcp = (*node)->GetObject<TcpL4Protocol>();
        ObjectVectorValue sockets;
        tcp->GetAttribute("SocketList", sockets);
        left += sockets.GetN();
    }
    return left;
}

/// The server is done: close every connection it accepted. \param sink the server
void
CloseAll(Ptr<PacketSink> sink)
{
    for (Ptr<Socket> socket : sink->GetAcceptedSockets())
    {
        socket->Close();
    }
}

/// Run one simulation (in the child). \param c the case \return what it measured
Outcome
Simulate(const Case& c)
{
    RngSeedManager::SetRun(c.seed);
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    if (c.bigBuffers)
    {
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(16 << 20));
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(16 << 20));
    }
    // The server, then one node per client; a star of point-to-point links through a router
    // when there are several clients, one link otherwise.
    Ptr<Node> server = CreateObject<Node>();
    NodeContainer clients(c.sessions);
    NodeContainer all(server);
    all.Add(clients);
    Ptr<Node> router = c.sessions > 1 ? CreateObject<Node>() : nullptr;
    InternetStackHelper internet;
    internet.Install(all);
    if (router)
    {
        internet.Install(router);
    }
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(c.rate));
    p2p.SetChannelAttribute("Delay", StringValue(c.delay));
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    NetDeviceContainer serverLink = p2p.Install(router ? router : clients.Get(0), server);
    Ipv4Address serverAddress = addresses.Assign(serverLink).GetAddress(1);
    uint64_t packets = 0;
    for (uint32_t d = 0; d < 2; ++d)
    {
        serverLink.Get(d)->TraceConnectWithoutContext(
            "PhyTxEnd",
            Callback<void, Ptr<const Packet>>([&packets](Ptr<const Packet>) { ++packets; }));
    }
    if (c.loss > 0)
    {
        Ptr<RateErrorModel> errors = CreateObject<RateErrorModel>();
        errors->SetAttribute("ErrorRate", DoubleValue(c.loss));
        errors->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        errors->AssignStreams(10);
        serverLink.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(errors));
    }
    for (uint32_t i = 0; router && i < c.sessions; ++i)
    {
        addresses.NewNetwork();
        addresses.Assign(p2p.Install(clients.Get(i), router));
    }
    if (router)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    bool muses = c.stack != TCP;
    std::string factory = muses ? "ns3::MusesSocketFactory" : "ns3::TcpSocketFactory";
    Time start = Seconds(1);
    if (c.stack == MUSES_CLOAK)
    {
        CloakHelper cloak;
        cloak.Install(all);
        cloak.AssignStreams(all, 1);
        start = Seconds(3); // the overlay has joined
    }
    if (muses)
    {
        MusesHelper helper;
        helper.SetTransport(c.stack == MUSES_CLOAK ? "ns3::CloakTransport"
                                                   : "ns3::StaticTransport");
        helper.Install(all);
        helper.AssignStreams(all, 1);
    }
    uint64_t suspensions = 0;
    if (muses)
    {
        CountSuspensions(all, &suspensions);
    }
    Address remote = muses ? Address(MusesHelper::GetInetAddress(server, 9))
                           : Address(InetSocketAddress(serverAddress, 9));
    PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sink = sinkHelper.Install(server);
    std::vector<TransferCheck> checks(c.sessions);
    BulkSendHelper bulk(factory, remote);
    bulk.SetAttribute("MaxBytes", UintegerValue(c.bytes));
    bulk.SetAttribute("EnableSeqTsSizeHeader", BooleanValue(true));
    ApplicationContainer senders = bulk.Install(clients);
    senders.Start(start);
    for (uint32_t i = 0; i < c.sessions; ++i)
    {
        senders.Get(i)->TraceConnectWithoutContext("Tx",
                                                   MakeCallback(&TransferCheck::Sent, &checks[i]));
    }
    // One stream per client: the sink tells them apart by the sender's address (its IPv4
    // address over TCP, the IPv4 identifier of its name over MUSEs).
    std::map<Ipv4Address, uint32_t> byPeer;
    for (uint32_t i = 0; i < c.sessions; ++i)
    {
        Ptr<Node> client = clients.Get(i);
        byPeer[muses ? MusesHelper::GetIdentifier(client)
                     : client->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal()] = i;
    }
    std::set<uint32_t> seen;
    uint64_t received = 0;
    Time last;
    uint64_t total = c.bytes * c.sessions;
    sink.Get(0)->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [&](Ptr<const Packet> packet, const Address& from) {
                auto it = byPeer.find(InetSocketAddress::ConvertFrom(from).GetIpv4());
                if (it != byPeer.end())
                {
                    checks[it->second].Received(packet, from);
                    seen.insert(it->second);
                }
                received += packet->GetSize();
                last = Simulator::Now();
                if (received >= total)
                {
                    // Every byte is in: the server closes its sockets, then time to close.
                    Simulator::ScheduleNow(&CloseAll, DynamicCast<PacketSink>(sink.Get(0)));
                    Simulator::Stop(Seconds(30));
                }
            }));
    Simulator::Stop(Seconds(c.sessions > 1 ? 600 : 3000));
    Simulator::Run();

    Outcome o;
    o.packets = packets;
    o.goodputBps = last > start ? received * 8.0 / (last - start).GetSeconds() : 0;
    o.complete = received == total && seen.size() == c.sessions;
    for (const TransferCheck& check : checks)
    {
        o.complete = o.complete && check.PrefixMatches() && check.GetBytesReceived() == c.bytes;
    }
    if (!o.complete)
    {
        uint32_t broken = 0;
        for (const TransferCheck& check : checks)
        {
            broken += !check.PrefixMatches() || check.GetBytesReceived() != c.bytes;
        }
        std::cerr << "  incomplete: " << received << " of " << total << " bytes, " << seen.size()
                  << " streams, " << broken << " not whole (stack " << c.stack << ")" << std::endl;
    }
    o.suspensions = suspensions;
    o.sessionsLeft = muses ? CountMusesSessions(all) : CountTcpSockets(all);
    Simulator::Destroy();
    return o;
}

/// Run a case in a child process. \param c the case \return its outcome, with the child's
/// wall time and peak memory
Outcome
RunInChild(const Case& c)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        return Outcome();
    }
    auto wallStart = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        Outcome o = Simulate(c);
        std::ostringstream line;
        line << std::setprecision(17) << o.goodputBps << " " << o.complete << " " << o.suspensions
             << " " << o.sessionsLeft << " " << o.packets << "\n";
        std::string text = line.str();
        ssize_t written = write(fds[1], text.data(), text.size());
        _exit(written == ssize_t(text.size()) ? 0 : 1);
    }
    close(fds[1]);
    std::string text;
    char buffer[256];
    for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;)
    {
        text.append(buffer, n);
    }
    close(fds[0]);
    int status = 0;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    Outcome o;
    std::istringstream in(text);
    in >> o.goodputBps >> o.complete >> o.suspensions >> o.sessionsLeft >> o.packets;
    o.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    o.peakMb = usage.ru_maxrss / 1024.0;
    return o;
}

/// \return the mean outcome of a case over seeds 1..seeds \param c the case \param seeds how many
Outcome
Mean(Case c, uint32_t seeds)
{
    Outcome sum;
    sum.complete = true;
    for (uint32_t s = 1; s <= seeds; ++s)
    {
        c.seed = s;
        Outcome o = RunInChild(c);
        sum.goodputBps += o.goodputBps / seeds;
        sum.complete = sum.complete && o.complete;
        sum.suspensions += o.suspensions;
        sum.sessionsLeft = std::max(sum.sessionsLeft, o.sessionsLeft);
        sum.packets += o.packets / seeds;
        sum.wallSeconds += o.wallSeconds / seeds;
        sum.peakMb += o.peakMb / seeds;
    }
    return sum;
}

/// \return a list as text \param values "a,b,c"
std::vector<std::string>
Split(const std::string& values)
{
    std::vector<std::string> out;
    std::istringstream in(values);
    for (std::string item; std::getline(in, item, ',');)
    {
        out.push_back(item);
    }
    return out;
}

/// The loss part. \param seeds per point \param bytes per transfer \return its JSON list
std::string
LossPart(uint32_t seeds, uint64_t bytes, const std::vector<std::string>& losses)
{
    std::ostringstream json;
    json << "[";
    for (Stack stack : {MUSES_STATIC, MUSES_CLOAK})
    {
        for (const std::string& loss : losses)
        {
            Case c{TCP, "10Mbps", "20ms", std::stod(loss), bytes, 1, false, 1};
            Outcome tcp = Mean(c, seeds);
            c.stack = stack;
            Outcome m = Mean(c, seeds);
            const char* name = stack == MUSES_CLOAK ? "cloak" : "static";
            double ratio = tcp.goodputBps > 0 ? m.goodputBps / tcp.goodputBps : 0;
            std::cerr << "loss " << std::setw(6) << loss << " " << std::setw(6) << name
                      << "  muses " << std::setw(8) << m.goodputBps / 1e6 << " Mb/s  tcp "
                      << std::setw(8) << tcp.goodputBps / 1e6 << " Mb/s  ratio " << ratio
                      << "  complete " << (m.complete && tcp.complete) << "  suspensions "
                      << m.suspensions << std::endl;
            json << (json.tellp() > 1 ? ", " : "") << "{\"transport\": \"" << name
                 << "\", \"loss\": " << loss << ", \"goodput_ratio\": " << ratio
                 << ", \"complete\": " << (m.complete && tcp.complete ? "true" : "false")
                 << ", \"suspensions\": " << double(m.suspensions) / seeds << "}";
        }
    }
    json << "]";
    return json.str();
}

/// The long-fat-pipe part. \param seeds per point \param bytes per transfer \return JSON
std::string
BdpPart(uint32_t seeds,
        uint64_t bytes,
        const std::vector<std::pair<std::string, std::string>>& links)
{
    std::ostringstream json;
    json << "[";
    for (const auto& [rate, delay] : links)
    {
        Case c{TCP, rate, delay, 0, bytes, 1, true, 1};
        Outcome tcp = Mean(c, seeds);
        c.stack = MUSES_STATIC;
        Outcome m = Mean(c, seeds);
        double ratio = tcp.goodputBps > 0 ? m.goodputBps / tcp.goodputBps : 0;
        std::cerr << "bdp  " << rate << " x " << delay << "  muses " << m.goodputBps / 1e6
                  << " Mb/s  tcp " << tcp.goodputBps / 1e6 << " Mb/s  ratio " << ratio
                  << "  complete muses " << m.complete << " tcp " << tcp.complete
                  << "  suspensions " << m.suspensions << std::endl;
        json << (json.tellp() > 1 ? ", " : "") << "{\"rate\": \"" << rate << "\", \"delay\": \""
             << delay << "\", \"goodput_ratio\": " << ratio
             << ", \"complete\": " << (m.complete && tcp.complete ? "true" : "false") << "}";
    }
    json << "]";
    return json.str();
}

/// The many-sessions part. \param seeds per point \param counts session counts \return JSON
std::string
SessionsPart(uint32_t seeds, const std::vector<std::string>& counts)
{
    std::ostringstream json;
    json << "[";
    for (const std::string& n : counts)
    {
        Case c{TCP, "1Gbps", "1ms", 0, 200000, uint32_t(std::stoul(n)), false, 1};
        Outcome tcp = Mean(c, seeds);
        c.stack = MUSES_STATIC;
        Outcome m = Mean(c, seeds);
        double wall = tcp.wallSeconds > 0 ? m.wallSeconds / tcp.wallSeconds : 0;
        double memory = tcp.peakMb > 0 ? m.peakMb / tcp.peakMb : 0;
        std::cerr << "sessions " << std::setw(4) << n << "  wall " << m.wallSeconds << " s / "
                  << tcp.wallSeconds << " s = " << wall << "  memory " << m.peakMb << " MB / "
                  << tcp.peakMb << " MB = " << memory << "  packets " << m.packets << " / "
                  << tcp.packets << "  sessions left " << m.sessionsLeft << " (tcp sockets "
                  << tcp.sessionsLeft << ", the listener's among them)  complete muses "
                  << m.complete << " tcp " << tcp.complete << std::endl;
        json << (json.tellp() > 1 ? ", " : "") << "{\"n\": " << n << ", \"wall_ratio\": " << wall
             << ", \"memory_ratio\": " << memory << ", \"sessions_left\": " << m.sessionsLeft
             << ", \"tcp_sockets_left\": " << tcp.sessionsLeft
             << ", \"complete\": " << (m.complete && tcp.complete ? "true" : "false") << "}";
    }
    json << "]";
    return json.str();
}

} // namespace

int
main(int argc, char** argv)
{
    // Signed, so that -5 is refused rather than read as 4294967291.
    int64_t seeds = 3;
    int64_t lossBytes = 20000000;
    int64_t bdpBytes = 100000000;
    std::string parts = "loss,bdp,sessions";
    std::string losses = "0,0.001,0.01,0.03";
    std::string counts = "10,100,500";
    std::string links = "100Mbps:50ms,100Mbps:100ms,1Gbps:50ms,1Gbps:100ms";
    po::options_description desc(
        "muses-bench-conditions: MUSEs against plain ns-3 TCP under loss, on long fat pipes\n"
        "and with many sessions, each case on the same topology for both stacks, each\n"
        "simulation in its own process. Prints one line per case, then one JSON line.\n"
        "Options");
    desc.add_options()("help,h", "show this help")("seeds",
                                                   po::value<int64_t>(&seeds)->default_value(seeds),
                                                   "RngRun 1..N per point (>= 1)")(
        "parts",
        po::value<std::string>(&parts)->default_value(parts),
        "which parts: loss, bdp, sessions")("losses",
                                            po::value<std::string>(&losses)->default_value(losses),
                                            "packet error rates of the loss part")(
        "lossBytes",
        po::value<int64_t>(&lossBytes)->default_value(lossBytes),
        "bytes per transfer in the loss part")(
        "bdpBytes",
        po::value<int64_t>(&bdpBytes)->default_value(bdpBytes),
        "bytes per transfer in the bdp part")("links",
                                              po::value<std::string>(&links)->default_value(links),
                                              "rate:one-way delay of each link of the bdp part")(
        "sessions",
        po::value<std::string>(&counts)->default_value(counts),
        "session counts of the sessions part");
    po::variables_map vm;
    try
    {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        std::cerr << "muses-bench-conditions: " << e.what() << std::endl;
        return 2;
    }
    if (vm.count("help"))
    {
        std::cout << desc << std::endl;
        return 0;
    }
    if (seeds < 1 || seeds > 1000 || lossBytes < 1000 || bdpBytes < 1000 ||
        lossBytes > 1000000000000 || bdpBytes > 1000000000000)
    {
        std::cerr << "muses-bench-conditions: need 1 <= --seeds <= 1000 and 1000 <= "
                     "--lossBytes, --bdpBytes <= 1e12"
                  << std::endl;
        return 2;
    }
    std::vector<std::pair<std::string, std::string>> linkList;
    for (const std::string& link : Split(links))
    {
        size_t colon = link.find(':');
        DataRateValue rate;
        TimeValue delay;
        if (colon == std::string::npos ||
            !rate.DeserializeFromString(link.substr(0, colon), MakeDataRateChecker()) ||
            !delay.DeserializeFromString(link.substr(colon + 1), MakeTimeChecker(Seconds(0))))
        {
            std::cerr << "muses-bench-conditions: --links wants rate:delay items, e.g. "
                         "1Gbps:100ms; not '"
                      << link << "'" << std::endl;
            return 2;
        }
        linkList.emplace_back(link.substr(0, colon), link.substr(colon + 1));
    }
    for (const std::string& loss : Split(losses))
    {
        char* end = nullptr;
        double rate = std::strtod(loss.c_str(), &end);
        if (loss.empty() || *end != '\0' || !(rate >= 0 && rate < 1))
        {
            std::cerr << "muses-bench-conditions: --losses wants rates in [0, 1); not '" << loss
                      << "'" << std::endl;
            return 2;
        }
    }
    for (const std::string& n : Split(counts))
    {
        if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(n) < 1)
        {
            std::cerr << "muses-bench-conditions: --sessions wants counts from 1 to 999999; not '"
                      << n << "'" << std::endl;
            return 2;
        }
    }
    std::set<std::string> want;
    for (const std::string& p : Split(parts))
    {
        if (p != "loss" && p != "bdp" && p != "sessions")
        {
            std::cerr << "muses-bench-conditions: unknown part '" << p << "'" << std::endl;
            return 2;
        }
        want.insert(p);
    }
    std::cerr << std::fixed << std::setprecision(3);
    std::ostringstream json;
    json << std::fixed << std::setprecision(3) << "{\"seeds\": " << seeds;
    if (want.count("loss"))
    {
        json << ", \"loss\": " << LossPart(seeds, lossBytes, Split(losses));
    }
    if (want.count("bdp"))
    {
        // Without loss nothing is random: one seed says it all.
        json << ", \"bdp\": " << BdpPart(1, bdpBytes, linkList);
    }
    if (want.count("sessions"))
    {
        json << ", \"sessions\": " << SessionsPart(seeds, Split(counts));
    }
    json << "}";
    std::cout << json.str() << std::endl;
    return 0;
}
