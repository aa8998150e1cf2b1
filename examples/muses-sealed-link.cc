/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-sealed-link: the Session Security Module on a real ns-3 network, under attack.
//
//   Alice 10.1.1.1 ----+
//                      |  CSMA LAN, 100 Mb/s
//   Bob   10.1.1.2 ----+
//                      |
//   Mallory 10.1.1.3 --+  sniffs the LAN (promiscuous), replays, tampers and forges
//
// Alice sends --packets MUSEs DATA packets, sealed with --suite, to Bob over UDP. Mallory
// captures them on the shared medium and sends Bob exact replays, copies with one bit
// flipped, and forgeries (a valid-looking header with a random body). Bob opens every
// packet with MusesCipher, checks its SeqNBR in a ReplayWindow, and delivers the rest.
// Expected: every one of Alice's packets delivered exactly once, no attack accepted.
//
// Writes <outDir>/summary.json and, with --pcap, <outDir>/sealed-link-<node>-<dev>.pcap.

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"

#include <chrono>
#include <iomanip>
#include <openssl/evp.h>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesSealedLink");

namespace
{

const uint16_t BOB_PORT = 9000;

/// Lower-case hex of a SHA-256 state's digest.
std::string
Digest(EVP_MD_CTX* ctx)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    std::ostringstream os;
    for (unsigned int i = 0; i < n; ++i)
    {
        os << std::hex << std::setw(2) << std::setfill('0') << int(md[i]);
    }
    return os.str();
}

} // namespace

/**
 * \brief The scenario: its nodes, sockets, ciphers and counters.
 */
class SealedLinkScenario
{
  public:
    /// Command-line parameters.
    struct Config
    {
        std::string suite{"AES-256-GCM"}; //!< cipher suite name
        uint32_t packets{1000};           //!< packets Alice sends
        uint32_t size{1000};              //!< payload bytes per packet
        double interval{0.005};           //!< seconds between Alice's packets
        uint32_t replayEvery{5};          //!< Mallory replays every n-th capture (0: never)
        uint32_t tamperEvery{7};          //!< ... flips a bit in every n-th (0: never)
        uint32_t forgeEvery{11};          //!< ... forges a packet every n-th (0: never)
        std::string outDir{"results/sealed-link"}; //!< output directory
        bool pcap{false};                          //!< write pcap files
    };

    /** \param config parameters */
    explicit SealedLinkScenario(const Config& config);
    ~SealedLinkScenario();

    /** \brief Build, run, write summary.json. \return the process exit status */
    int Run();

  private:
    void AliceSend(uint32_t i);
    void BobReceive(Ptr<Socket> socket);
    void MallorySniff(Ptr<NetDevice> device,
                      Ptr<const Packet> frame,
                      uint16_t protocol,
                      const Address& from,
                      const Address& to,
                      NetDevice::PacketType type);
    void MallorySend(std::vector<uint8_t> bytes);
    void CountDrop(Ptr<const Packet> packet, MusesDropReason reason);
    bool WriteSummary(double wallSeconds);

    Config m_config;
    NodeContainer m_nodes; //!< Alice, Bob, Mallory
    Ipv4Address m_bobAddress;
    Ptr<Socket> m_aliceSocket;
    Ptr<Socket> m_bobSocket;
    Ptr<Socket> m_mallorySocket;
    Ptr<MusesCipher> m_aliceCipher;
    Ptr<MusesCipher> m_bobCipher;
    ReplayWindow m_bobWindow;
    Ptr<UniformRandomVariable> m_rng;
    EVP_MD_CTX* m_sentHash;
    EVP_MD_CTX* m_receivedHash;
    uint64_t m_bytesSent{0};
    uint64_t m_bytesReceived{0};
    uint64_t m_accepted{0};
    uint64_t m_captured{0};
    uint64_t m_replays{0};
    uint64_t m_tampered{0};
    uint64_t m_forged{0};
    uint64_t m_attacksAccepted{0};
    std::map<std::string, uint64_t> m_drops;
    std::set<std::vector<uint8_t>> m_attackBytes; //!< what Mallory sent, to spot acceptance
};

SealedLinkScenario::SealedLinkScenario(const Config& config)
    : m_config(config),
      m_sentHash(EVP_MD_CTX_new()),
      m_receivedHash(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(m_sentHash, EVP_sha256(), nullptr);
    EVP_DigestInit_ex(m_receivedHash, EVP_sha256(), nullptr);
}

SealedLinkScenario::~SealedLinkScenario()
{
    EVP_MD_CTX_free(m_sentHash);
    EVP_MD_CTX_free(m_receivedHash);
}

int
SealedLinkScenario::Run()
{
    auto wallStart = std::chrono::steady_clock::now();
    m_nodes.Create(3);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(50)));
    NetDeviceContainer devices = csma.Install(m_nodes);
    InternetStackHelper internet;
    internet.Install(m_nodes);
    Ipv4AddressHelper ipv4("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer addresses = ipv4.Assign(devices);
    m_bobAddress = addresses.GetAddress(1);

    // One pre-shared secret and one SessID, as the paper assumes (§II.E).
    MusesSessionId sessionId{0xa11ce0000001ULL, 0xb0b000000002ULL};
    std::vector<uint8_t> secret(32);
    for (size_t i = 0; i < secret.size(); ++i)
    {
        secret[i] = uint8_t(i * 37 + 11);
    }
    m_aliceCipher = CreateObject<MusesCipher>();
    m_bobCipher = CreateObject<MusesCipher>();
    m_aliceCipher->SetAttribute("CipherSuite", StringValue(m_config.suite));
    m_bobCipher->SetAttribute("CipherSuite", StringValue(m_config.suite));
    m_aliceCipher->SetKeys(secret, sessionId, MusesCipher::INITIATOR);
    m_bobCipher->SetKeys(secret, sessionId, MusesCipher::RESPONDER);
    m_bobCipher->TraceConnectWithoutContext("Drop",
                                            MakeCallback(&SealedLinkScenario::CountDrop, this));

    TypeId udp = UdpSocketFactory::GetTypeId();
    m_aliceSocket = Socket::CreateSocket(m_nodes.Get(0), udp);
    m_bobSocket = Socket::CreateSocket(m_nodes.Get(1), udp);
    m_bobSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), BOB_PORT));
    m_bobSocket->SetRecvCallback(MakeCallback(&SealedLinkScenario::BobReceive, this));
    m_mallorySocket = Socket::CreateSocket(m_nodes.Get(2), udp);
    m_rng = CreateObject<UniformRandomVariable>();
    m_nodes.Get(2)->RegisterProtocolHandler(MakeCallback(&SealedLinkScenario::MallorySniff, this),
                                            0,
                                            devices.Get(2),
                                            true);

    for (uint32_t i = 0; i < m_config.packets; ++i)
    {
        Simulator::Schedule(Seconds(0.1 + i * m_config.interval),
                            &SealedLinkScenario::AliceSend,
                            this,
                            i);
    }
    if (m_config.pcap)
    {
        csma.EnablePcapAll(m_config.outDir + "/sealed-link", true);
    }
    Simulator::Stop(Seconds(1.0 + m_config.packets * m_config.interval));
    Simulator::Run();
    Simulator::Destroy();
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return WriteSummary(wall) ? 0 : 1;
}

void
SealedLinkScenario::AliceSend(uint32_t i)
{
    std::vector<uint8_t> payload(m_config.size);
    for (uint32_t k = 0; k < payload.size(); ++k)
    {
        payload[k] = uint8_t(i + k * 7);
    }
    EVP_DigestUpdate(m_sentHash, payload.data(), payload.size());
    MusesHeader header;
    header.SetType(MusesHeader::DATA);
    header.SetConType(MusesHeader::CONTYPE_DATAGRAM);
    header.SetSourceId(0xa11ce);
    header.SetDestinationId(0xb0b);
    header.SetSourcePort(4000);
    header.SetDestinationPort(BOB_PORT);
    header.SetSeq(i + 1);
    if (i + 1 == m_config.packets)
    {
        header.SetFlags(MusesHeader::FLAG_LAST);
    }
    Ptr<Packet> sealed = Create<Packet>(payload.data(), payload.size());
    m_aliceCipher->Seal(header, sealed);
    m_aliceSocket->SendTo(sealed, 0, InetSocketAddress(m_bobAddress, BOB_PORT));
    m_bytesSent += payload.size();
}

void
SealedLinkScenario::BobReceive(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        std::vector<uint8_t> wire(packet->GetSize());
        packet->CopyData(wire.data(), wire.size());
        MusesHeader header;
        if (m_bobCipher->Open(packet, header) != MUSES_DROP_NONE)
        {
            continue; // counted by the Drop trace
        }
        MusesDropReason replay = m_bobWindow.Check(header.GetSeq());
        if (replay != MUSES_DROP_NONE)
        {
            CountDrop(packet, replay);
            continue;
        }
        m_bobWindow.Accept(header.GetSeq());
        if (m_attackBytes.count(wire))
        {
            ++m_attacksAccepted; // Mallory's packet got through: a security failure
            NS_LOG_ERROR("attack packet accepted, SeqNBR " << header.GetSeq());
        }
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        EVP_DigestUpdate(m_receivedHash, bytes.data(), bytes.size());
        m_bytesReceived += bytes.size();
        ++m_accepted;
    }
}

void
SealedLinkScenario::MallorySniff(Ptr<NetDevice>,
                                 Ptr<const Packet> frame,
                                 uint16_t protocol,
                                 const Address&,
                                 const Address&,
                                 NetDevice::PacketType type)
{
    if (protocol != Ipv4L3Protocol::PROT_NUMBER || type != NetDevice::PACKET_OTHERHOST)
    {
        return;
    }
    Ptr<Packet> copy = frame->Copy();
    Ipv4Header ip;
    UdpHeader udpHeader;
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != UdpL4Protocol::PROT_NUMBER || ip.GetDestination() != m_bobAddress)
    {
        return;
    }
    copy->RemoveHeader(udpHeader);
    std::vector<uint8_t> bytes(copy->GetSize());
    copy->CopyData(bytes.data(), bytes.size());
    ++m_captured;
    if (m_config.replayEvery && m_captured % m_config.replayEvery == 0)
    {
        ++m_replays; // an exact copy, a little later
        Simulator::Schedule(MilliSeconds(3), &SealedLinkScenario::MallorySend, this, bytes);
    }
    if (m_config.tamperEvery && m_captured % m_config.tamperEvery == 0)
    {
        ++m_tampered; // one bit flipped anywhere, sent before the original could be
        std::vector<uint8_t> bad = bytes;
        uint32_t bit = m_rng->GetInteger(0, bad.size() * 8 - 1);
        bad[bit / 8] ^= uint8_t(1 << (bit % 8));
        MallorySend(bad);
    }
    if (m_config.forgeEvery && m_captured % m_config.forgeEvery == 0)
    {
        ++m_forged; // Alice's header with the next SeqNBR, random body
        std::vector<uint8_t> forged = bytes;
        forged[47] ^= 0x01;
        for (size_t k = MusesHeader::SIZE; k < forged.size(); ++k)
        {
            forged[k] = uint8_t(m_rng->GetInteger(0, 255));
        }
        MallorySend(forged);
    }
}

void
SealedLinkScenario::MallorySend(std::vector<uint8_t> bytes)
{
    m_attackBytes.insert(bytes);
    m_mallorySocket->SendTo(Create<Packet>(bytes.data(), bytes.size()),
                            0,
                            InetSocketAddress(m_bobAddress, BOB_PORT));
}

void
SealedLinkScenario::CountDrop(Ptr<const Packet>, MusesDropReason reason)
{
    ++m_drops[MusesDropReasonName(reason)];
}

bool
SealedLinkScenario::WriteSummary(double wallSeconds)
{
    std::string sent = Digest(m_sentHash);
    std::string received = Digest(m_receivedHash);
    SummaryWriter summary;
    summary.Add("suite", m_config.suite)
        .Add("packets_sent", m_config.packets)
        .Add("packets_accepted", m_accepted)
        .Add("bytes_sent", m_bytesSent)
        .Add("bytes_received", m_bytesReceived)
        .Add("payload_sha256_match", sent == received)
        .Add("attacks",
             SummaryWriter()
                 .Add("captured", m_captured)
                 .Add("replayed", m_replays)
                 .Add("tampered", m_tampered)
                 .Add("forged", m_forged)
                 .Add("accepted", m_attacksAccepted))
        .AddCounts("drops", m_drops)
        .Add("wall_time_s", wallSeconds);
    std::cout << summary.ToString();
    if (!summary.Write(m_config.outDir + "/summary.json"))
    {
        std::cerr << "muses-sealed-link: cannot write " << m_config.outDir << "/summary.json"
                  << std::endl;
        return false;
    }
    std::cout << "wrote " << m_config.outDir << "/summary.json" << std::endl;
    return true;
}

int
main(int argc, char* argv[])
{
    SealedLinkScenario::Config config;
    CommandLine cmd(__FILE__);
    cmd.Usage("MUSEs Session Security Module on a CSMA LAN: Alice sends sealed packets to "
              "Bob over UDP while Mallory replays, tampers and forges. Writes "
              "<outDir>/summary.json.");
    cmd.AddValue("suite",
                 "cipher suite: AES-256-GCM, AES-128-CBC-HMAC-SHA1 or CHACHA20-POLY1305",
                 config.suite);
    cmd.AddValue("packets", "packets Alice sends (>= 1)", config.packets);
    cmd.AddValue("size", "payload bytes per packet (1..1400)", config.size);
    cmd.AddValue("interval", "seconds between Alice's packets (> 0)", config.interval);
    cmd.AddValue("replayEvery",
                 "Mallory replays every n-th packet she sees (0: never)",
                 config.replayEvery);
    cmd.AddValue("tamperEvery",
                 "Mallory sends a bit-flipped copy of every n-th (0: never)",
                 config.tamperEvery);
    cmd.AddValue("forgeEvery", "Mallory forges a packet every n-th (0: never)", config.forgeEvery);
    cmd.AddValue("outDir", "output directory", config.outDir);
    cmd.AddValue("pcap", "write pcap files into outDir", config.pcap);
    CommandLineCheck numbers;
    numbers.AddCount({"packets", "size", "replayEvery", "tamperEvery", "forgeEvery"});
    numbers.AddReal({"interval"});
    std::string error = numbers.Parse(cmd, argc, argv);
    MusesCipherSuite suite;
    const std::pair<bool, const char*> rules[] = {
        {MusesAead::FindSuite(config.suite, &suite),
         "--suite must be AES-256-GCM, AES-128-CBC-HMAC-SHA1 or CHACHA20-POLY1305"},
        {config.packets >= 1, "--packets must be >= 1"},
        {config.size >= 1 && config.size <= 1400,
         "--size must be 1..1400 (one sealed packet per Ethernet frame)"},
        {config.interval > 0, "--interval must be > 0"},
    };
    for (const auto& [holds, message] : rules)
    {
        error = error.empty() && !holds ? message : error;
    }
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", config.outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-sealed-link: " << error << std::endl;
        return 2;
    }
    SealedLinkScenario scenario(config);
    return scenario.Run();
}
