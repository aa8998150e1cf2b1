/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A CLOAK overlay of --peers peers over a light underlay (access routers around a core, or with
// --underlay=direct one channel that gives each packet the same delay), measured in three
// phases:
//  1. static: after the joins, --probes DATA packets between random peers (delivery, hops
//     against the shortest path in the overlay graph and against the tree path) and
//     --lookups DHT lookups of random names;
//  2. churn: a fraction of the peers leave gracefully, fail silently (interface down) or
//     move (new underlay address), and new peers join;
// over IPv4, over IPv6 (--ipv6) or with both on every peer (--dualStack).
//  3. after --repairTime, --probes more DATA packets between the peers still there.
// Writes summary.json, probes.csv and overlay.png (the overlay drawn in the Poincaré disk)
// into --outDir. With --ranks=R under `mpirun -np R` (ns-3 built with its mpi module), the
// routed underlay is split across R processes of ns-3's distributed simulator; every process
// makes the same random choices, acts on its own peers, and rank 0 reports for all.

#include "ns3/core-module.h"
#include "ns3/gnuplot.h"
#include "ns3/internet-module.h"
#include "ns3/muses-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <set>
#include <sys/resource.h>

#ifdef NS3_MPI
#include "ns3/mpi-interface.h"

#include <mpi.h>
#endif

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CloakOverlay");

namespace
{

/// Command-line settings.
struct Settings
{
    std::string outDir{"results/cloak-overlay"}; //!< Output directory
    uint32_t peers{200};                         //!< Peers at the start
    uint32_t degree{8};                          //!< Tree degree q
    uint32_t extraLinks{2};                      //!< Non-tree links each peer opens
    bool lookahead{true};                        //!< Two-hop lookahead
    std::string joinPolicy{"shallow"};           //!< Contacts' order
    uint32_t replicas{3};                        //!< DHT replicas
    uint32_t probes{1000};                       //!< DATA probes per routing phase
    uint32_t lookups{500};                       //!< DHT lookups
    double joinTime{20};                         //!< Seconds over which the peers start
    double churn{0.1};                           //!< Fraction of peers leaving/failing/moving
    double newPeers{0.05};                       //!< Fraction of peers joining during churn
    double repairTime{10};                       //!< Seconds between churn and the probes
    double keepalive{1};                         //!< Keepalive interval, seconds
    uint32_t peersPerRouter{64};                 //!< Underlay fan-out
    std::string underlay{"routers"};             //!< routers or direct
    bool ipv6{false};                            //!< The overlay's links over IPv6
    bool dualStack{false};                       //!< Peers have both families
    bool plot{true};                             //!< Draw overlay.png
    uint32_t ranks{1};                           //!< Processes (mpirun -np)

    /// \return an error message, empty if the settings are usable
    std::string Check() const
    {
        if (joinPolicy != "shallow" && joinPolicy != "random")
        {
            return "--joinPolicy must be shallow or random";
        }
        if (underlay != "routers" && underlay != "direct")
        {
            return "--underlay must be routers or direct";
        }
        if (peers < 2 || peers > 1000000 || degree < 3 || degree > HyperbolicAddress::MAX_DEGREE ||
            replicas < 1 || replicas > 255)
        {
            return "need 2 <= --peers <= 1000000, 3 <= --degree <= 255 and 1 <= --replicas <= 255";
        }
        if (extraLinks > 64 || probes > 1000000 || lookups > 1000000 || peersPerRouter > 65536)
        {
            return "need --extraLinks <= 64, --probes and --lookups <= 1000000 and "
                   "--peersPerRouter <= 65536";
        }
        if (!(joinTime > 0) || !(churn >= 0 && churn < 1) || !(newPeers >= 0 && newPeers <= 1) ||
            !(repairTime > 0) || !(keepalive > 0) || peersPerRouter < 1 || !(joinTime < 1e6) ||
            !(repairTime < 1e6) || !(keepalive < 1e6))
        {
            return "need --joinTime > 0, 0 <= --churn < 1, 0 <= --newPeers <= 1, --repairTime > "
                   "0, --keepalive > 0 and --peersPerRouter >= 1";
        }
        if (ranks < 1 || ranks > 4096 || (ranks > 1 && underlay != "routers"))
        {
            return "need 1 <= --ranks <= 4096, and --underlay=routers for more than one";
        }
        return "";
    }
};

/// The processes of a run: collectives over MPI under --ranks, identities in one process.
namespace Ranks
{

/// \return true if this process reports (rank 0)
bool
IsFirst()
{
#ifdef NS3_MPI
    // MpiInterface's rank, not the simulator's: it outlives Simulator::Destroy().
    if (MpiInterface::IsEnabled())
    {
        return MpiInterface::GetSystemId() == 0;
    }
#endif
    return true;
}

/// \param mine this rank's words \return every rank's words, rank 0's first
std::vector<uint64_t>
Gather(const std::vector<uint64_t>& mine)
{
#ifdef NS3_MPI
    if (MpiInterface::IsEnabled())
    {
        MPI_Comm comm = MpiInterface::GetCommunicator();
        int size = MpiInterface::GetSize();
        int count = mine.size();
        std::vector<int> counts(size);
        std::vector<int> offsets(size);
        MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
        for (int r = 1; r < size; ++r)
        {
            offsets[r] = offsets[r - 1] + counts[r - 1];
        }
        std::vector<uint64_t> all(offsets.back() + counts.back());
        MPI_Allgatherv(mine.data(),
                       count,
                       MPI_UINT64_T,
                       all.data(),
                       counts.data(),
                       offsets.data(),
                       MPI_UINT64_T,
                       comm);
        return all;
    }
#endif
    return mine;
}

/// \param values this rank's values; receives their sums over the ranks
void
Sum(std::vector<double>& values)
{
#ifdef NS3_MPI
    if (MpiInterface::IsEnabled())
    {
        MPI_Allreduce(MPI_IN_PLACE,
                      values.data(),
                      values.size(),
                      MPI_DOUBLE,
                      MPI_SUM,
                      MpiInterface::GetCommunicator());
    }
#endif
}

} // namespace Ranks

/// One DATA probe.
struct Probe
{
    uint32_t src{0};              //!< Source peer index
    uint32_t dst{0};              //!< Destination peer index
    HyperbolicAddress dstAddress; //!< Destination's address when sent
    bool delivered{false};        //!< Arrived at dst
    uint32_t hops{0};             //!< Overlay hops taken
    uint32_t shortest{0};         //!< Shortest path in the overlay graph (0: unreachable)
    uint32_t treePath{0};         //!< Tree path length
};

/// A peer as every rank sees it at one instant (a snapshot gathered from the ranks).
struct PeerView
{
    bool joined{false};               //!< In the overlay (and not churned out)
    HyperbolicAddress address;        //!< Its address (if joined)
    std::vector<uint32_t> neighbours; //!< Its neighbours, by index
};

/// The experiment: the peers, the probes, the measurements.
class Experiment
{
  public:
    /// \param c settings
    explicit Experiment(const Settings& c)
        : m_c(c),
          m_random(CreateObject<UniformRandomVariable>())
    {
    }

    /// Build, run, report. \return the exit status
    int Run();

  private:
    /// The first peers, then the late joiners (started during the churn), with their traces.
    /// \param total every peer
    void InstallPeers(uint32_t total);
    /// Write probes.csv; add routing, stretch, lookup and churn results. \param summary where
    void AddProbeResults(SummaryWriter& summary);

    /// \param i a peer index \return its CloakNode, null if another rank has it
    Ptr<CloakNode> Peer(uint32_t i) const
    {
        return m_peers[i];
    }

    /// \param i a peer index \return its name
    uint64_t Name(uint32_t i) const
    {
        return m_nodes.Get(i)->GetId() + 1;
    }

    /// Send the probes of a phase. \param phase 0 static, 1 after churn
    void StartProbes(uint32_t phase);
    /// Send probe i of a phase.
    void SendProbe(uint32_t phase, uint32_t i);
    /// Start the DHT lookups.
    void StartLookups();
    /// Apply the churn.
    void Churn();
    /// Churn: peer \p i takes a new underlay address. \param i the peer's index
    void Move(uint32_t i);
    /// Deliver trace of peer i.
    void Delivered(uint32_t i, const CloakHeader& header, uint32_t hops);
    /// AddressChange trace of peer i.
    void AddressChanged(uint32_t i, const HyperbolicAddress& from, const HyperbolicAddress& to);
    /// Drop trace of any peer.
    void Dropped(const CloakHeader& header, uint8_t reason);
    /// ParentLost trace of peer i.
    void ParentLost(uint32_t i);
    /// A lookup's outcome.
    void LookedUp(uint64_t name,
                  bool found,
                  const HyperbolicAddress& address,
                  const std::vector<uint8_t>& value);
    /// \return every peer's state, gathered from the ranks (all of them must call it)
    std::vector<PeerView> View() const;
    /// \return the fewest overlay hops from src to dst (BFS, stopping there), 0 if unreachable
    static uint32_t ShortestHops(const std::vector<PeerView>& view, uint32_t src, uint32_t dst);
    /// Sum the ranks' probe, lookup and drop counts into every rank's.
    /// \param totals more sums (this rank's values in, the sums out)
    void Merge(std::vector<double>& totals);
    /// Write overlay.png. \param view the peers at the end
    void Draw(const std::vector<PeerView>& view) const;

    Settings m_c;                                     //!< Settings
    Ptr<UniformRandomVariable> m_random;              //!< Choices
    CloakUnderlayHelper m_underlay;                   //!< The underlay
    NodeContainer m_nodes;                            //!< Peers' nodes
    std::vector<Ptr<CloakNode>> m_peers;              //!< CloakNodes (this rank's)
    std::map<uint64_t, uint32_t> m_index;             //!< Name -> peer index
    std::map<uint64_t, HyperbolicAddress> m_lookedUp; //!< Looked-up name -> right address
    std::vector<bool> m_alive;                        //!< Peer still in the overlay
    std::vector<std::vector<Probe>> m_probes{2};      //!< Probes per phase
    std::map<std::pair<uint64_t, uint64_t>, uint32_t> m_pending[2]; //!< (src,dst) -> probe
    uint32_t m_lookupsOk{0};              //!< Lookups that found the right address
    std::vector<Time> m_lostAt;           //!< When each peer lost its parent
    std::vector<double> m_rejoins;        //!< Rejoin durations, seconds (this rank's)
    uint32_t m_left{0};                   //!< Peers that left
    uint32_t m_failed{0};                 //!< Peers that failed
    uint32_t m_moved{0};                  //!< Peers that moved
    uint32_t m_joinedLate{0};             //!< Peers that joined during churn
    Time m_churnAt;                       //!< When the churn starts
    std::map<uint64_t, uint32_t> m_drops; //!< Drops by type * 256 + reason
};

int
Experiment::Run()
{
    auto wallStart = std::chrono::steady_clock::now();
    uint32_t total = m_c.peers + uint32_t(m_c.peers * m_c.newPeers);
    m_underlay.SetPeersPerRouter(m_c.peersPerRouter);
    m_underlay.SetDirect(m_c.underlay == "direct");
    m_underlay.SetIpv4(!m_c.ipv6 || m_c.dualStack);
    m_underlay.SetIpv6(m_c.ipv6 || m_c.dualStack);
    m_underlay.SetRanks(m_c.ranks);
    m_nodes = m_underlay.Build(total);
    // The time line: joins, 3 s to settle, probes (1 s), lookups (0.5 s), churn, repair,
    // probes again, 2 s for the last ones to arrive.
    Time staticAt = Seconds(m_c.joinTime + 3);
    m_churnAt = staticAt + Seconds(4);
    InstallPeers(total);
    Simulator::Schedule(staticAt, &Experiment::StartProbes, this, 0);
    Simulator::Schedule(staticAt + Seconds(1.5), &Experiment::StartLookups, this);
    Simulator::Schedule(m_churnAt, &Experiment::Churn, this);
    Time after = m_churnAt + Seconds(1 + m_c.repairTime);
    Simulator::Schedule(after, &Experiment::StartProbes, this, 1);
    Simulator::Stop(after + Seconds(2));
    if (Ranks::IsFirst())
    {
        std::cerr << "cloak-overlay: " << total << " peers, simulating "
                  << (after + Seconds(2)).GetSeconds() << " s" << std::endl;
    }
    Simulator::Run();

    std::vector<PeerView> view = View();
    uint32_t joined =
        std::count_if(view.begin(), view.end(), [](const PeerView& v) { return v.joined; });
    if (m_c.plot && Ranks::IsFirst())
    {
        Draw(view);
    }
    uint64_t events = Simulator::GetEventCount();
    Simulator::Destroy();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double rejoinSeconds = 0;
    for (double d : m_rejoins)
    {
        rejoinSeconds += d;
    }
    // Summed over the ranks: events, peak RSS (MB), rejoins, their total duration (s).
    std::vector<double> totals{double(events),
                               usage.ru_maxrss / 1024.0,
                               double(m_rejoins.size()),
                               rejoinSeconds};
    Merge(totals);
    if (!Ranks::IsFirst())
    {
        return 0;
    }
    SummaryWriter summary;
    summary.Add("peers", m_c.peers)
        .Add("degree", m_c.degree)
        .Add("extra_links", m_c.extraLinks)
        .Add("lookahead", m_c.lookahead)
        .Add("join_policy", m_c.joinPolicy)
        .Add("underlay", m_c.underlay)
        .Add("ipv6", m_c.ipv6)
        .Add("dual_stack", m_c.dualStack)
        .Add("ranks", m_c.ranks);
    AddProbeResults(summary);
    std::map<std::string, uint32_t> drops;
    for (const auto& [key, count] : m_drops)
    {
        drops[std::string(CloakHeader::MessageTypeName(key / 256)) + ":" +
              CloakNode::DropReasonName(key % 256)] += count;
    }
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    summary.Add("rejoins", uint32_t(totals[2]))
        .Add("mean_rejoin_s", totals[2] > 0 ? totals[3] / totals[2] : 0.0)
        .Add("peers_joined_at_end", joined)
        .AddCounts("drops", drops)
        .Add("peak_rss_mb", totals[1])
        .Add("wall_time_s", wall)
        .Add("events", uint64_t(totals[0]))
        .Add("us_per_event", totals[0] > 0 ? wall * 1e6 / totals[0] : 0.0);
    std::cout << summary.ToString();
    if (!summary.Write(m_c.outDir + "/summary.json"))
    {
        std::cerr << "cloak-overlay: cannot write " << m_c.outDir << "/summary.json" << std::endl;
        return 1;
    }
    return 0;
}

void
Experiment::InstallPeers(uint32_t total)
{
    CloakHelper cloak;
    cloak.SetAttribute("Degree", UintegerValue(m_c.degree));
    cloak.SetAttribute("ExtraLinks", UintegerValue(m_c.extraLinks));
    cloak.SetAttribute("Lookahead", BooleanValue(m_c.lookahead));
    cloak.SetAttribute("Replicas", UintegerValue(m_c.replicas));
    cloak.SetAttribute("KeepaliveInterval", TimeValue(Seconds(m_c.keepalive)));
    cloak.SetAttribute("NeighbourTimeout", TimeValue(Seconds(3.5 * m_c.keepalive)));
    cloak.SetJoinSpacing(Seconds(m_c.joinTime / m_c.peers));
    cloak.SetShallowJoin(m_c.joinPolicy == "shallow");
    cloak.SetIpv6(m_c.ipv6);
    NodeContainer initial;
    for (uint32_t i = 0; i < m_c.peers; ++i)
    {
        initial.Add(m_nodes.Get(i));
    }
    cloak.Install(initial);
    for (uint32_t i = m_c.peers; i < total; ++i)
    {
        // Late joiners know the root and a few random first peers. Every rank draws them.
        auto address = [this](uint32_t j) {
            return m_c.ipv6 ? Address(m_underlay.GetAddress6(j))
                            : Address(m_underlay.GetAddress(j));
        };
        std::vector<Address> contacts{address(0)};
        for (uint32_t k = 0; k < 8; ++k)
        {
            contacts.push_back(address(m_random->GetInteger(1, m_c.peers - 1)));
        }
        Time start = m_churnAt + Seconds(m_random->GetValue(0, 1));
        cloak.Install(m_nodes.Get(i), contacts).Start(start); // empty on other ranks
    }
    cloak.AssignStreams(m_nodes, 1);
    m_alive.assign(total, true);
    m_lostAt.assign(total, Time(-1));
    m_peers.assign(total, nullptr);
    for (uint32_t i = 0; i < total; ++i)
    {
        m_index[Name(i)] = i;
        Ptr<CloakNode> peer = CloakHelper::GetCloakNode(m_nodes.Get(i));
        if (!peer)
        {
            continue;
        }
        m_peers[i] = peer;
        peer->TraceConnectWithoutContext("Deliver",
                                         MakeCallback(&Experiment::Delivered, this).Bind(i));
        peer->TraceConnectWithoutContext("AddressChange",
                                         MakeCallback(&Experiment::AddressChanged, this).Bind(i));
        peer->TraceConnectWithoutContext("Drop", MakeCallback(&Experiment::Dropped, this));
        peer->TraceConnectWithoutContext("ParentLost",
                                         MakeCallback(&Experiment::ParentLost, this).Bind(i));
    }
}

void
Experiment::Merge(std::vector<double>& totals)
{
    // Each probe arrives at one rank (its destination's), each lookup is counted by one: the
    // sums are the whole overlay's.
    std::vector<double> sums = totals;
    for (const auto& probes : m_probes)
    {
        for (const Probe& p : probes)
        {
            sums.push_back(p.delivered);
            sums.push_back(p.hops);
        }
    }
    sums.push_back(m_lookupsOk);
    Ranks::Sum(sums);
    size_t k = 0;
    for (double& t : totals)
    {
        t = sums[k++];
    }
    for (auto& probes : m_probes)
    {
        for (Probe& p : probes)
        {
            p.delivered = sums[k++] > 0;
            p.hops = sums[k++];
        }
    }
    m_lookupsOk = sums[k++];
    std::vector<uint64_t> words;
    for (const auto& [key, count] : m_drops)
    {
        words.push_back(key);
        words.push_back(count);
    }
    m_drops.clear();
    std::vector<uint64_t> all = Ranks::Gather(words);
    for (size_t j = 0; j + 1 < all.size(); j += 2)
    {
        m_drops[all[j]] += all[j + 1];
    }
}

void
Experiment::AddProbeResults(SummaryWriter& summary)
{
    double ratio[2] = {0, 0};
    double stretch = 0;
    double treeRatio = 0;
    uint32_t measured = 0;
    std::ofstream csv(m_c.outDir + "/probes.csv");
    csv << "phase,src,dst,delivered,hops,shortest,tree_path\n";
    for (uint32_t phase = 0; phase < 2; ++phase)
    {
        uint32_t ok = 0;
        for (const Probe& p : m_probes[phase])
        {
            ok += p.delivered;
            csv << phase << "," << p.src << "," << p.dst << "," << p.delivered << "," << p.hops
                << "," << p.shortest << "," << p.treePath << "\n";
            if (phase == 0 && p.delivered && p.shortest > 0 && p.treePath > 0)
            {
                stretch += double(p.hops) / p.shortest;
                treeRatio += double(p.hops) / p.treePath;
                ++measured;
            }
        }
        ratio[phase] = m_probes[phase].empty() ? 0 : double(ok) / m_probes[phase].size();
    }
    summary.Add("probes", m_probes[0].size())
        .Add("routing_success_ratio", ratio[0])
        .Add("mean_stretch", measured ? stretch / measured : 0.0)
        .Add("mean_hops_over_tree_path", measured ? treeRatio / measured : 0.0)
        .Add("lookups", m_c.lookups)
        .Add("dht_get_success_ratio", m_c.lookups ? double(m_lookupsOk) / m_c.lookups : 0.0)
        .Add("churn_left", m_left)
        .Add("churn_failed", m_failed)
        .Add("churn_moved", m_moved)
        .Add("churn_joined", m_joinedLate)
        .Add("churn_probes", m_probes[1].size())
        .Add("churn_routing_success_ratio", ratio[1]);
}

void
Experiment::StartProbes(uint32_t phase)
{
    std::vector<PeerView> view = View();
    std::vector<uint32_t> live;
    for (uint32_t i = 0; i < view.size(); ++i)
    {
        if (view[i].joined)
        {
            live.push_back(i);
        }
    }
    if (Ranks::IsFirst())
    {
        std::cerr << "cloak-overlay: " << Simulator::Now().GetSeconds() << " s: " << live.size()
                  << " peers joined, probing" << std::endl;
    }
    for (uint32_t k = 0; k < m_c.probes && live.size() >= 2; ++k)
    {
        Probe p;
        p.src = live[m_random->GetInteger(0, live.size() - 1)];
        p.dst = live[m_random->GetInteger(0, live.size() - 1)];
        auto key = std::make_pair(Name(p.src), Name(p.dst));
        if (p.src == p.dst || m_pending[phase].count(key))
        {
            continue;
        }
        p.shortest = ShortestHops(view, p.src, p.dst);
        p.dstAddress = view[p.dst].address;
        const auto& a = view[p.src].address.GetPath();
        const auto& b = p.dstAddress.GetPath();
        uint32_t common = 0;
        while (common < a.size() && common < b.size() && a[common] == b[common])
        {
            ++common;
        }
        p.treePath = a.size() + b.size() - 2 * common;
        m_pending[phase][key] = m_probes[phase].size();
        m_probes[phase].push_back(p);
        if (Peer(p.src))
        {
            Simulator::Schedule(MilliSeconds(k),
                                &Experiment::SendProbe,
                                this,
                                phase,
                                m_probes[phase].size() - 1);
        }
    }
}

void
Experiment::SendProbe(uint32_t phase, uint32_t i)
{
    const Probe& p = m_probes[phase][i];
    uint8_t id[4] = {uint8_t(phase), 0, 0, 0};
    Peer(p.src)->Send(Create<Packet>(id, sizeof(id)), Name(p.dst), p.dstAddress);
}

void
Experiment::Delivered(uint32_t i, const CloakHeader& header, uint32_t hops)
{
    if (header.GetType() != CloakHeader::DATA)
    {
        return;
    }
    uint32_t phase = Simulator::Now() > m_churnAt ? 1 : 0;
    auto it =
        m_pending[phase].find(std::make_pair(header.GetSourceName(), header.GetDestinationName()));
    if (it != m_pending[phase].end() && m_probes[phase][it->second].dst == i)
    {
        m_probes[phase][it->second].delivered = true;
        m_probes[phase][it->second].hops = hops;
        m_pending[phase].erase(it);
    }
}

void
Experiment::StartLookups()
{
    std::vector<PeerView> view = View();
    std::vector<uint32_t> live;
    for (uint32_t i = 0; i < m_c.peers; ++i)
    {
        if (view[i].joined)
        {
            live.push_back(i);
        }
    }
    for (uint32_t k = 0; k < m_c.lookups && !live.empty(); ++k)
    {
        uint32_t from = live[m_random->GetInteger(0, live.size() - 1)];
        uint32_t target = live[m_random->GetInteger(0, live.size() - 1)];
        m_lookedUp[Name(target)] = view[target].address;
        if (Peer(from))
        {
            Simulator::Schedule(MilliSeconds(k),
                                &CloakNode::Lookup,
                                Peer(from),
                                Name(target),
                                MakeCallback(&Experiment::LookedUp, this));
        }
    }
}

void
Experiment::LookedUp(uint64_t name,
                     bool found,
                     const HyperbolicAddress& address,
                     const std::vector<uint8_t>& /* value */)
{
    m_lookupsOk += found && address == m_lookedUp[name];
}

void
Experiment::Churn()
{
    // Leaves, failures and moves in equal parts, among the initial non-root peers. Every rank
    // makes the same choices; each acts on its own peers.
    uint32_t changes = m_c.peers * m_c.churn;
    std::set<uint32_t> chosen;
    while (chosen.size() < std::min(changes, m_c.peers - 1))
    {
        chosen.insert(m_random->GetInteger(1, m_c.peers - 1));
    }
    uint32_t k = 0;
    for (uint32_t i : chosen)
    {
        Time at = Seconds(m_random->GetValue(0, 1));
        bool mine = Peer(i) != nullptr;
        switch (k++ % 3)
        {
        case 0:
            if (mine)
            {
                Simulator::Schedule(at, &CloakNode::Leave, Peer(i));
            }
            m_alive[i] = false;
            ++m_left;
            break;
        case 1: {
            // The access link goes: every family's interface down.
            Ptr<Ipv4> ipv4 = m_nodes.Get(i)->GetObject<Ipv4>();
            if (mine && ipv4)
            {
                Simulator::Schedule(at, &Ipv4::SetDown, ipv4, 1);
            }
            Ptr<Ipv6> ipv6 = m_nodes.Get(i)->GetObject<Ipv6>();
            if (mine && ipv6)
            {
                Simulator::Schedule(at, &Ipv6::SetDown, ipv6, 1);
            }
            m_alive[i] = false;
            ++m_failed;
            break;
        }
        default:
            if (mine)
            {
                Simulator::Schedule(at, &Experiment::Move, this, i);
            }
            ++m_moved;
        }
    }
    m_joinedLate = m_peers.size() - m_c.peers;
}

void
Experiment::Move(uint32_t i)
{
    m_underlay.NewAddress(i);
    // As netlink would: the peer learns of its new address now, not at a poll.
    LocalAddressMonitor::NotifyChanged(m_nodes.Get(i));
}

void
Experiment::AddressChanged(uint32_t i, const HyperbolicAddress&, const HyperbolicAddress&)
{
    if (!m_lostAt[i].IsNegative())
    {
        m_rejoins.push_back((Simulator::Now() - m_lostAt[i]).GetSeconds());
        m_lostAt[i] = Time(-1);
    }
}

void
Experiment::Dropped(const CloakHeader& header, uint8_t reason)
{
    ++m_drops[header.GetType() * 256 + reason];
}

void
Experiment::ParentLost(uint32_t i)
{
    if (m_alive[i])
    {
        m_lostAt[i] = Simulator::Now();
    }
}

std::vector<PeerView>
Experiment::View() const
{
    // Each rank writes its peers as words: index, joined, degree, path length, path,
    // neighbour count, neighbour names.
    std::vector<uint64_t> words;
    for (uint32_t i = 0; i < m_peers.size(); ++i)
    {
        if (!Peer(i))
        {
            continue;
        }
        const HyperbolicAddress& a = Peer(i)->GetAddress();
        std::vector<uint64_t> names = Peer(i)->GetNeighbourNames();
        words.insert(words.end(),
                     {i, m_alive[i] && Peer(i)->IsJoined(), a.GetDegree(), a.GetPath().size()});
        words.insert(words.end(), a.GetPath().begin(), a.GetPath().end());
        words.push_back(names.size());
        words.insert(words.end(), names.begin(), names.end());
    }
    words = Ranks::Gather(words);
    std::vector<PeerView> view(m_peers.size());
    for (size_t k = 0; k < words.size();)
    {
        PeerView& v = view[words[k]];
        v.joined = words[k + 1];
        uint32_t degree = words[k + 2];
        std::vector<uint8_t> path(words.begin() + k + 4, words.begin() + k + 4 + words[k + 3]);
        k += 4 + path.size();
        if (degree > 0)
        {
            HyperbolicAddress::FromPath(degree, path, v.address);
        }
        uint64_t neighbours = words[k++];
        for (uint64_t n = 0; n < neighbours; ++n, ++k)
        {
            auto it = m_index.find(words[k]);
            if (v.joined && it != m_index.end())
            {
                v.neighbours.push_back(it->second);
            }
        }
    }
    return view;
}

uint32_t
Experiment::ShortestHops(const std::vector<PeerView>& view, uint32_t src, uint32_t dst)
{
    // The search stops at the destination, not after the whole overlay: a probe between
    // two peers of a large overlay no longer visits every peer.
    std::vector<uint32_t> d(view.size(), UINT32_MAX);
    std::deque<uint32_t> queue{src};
    d[src] = 0;
    while (!queue.empty())
    {
        uint32_t u = queue.front();
        queue.pop_front();
        for (uint32_t v : view[u].neighbours)
        {
            if (d[v] == UINT32_MAX)
            {
                if (v == dst)
                {
                    return d[u] + 1;
                }
                d[v] = d[u] + 1;
                queue.push_back(v);
            }
        }
    }
    return 0;
}

void
Experiment::Draw(const std::vector<PeerView>& view) const
{
    // Tree links as geodesics (map one end to the origin, where geodesics are straight).
    Gnuplot2dDataset tree("tree links");
    tree.SetStyle(Gnuplot2dDataset::LINES);
    Gnuplot2dDataset peers("peers");
    peers.SetStyle(Gnuplot2dDataset::POINTS);
    for (uint32_t i = 0; i < view.size(); ++i)
    {
        const HyperbolicAddress& a = view[i].address;
        if (!view[i].joined && i != 0)
        {
            continue;
        }
        peers.Add(double(a.GetPoint().real()), double(a.GetPoint().imag()));
        if (a.GetPath().empty())
        {
            continue;
        }
        std::vector<uint8_t> up(a.GetPath().begin(), a.GetPath().end() - 1);
        HyperbolicAddress parent;
        HyperbolicAddress::FromPath(a.GetDegree(), up, parent);
        HyperbolicAddress::Point u = parent.GetPoint();
        HyperbolicAddress::Point w = HyperbolicAddress::ToOrigin(a.GetPoint(), u);
        for (int s = 0; s <= 16; ++s)
        {
            HyperbolicAddress::Point p =
                HyperbolicAddress::FromOrigin(w * static_cast<long double>(s / 16.0), u);
            tree.Add(double(p.real()), double(p.imag()));
        }
        tree.AddEmptyLine();
    }
    Gnuplot plot(m_c.outDir + "/overlay.png");
    plot.SetTerminal("png size 1000,1000");
    plot.SetTitle("CLOAK overlay in the Poincare disk (" + std::to_string(m_c.peers) +
                  " peers, q = " + std::to_string(m_c.degree) + ")");
    plot.SetExtra("set size square\nset xrange [-1:1]\nset yrange [-1:1]\n"
                  "set object 1 circle at 0,0 size 1 fc rgb 'gray'\nunset key");
    plot.AddDataset(tree);
    plot.AddDataset(peers);
    std::string script = m_c.outDir + "/overlay.plt";
    std::ofstream out(script);
    plot.GenerateOutput(out);
    out.close();
    if (!ThroughputPlot::Render(script))
    {
        std::cerr << "cloak-overlay: gnuplot failed; the script is " << script << std::endl;
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    Settings c;
    // The peers hear of their moves from Experiment::Move: no need to poll their addresses.
    Config::SetDefault("ns3::LocalAddressMonitor::Interval", TimeValue(Time(0)));
    // A closed link's socket stays in TIME_WAIT for twice the maximum segment lifetime: ns-3's
    // 120 s would keep every link a join redirect or a refusal closed for the whole run. No
    // packet lives a second in this underlay, so 2 s still cover every straggler.
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1));
    // A binary heap in one array, not a tree of scattered nodes: the events pending (every
    // socket's timers, cancelled ones included) outgrow the caches first. --SchedulerType
    // still chooses.
    GlobalValue::Bind("SchedulerType", StringValue("ns3::PriorityQueueScheduler"));
    CommandLine cmd(__FILE__);
    cmd.Usage("A CLOAK overlay over a light underlay: joins, a static phase (routing probes, "
              "DHT lookups), churn (leaves, failures, moves, new peers), then probes again. "
              "Writes summary.json, probes.csv and overlay.png into --outDir.");
    cmd.AddValue("outDir", "output directory", c.outDir);
    cmd.AddValue("peers", "peers at the start (>= 2)", c.peers);
    cmd.AddValue("degree", "tree degree q (3 .. 255)", c.degree);
    cmd.AddValue("extraLinks", "non-tree links each peer opens", c.extraLinks);
    cmd.AddValue("lookahead", "greedy routing looks at the neighbours' neighbours", c.lookahead);
    cmd.AddValue("joinPolicy",
                 "shallow (contacts tried root first, then the oldest) or random (a random-join "
                 "tree, for comparison)",
                 c.joinPolicy);
    cmd.AddValue("replicas", "DHT copies per name (1 .. 255)", c.replicas);
    cmd.AddValue("probes", "DATA probes per routing phase", c.probes);
    cmd.AddValue("lookups", "DHT lookups in the static phase", c.lookups);
    cmd.AddValue("joinTime", "seconds over which the peers start", c.joinTime);
    cmd.AddValue("churn", "fraction of peers that leave, fail or move (0 .. <1)", c.churn);
    cmd.AddValue("newPeers", "fraction of peers that join during the churn", c.newPeers);
    cmd.AddValue("repairTime", "seconds between the churn and the second probes", c.repairTime);
    cmd.AddValue("keepalive", "keepalive interval, seconds (timeout: 3.5 of them)", c.keepalive);
    cmd.AddValue("peersPerRouter", "peers per access router of the underlay", c.peersPerRouter);
    cmd.AddValue("underlay",
                 "routers (access, aggregation and core routers, two events per packet and "
                 "link) or direct (one channel with the same delays, one event per packet: for "
                 "10^5 peers)",
                 c.underlay);
    cmd.AddValue("ipv6", "the overlay's links over IPv6 (an IPv6 underlay)", c.ipv6);
    cmd.AddValue("dualStack",
                 "every peer has IPv4 and IPv6 addresses, and moves in both; the overlay uses "
                 "the family --ipv6 picks",
                 c.dualStack);
    cmd.AddValue("plot", "draw overlay.png", c.plot);
    cmd.AddValue("ranks",
                 "processes of ns-3's distributed simulator: run under mpirun -np <ranks> "
                 "(needs ns-3 built with --enable-mpi and --underlay=routers)",
                 c.ranks);
    CommandLineCheck numbers;
    numbers.AddCount({"peers", "degree", "extraLinks", "replicas", "probes", "lookups"});
    numbers.AddCount({"peersPerRouter", "ranks"});
    numbers.AddBool({"lookahead", "ipv6", "dualStack", "plot"});
    numbers.AddReal({"joinTime", "churn", "newPeers", "repairTime", "keepalive"});
    std::string error = numbers.Parse(cmd, argc, argv);
    error = error.empty() ? c.Check() : error;
    error = error.empty() ? CommandLineCheck::MakeOutputDirectory("outDir", c.outDir) : error;
    if (!error.empty())
    {
        std::cerr << "cloak-overlay: " << error << std::endl;
        return 2;
    }
    if (c.ranks > 1)
    {
#ifdef NS3_MPI
        GlobalValue::Bind("SimulatorImplementationType",
                          StringValue("ns3::DistributedSimulatorImpl"));
        MpiInterface::Enable(&argc, &argv);
        if (MpiInterface::GetSize() != c.ranks)
        {
            std::cerr << "cloak-overlay: --ranks=" << c.ranks << " but mpirun started "
                      << MpiInterface::GetSize() << " processes" << std::endl;
            MpiInterface::Disable();
            return 2;
        }
#else
        std::cerr << "cloak-overlay: --ranks needs ns-3's mpi module (configure ns-3 with "
                     "--enable-mpi)"
                  << std::endl;
        return 2;
#endif
    }
    int status = Experiment(c).Run();
#ifdef NS3_MPI
    if (MpiInterface::IsEnabled())
    {
        MpiInterface::Disable();
    }
#endif
    return status;
}
