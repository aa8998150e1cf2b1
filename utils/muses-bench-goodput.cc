/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-bench-goodput: what MUSEs costs a bulk transfer, against plain ns-3 TCP.
//
// The same stock BulkSendApplication -> PacketSink transfer runs twice in one process on
// the same two-node point-to-point link: once over MUSEs (MusesSocketFactory, real
// crypto, StaticTransport's TCP underneath), once over ns-3 TCP (TcpSocketFactory).
// Goodput is application bytes over the time from start to the last byte received; wall
// time is the host time each simulation took. A third run uses MUSEs with in-band keys
// (signed X25519 shares in the handshake) to show what they add to the first byte's delay
// against pre-shared keys. The last line of output is one JSON object.

#include "ns3/bulk-send-helper.h"
#include "ns3/core-module.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/muses-aead.h"
#include "ns3/muses-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/point-to-point-helper.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>

using namespace ns3;
namespace po = boost::program_options;

namespace
{

/// One transfer's outcome.
struct Result
{
    uint64_t bytes{0};     //!< Bytes the sink received
    double seconds{0};     //!< Simulated time from start to the last byte
    double goodputBps{0};  //!< bytes * 8 / seconds
    double wallSeconds{0}; //!< Host time of the simulation
    double firstByte{0};   //!< Simulated time from start to the first byte received
};

/// What carries the transfer.
enum Stack
{
    MUSES_PSK,    //!< MUSEs, pre-shared keys (the paper's)
    MUSES_INBAND, //!< MUSEs, in-band keys
    TCP,          //!< plain ns-3 TCP
};

/// Run the transfer. \param stack over what \return the outcome
Result
Transfer(Stack stack,
         uint64_t size,
         const std::string& rate,
         const std::string& delay,
         const std::string& suite)
{
    auto wallStart = std::chrono::steady_clock::now();
    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue(rate));
    p2p.SetChannelAttribute("Delay", StringValue(delay));
    NetDeviceContainer devices = p2p.Install(nodes);
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    Address remote;
    std::string factory;
    bool muses = stack != TCP;
    if (muses)
    {
        MusesHelper helper;
        helper.SetSessionAttribute("CipherSuite", StringValue(suite));
        helper.SetInBandKeys(stack == MUSES_INBAND);
        helper.Install(nodes);
        remote = MusesHelper::GetInetAddress(nodes.Get(1), 9);
        factory = "ns3::MusesSocketFactory";
    }
    else
    {
        remote = InetSocketAddress(interfaces.GetAddress(1), 9);
        factory = "ns3::TcpSocketFactory";
    }
    PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sinkApp = sinkHelper.Install(nodes.Get(1));
    BulkSendHelper bulk(factory, remote);
    bulk.SetAttribute("MaxBytes", UintegerValue(size));
    ApplicationContainer source = bulk.Install(nodes.Get(0));
    const Time start = Seconds(1);
    source.Start(start);

    Ptr<PacketSink> sink = DynamicCast<PacketSink>(sinkApp.Get(0));
    Time last;
    Time first;
    sink->TraceConnectWithoutContext(
        "Rx",
        Callback<void, Ptr<const Packet>, const Address&>(
            [&last, &first, sink, size](Ptr<const Packet>, const Address&) {
                if (first.IsZero())
                {
                    first = Simulator::Now();
                }
                last = Simulator::Now();
                if (sink->GetTotalRx() >= size)
                {
                    Simulator::Stop();
                }
            }));
    Simulator::Stop(Seconds(10000));
    Simulator::Run();
    Result result;
    result.bytes = sink->GetTotalRx();
    result.seconds = (last - start).GetSeconds();
    result.goodputBps = result.seconds > 0 ? result.bytes * 8.0 / result.seconds : 0;
    result.firstByte = (first - start).GetSeconds();
    Simulator::Destroy();
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return result;
}

} // namespace

int
main(int argc, char** argv)
{
    int64_t size = 50000000; // signed: -5 is refused, not read as a huge size
    std::string rate = "10Mbps";
    std::string delay = "20ms";
    std::string suite = "AES-256-GCM";
    po::options_description desc(
        "muses-bench-goodput: one BulkSend transfer over MUSEs and over plain ns-3 TCP on the\n"
        "same point-to-point link, in one run. Prints a table, then one JSON line:\n"
        "  {\"goodput_ratio\": muses/tcp, \"wall_ratio\": muses_wall/tcp_wall, ...}\n"
        "Options");
    desc.add_options()("help,h", "show this help")("size",
                                                   po::value<int64_t>(&size)->default_value(size),
                                                   "bytes to transfer (>= 1)")(
        "rate",
        po::value<std::string>(&rate)->default_value(rate),
        "link data rate (ns-3 DataRate)")("delay",
                                          po::value<std::string>(&delay)->default_value(delay),
                                          "link one-way delay (ns-3 Time)")(
        "suite",
        po::value<std::string>(&suite)->default_value(suite),
        "MUSEs cipher suite");
    po::variables_map vm;
    try
    {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        std::cerr << "muses-bench-goodput: " << e.what() << " (--help lists the options)"
                  << std::endl;
        return 2;
    }
    if (vm.count("help"))
    {
        std::cout << desc << std::endl;
        return 0;
    }
    MusesCipherSuite parsed;
    DataRateValue rateValue;
    TimeValue delayValue;
    // ns-3 aborts on a time it cannot read ("nan"): its number is checked first.
    char* unit = nullptr;
    double delayNumber = std::strtod(delay.c_str(), &unit);
    std::string error;
    if (size < 1 || size > 1000000000000)
    {
        error = "--size must be 1..1e12, not " + std::to_string(size);
    }
    else if (!MusesAead::FindSuite(suite, &parsed))
    {
        error = "unknown --suite '" + suite + "'";
    }
    else if (!rateValue.DeserializeFromString(rate, MakeDataRateChecker()))
    {
        error = "--rate wants an ns-3 DataRate (10Mbps), not '" + rate + "'";
    }
    else if (unit == delay.c_str() || !std::isfinite(delayNumber) || delayNumber < 0 ||
             !delayValue.DeserializeFromString(delay, MakeTimeChecker(Seconds(0))))
    {
        error = "--delay wants an ns-3 Time >= 0 (20ms), not '" + delay + "'";
    }
    if (!error.empty())
    {
        std::cerr << "muses-bench-goodput: " << error << std::endl;
        return 2;
    }
    // Full-size TCP segments for both stacks (ns-3's default is 536 bytes).
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));

    Result m = Transfer(MUSES_PSK, size, rate, delay, suite);
    Result t = Transfer(TCP, size, rate, delay, suite);
    Result k = Transfer(MUSES_INBAND, size, rate, delay, suite);
    uint64_t want = uint64_t(size); // checked >= 1 above
    if (m.bytes != want || t.bytes != want || k.bytes != want)
    {
        std::cerr << "muses-bench-goodput: transfer incomplete (muses " << m.bytes << ", tcp "
                  << t.bytes << ", in-band " << k.bytes << " of " << size << " bytes)" << std::endl;
        return 1;
    }
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "stack          goodput_Mbps  sim_s     wall_s  first_byte_ms" << std::endl;
    for (auto [name, r] : {std::make_pair("muses (psk)   ", m),
                           std::make_pair("muses (in-band)", k),
                           std::make_pair("tcp           ", t)})
    {
        std::cout << name << std::setw(12) << r.goodputBps / 1e6 << "  " << std::setw(8)
                  << r.seconds << "  " << r.wallSeconds << "  " << r.firstByte * 1000 << std::endl;
    }
    std::cout << "{\"goodput_ratio\": " << m.goodputBps / t.goodputBps
              << ", \"wall_ratio\": " << m.wallSeconds / t.wallSeconds
              << ", \"muses_goodput_bps\": " << m.goodputBps
              << ", \"tcp_goodput_bps\": " << t.goodputBps
              << ", \"muses_wall_s\": " << m.wallSeconds << ", \"tcp_wall_s\": " << t.wallSeconds
              << ", \"psk_first_byte_ms\": " << m.firstByte * 1000
              << ", \"inband_first_byte_ms\": " << k.firstByte * 1000
              << ", \"inband_goodput_bps\": " << k.goodputBps << ", \"bytes\": " << size
              << ", \"rate\": \"" << rate << "\", \"delay\": \"" << delay << "\", \"suite\": \""
              << suite << "\"}" << std::endl;
    return 0;
}
