/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-attacks: the security claims of MUSEs with in-band keys over the CLOAK overlay, under
// attack (paper §II.D, §V).
//
// --peers CLOAK peers on CloakUnderlayHelper's underlay, every one with an Ed25519 identity
// (its name is its key's), signed DHT records required, MUSEs with in-band keys. Alice sends
// --bytes to Bob (CheckedStreamSource -> CheckedStreamSink, checked byte by byte); Bob moves
// (a new IP address, so a new overlay address) at --moveAt. Meanwhile:
// - Mallory sees every sealed packet Alice and Bob send (what any node on their path sees;
//   the example takes them from their transports' Tx traces) and tries: eavesdrop (look for
//   the plaintext stream in them), tamper (send them back to Bob with a bit flipped),
//   replay (send them again unchanged, before and after the resumption), forged_rehello
//   (a REHELLO of the session from her own overlay address, to redirect or hijack it), and,
//   as an overlay peer, dht_poison (publish her address for Bob's name, signed by her key)
//   and dht_rollback (after Bob's move, the holder of his record's first replica loses its
//   state, and she puts an unsigned record of his name with a high sequence and the older
//   record Bob signed before his move, as captured then; Carol, who found Bob before, and
//   Dave, who never did, look him up), and, from her own raw TCP links to overlay ports:
//   replay_redirect (genuine captured packets of Alice's, from her overlay address),
//   hello_replay (Alice's captured HELLO, 20 times, once their session is over),
//   first_contact_poison (a junk frame "from Carol" reaching Alice before Alice ever calls
//   Carol) and amplification (short DHT_GETs for Bob's name claiming Dave's overlay
//   address: the answers go to Dave), and hello_flood (1,000 authentic HELLOs a second for
//   10 s to Bob from 1,000 claimed names at Dave's overlay address, sealed under the
//   scenario's pre-shared key, which Mallory holds too, while a second transfer to Bob runs
//   through it).
// - Trudy, another peer, claims Bob's name (overlay and MUSEs) with her own key and calls
//   Carol as Bob (impersonate).
// An attack succeeds if the plaintext is found, if Bob's stream shows a wrong, duplicated or
// extra byte, if Bob's packets for Alice go to Mallory, if a lookup of Bob returns Mallory's
// address, if a lookup after the rollback returns another address than Bob's current one,
// if Carol accepts a session from "Bob", if a replayed HELLO makes Bob create a session or
// answer, if Alice's call to Carol goes anywhere but to Carol, if Dave gets more than 3
// times the bytes Mallory's GETs had, or if Bob answers more flood HELLOs than his
// HelloRate lets through (the others get a COOKIE). --accessRate sets the access links. Writes
// summary.json
// ({"attacks":[{"name","attempted","succeeded","refused_by"}], "session_survived", ...});
// --pcap writes pcap files of the peers' links, and they are searched for plaintext too.

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/tcp-socket-factory.h"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("MusesAttacks");

namespace
{

/// Command-line settings.
struct Settings
{
    std::string outDir{"results/muses-attacks"}; //!< Output directory
    uint32_t peers{10};                          //!< Overlay peers (Alice, Bob, Carol, ...)
    uint64_t bytes{6000000};                     //!< Alice -> Bob
    double moveAt{3};                            //!< Bob's move
    double stopTime{30};                         //!< End of the run
    double accessRate{10};                       //!< Access links, Mb/s
    bool pcap{false};                            //!< Write pcap files
};

/// Bytes of the transfer that runs through the HELLO flood, per Mb/s of the access links
/// (about 13 s, ending after the flood, and before the run's end even when the transfer
/// keeps only 0.7 of its goodput through the flood, as with ns-3.48's TCP).
const uint64_t FLOOD_PHASE_BYTES_PER_MBPS = 1300000;

/// Bytes each flood frame costs on a link besides itself, in its own TCP segment: IPv4 20,
/// TCP 20 and its timestamp option 12, PPP 2.
const uint64_t SEGMENT_OVERHEAD = 54;

/// Bytes of Carol's call to Bob in the middle of the HELLO flood.
const uint64_t NEW_SESSION_BYTES = 20000;

/// The flood's claimed names: these plus 0 to 999.
const uint64_t FLOOD_NAMES = 0x5100000000000000ULL;

/// The pre-shared key every MUSEs node of the scenario holds (Mallory too: an insider).
const std::vector<uint8_t> SCENARIO_KEY(32, 0x5c);

/// One attack's tally.
struct Attack
{
    std::string name;      //!< As in the summary
    uint32_t attempted{0}; //!< Tries
    bool succeeded{false}; //!< Any of them worked
    std::string refusedBy; //!< What stopped it
};

/// The scenario.
class Scenario
{
  public:
    /// \param c settings
    explicit Scenario(const Settings& c)
        : m_c(c),
          m_random(CreateObject<UniformRandomVariable>())
    {
    }

    /// Build, run, report. \return the exit status
    int Run();

  private:
    /// What the run's captures and pcaps show.
    struct Evidence
    {
        bool detectorWorks{false}; //!< The detector finds the plaintext where it is
        bool pcapPlaintext{false}; //!< Some pcap holds plaintext
        uint32_t pcapFiles{0};     //!< Pcaps searched
    };

    /// The underlay, MUSEs with in-band keys, the overlay, and Trudy. \return the overlay
    ApplicationContainer Build();
    /// Alice's stream to Bob and Carol's service.
    void InstallApplications();
    /// Count every refusal where it happens. \param overlay the CLOAK peers
    void WatchDefences(ApplicationContainer overlay);
    /// Mallory's tap, Bob's move, and each attack at its time.
    void ScheduleAttacks();
    /// Search what Mallory captured (and the pcaps) for plaintext. \return the evidence
    Evidence LookForPlaintext();
    /**
     * \brief Write summary.json.
     * \param whole Bob's stream arrived whole \param evidence the plaintext search
     * \param wall wall-clock seconds \param anySucceeded receives whether an attack succeeded
     * \return false if it could not be written
     */
    bool Report(bool whole, const Evidence& evidence, double wall, bool& anySucceeded);

    /// A sealed packet Alice or Bob sent. \param packet it \param peer to whom
    void Captured(Ptr<const Packet> packet, uint64_t peer);
    /// Mallory's on-path attacks with what she captured. \param afterResume second round
    void TamperAndReplay(bool afterResume);
    /// \return a raw TCP link from Mallory to a node's overlay port \param to the node
    Ptr<FrameSocket> OpenRawLink(Ptr<Node> to);
    /**
     * \param claimed the name claimed \param to the receiving node \param size payload bytes
     * \param from whose overlay address it claims to come from (null: Mallory's)
     * \return a CLOAK DATA header claiming the name at that overlay address
     */
    CloakHeader MakeClaim(uint64_t claimed,
                          Ptr<Node> to,
                          uint32_t size,
                          Ptr<Node> from = nullptr) const;
    /**
     * \brief Send a payload on a raw link in a CLOAK DATA frame claiming a peer's name at
     *        Mallory's overlay address.
     * \param link the link \param claimed the name claimed \param to the receiving node
     * \param payload what the frame carries
     */
    void SendClaiming(Ptr<FrameSocket> link, uint64_t claimed, Ptr<Node> to, Ptr<Packet> payload);
    /// Mallory's forged REHELLO.
    void ForgedReHello();
    /// \return bytes of the transfer through the HELLO flood
    uint64_t FloodPhaseBytes() const;
    /// \return how long the transfer ran in the flood's last 9 s: all of them, or until its
    ///         last byte (a goodput over time it had nothing left to send would be no goodput)
    double FloodDuringSeconds() const;
    /// \return true if Carol's call to Bob during the flood delivered every byte once
    bool NewSessionWhole() const;
    /// Alice's captured DATA packets, from Mallory's address.
    void ReplayRedirect();
    /// Alice's captured HELLO, sent to Bob again, 20 times.
    void HelloReplay();
    /// A junk frame "from Carol" reaches Alice before she ever talks to Carol.
    void PoisonFirstContact();
    /// Where Alice would send to Carol now.
    void CheckFirstContact();
    /// DHT_GETs for Bob's name claiming Dave's overlay address: the answers go to Dave.
    void Amplify();
    /**
     * \brief A HELLO to Bob sealed now under the scenario's key, as an in-band-keys
     *        initiator's (its timestamp, a random share), from anyone who holds the key.
     * \param from the name it claims \param port its port \param toPort Bob's port
     * \param part its pSessID-a \param cookie with a junk cookie
     * \return the sealed HELLO
     */
    Ptr<Packet> SealHello(uint64_t from,
                          uint16_t port,
                          uint16_t toPort,
                          uint64_t part,
                          bool cookie);
    /// A HELLO as Alice's from her next port, to lock it with a half-open session at Bob.
    void StaleHello();
    /// 1,000 HELLOs a second for 10 s to Bob, from 1,000 claimed names, during a transfer.
    void HelloFlood();
    /// One HELLO of the flood, sealed now. \param link Mallory's link to Bob \param k its rank
    void SendFloodHello(Ptr<FrameSocket> link, uint32_t k);
    /// A packet reached Bob's transport: the flood's arrivals set the bound of its answers.
    /// \param packet it \param peer its claimed sender
    void FloodArrived(Ptr<const Packet> packet, uint64_t peer);
    /// Bob's sessions now, the most seen during the flood.
    void SampleFloodState();
    /// Bytes of the flood phase's transfer. \param packet received \param from unused
    void FloodPhaseRx(Ptr<const Packet> packet, const Address& from);
    /// Dave's peer took a routed packet. \param header it \param hops unused
    void DaveDelivered(const CloakHeader& header, uint32_t hops);
    /// Mallory's false DHT record for Bob, then a lookup of Bob by Carol.
    void PoisonDht();
    /// Carol's lookup answered.
    void LookedUp(uint64_t name,
                  bool found,
                  const HyperbolicAddress& address,
                  const std::vector<uint8_t>& key);
    /// Mallory's rollback of Bob's record, then lookups of Bob by Carol and Dave.
    void RollBackDht();
    /// A lookup after the rollback answered.
    void LookedUpAfterRollback(uint64_t name,
                               bool found,
                               const HyperbolicAddress& address,
                               const std::vector<uint8_t>& key);
    /// Trudy calls Carol as Bob.
    void Impersonate();
    /// Where Bob's packets for Alice go, checked after every forged packet.
    void CheckRedirect();
    /// \return true if the bytes contain 16 bytes of the plaintext stream
    bool HasPlaintext(const uint8_t* bytes, size_t size) const;

    Settings m_c;                                  //!< Settings
    Ptr<UniformRandomVariable> m_random;           //!< Choices
    CloakUnderlayHelper m_underlay;                //!< The underlay
    NodeContainer m_nodes;                         //!< Peers; Trudy last
    Ptr<Node> m_alice;                             //!< Sender
    Ptr<Node> m_bob;                               //!< Receiver, moves
    Ptr<Node> m_carol;                             //!< Trudy's target
    Ptr<Node> m_dave;                              //!< Never looked Bob up before the rollback
    Ptr<Node> m_mallory;                           //!< On-path attacker, overlay peer
    Ptr<Node> m_trudy;                             //!< Impersonator
    std::vector<Ptr<Packet>> m_captured;           //!< Alice's and Bob's sealed packets
    std::set<std::string> m_plaintext;             //!< 16-byte windows of the stream
    Attack m_eavesdrop{"eavesdrop"};               //!< Read the payload
    Attack m_tamper{"tamper"};                     //!< Flipped bits
    Attack m_replay{"replay"};                     //!< Re-injected packets
    Attack m_rehello{"forged_rehello"};            //!< Redirect / hijack
    Attack m_replayRedirect{"replay_redirect"};    //!< Redirect with genuine old packets
    Attack m_helloReplay{"hello_replay"};          //!< An old HELLO again
    Attack m_staleHello{"stale_hello"};            //!< A half-open session to lock ports
    Attack m_firstContact{"first_contact_poison"}; //!< A bare header's address for a name
    Attack m_amplification{"amplification"};       //!< Answers drawn toward a victim
    Attack m_helloFlood{"hello_flood"};            //!< Work and state for nothing
    Attack* m_redirecting{nullptr};                //!< The redirect being tried
    Attack m_poison{"dht_poison"};                 //!< False record for Bob
    Attack m_rollback{"dht_rollback"};             //!< Bob's record rolled back
    Attack m_impersonate{"impersonate"};           //!< Handshake as Bob
    Ptr<CheckedStreamSink> m_sink;                 //!< Bob's
    Ptr<CheckedStreamSource> m_source;             //!< Alice's
    Ptr<CheckedStreamSink> m_carolSink;            //!< Carol's service
    std::map<std::string, uint32_t> m_refusals;    //!< "where:reason" -> count
    uint32_t m_bobAddresses{0};                    //!< Bob's overlay addresses
    HyperbolicAddress m_bobFirstAddress;           //!< Before his move
    uint32_t m_rehellos{0};                        //!< Bob's session's REHELLOs
    std::vector<Ptr<FrameSocket>> m_links;         //!< Mallory's raw links
    uint32_t m_bobSessionsBefore{0};               //!< Bob's sessions before the HELLO replay
    uint32_t m_bobSessionsAfter{0};                //!< ... and a second after it
    uint32_t m_bobHelloReplies{0};                 //!< HELLO_REPLYs Bob's transport sent
    uint32_t m_bobHelloRepliesBefore{0};           //!< ... before the HELLO replay
    uint32_t m_bobHelloRepliesAfter{0};            //!< ... and a second after it
    bool m_sessionGoneAtHelloReplay{false};        //!< Alice's session to Bob was over
    Time m_amplifyStart{Seconds(-1)};              //!< The GETs' time
    uint64_t m_amplifySent{0};                     //!< Bytes of Mallory's GETs
    uint64_t m_amplifyDrawn{0};                    //!< Bytes of answers that reached Dave
    Time m_floodStart;                             //!< The flood's start
    uint16_t m_alicePort{0};                       //!< Alice's newest port seen
    uint32_t m_floodReplies{0};                    //!< Bob's HELLO_REPLYs to the flood's names
    uint64_t m_floodBytes{0};                      //!< Bytes of its frames
    uint64_t m_floodOpsBefore{0};                  //!< X25519 operations before it
    uint64_t m_floodOps{0};                        //!< ... during it (handshakes only)
    uint64_t m_floodSignaturesBefore{0};           //!< Ed25519 operations before it
    uint64_t m_floodSignatures{0};                 //!< ... during it (the DHT's records too)
    uint32_t m_floodCookies{0};                    //!< Bob's COOKIEs to the flood's names
    uint64_t m_floodAnswerBytes{0};                //!< Bytes Bob sent to the flood's names
    uint32_t m_floodAnswerBound{0};                //!< HELLOs Bob's HELLO rate lets through
    double m_helloRate{0};                         //!< Bob's HelloRate
    Time m_floodFirstRx{Seconds(-1)};              //!< The flood's first HELLO at Bob
    Time m_floodLastRx;                            //!< ... and its last
    uint32_t m_floodSessionsMax{0};                //!< Bob's sessions, most during it
    uint32_t m_floodSessionsBefore{0};             //!< ... just before it
    uint64_t m_floodBytesBefore{0};                //!< Transfer bytes, 2 s before it
    uint64_t m_floodBytesDuring{0};                //!< ... during its last 9 s
    Time m_floodLastDuring;                        //!< ... the last of them came
    Ptr<CheckedStreamSink> m_newSessionSink;       //!< Carol's call during the flood, Bob's
    Ptr<CheckedStreamSource> m_newSessionSource;   //!< ... Carol's
    uint32_t m_cookiesToCarol{0};                  //!< COOKIEs Bob sent Carol
    Ptr<CheckedStreamSink> m_floodSink;            //!< The flood phase's transfer, Bob's
    Ptr<CheckedStreamSource> m_floodSource;        //!< ... Alice's
    Ptr<CheckedStreamSink> m_carolFromAlice;       //!< Alice's call to Carol
    Ptr<CheckedStreamSource> m_aliceToCarol;       //!< Its source

  public:
    /// Count a MUSEs drop. \param where node \param packet it \param reason why
    void MusesDrop(std::string where, Ptr<const Packet> /* packet */, MusesDropReason reason)
    {
        ++m_refusals[where + ":" + MusesDropReasonName(reason)];
    }

    /// Watch a node's sessions' drops. \param where node \param session a new session
    void WatchSession(std::string where, Ptr<MusesSession> session)
    {
        session->TraceConnectWithoutContext("Drop",
                                            MakeCallback(&Scenario::MusesDrop, this).Bind(where));
        if (where == "bob")
        {
            session->TraceConnectWithoutContext("ReHello", MakeCallback(&Scenario::ReHello, this));
        }
    }

    /// Bob's session sent a REHELLO (his move). \param sent unused \param received unused
    void ReHello(uint64_t /* sent */, uint64_t /* received */)
    {
        ++m_rehellos;
    }

    /// A CLOAK drop anywhere. \param header it \param reason why
    void CloakDrop(const CloakHeader& /* header */, uint8_t reason)
    {
        ++m_refusals[std::string("overlay:") + CloakNode::DropReasonName(reason)];
    }

    /// Bob's overlay peer took a packet: a forged one is checked for a redirect at once
    /// (before Alice's next packet could set things right). \param header it \param hops unused
    void BobDelivered(const CloakHeader& header, uint32_t /* hops */)
    {
        if (header.GetSourceName() == MusesHelper::GetName(m_alice) &&
            header.GetSourceAddress() == CloakHelper::GetCloakNode(m_mallory)->GetAddress())
        {
            Simulator::ScheduleNow(&Scenario::CheckRedirect, this);
        }
    }

    /// Bob got an overlay address. \param from old \param to new
    void BobAddress(const HyperbolicAddress& /* from */, const HyperbolicAddress& to)
    {
        if (++m_bobAddresses == 1)
        {
            m_bobFirstAddress = to;
        }
    }
};

int
Scenario::Run()
{
    auto wallStart = std::chrono::steady_clock::now();
    ApplicationContainer overlay = Build();
    InstallApplications();
    WatchDefences(overlay);
    ScheduleAttacks();
    Simulator::Stop(Seconds(m_c.stopTime));
    Simulator::Run();

    Evidence evidence = LookForPlaintext();
    bool whole = m_sink->GetBytesReceived() == m_c.bytes && m_sink->GetFirstMismatch() < 0 &&
                 m_sink->GetSha256() == m_source->GetSha256();
    m_tamper.succeeded = m_replay.succeeded = !whole; // any change shows in Bob's stream
    m_impersonate.succeeded |= m_carolSink->GetBytesReceived() > 0;
    m_amplification.succeeded = m_amplifyDrawn > 3 * m_amplifySent;
    // The flood wins if Bob did asymmetric work (an X25519 share or secret, used by
    // handshakes only; the Ed25519 signature of a HELLO_REPLY shows as the reply, while the
    // DHT's records are signed and checked all along) or kept state for it.
    // Within what the HELLO rate lets through, each answer costing two X25519 operations (and
    // one signature), plus Carol's call (two at each end); every other HELLO answered by a
    // COOKIE, no larger than the HELLO.
    m_helloFlood.succeeded = m_floodReplies > m_floodAnswerBound ||
                             m_floodOps > 2 * m_floodAnswerBound + 4 ||
                             m_floodSessionsMax > m_floodSessionsBefore + m_floodAnswerBound + 1 ||
                             m_floodReplies + m_floodCookies < m_helloFlood.attempted ||
                             m_floodAnswerBytes > 3 * m_floodBytes || !NewSessionWhole();
    m_helloReplay.succeeded = m_bobSessionsAfter > m_bobSessionsBefore ||
                              m_bobHelloRepliesAfter > m_bobHelloRepliesBefore;
    m_firstContact.succeeded |= m_carolFromAlice->GetBytesReceived() != 100000 ||
                                m_carolFromAlice->GetSha256() != m_aliceToCarol->GetSha256();
    for (Ptr<FrameSocket> link : m_links)
    {
        link->Release();
    }
    Simulator::Destroy();
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    bool anySucceeded = false;
    if (!Report(whole, evidence, wall, anySucceeded))
    {
        return 1;
    }
    return whole && !anySucceeded && evidence.detectorWorks && !evidence.pcapPlaintext ? 0 : 1;
}

ApplicationContainer
Scenario::Build()
{
    // 10 Mb/s access links by default: the transfer is still running when Bob moves.
    m_underlay.SetAccessLink(DataRate(uint64_t(m_c.accessRate * 1e6)), MilliSeconds(2));
    m_nodes = m_underlay.Build(m_c.peers + 1);
    NodeContainer honest;
    for (uint32_t i = 0; i < m_c.peers; ++i)
    {
        honest.Add(m_nodes.Get(i));
    }
    m_alice = m_nodes.Get(1);
    m_carol = m_nodes.Get(2);
    m_dave = m_nodes.Get(3);
    m_bob = m_nodes.Get(m_c.peers - 2);
    m_mallory = m_nodes.Get(m_c.peers - 1);
    m_trudy = m_nodes.Get(m_c.peers);

    // MUSEs with in-band keys first (identities), then the overlay (which takes them).
    MusesHelper muses;
    muses.SetInBandKeys(true);
    muses.SetPreSharedKey(SCENARIO_KEY);
    muses.SetTransport("ns3::CloakTransport");
    muses.Install(honest);
    uint64_t bobName = MusesHelper::GetName(m_bob);
    CloakHelper cloak; // peers with identities refuse unsigned DHT records by default
    ApplicationContainer overlay = cloak.Install(m_nodes);
    // Trudy: her own identity, but Bob's name in the overlay and in MUSEs.
    MusesHelper trudyMuses;
    trudyMuses.SetPreSharedKey(SCENARIO_KEY); // an insider: only Bob's signature is missing
    trudyMuses.SetTransport("ns3::CloakTransport");
    trudyMuses.Install(m_trudy, bobName);
    Ptr<MusesIdentity> trudyId = CreateObject<MusesIdentity>();
    trudyId->Generate(m_random);
    Ptr<MusesL4Protocol> trudyL4 = m_trudy->GetObject<MusesL4Protocol>();
    trudyL4->SetIdentity(trudyId);
    trudyL4->SetAttribute("Name", UintegerValue(bobName));
    CloakHelper::GetCloakNode(m_trudy)->SetName(bobName);

    return overlay;
}

void
Scenario::InstallApplications()
{
    CheckedStreamHelper sinkHelper("ns3::CheckedStreamSink",
                                   "ns3::MusesSocketFactory",
                                   MusesHelper::GetAddress(m_bob, 9));
    sinkHelper.SetAttribute("CloseOnPeerClose", BooleanValue(true)); // the session ends
    m_sink = DynamicCast<CheckedStreamSink>(sinkHelper.Install(m_bob).Get(0));
    CheckedStreamHelper sourceHelper("ns3::CheckedStreamSource",
                                     "ns3::MusesSocketFactory",
                                     MusesHelper::GetAddress(m_bob, 9));
    sourceHelper.SetAttribute("MaxBytes", UintegerValue(m_c.bytes));
    m_source = DynamicCast<CheckedStreamSource>(sourceHelper.Install(m_alice).Get(0));
    m_source->SetStartTime(Seconds(2));
    CheckedStreamHelper carolHelper("ns3::CheckedStreamSink",
                                    "ns3::MusesSocketFactory",
                                    MusesHelper::GetAddress(m_carol, 10));
    m_carolSink = DynamicCast<CheckedStreamSink>(carolHelper.Install(m_carol).Get(0));
    // Alice's first call to Carol, after the first-contact poisoning.
    Address carol11 = MusesHelper::GetAddress(m_carol, 11);
    CheckedStreamHelper carol11Sink("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", carol11);
    m_carolFromAlice = DynamicCast<CheckedStreamSink>(carol11Sink.Install(m_carol).Get(0));
    CheckedStreamHelper toCarol("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", carol11);
    toCarol.SetAttribute("MaxBytes", UintegerValue(100000));
    m_aliceToCarol = DynamicCast<CheckedStreamSource>(toCarol.Install(m_alice).Get(0));
    m_aliceToCarol->SetStartTime(Seconds(m_c.moveAt + 5));
    // The flood phase's transfer: Alice to Bob again, through the whole flood.
    Address bob12 = MusesHelper::GetAddress(m_bob, 12);
    CheckedStreamHelper floodSink("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", bob12);
    m_floodSink = DynamicCast<CheckedStreamSink>(floodSink.Install(m_bob).Get(0));
    m_floodSink->TraceConnectWithoutContext("Rx", MakeCallback(&Scenario::FloodPhaseRx, this));
    CheckedStreamHelper floodSource("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", bob12);
    floodSource.SetAttribute("MaxBytes", UintegerValue(FloodPhaseBytes()));
    m_floodSource = DynamicCast<CheckedStreamSource>(floodSource.Install(m_alice).Get(0));
    m_floodSource->SetStartTime(Seconds(m_c.stopTime - 16));
    // Carol's first call to Bob, in the middle of the flood: above Bob's HELLO rate, so
    // through a COOKIE and back.
    Address bob13 = MusesHelper::GetAddress(m_bob, 13);
    CheckedStreamHelper newSink("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", bob13);
    m_newSessionSink = DynamicCast<CheckedStreamSink>(newSink.Install(m_bob).Get(0));
    CheckedStreamHelper newSource("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", bob13);
    newSource.SetAttribute("MaxBytes", UintegerValue(NEW_SESSION_BYTES));
    m_newSessionSource = DynamicCast<CheckedStreamSource>(newSource.Install(m_carol).Get(0));
    m_newSessionSource->SetStartTime(Seconds(m_c.stopTime - 8));
}

void
Scenario::WatchDefences(ApplicationContainer overlay)
{
    for (auto [node, where] : {std::make_pair(m_bob, "bob"), std::make_pair(m_carol, "carol")})
    {
        node->GetObject<MusesL4Protocol>()->TraceConnectWithoutContext(
            "SessionCreated",
            MakeCallback(&Scenario::WatchSession, this).Bind(std::string(where)));
        node->GetObject<MusesL4Protocol>()->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(&Scenario::MusesDrop, this).Bind(std::string(where)));
    }
    for (uint32_t i = 0; i < overlay.GetN(); ++i)
    {
        overlay.Get(i)->TraceConnectWithoutContext("Drop",
                                                   MakeCallback(&Scenario::CloakDrop, this));
    }
    CloakHelper::GetCloakNode(m_bob)->TraceConnectWithoutContext(
        "AddressChange",
        MakeCallback(&Scenario::BobAddress, this));
    CloakHelper::GetCloakNode(m_bob)->TraceConnectWithoutContext(
        "Deliver",
        MakeCallback(&Scenario::BobDelivered, this));
    CloakHelper::GetCloakNode(m_dave)->TraceConnectWithoutContext(
        "Deliver",
        MakeCallback(&Scenario::DaveDelivered, this));
}

void
Scenario::ScheduleAttacks()
{
    uint64_t bobName = MusesHelper::GetName(m_bob);
    // Mallory's tap on the path.
    for (Ptr<Node> node : {m_alice, m_bob})
    {
        node->GetObject<MusesL4Protocol>()->GetTransport()->TraceConnectWithoutContext(
            "Tx",
            MakeCallback(&Scenario::Captured, this));
    }
    // Mallory finds Bob's overlay address first (and again after his move), as any peer can.
    Ptr<MusesTransport> tap = m_mallory->GetObject<MusesL4Protocol>()->GetTransport();
    Simulator::Schedule(Seconds(m_c.moveAt - 1), &MusesTransport::Reconnect, tap, bobName);
    Simulator::Schedule(Seconds(m_c.moveAt + 0.5), &MusesTransport::Reconnect, tap, bobName);
    Simulator::Schedule(Seconds(m_c.moveAt - 0.5), &Scenario::TamperAndReplay, this, false);
    Simulator::Schedule(Seconds(m_c.moveAt - 0.3), &Scenario::ForgedReHello, this);
    Simulator::Schedule(Seconds(m_c.moveAt),
                        &CloakUnderlayHelper::NewAddress,
                        &m_underlay,
                        m_c.peers - 2);
    Simulator::Schedule(Seconds(m_c.moveAt + 1), &Scenario::TamperAndReplay, this, true);
    Simulator::Schedule(Seconds(m_c.moveAt + 1.2), &Scenario::ForgedReHello, this);
    Simulator::Schedule(Seconds(m_c.moveAt + 2), &Scenario::PoisonDht, this);
    Simulator::Schedule(Seconds(m_c.moveAt + 3), &Scenario::Impersonate, this);
    Simulator::Schedule(Seconds(m_c.moveAt + 4), &Scenario::RollBackDht, this);
    Simulator::Schedule(Seconds(1.5), &Scenario::PoisonFirstContact, this);
    Simulator::Schedule(Seconds(m_c.moveAt + 1.4), &Scenario::ReplayRedirect, this);
    Simulator::Schedule(Seconds(m_c.stopTime - 14), &Scenario::HelloReplay, this);
    Simulator::Schedule(Seconds(m_c.stopTime - 16.5), &Scenario::StaleHello, this);
    Simulator::Schedule(Seconds(m_c.moveAt + 7), &Scenario::Amplify, this);
    m_floodStart = Seconds(m_c.stopTime - 13);
    Simulator::Schedule(m_floodStart, &Scenario::HelloFlood, this);
    if (m_c.pcap)
    {
        PointToPointHelper p2p;
        for (Ptr<Node> node : {m_alice, m_bob, m_mallory})
        {
            p2p.EnablePcap(m_c.outDir + "/attacks", node->GetDevice(1), true);
        }
    }
}

Scenario::Evidence
Scenario::LookForPlaintext()
{
    Evidence e;
    // The plaintext: every 16-byte window of the stream at a multiple of 16.
    std::vector<uint8_t> stream(m_c.bytes);
    CheckedStream generator;
    generator.Produce(stream.data(), stream.size());
    for (size_t i = 0; i + 16 <= stream.size(); i += 16)
    {
        m_plaintext.insert(std::string(stream.begin() + i, stream.begin() + i + 16));
    }
    for (Ptr<Packet> packet : m_captured)
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        ++m_eavesdrop.attempted;
        m_eavesdrop.succeeded |= HasPlaintext(bytes.data(), bytes.size());
    }
    m_eavesdrop.refusedBy = "encryption (AEAD)";
    // The detector works: it finds the plaintext in what Bob's application received.
    e.detectorWorks = HasPlaintext(stream.data() + 7, 4000);
    if (m_c.pcap)
    {
        for (std::string name : SystemPath::ReadFiles(m_c.outDir))
        {
            if (name.size() > 5 && name.substr(name.size() - 5) == ".pcap")
            {
                std::ifstream in(m_c.outDir + "/" + name, std::ios::binary);
                std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
                e.pcapPlaintext |= HasPlaintext(file.data(), file.size());
                ++e.pcapFiles;
            }
        }
    }
    return e;
}

bool
Scenario::Report(bool whole, const Evidence& evidence, double wall, bool& anySucceeded)
{
    const Attack* all[] = {&m_eavesdrop,
                           &m_tamper,
                           &m_replay,
                           &m_rehello,
                           &m_replayRedirect,
                           &m_helloReplay,
                           &m_staleHello,
                           &m_firstContact,
                           &m_amplification,
                           &m_helloFlood,
                           &m_poison,
                           &m_rollback,
                           &m_impersonate};
    std::vector<SummaryWriter> attacks;
    for (const Attack* attack : all)
    {
        anySucceeded |= attack->succeeded;
        attacks.push_back(SummaryWriter()
                              .Add("name", attack->name)
                              .Add("attempted", attack->attempted)
                              .Add("succeeded", attack->succeeded)
                              .Add("refused_by", attack->refusedBy));
    }
    SummaryWriter summary;
    summary.Add("attacks", attacks)
        .Add("session_survived", whole)
        .Add("bytes_sent", m_c.bytes)
        .Add("bytes_received", m_sink->GetBytesReceived())
        .Add("payload_sha256_match", m_sink->GetSha256() == m_source->GetSha256())
        .Add("bob_overlay_addresses", m_bobAddresses)
        .Add("bob_rehellos", m_rehellos)
        .Add("hello_replay_after_close", m_sessionGoneAtHelloReplay)
        .Add("amplification_bytes_sent", m_amplifySent)
        .Add("amplification_bytes_drawn", m_amplifyDrawn)
        .Add("hello_flood",
             SummaryWriter()
                 .Add("hellos", m_helloFlood.attempted)
                 .Add("hello_replies", m_floodReplies)
                 .Add("answered_bound", m_floodAnswerBound)
                 .Add("cookies", m_floodCookies)
                 .Add("x25519_operations", m_floodOps)
                 .Add("ed25519_operations", m_floodSignatures)
                 .Add("answer_bytes", m_floodAnswerBytes)
                 .Add("flood_bytes", m_floodBytes)
                 .Add("sessions_before", m_floodSessionsBefore)
                 .Add("sessions_max", m_floodSessionsMax)
                 .Add("goodput_before_bps", m_floodBytesBefore * 8 / 2.0)
                 .Add("goodput_during_bps", m_floodBytesDuring * 8 / FloodDuringSeconds())
                 .Add("flood_bps", m_floodBytes * 8 / 10.0)
                 .Add("flood_wire_bps",
                      (m_floodBytes + m_helloFlood.attempted * SEGMENT_OVERHEAD) * 8 / 10.0)
                 .Add("goodput_kept",
                      m_floodBytesBefore > 0
                          ? m_floodBytesDuring / FloodDuringSeconds() / (m_floodBytesBefore / 2.0)
                          : 0.0)
                 .Add("new_session_cookies", m_cookiesToCarol)
                 .Add("new_session_whole", NewSessionWhole())
                 .Add("transfer_whole",
                      m_floodSink->GetBytesReceived() == FloodPhaseBytes() &&
                          m_floodSink->GetSha256() == m_floodSource->GetSha256()))
        .AddCounts("refusals", m_refusals)
        .Add("plaintext_detector_works", evidence.detectorWorks)
        .Add("pcap_files", evidence.pcapFiles)
        .Add("pcap_plaintext_found", evidence.pcapPlaintext)
        .Add("wall_time_s", wall);
    std::cout << summary.ToString();
    if (!summary.Write(m_c.outDir + "/summary.json"))
    {
        std::cerr << "muses-attacks: cannot write " << m_c.outDir << "/summary.json" << std::endl;
        return false;
    }
    return true;
}

bool
Scenario::HasPlaintext(const uint8_t* bytes, size_t size) const
{
    for (size_t i = 0; i + 16 <= size; ++i)
    {
        if (m_plaintext.count(std::string(bytes + i, bytes + i + 16)))
        {
            return true;
        }
    }
    return false;
}

void
Scenario::Captured(Ptr<const Packet> packet, uint64_t /* peer */)
{
    MusesHeader header;
    packet->PeekHeader(header);
    bool fromBob = header.GetSourceId() == MusesHelper::GetName(m_bob);
    if (header.GetSourceId() == MusesHelper::GetName(m_alice))
    {
        m_alicePort = std::max(m_alicePort, header.GetSourcePort());
    }
    m_bobHelloReplies += header.GetType() == MusesHeader::HELLO_REPLY && fromBob;
    m_cookiesToCarol += header.GetType() == MusesHeader::COOKIE && fromBob &&
                        header.GetDestinationId() == MusesHelper::GetName(m_carol);
    if (fromBob && header.GetDestinationId() >> 56 == FLOOD_NAMES >> 56)
    {
        m_floodReplies += header.GetType() == MusesHeader::HELLO_REPLY;
        m_floodCookies += header.GetType() == MusesHeader::COOKIE;
        m_floodAnswerBytes += packet->GetSize(); // (plus its CLOAK header on the way)
    }
    if (m_captured.size() < 3000)
    {
        m_captured.push_back(packet->Copy());
    }
}

void
Scenario::TamperAndReplay(bool afterResume)
{
    Ptr<MusesTransport> mallory = m_mallory->GetObject<MusesL4Protocol>()->GetTransport();
    uint64_t alice = MusesHelper::GetName(m_alice);
    uint64_t bob = MusesHelper::GetName(m_bob);
    uint32_t sent = 0;
    for (uint32_t k = 0; k < m_captured.size() && sent < 50; ++k)
    {
        Ptr<Packet> original = m_captured[m_random->GetInteger(0, m_captured.size() - 1)];
        MusesHeader header;
        original->PeekHeader(header);
        if (header.GetSourceId() != alice)
        {
            continue; // Alice's packets, for Bob's session
        }
        std::vector<uint8_t> bytes(original->GetSize());
        original->CopyData(bytes.data(), bytes.size());
        Simulator::Schedule(MilliSeconds(2 * sent),
                            &MusesTransport::Send,
                            mallory,
                            Create<Packet>(bytes.data(), bytes.size()),
                            bob);
        ++m_replay.attempted;
        uint32_t bit = m_random->GetInteger(0, bytes.size() * 8 - 1);
        bytes[bit / 8] ^= 1 << (bit % 8);
        Simulator::Schedule(MilliSeconds(2 * sent + 1),
                            &MusesTransport::Send,
                            mallory,
                            Create<Packet>(bytes.data(), bytes.size()),
                            bob);
        ++m_tamper.attempted;
        ++sent;
    }
    m_replay.refusedBy = "replay window, sequence numbers";
    m_tamper.refusedBy = "ICV";
    NS_LOG_INFO((afterResume ? "after" : "before") << " the resumption: replayed and tampered");
}

Ptr<FrameSocket>
Scenario::OpenRawLink(Ptr<Node> to)
{
    // A TCP link from Mallory to the victim's overlay port, introduced by a KEEPALIVE as an
    // extra neighbour's would be: what follows on it is written by hand.
    Ptr<CloakNode> mallory = CloakHelper::GetCloakNode(m_mallory);
    Ptr<Socket> socket = Socket::CreateSocket(m_mallory, TcpSocketFactory::GetTypeId());
    socket->Bind();
    Ptr<FrameSocket> link = CreateObject<FrameSocket>();
    link->Attach(socket, false);
    socket->Connect(InetSocketAddress(CloakHelper::GetUnderlayAddress(to), 7200));
    m_links.push_back(link);
    CloakHeader cloak;
    cloak.SetType(CloakHeader::KEEPALIVE);
    cloak.SetTtl(1);
    cloak.SetSourceName(mallory->GetName());
    cloak.SetSourceAddress(mallory->GetAddress());
    const uint8_t keepalive[] = {1, 0}; // joined, no neighbours listed
    Ptr<Packet> hello = Create<Packet>(keepalive, sizeof(keepalive));
    cloak.SetPayloadLength(hello->GetSize());
    hello->AddHeader(cloak);
    link->Send(hello);
    return link;
}

CloakHeader
Scenario::MakeClaim(uint64_t claimed, Ptr<Node> to, uint32_t size, Ptr<Node> from) const
{
    // A CLOAK DATA frame "from" the claimed peer's name, at Mallory's overlay address (or
    // another peer's).
    CloakHeader cloak;
    cloak.SetType(CloakHeader::DATA);
    cloak.SetTtl(64);
    cloak.SetSourceName(claimed);
    cloak.SetSourceAddress(CloakHelper::GetCloakNode(from ? from : m_mallory)->GetAddress());
    cloak.SetDestinationName(CloakHelper::GetCloakNode(to)->GetName());
    cloak.SetDestinationAddress(CloakHelper::GetCloakNode(to)->GetAddress());
    cloak.SetPayloadLength(size);
    return cloak;
}

void
Scenario::SendClaiming(Ptr<FrameSocket> link, uint64_t claimed, Ptr<Node> to, Ptr<Packet> payload)
{
    payload->AddHeader(MakeClaim(claimed, to, payload->GetSize()));
    link->Send(payload);
}

void
Scenario::ForgedReHello()
{
    // A REHELLO of the Alice -> Bob session (SessID and ports from a captured header), sent
    // from Mallory's overlay address as Alice's: if Bob took the header's word, his packets
    // for Alice would go to Mallory. She has no key, so the ICV is random.
    m_redirecting = &m_rehello;
    Ptr<FrameSocket> link = OpenRawLink(m_bob);
    for (Ptr<Packet> p : m_captured)
    {
        MusesHeader header;
        p->PeekHeader(header);
        if (header.GetSourceId() != MusesHelper::GetName(m_alice))
        {
            continue;
        }
        header.SetType(MusesHeader::REHELLO);
        header.SetSeq(1u << 30);
        std::vector<uint8_t> body(20 + 16);
        for (uint8_t& b : body)
        {
            b = m_random->GetInteger(0, 255);
        }
        header.SetLength(body.size());
        Ptr<Packet> forged = Create<Packet>(body.data(), body.size());
        forged->AddHeader(header);
        SendClaiming(link, MusesHelper::GetName(m_alice), m_bob, forged);
        ++m_rehello.attempted;
        if (m_rehello.attempted % 5 == 0)
        {
            break;
        }
    }
    m_rehello.refusedBy = "ICV; addresses learned only from authenticated packets";
}

void
Scenario::ReplayRedirect()
{
    // Genuine packets of Alice's, captured on the path, sent again from Mallory's overlay
    // address: authentic, so the ICV holds; only their being old tells them apart.
    m_redirecting = &m_replayRedirect;
    Ptr<FrameSocket> link = OpenRawLink(m_bob);
    uint64_t alice = MusesHelper::GetName(m_alice);
    for (uint32_t k = 0; k < m_captured.size() && m_replayRedirect.attempted < 20; ++k)
    {
        MusesHeader header;
        m_captured[k]->PeekHeader(header);
        if (header.GetSourceId() == alice && header.GetType() == MusesHeader::DATA)
        {
            SendClaiming(link, MusesHelper::GetName(m_alice), m_bob, m_captured[k]->Copy());
            ++m_replayRedirect.attempted;
        }
    }
    m_replayRedirect.refusedBy = "a new address only from a new authentic packet (replay window)";
}

void
Scenario::HelloReplay()
{
    // Alice's captured HELLO, sent to Bob again and again from Mallory's overlay address once
    // their session is over (while it lives, the copies reach it and it ignores them): each
    // copy is authentic (the pre-shared key's ICV holds) but old.
    m_sessionGoneAtHelloReplay = true;
    for (Ptr<MusesSession> session : m_bob->GetObject<MusesL4Protocol>()->GetSessions())
    {
        m_sessionGoneAtHelloReplay &= session->GetEndpoint().localPort != 9;
    }
    m_redirecting = &m_helloReplay;
    Ptr<FrameSocket> link = OpenRawLink(m_bob);
    m_bobSessionsBefore = m_bob->GetObject<MusesL4Protocol>()->GetSessions().size();
    Simulator::Schedule(Seconds(1), [this]() {
        m_bobSessionsAfter = m_bob->GetObject<MusesL4Protocol>()->GetSessions().size();
        m_bobHelloRepliesAfter = m_bobHelloReplies;
    });
    m_bobHelloRepliesBefore = m_bobHelloReplies;
    for (Ptr<Packet> p : m_captured)
    {
        MusesHeader header;
        p->PeekHeader(header);
        if (header.GetSourceId() == MusesHelper::GetName(m_alice) &&
            header.GetType() == MusesHeader::HELLO)
        {
            for (int copy = 0; copy < 20; ++copy)
            {
                SendClaiming(link, MusesHelper::GetName(m_alice), m_bob, p->Copy());
                ++m_helloReplay.attempted;
            }
            break;
        }
    }
    m_helloReplay.refusedBy = "HELLO replay cache: no session, no answer";
}

Ptr<Packet>
Scenario::SealHello(uint64_t from, uint16_t port, uint16_t toPort, uint64_t part, bool cookie)
{
    MusesHeader hello;
    hello.SetType(MusesHeader::HELLO);
    hello.SetSourceId(from);
    hello.SetDestinationId(MusesHelper::GetName(m_bob));
    hello.SetSourcePort(port);
    hello.SetDestinationPort(toPort);
    hello.SetSessionId({part, 0});
    std::vector<uint8_t> body(MusesHandshake::TIMESTAMP_SIZE + MusesKeyShare::SIZE +
                              (cookie ? MusesHandshake::COOKIE_SIZE : 0));
    uint8_t* p = body.data();
    WriteBigEndian(p, Simulator::Now().GetNanoSeconds(), MusesHandshake::TIMESTAMP_SIZE);
    for (; p != body.data() + body.size(); ++p)
    {
        *p = m_random->GetInteger(0, 255); // a share (any 32 bytes), a junk cookie
    }
    Ptr<Packet> packet = Create<Packet>(body.data(), body.size());
    Ptr<MusesCipher> keys = CreateObject<MusesCipher>();
    keys->SetKeys(SCENARIO_KEY, hello.GetSessionId(), MusesCipher::INITIATOR);
    keys->Seal(hello, packet);
    return packet;
}

void
Scenario::StaleHello()
{
    // Ephemeral ports are handed out in turn: Alice's next call comes from the port after
    // the newest she used. Mallory, who holds the pre-shared key, begins a handshake as
    // Alice from it to Bob's port 12 and never completes it, half a second before Alice's
    // next call (the flood phase's transfer). It succeeds if Bob's half-open session locks
    // Alice out: none of her bytes within 2 s.
    uint64_t alice = MusesHelper::GetName(m_alice);
    Ptr<Packet> hello =
        SealHello(alice, m_alicePort + 1, 12, m_random->GetInteger(0, UINT32_MAX), false);
    SendClaiming(OpenRawLink(m_bob), alice, m_bob, hello);
    ++m_staleHello.attempted;
    m_staleHello.refusedBy = "a new handshake runs beside a half-open one of its ports; the "
                             "first to complete keeps them";
    Simulator::Schedule(Seconds(2.5), [this]() {
        m_staleHello.succeeded = m_floodSink->GetBytesReceived() == 0;
    });
}

void
Scenario::PoisonFirstContact()
{
    // Before Alice ever talks to Carol, a junk frame "from Carol" at Mallory's overlay
    // address reaches Alice; later Alice calls Carol.
    Ptr<FrameSocket> link = OpenRawLink(m_alice);
    SendClaiming(link, MusesHelper::GetName(m_carol), m_alice, Create<Packet>(120));
    ++m_firstContact.attempted;
    m_firstContact.refusedBy = "first contact only from the DHT or an authentic packet";
    Simulator::Schedule(MilliSeconds(500), &Scenario::CheckFirstContact, this);
}

void
Scenario::Amplify()
{
    // As a lookup's GETs, but "from" Dave, and short (no padding: the most answer per byte
    // asked). A replica answers to the claimed source, within 3 times the GET.
    m_amplifyStart = Simulator::Now();
    Ptr<FrameSocket> link = OpenRawLink(m_bob);
    Ptr<CloakNode> dave = CloakHelper::GetCloakNode(m_dave);
    for (uint32_t k = 0; k < 20; ++k)
    {
        CloakHeader get;
        get.SetType(CloakHeader::DHT_GET);
        get.SetTtl(64);
        get.SetSourceName(dave->GetName());
        get.SetSourceAddress(dave->GetAddress());
        get.SetDestinationName(MusesHelper::GetName(m_bob));
        get.SetDestinationKey(k % 3);
        Ptr<Packet> body = MakeCloakBody(CloakGetHeader(1000 + k));
        get.SetPayloadLength(body->GetSize());
        m_amplifySent += get.GetSerializedSize() + body->GetSize();
        body->AddHeader(get);
        link->Send(body);
        ++m_amplification.attempted;
    }
    m_amplification.refusedBy = "a DHT answer at most 3x its GET (short GETs refused)";
}

void
Scenario::DaveDelivered(const CloakHeader& header, uint32_t /* hops */)
{
    if (header.GetType() == CloakHeader::DHT_REPLY && m_amplifyStart.IsPositive() &&
        Simulator::Now() < m_amplifyStart + Seconds(2))
    {
        m_amplifyDrawn += header.GetSerializedSize() + header.GetPayloadLength();
    }
}

uint64_t
Scenario::FloodPhaseBytes() const
{
    return uint64_t(FLOOD_PHASE_BYTES_PER_MBPS * m_c.accessRate);
}

double
Scenario::FloodDuringSeconds() const
{
    bool ended = m_floodSink->GetBytesReceived() == FloodPhaseBytes();
    Time from = m_floodStart + Seconds(1);
    return ended && m_floodLastDuring > from
               ? std::min(9.0, (m_floodLastDuring - from).GetSeconds())
               : 9.0;
}

bool
Scenario::NewSessionWhole() const
{
    return m_newSessionSink->GetBytesReceived() == NEW_SESSION_BYTES &&
           m_newSessionSink->GetSha256() == m_newSessionSource->GetSha256();
}

void
Scenario::HelloFlood()
{
    // Authentic HELLOs as an in-band-keys initiator's, sealed under the pre-shared key that
    // every MUSEs node of this scenario holds (an insider's, or any key's holder's), each
    // from one of 1,000 claimed names with a new pSessID-a, port and timestamp, every other
    // one with a junk cookie, all from Dave's overlay address (a victim's: whatever Bob
    // answers goes there, never to Mallory). Bob's real session (port 12) runs on beside.
    Ptr<FrameSocket> link = OpenRawLink(m_bob);
    Ptr<MusesL4Protocol> bob = m_bob->GetObject<MusesL4Protocol>();
    m_floodOpsBefore = MusesKeyShare::GetOperationCount();
    m_floodSignaturesBefore = MusesIdentity::GetOperationCount();
    m_floodSessionsBefore = bob->GetSessions().size();
    DoubleValue rate;
    bob->GetAttribute("HelloRate", rate);
    m_helloRate = rate.Get();
    bob->GetTransport()->TraceConnectWithoutContext("Rx",
                                                    MakeCallback(&Scenario::FloodArrived, this));
    for (uint32_t k = 0; k < 10000; ++k)
    {
        Simulator::Schedule(MilliSeconds(k), &Scenario::SendFloodHello, this, link, k);
        ++m_helloFlood.attempted;
    }
    m_helloFlood.refusedBy = "a HELLO rate, then a COOKIE bound to the claimed source: no "
                             "asymmetric operation and no state until it comes back";
    SampleFloodState();
}

void
Scenario::SendFloodHello(Ptr<FrameSocket> link, uint32_t k)
{
    uint64_t name = FLOOD_NAMES + k % 1000;
    uint64_t part = uint64_t(m_random->GetInteger(0, UINT32_MAX)) << 32 | k;
    Ptr<Packet> packet = SealHello(name, 1024 + k % 60000, 9, part, k % 2);
    CloakHeader claim = MakeClaim(name, m_bob, packet->GetSize(), m_dave);
    m_floodBytes += 2 + claim.GetSerializedSize() + packet->GetSize(); // frame length too
    packet->AddHeader(claim);
    link->Send(packet);
}

void
Scenario::FloodArrived(Ptr<const Packet> /* packet */, uint64_t peer)
{
    if (peer >> 56 != FLOOD_NAMES >> 56)
    {
        return;
    }
    m_floodFirstRx = m_floodFirstRx.IsNegative() ? Simulator::Now() : m_floodFirstRx;
    m_floodLastRx = Simulator::Now();
    // The token bucket: its burst, then HelloRate a second while HELLOs arrive.
    m_floodAnswerBound = uint32_t(std::ceil(
        m_helloRate * (m_floodLastRx - m_floodFirstRx).GetSeconds() + std::max(m_helloRate, 1.0)));
}

void
Scenario::SampleFloodState()
{
    uint32_t sessions = m_bob->GetObject<MusesL4Protocol>()->GetSessions().size();
    m_floodSessionsMax = std::max(m_floodSessionsMax, sessions);
    m_floodOps = MusesKeyShare::GetOperationCount() - m_floodOpsBefore;
    m_floodSignatures = MusesIdentity::GetOperationCount() - m_floodSignaturesBefore;
    if (Simulator::Now() < m_floodStart + Seconds(11)) // its last HELLOs' answers too
    {
        Simulator::Schedule(MilliSeconds(10), &Scenario::SampleFloodState, this);
    }
}

void
Scenario::FloodPhaseRx(Ptr<const Packet> packet, const Address& /* from */)
{
    Time now = Simulator::Now();
    if (now >= m_floodStart - Seconds(2) && now < m_floodStart)
    {
        m_floodBytesBefore += packet->GetSize();
    }
    else if (now >= m_floodStart + Seconds(1) && now < m_floodStart + Seconds(10))
    {
        m_floodBytesDuring += packet->GetSize();
        m_floodLastDuring = now;
    }
}

void
Scenario::CheckFirstContact()
{
    Ptr<CloakTransport> alice =
        DynamicCast<CloakTransport>(m_alice->GetObject<MusesL4Protocol>()->GetTransport());
    HyperbolicAddress toCarol;
    m_firstContact.succeeded |= alice->GetPeerAddress(MusesHelper::GetName(m_carol), toCarol) &&
                                toCarol == CloakHelper::GetCloakNode(m_mallory)->GetAddress();
}

void
Scenario::CheckRedirect()
{
    Ptr<CloakTransport> bob =
        DynamicCast<CloakTransport>(m_bob->GetObject<MusesL4Protocol>()->GetTransport());
    HyperbolicAddress toAlice;
    if (m_redirecting && bob->GetPeerAddress(MusesHelper::GetName(m_alice), toAlice) &&
        toAlice == CloakHelper::GetCloakNode(m_mallory)->GetAddress())
    {
        m_redirecting->succeeded = true;
    }
}

void
Scenario::PoisonDht()
{
    // Mallory's address for Bob's name, a high sequence, signed with her own key.
    Ptr<CloakNode> mallory = CloakHelper::GetCloakNode(m_mallory);
    Ptr<MusesIdentity> key = m_mallory->GetObject<MusesIdentity>();
    CloakRecord record;
    record.name = key->GetName();
    record.address = mallory->GetAddress();
    record.sequence = 1000000;
    record.expires = Simulator::Now() + Seconds(600);
    record.Sign(*key);
    record.name = MusesHelper::GetName(m_bob); // relabelled: the signature no longer holds
    mallory->Put(record);
    ++m_poison.attempted;
    m_poison.refusedBy = "signed records (name = hash of key)";
    Simulator::Schedule(Seconds(1),
                        &CloakNode::Lookup,
                        CloakHelper::GetCloakNode(m_carol),
                        MusesHelper::GetName(m_bob),
                        MakeCallback(&Scenario::LookedUp, this));
}

void
Scenario::LookedUp(uint64_t /* name */,
                   bool found,
                   const HyperbolicAddress& address,
                   const std::vector<uint8_t>& /* key */)
{
    m_poison.succeeded |= found && address == CloakHelper::GetCloakNode(m_mallory)->GetAddress();
}

void
Scenario::RollBackDht()
{
    uint64_t bobName = MusesHelper::GetName(m_bob);
    // The holder of the first replica restarts: it forgets what it stored.
    for (uint32_t i = 0; i < m_nodes.GetN(); ++i)
    {
        Ptr<CloakDht> dht = CloakHelper::GetCloakNode(m_nodes.Get(i))->GetDht();
        CloakRecord stored;
        if (dht->GetRecord(bobName, 0, stored))
        {
            dht->Stop();
            dht->Start(1);
        }
    }
    Ptr<CloakNode> mallory = CloakHelper::GetCloakNode(m_mallory);
    CloakRecord claim;
    claim.name = bobName;
    claim.address = mallory->GetAddress();
    claim.sequence = 1000000;
    claim.expires = Simulator::Now() + Seconds(30);
    mallory->Put(claim);
    CloakRecord old = claim; // what Bob signed before his move
    old.address = m_bobFirstAddress;
    old.sequence = 1;
    old.Sign(*m_bob->GetObject<MusesIdentity>());
    mallory->Put(old);
    m_rollback.attempted += 2;
    m_rollback.refusedBy = "signed records required; newest among replicas; newest seen kept";
    for (Ptr<Node> looker : {m_carol, m_dave})
    {
        Simulator::Schedule(Seconds(1),
                            &CloakNode::Lookup,
                            CloakHelper::GetCloakNode(looker),
                            bobName,
                            MakeCallback(&Scenario::LookedUpAfterRollback, this));
    }
}

void
Scenario::LookedUpAfterRollback(uint64_t /* name */,
                                bool found,
                                const HyperbolicAddress& address,
                                const std::vector<uint8_t>& /* key */)
{
    m_rollback.succeeded |= found && address != CloakHelper::GetCloakNode(m_bob)->GetAddress();
}

void
Scenario::Impersonate()
{
    CheckedStreamHelper helper("ns3::CheckedStreamSource",
                               "ns3::MusesSocketFactory",
                               MusesHelper::GetAddress(m_carol, 10));
    helper.SetAttribute("MaxBytes", UintegerValue(10000));
    helper.Install(m_trudy);
    ++m_impersonate.attempted;
    m_impersonate.refusedBy = "handshake signature (name = hash of key); nothing learned "
                              "from an initiator before its FINISHED is verified";
    // Trudy holds the pre-shared key: her packets pass the ICV. Were Carol's transport to
    // learn "Bob"'s address from them, Carol's own calls to Bob would go to Trudy.
    Simulator::Schedule(Seconds(2), [this]() {
        HyperbolicAddress address;
        Ptr<CloakTransport> carol =
            DynamicCast<CloakTransport>(m_carol->GetObject<MusesL4Protocol>()->GetTransport());
        m_impersonate.succeeded |= carol->GetPeerAddress(MusesHelper::GetName(m_bob), address) &&
                                   address == CloakHelper::GetCloakNode(m_trudy)->GetAddress();
    });
}

} // namespace

int
main(int argc, char* argv[])
{
    Settings c;
    CommandLine cmd(__FILE__);
    cmd.Usage(
        "MUSEs with in-band keys over CLOAK, under attack: a legitimate transfer with a "
        "move while an on-path attacker and overlay peers eavesdrop, tamper, replay, "
        "forge a REHELLO, redirect by replay, replay a HELLO, poison a first contact, draw "
        "amplified answers, flood HELLOs, poison the DHT, roll it back and impersonate. Writes "
        "summary.json into --outDir; exit status 0 only if every attack failed and the session "
        "survived.");
    cmd.AddValue("outDir", "output directory", c.outDir);
    cmd.AddValue("peers", "overlay peers (>= 6)", c.peers);
    cmd.AddValue("bytes", "bytes Alice sends Bob (>= 100000)", c.bytes);
    cmd.AddValue("accessRate",
                 "Mb/s of every access link (1..1000); the flood phase's transfer is 1.4 MB "
                 "per Mb/s",
                 c.accessRate);
    cmd.AddValue("moveAt", "seconds: Bob's move (>= 3)", c.moveAt);
    cmd.AddValue("stopTime", "seconds: end of the run (>= moveAt + 10)", c.stopTime);
    cmd.AddValue("pcap", "write pcap files into outDir (and search them for plaintext)", c.pcap);
    CommandLineCheck numbers;
    numbers.AddCount({"peers", "bytes"});
    numbers.AddReal({"moveAt", "stopTime", "accessRate"});
    std::string error = numbers.Parse(cmd, argc, argv);
    if (error.empty() &&
        (c.peers < 6 || c.peers > 10000 || c.bytes < 100000 || c.bytes > 1000000000 ||
         !(c.moveAt >= 3) || !(c.stopTime >= c.moveAt + 10) || !(c.stopTime < 1e6) ||
         !(c.accessRate >= 1 && c.accessRate <= 1000)))
    {
        error = "need 6 <= --peers <= 10000, 1e5 <= --bytes <= 1e9, --moveAt >= 3, "
                "--stopTime >= --moveAt + 10 and 1 <= --accessRate <= 1000";
    }
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", c.outDir) : error;
    if (!error.empty())
    {
        std::cerr << "muses-attacks: " << error << std::endl;
        return 2;
    }
    Scenario scenario(c);
    return scenario.Run();
}
