/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CloakNode on a real (small) underlay: joins, routing, the DHT, repair, bad input, and a
// MUSEs session over the overlay surviving a move.

#include "cloak-test-utils.h"
#include "muses-lambda.h"

#include "ns3/boolean.h"
#include "ns3/checked-stream-helper.h"
#include "ns3/checked-stream-sink.h"
#include "ns3/checked-stream-source.h"
#include "ns3/cloak-helper.h"
#include "ns3/cloak-transport.h"
#include "ns3/cloak-underlay-helper.h"
#include "ns3/data-rate.h"
#include "ns3/frame-socket.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/muses-header.h"
#include "ns3/muses-helper.h"
#include "ns3/muses-l4-protocol.h"
#include "ns3/muses-socket-factory.h"
#include "ns3/names.h"
#include "ns3/network-event-helper.h"
#include "ns3/object-ptr-container.h"
#include "ns3/paper-topology-helper.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <map>
#include <set>

namespace ns3
{
namespace tests
{

/// A small overlay on CloakUnderlayHelper's underlay.
struct CloakFixture
{
    CloakUnderlayHelper underlay; //!< The underlay
    NodeContainer nodes;          //!< Peers' nodes
    ApplicationContainer apps;    //!< Their CloakNodes
    CloakHelper cloak;            //!< The helper

    /// Build n peers, 8 per access router. \param n peers \param spacing join spacing
    void Build(uint32_t n, Time spacing)
    {
        underlay.SetPeersPerRouter(8);
        nodes = underlay.Build(n);
        cloak.SetJoinSpacing(spacing);
        apps = cloak.Install(nodes);
        cloak.AssignStreams(nodes, 7);
    }

    /// \param i index \return the i-th peer
    Ptr<CloakNode> Peer(uint32_t i) const
    {
        return DynamicCast<CloakNode>(apps.Get(i));
    }

    /// \return how many peers are joined
    uint32_t Joined() const
    {
        uint32_t joined = 0;
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            joined += Peer(i)->IsJoined();
        }
        return joined;
    }

    /// Send a probe from peer a to peer b (at the time it is called), counting deliveries.
    void Probe(uint32_t a, uint32_t b)
    {
        Peer(a)->Send(Create<Packet>(8), Peer(b)->GetName(), Peer(b)->GetAddress());
    }

    /**
     * MUSEs over CLOAK on every peer, and a checked stream from peer a to peer b at 2 s.
     * \param a sender \param b receiver \param bytes how many
     * \param sink receives the sink \param source receives the source
     */
    void MusesTransfer(uint32_t a,
                       uint32_t b,
                       uint64_t bytes,
                       Ptr<CheckedStreamSink>* sink,
                       Ptr<CheckedStreamSource>* source)
    {
        MusesHelper muses;
        muses.SetTransport("ns3::CloakTransport");
        muses.Install(nodes);
        Address to = MusesHelper::GetAddress(nodes.Get(b), 9);
        CheckedStreamHelper sinkHelper("ns3::CheckedStreamSink", "ns3::MusesSocketFactory", to);
        *sink = DynamicCast<CheckedStreamSink>(sinkHelper.Install(nodes.Get(b)).Get(0));
        CheckedStreamHelper sourceHelper("ns3::CheckedStreamSource", "ns3::MusesSocketFactory", to);
        sourceHelper.SetAttribute("MaxBytes", UintegerValue(bytes));
        *source = DynamicCast<CheckedStreamSource>(sourceHelper.Install(nodes.Get(a)).Get(0));
        (*source)->SetStartTime(Seconds(2));
    }

    /**
     * \brief A raw TCP link from a peer's node to another node's overlay port, introduced
     *        by a KEEPALIVE as an extra neighbour's would be: what follows is written by hand.
     * \param raw the link \param from the peer's index \param to the other node
     */
    void LinkAsNeighbour(Ptr<FrameSocket> raw, uint32_t from, Ptr<Node> to)
    {
        Ptr<Socket> socket = Socket::CreateSocket(nodes.Get(from), TcpSocketFactory::GetTypeId());
        socket->Bind();
        raw->Attach(socket, false);
        socket->Connect(InetSocketAddress(CloakHelper::GetUnderlayAddress(to), 7200));
        CloakHeader hello;
        hello.SetType(CloakHeader::KEEPALIVE);
        hello.SetTtl(1);
        hello.SetSourceName(Peer(from)->GetName());
        hello.SetSourceAddress(Peer(from)->GetAddress());
        const uint8_t keepalive[] = {1, 0}; // joined, no neighbours
        Ptr<Packet> frame = Create<Packet>(keepalive, sizeof(keepalive));
        hello.SetPayloadLength(frame->GetSize());
        frame->AddHeader(hello);
        raw->Send(frame);
    }

    /// Count DATA deliveries at every peer into *count.
    void CountDeliveries(uint32_t* count)
    {
        for (uint32_t i = 0; i < apps.GetN(); ++i)
        {
            Peer(i)->SetReceiveCallback(
                MakeLambdaCallback<Ptr<Packet>, uint64_t, const HyperbolicAddress&>(
                    [count](Ptr<Packet>, uint64_t, const HyperbolicAddress&) { ++*count; }));
        }
    }
};

/// All peers start at the same instant: every one gets an address, all different.
class ConcurrentJoinsTestCase : public TestCase
{
  public:
    ConcurrentJoinsTestCase()
        : TestCase("40 peers joining at once get 40 distinct addresses; the tree is consistent")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.Build(40, Seconds(0));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(f.Joined(), 40, "every peer joined");
        std::set<std::vector<uint8_t>> paths;
        std::map<uint64_t, uint32_t> byName;
        for (uint32_t i = 0; i < 40; ++i)
        {
            paths.insert(f.Peer(i)->GetAddress().GetPath());
            byName[f.Peer(i)->GetName()] = i;
        }
        NS_TEST_EXPECT_MSG_EQ(paths.size(), 40, "addresses are unique");
        for (uint32_t i = 1; i < 40; ++i)
        {
            // A peer's address is one of its parent's children.
            const std::vector<uint8_t>& path = f.Peer(i)->GetAddress().GetPath();
            uint64_t parent = f.Peer(i)->GetParentName();
            NS_TEST_ASSERT_MSG_EQ(byName.count(parent), 1, "peer " << i << " has a parent");
            std::vector<uint8_t> up(path.begin(), path.end() - 1);
            NS_TEST_EXPECT_MSG_EQ((f.Peer(byName[parent])->GetAddress().GetPath() == up),
                                  true,
                                  "peer " << i << " is below its parent");
        }
        NS_TEST_EXPECT_MSG_EQ(f.Peer(0)->GetAddress().GetPath().empty(), true, "root");
        Simulator::Destroy();
    }
};

/// A static overlay delivers every packet, over tree and extra links with lookahead.
class StaticDeliveryTestCase : public TestCase
{
  public:
    /// \param lookahead with two-hop lookahead \param proximity with ProximityRouting
    /// \param direct on the direct underlay (UnderlayChannel), not the routers
    StaticDeliveryTestCase(bool lookahead, bool proximity, bool direct = false)
        : TestCase(std::string("static overlay of 150 peers: 100% of 600 probes delivered") +
                   (lookahead ? ", two-hop lookahead" : ", plain greedy") +
                   (proximity ? ", proximity routing" : "") + (direct ? ", direct underlay" : "")),
          m_lookahead(lookahead),
          m_proximity(proximity),
          m_direct(direct)
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.cloak.SetAttribute("Lookahead", BooleanValue(m_lookahead));
        f.cloak.SetAttribute("ProximityRouting", BooleanValue(m_proximity));
        f.cloak.SetAttribute("ExtraLinks", UintegerValue(2));
        f.underlay.SetDirect(m_direct);
        f.Build(150, MilliSeconds(20));
        uint32_t delivered = 0;
        uint32_t dropped = 0;
        f.CountDeliveries(&delivered);
        for (uint32_t i = 0; i < 150; ++i)
        {
            f.Peer(i)->TraceConnectWithoutContext(
                "Drop",
                MakeLambdaCallback<const CloakHeader&, uint8_t>(
                    [&dropped](const CloakHeader&, uint8_t) { ++dropped; }));
        }
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(3);
        uint32_t sent = 0;
        for (uint32_t k = 0; k < 600; ++k)
        {
            uint32_t a = random->GetInteger(0, 149);
            uint32_t b = random->GetInteger(0, 149);
            if (a != b)
            {
                ScheduleLambda(Seconds(5) + MilliSeconds(k), [&f, a, b]() { f.Probe(a, b); });
                ++sent;
            }
        }
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(f.Joined(), 150, "every peer joined");
        NS_TEST_EXPECT_MSG_EQ(delivered, sent, "every probe delivered");
        NS_TEST_EXPECT_MSG_EQ(dropped, 0, "nothing dropped");
        Simulator::Destroy();
    }

    bool m_lookahead; //!< Two-hop lookahead
    bool m_proximity; //!< ProximityRouting
    bool m_direct;    //!< On the direct underlay
};

/// Two-hop lookahead routes by what each neighbour last said its neighbours are. Keepalives
/// repeat that list only when it changed: after joins, moves and leaves every peer's view of
/// every neighbour is still exactly that neighbour's neighbours. Also on a dual-stack
/// underlay with the overlay over IPv6: the moved peers rejoin at their new IPv6 addresses
/// and no overlay link is IPv4.
class TwoHopViewTestCase : public TestCase
{
  public:
    /// \param ipv6 a dual-stack underlay, the overlay over IPv6
    TwoHopViewTestCase(bool ipv6)
        : TestCase(std::string("two-hop views follow moves and leaves, lists sent only when "
                               "changed") +
                   (ipv6 ? " (dual stack, overlay over IPv6)" : "")),
          m_ipv6(ipv6)
    {
    }

  private:
    bool m_ipv6; //!< Dual stack, the overlay over IPv6

    void DoRun() override
    {
        CloakFixture f;
        f.underlay.SetIpv6(m_ipv6);
        f.cloak.SetIpv6(m_ipv6);
        f.Build(60, MilliSeconds(20));
        uint32_t tcp[2] = {0, 0}; // TCP segments the peers send, by IP version
        for (uint32_t i = 0; i < 60 && m_ipv6; ++i)
        {
            f.nodes.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeLambdaCallback<Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                    [&tcp](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t) {
                        Ipv4Header header;
                        packet->PeekHeader(header);
                        tcp[0] += header.GetProtocol() == TcpL4Protocol::PROT_NUMBER;
                    }));
            f.nodes.Get(i)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeLambdaCallback<Ptr<const Packet>, Ptr<Ipv6>, uint32_t>(
                    [&tcp](Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t) {
                        Ipv6Header header;
                        packet->PeekHeader(header);
                        tcp[1] += header.GetNextHeader() == TcpL4Protocol::PROT_NUMBER;
                    }));
        }
        std::map<uint32_t, Ipv6Address> before; // the moved peers' IPv6 addresses
        for (uint32_t i : {10u, 20u, 35u})
        {
            if (m_ipv6)
            {
                before[i] = f.underlay.GetAddress6(i);
            }
            Simulator::Schedule(Seconds(4), &CloakUnderlayHelper::NewAddress, &f.underlay, i);
        }
        for (uint32_t i : {30u, 40u})
        {
            Simulator::Schedule(Seconds(4.5), &CloakNode::Leave, f.Peer(i));
        }
        Simulator::Stop(Seconds(9.5));
        Simulator::Run();
        std::map<uint64_t, uint32_t> byName;
        for (uint32_t i = 0; i < 60; ++i)
        {
            byName[f.Peer(i)->GetName()] = i;
        }
        uint32_t views = 0;
        uint32_t points = 0;
        for (uint32_t i = 0; i < 60; ++i)
        {
            for (uint64_t name : f.Peer(i)->GetNeighbourNames())
            {
                Ptr<CloakNode> neighbour = f.Peer(byName[name]);
                std::set<std::pair<long double, long double>> truth;
                for (uint64_t other : neighbour->GetNeighbourNames())
                {
                    HyperbolicAddress::Point p = f.Peer(byName[other])->GetAddress().GetPoint();
                    truth.insert({p.real(), p.imag()});
                }
                std::set<std::pair<long double, long double>> view;
                for (const HyperbolicAddress::Point& p : f.Peer(i)->GetTwoHopView(name))
                {
                    view.insert({p.real(), p.imag()});
                }
                NS_TEST_EXPECT_MSG_EQ((view == truth),
                                      true,
                                      "peer " << i << "'s view of peer " << byName[name] << ": "
                                              << view.size() << " points, " << truth.size()
                                              << " neighbours");
                ++views;
                points += view.size();
            }
        }
        NS_TEST_EXPECT_MSG_GT(views, 100, "views compared");
        NS_TEST_EXPECT_MSG_GT(points, 3 * views, "views are not empty");
        for (const auto& [i, old] : before)
        {
            NS_TEST_EXPECT_MSG_NE(f.underlay.GetAddress6(i), old, "peer " << i << " moved");
            NS_TEST_EXPECT_MSG_EQ(f.Peer(i)->IsJoined(), true, "peer " << i << " rejoined");
        }
        if (m_ipv6)
        {
            NS_TEST_EXPECT_MSG_EQ(tcp[0], 0, "no overlay link over IPv4");
            NS_TEST_EXPECT_MSG_GT(tcp[1], 1000, "the overlay over IPv6");
        }
        Simulator::Destroy();
    }
};

/// The DHT answers lookups, and still does when the peer holding replica 0 has failed.
class DhtReplicaTestCase : public TestCase
{
  public:
    DhtReplicaTestCase()
        : TestCase("DHT: every lookup found; still found after replica 0's holder fails")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.cloak.SetAttribute("RefreshInterval", TimeValue(Seconds(60)));
        f.Build(40, MilliSeconds(20));
        uint32_t found = 0;
        uint32_t missed = 0;
        auto count = OnLookup(
            [&](uint64_t name, bool ok, const HyperbolicAddress& a, const std::vector<uint8_t>&) {
                bool right = false;
                for (uint32_t i = 0; i < 40; ++i)
                {
                    right |= f.Peer(i)->GetName() == name && f.Peer(i)->GetAddress() == a;
                }
                (ok && right ? found : missed)++;
            });
        for (uint32_t i = 0; i < 40; ++i)
        {
            ScheduleLambda(Seconds(4) + MilliSeconds(10 * i), [&f, i, count]() {
                f.Peer((i * 7) % 40)->Lookup(f.Peer(i)->GetName(), count);
            });
        }
        // At 6 s: the holder of replica 0 of some peer's record fails silently (no refresh
        // before the lookup at 12 s: RefreshInterval is 60 s here).
        uint64_t target = 0;
        uint32_t targetIndex = 0;
        int32_t holder = -1;
        uint32_t held = 0;
        uint32_t soonFound = 0;
        Time soonTook;
        ScheduleLambda(Seconds(6), [&]() {
            for (uint32_t t = 20; t < 40 && holder < 0; ++t)
            {
                HyperbolicAddress key = CloakDht::KeyPoint(f.Peer(t)->GetName(), 0, 30);
                uint32_t closest = 0;
                for (uint32_t i = 1; i < 40; ++i)
                {
                    if (f.Peer(i)->GetAddress().DistanceTo(key) <
                        f.Peer(closest)->GetAddress().DistanceTo(key))
                    {
                        closest = i;
                    }
                }
                if (closest != 0 && closest != 3 && closest != t)
                {
                    target = f.Peer(t)->GetName();
                    targetIndex = t;
                    holder = closest;
                }
            }
            held = f.Peer(holder)->GetRecordCount();
            f.nodes.Get(holder)->GetObject<Ipv4>()->SetDown(1);
            // Right after, before anyone noticed: the GET to replica 0 goes to the dead peer.
            ScheduleLambda(MilliSeconds(50), [&]() {
                f.Peer(3)->Lookup(target,
                                  OnLookup([&](uint64_t,
                                               bool ok,
                                               const HyperbolicAddress& a,
                                               const std::vector<uint8_t>&) {
                                      soonFound += ok && a == f.Peer(targetIndex)->GetAddress();
                                      soonTook = Simulator::Now() - Seconds(6.05);
                                  }));
            });
        });
        uint32_t afterFound = 0;
        ScheduleLambda(Seconds(12), [&]() {
            f.Peer(3)->Lookup(target,
                              OnLookup([&](uint64_t,
                                           bool ok,
                                           const HyperbolicAddress& a,
                                           const std::vector<uint8_t>&) {
                                  afterFound += ok && a == f.Peer(targetIndex)->GetAddress();
                              }));
        });
        Simulator::Stop(Seconds(16));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(found, 40, "every lookup found the right address");
        NS_TEST_EXPECT_MSG_EQ(missed, 0, "no lookup failed");
        NS_TEST_ASSERT_MSG_GT(holder, 0, "a holder was found");
        NS_TEST_EXPECT_MSG_EQ((held > 0), true, "it held records");
        NS_TEST_EXPECT_MSG_EQ(afterFound, 1, "found through another replica after the failure");
        // Right after the failure: found through the others, and not after LookupTimeout
        // (1 s): the silent replica is waited for three times as long as the first answer.
        NS_TEST_EXPECT_MSG_EQ(soonFound, 1, "found right after the failure");
        NS_TEST_EXPECT_MSG_LT(soonTook, MilliSeconds(500), "without waiting for the gone one");
        Simulator::Destroy();
    }
};

/// A peer with a subtree fails: its children rejoin, the subtree is readdressed, routing works.
class ParentFailureTestCase : public TestCase
{
  public:
    ParentFailureTestCase()
        : TestCase("a parent fails: its children rejoin elsewhere and are reachable again")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.Build(50, MilliSeconds(20));
        int32_t parent = -1;
        std::vector<uint32_t> children;
        std::vector<HyperbolicAddress> before;
        ScheduleLambda(Seconds(5), [&]() {
            // The non-root peer with the most children.
            for (uint32_t i = 1; i < 50; ++i)
            {
                std::vector<uint32_t> mine;
                for (uint32_t j = 1; j < 50; ++j)
                {
                    if (f.Peer(j)->GetParentName() == f.Peer(i)->GetName())
                    {
                        mine.push_back(j);
                    }
                }
                if (mine.size() > children.size())
                {
                    children = mine;
                    parent = i;
                }
            }
            for (uint32_t c : children)
            {
                before.push_back(f.Peer(c)->GetAddress());
            }
            f.nodes.Get(parent)->GetObject<Ipv4>()->SetDown(1);
        });
        uint32_t delivered = 0;
        f.CountDeliveries(&delivered);
        uint32_t sent = 0;
        ScheduleLambda(Seconds(12), [&]() {
            for (uint32_t c : children)
            {
                for (uint32_t from : {0U, 7U, 33U})
                {
                    if (from != c && int32_t(from) != parent)
                    {
                        f.Probe(from, c);
                        ++sent;
                    }
                }
            }
        });
        Simulator::Stop(Seconds(14));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_GT(children.size(), 1, "the failed peer had children");
        for (uint32_t k = 0; k < children.size(); ++k)
        {
            Ptr<CloakNode> child = f.Peer(children[k]);
            NS_TEST_EXPECT_MSG_EQ(child->IsJoined(), true, "child " << k << " rejoined");
            NS_TEST_EXPECT_MSG_NE(child->GetParentName(), f.Peer(parent)->GetName(), "new parent");
            NS_TEST_EXPECT_MSG_EQ((child->GetAddress() != before[k]), true, "new address");
        }
        NS_TEST_EXPECT_MSG_EQ(delivered, sent, "the children are reachable again");
        Simulator::Destroy();
    }
};

/// Keepalives go only on idle links: the side with the lower name (the root) sends one a
/// round while nothing else crosses the link, none while the other side's DATA frames or its
/// own do, and the link lasts through both (those frames and their acknowledgements keep it).
/// Counted as TCP segments with data on the underlay, by sender, per 5 s window.
class IdleKeepaliveTestCase : public TestCase
{
  public:
    IdleKeepaliveTestCase()
        : TestCase("keepalives only on idle links: none a round while DATA frames cross it")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.cloak.SetAttribute("ExtraLinks", UintegerValue(0));
        f.cloak.SetAttribute("RefreshInterval", TimeValue(Seconds(100))); // no DHT_PUT here
        f.Build(2, MilliSeconds(20));
        // segments[window][peer]: windows [2.5, 7.5) idle, [7.5, 12.5) peer 1 sends, [12.5,
        // 17.5) peer 0 sends, [17.5, 22.5) idle again
        uint32_t segments[4][2] = {};
        for (uint32_t i = 0; i < 2; ++i)
        {
            f.nodes.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeLambdaCallback<Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                    [&segments, i](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t) {
                        double t = Simulator::Now().GetSeconds() - 2.5;
                        if (t < 0 || t >= 20)
                        {
                            return;
                        }
                        Ptr<Packet> copy = packet->Copy();
                        Ipv4Header ip;
                        TcpHeader tcp;
                        copy->RemoveHeader(ip);
                        if (ip.GetProtocol() != TcpL4Protocol::PROT_NUMBER)
                        {
                            return;
                        }
                        copy->RemoveHeader(tcp);
                        segments[uint32_t(t / 5)][i] += copy->GetSize() > 0;
                    }));
        }
        uint32_t delivered = 0;
        f.CountDeliveries(&delivered);
        for (uint32_t k = 0; k < 25; ++k)
        {
            ScheduleLambda(Seconds(7.6) + MilliSeconds(200 * k), [&f]() { f.Probe(1, 0); });
            ScheduleLambda(Seconds(12.6) + MilliSeconds(200 * k), [&f]() { f.Probe(0, 1); });
        }
        Simulator::Stop(Seconds(22.5));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(f.Joined(), 2, "both joined");
        NS_TEST_EXPECT_MSG_EQ(delivered, 50, "every probe delivered");
        NS_TEST_EXPECT_MSG_EQ(f.Peer(1)->GetParentName(), f.Peer(0)->GetName(), "the link lasted");
        NS_TEST_EXPECT_MSG_EQ(f.Peer(1)->GetCounters().joins, 1, "peer 1 joined once");
        NS_TEST_EXPECT_MSG_EQ(segments[0][0], 5, "idle: the root's five keepalives");
        NS_TEST_EXPECT_MSG_EQ(segments[0][1], 0, "idle: peer 1 only acknowledges");
        NS_TEST_EXPECT_MSG_EQ(segments[1][0], 0, "peer 1's DATA: no keepalive from the root");
        NS_TEST_EXPECT_MSG_EQ(segments[1][1], 25, "peer 1's DATA frames");
        NS_TEST_EXPECT_MSG_EQ(segments[2][0], 25, "the root's DATA frames and no keepalive");
        NS_TEST_EXPECT_MSG_EQ(segments[2][1], 0, "peer 1 only acknowledges");
        // Rounds at 17.1, 18.1 ... 22.1 s: the first still saw the DATA frame of 17.4 s.
        NS_TEST_EXPECT_MSG_EQ(segments[3][0], 4, "idle again: keepalives from the next round");
        Simulator::Destroy();
    }
};

/// A lookup made while the peer is detached waits for its rejoin and is then answered; it
/// does not use its replicas up on asks that could not leave the peer.
class DetachedLookupTestCase : public TestCase
{
  public:
    DetachedLookupTestCase()
        : TestCase("a lookup made while detached is asked, and answered, once the peer rejoins")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.Build(20, MilliSeconds(20));
        const uint32_t mover = 13;
        const uint32_t target = 5;
        Time asked;
        Time answered;
        bool found = false;
        HyperbolicAddress address;
        auto done = OnLookup(
            [&](uint64_t, bool ok, const HyperbolicAddress& a, const std::vector<uint8_t>&) {
                answered = Simulator::Now();
                found = ok;
                address = a;
            });
        // Cut off: the mover's access link drops everything from 4 s to 14 s; once the mover
        // knows it has lost its parent it looks the target up. The link is back well after
        // the three replicas would all have timed out (1 s each).
        Ptr<NetDevice> access = f.nodes.Get(mover)->GetDevice(1);
        Ptr<Channel> channel = access->GetChannel();
        NetDeviceContainer link(access, channel->GetDevice(channel->GetDevice(0) == access));
        NetworkEventHelper events;
        events.CutLink(link, Seconds(4), Seconds(10));
        const Time up = Seconds(14);
        f.Peer(mover)->TraceConnectWithoutContext("ParentLost", MakeLambdaCallback([&]() {
                                                      if (asked.IsZero())
                                                      {
                                                          asked = Simulator::Now();
                                                          f.Peer(mover)->Lookup(
                                                              f.Peer(target)->GetName(),
                                                              done);
                                                      }
                                                  }));
        Simulator::Stop(Seconds(25));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(asked.IsZero(), false, "the mover noticed it was cut off");
        NS_TEST_ASSERT_MSG_LT(asked, up, "and asked while detached");
        NS_TEST_EXPECT_MSG_EQ(f.Peer(mover)->IsJoined(), true, "it rejoined");
        NS_TEST_EXPECT_MSG_EQ(found, true, "the lookup was answered");
        NS_TEST_EXPECT_MSG_EQ((address == f.Peer(target)->GetAddress()), true, "rightly");
        NS_TEST_EXPECT_MSG_GT(answered, up, "after the mover was back");
        Simulator::Destroy();
    }
};

/// Garbage on the overlay port is counted and closed, and the overlay keeps working.
class MalformedTestCase : public TestCase
{
  public:
    MalformedTestCase()
        : TestCase("malformed CLOAK frames are dropped and counted, nothing else changes")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.Build(6, MilliSeconds(20));
        Ptr<Socket> attacker;
        ScheduleLambda(Seconds(2), [&]() {
            attacker = Socket::CreateSocket(f.nodes.Get(5), TcpSocketFactory::GetTypeId());
            attacker->Bind();
            attacker->Connect(
                InetSocketAddress(CloakHelper::GetUnderlayAddress(f.nodes.Get(0)), 7200));
        });
        ScheduleLambda(Seconds(2.5), [&]() {
            // Frames: a short one, one with a bad version, one with a lying length.
            const uint8_t frames[] = {0, 3, 1, 2, 3, 0, 6, 9, 1, 0, 64, 0, 0, 0, 4, 1, 5, 0, 64};
            attacker->Send(Create<Packet>(frames, sizeof(frames)));
        });
        uint32_t delivered = 0;
        f.CountDeliveries(&delivered);
        ScheduleLambda(Seconds(4), [&]() { f.Probe(1, 4); });
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(f.Peer(0)->GetCounters().badFrames, 3, "three bad frames counted");
        NS_TEST_EXPECT_MSG_EQ(f.Joined(), 6, "the overlay is intact");
        NS_TEST_EXPECT_MSG_EQ(delivered, 1, "and routes");
        Simulator::Destroy();
    }
};

/// MUSEs over CLOAK: a transfer survives the receiver's move (new underlay address, rejoin,
/// new overlay address) with every byte delivered once.
class MusesOverCloakTestCase : public TestCase
{
  public:
    MusesOverCloakTestCase()
        : TestCase("a MUSEs session over CLOAK survives a move: all bytes, once, in order")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.underlay.SetAccessLink(DataRate("10Mbps"), MilliSeconds(2));
        f.Build(12, MilliSeconds(20));
        Ptr<CheckedStreamSink> sink;
        Ptr<CheckedStreamSource> source;
        f.MusesTransfer(4, 9, 3000000, &sink, &source);
        HyperbolicAddress before;
        uint64_t atMove = 0;
        ScheduleLambda(Seconds(3), [&]() {
            atMove = sink->GetBytesReceived();
            before = f.Peer(9)->GetAddress();
            f.underlay.NewAddress(9);
        });
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ((atMove > 0 && atMove < 3000000), true, "moved mid-transfer");
        NS_TEST_EXPECT_MSG_EQ((f.Peer(9)->GetAddress() != before), true, "bob got a new address");
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 3000000, "every byte arrived");
        NS_TEST_EXPECT_MSG_EQ(sink->GetFirstMismatch(), -1, "in order, none duplicated");
        NS_TEST_EXPECT_MSG_EQ(sink->GetSha256(), source->GetSha256(), "same digest");
        Simulator::Destroy();
    }
};

/// A MUSEs session over CLOAK queues no more in its first overlay link than one TCP send
/// buffer: the transport's room holds it back (else its send buffer grew to megabytes
/// queued in the node, and the session's round trip with them).
class CloakBackPressureTestCase : public TestCase
{
  public:
    CloakBackPressureTestCase()
        : TestCase("MUSEs over CLOAK: the first overlay link queues at most one TCP buffer")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.Build(12, MilliSeconds(20));
        Ptr<CheckedStreamSink> sink;
        Ptr<CheckedStreamSource> source;
        f.MusesTransfer(4, 9, 20000000, &sink, &source);
        uint32_t mostQueued = 0;
        std::function<void()> sample = [&]() {
            Ptr<FrameSocket> hop = f.Peer(4)->GetNextHop(f.Peer(9)->GetAddress());
            mostQueued = std::max(mostQueued, hop ? hop->GetPendingBytes() : 0);
            Simulator::Schedule(MilliSeconds(10), sample);
        };
        ScheduleLambda(Seconds(2), sample);
        Simulator::Stop(Seconds(25));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 20000000, "every byte arrived");
        NS_TEST_EXPECT_MSG_EQ(sink->GetSha256(), source->GetSha256(), "same digest");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(mostQueued, 131072u + 4200u, "at most one TCP buffer");
        Simulator::Destroy();
    }
};

/// A forged CLOAK header claiming Alice's name from Mallory's address reaches Bob: Bob's
/// transport must keep sending to Alice's real address (only authenticated packets teach it).
class ForgedSourceTestCase : public TestCase
{
  public:
    /// What Mallory sends, and when.
    enum Mode
    {
        JUNK,          //!< Junk, mid-transfer (Alice sends to Bob)
        REPLAY,        //!< A sealed packet of Alice's captured earlier, mid-transfer
        FIRST_CONTACT, //!< Junk before Bob ever talked to Alice; then Bob calls her
    };

    /// \param mode what Mallory sends, and when
    explicit ForgedSourceTestCase(Mode mode)
        : TestCase(mode == REPLAY ? "a replayed packet of Alice's from Mallory's overlay address "
                                    "does not redirect the session"
                   : mode == JUNK
                       ? "a forged CLOAK source does not redirect a MUSEs session; it goes on"
                       : "a forged CLOAK source before the first contact is not Alice's address: "
                         "Bob's call to her goes through the DHT"),
          m_mode(mode)
    {
    }

  private:
    Mode m_mode; //!< What Mallory sends

    void DoRun() override
    {
        CloakFixture f;
        f.Build(8, MilliSeconds(20));
        Ptr<Node> bob = f.nodes.Get(5);
        Ptr<CheckedStreamSink> sink;
        Ptr<CheckedStreamSource> source;
        bool firstContact = m_mode == FIRST_CONTACT;
        f.MusesTransfer(firstContact ? 5 : 2, firstContact ? 2 : 5, 2000000, &sink, &source);
        // Alice's first sealed DATA packet, as an on-path node would capture it: authentic,
        // but old by the time it is replayed.
        Ptr<Packet> captured;
        f.nodes.Get(2)->GetObject<MusesL4Protocol>()->GetTransport()->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (!captured && header.GetType() == MusesHeader::DATA)
                {
                    captured = p->Copy();
                }
            }));
        Ptr<FrameSocket> raw = CreateObject<FrameSocket>();
        ScheduleLambda(Seconds(firstContact ? 1.5 : 2.2), [&]() {
            f.LinkAsNeighbour(raw, 7, bob); // Mallory (peer 7) links to Bob's overlay port ...
            // ... and sends DATA "from Alice, at Mallory's address".
            CloakHeader forged;
            forged.SetType(CloakHeader::DATA);
            forged.SetTtl(64);
            forged.SetSourceName(f.Peer(2)->GetName());
            forged.SetSourceAddress(f.Peer(7)->GetAddress());
            forged.SetDestinationName(f.Peer(5)->GetName());
            forged.SetDestinationAddress(f.Peer(5)->GetAddress());
            Ptr<Packet> data =
                m_mode == REPLAY && captured ? captured->Copy() : Create<Packet>(120);
            forged.SetPayloadLength(data->GetSize());
            data->AddHeader(forged);
            raw->Send(data);
        });
        // Right after Bob took the forged packet (before Alice's next one could teach him
        // again), where do his packets for Alice go?
        bool forgedArrived = false;
        bool redirected = false;
        Ptr<CloakTransport> transport =
            DynamicCast<CloakTransport>(bob->GetObject<MusesL4Protocol>()->GetTransport());
        f.Peer(5)->TraceConnectWithoutContext(
            "Deliver",
            MakeLambdaCallback<const CloakHeader&, uint32_t>([&](const CloakHeader& h, uint32_t) {
                if (h.GetType() == CloakHeader::DATA &&
                    h.GetSourceAddress() == f.Peer(7)->GetAddress())
                {
                    forgedArrived = true;
                    ScheduleLambda(Seconds(0), [&]() {
                        // Before the first contact Bob may know no address for Alice; he
                        // must not know Mallory's.
                        HyperbolicAddress cached;
                        bool known = transport->GetPeerAddress(f.Peer(2)->GetName(), cached);
                        redirected |= known ? cached != f.Peer(2)->GetAddress() : !firstContact;
                    });
                }
            }));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(forgedArrived, true, "the forged packet reached Bob's transport");
        NS_TEST_ASSERT_MSG_EQ((m_mode != REPLAY || captured),
                              true,
                              "a packet of Alice's was captured");
        NS_TEST_EXPECT_MSG_EQ(redirected, false, "Bob still sends to Alice's own address");
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 2000000, "every byte arrived");
        NS_TEST_EXPECT_MSG_EQ(sink->GetSha256(), source->GetSha256(), "the right bytes");
        raw->Release();
        Simulator::Destroy();
    }
};

/**
 * Reflection by a raced packet: Bob's fresh ACK, captured on the path, reaches Alice (the
 * sender) first from a victim's overlay address while the original is held up (Bob's link
 * cut for 1 s). It is authentic and new, so Alice sends to the victim's address, but only
 * up to 3 times the bytes that came from there until that address answers her challenge,
 * which the victim's peer (not Bob) drops. Without the budget a window of DATA went there.
 * The transfer completes (Alice returns to Bob's proven address when her session suspects
 * the path).
 */
class PathValidationTestCase : public TestCase
{
  public:
    PathValidationTestCase()
        : TestCase("a raced packet from a victim's address draws at most 3x its bytes there")
    {
    }

  private:
    void DoRun() override
    {
        CloakFixture f;
        f.Build(8, MilliSeconds(20));
        Ptr<Node> alice = f.nodes.Get(2);
        Ptr<Node> bob = f.nodes.Get(5);
        Ptr<CloakNode> victim = f.Peer(6);
        Ptr<CheckedStreamSink> sink;
        Ptr<CheckedStreamSource> source;
        f.MusesTransfer(2, 5, 3000000, &sink, &source);
        uint64_t aliceName = f.Peer(2)->GetName();
        Ptr<FrameSocket> raw = CreateObject<FrameSocket>();
        ScheduleLambda(Seconds(1.5), [&]() {
            f.LinkAsNeighbour(raw, 7, alice); // Mallory (peer 7), to Alice's overlay port
        });
        uint64_t injected = 0; // bytes of Mallory's frame
        bool raced = false;
        bob->GetObject<MusesL4Protocol>()->GetTransport()->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, uint64_t>([&](Ptr<const Packet> p, uint64_t) {
                MusesHeader header;
                p->PeekHeader(header);
                if (raced || Simulator::Now() < Seconds(2.1) ||
                    header.GetType() != MusesHeader::ACK)
                {
                    return;
                }
                raced = true;
                // Hold the original up: Bob's access link is cut for a second.
                Ptr<NetDevice> device = bob->GetDevice(1); // 0: loopback
                Ptr<Channel> channel = device->GetChannel();
                NetDeviceContainer link(channel->GetDevice(0), channel->GetDevice(1));
                NetworkEventHelper cut;
                cut.CutLink(link, MicroSeconds(1), Seconds(1));
                CloakHeader forged;
                forged.SetType(CloakHeader::DATA);
                forged.SetTtl(64);
                forged.SetSourceName(f.Peer(5)->GetName());
                forged.SetSourceAddress(victim->GetAddress());
                forged.SetDestinationName(aliceName);
                forged.SetDestinationAddress(f.Peer(2)->GetAddress());
                Ptr<Packet> copy = p->Copy();
                forged.SetPayloadLength(copy->GetSize());
                copy->AddHeader(forged);
                injected = copy->GetSize();
                raw->Send(copy);
            }));
        uint64_t reflected = 0; // bytes of Alice's frames that reached the victim's peer
        victim->TraceConnectWithoutContext(
            "Drop",
            MakeLambdaCallback<const CloakHeader&, uint8_t>(
                [&](const CloakHeader& h, uint8_t reason) {
                    if (reason == CloakNode::DROP_WRONG_PEER && h.GetSourceName() == aliceName)
                    {
                        reflected += h.GetSerializedSize() + h.GetPayloadLength();
                    }
                }));
        // Alice's "Path" trace: the victim's address unproven, then Bob's proven again.
        uint32_t unprovenVictim = 0;
        uint32_t provenBob = 0;
        alice->GetObject<MusesL4Protocol>()->GetTransport()->TraceConnectWithoutContext(
            "Path",
            MakeLambdaCallback<uint64_t, const HyperbolicAddress&, bool>(
                [&](uint64_t peer, const HyperbolicAddress& a, bool proven) {
                    unprovenVictim += !proven && a == victim->GetAddress();
                    provenBob += proven && peer == f.Peer(5)->GetName() && unprovenVictim > 0 &&
                                 a == f.Peer(5)->GetAddress();
                }));
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(raced, true, "Bob's ACK was raced");
        NS_TEST_EXPECT_MSG_EQ(unprovenVictim, 1u, "traced: the victim's address, unproven");
        NS_TEST_EXPECT_MSG_GT(provenBob, 0u, "traced: back on Bob's, proven");
        NS_TEST_EXPECT_MSG_GT(reflected, 0u, "Alice took the victim's address");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(reflected, 3 * injected, "at most 3x Mallory's bytes");
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 3000000, "every byte arrived");
        NS_TEST_EXPECT_MSG_EQ(sink->GetSha256(), source->GetSha256(), "the right bytes");
        Ptr<CloakTransport> transport =
            DynamicCast<CloakTransport>(alice->GetObject<MusesL4Protocol>()->GetTransport());
        HyperbolicAddress toBob;
        NS_TEST_EXPECT_MSG_EQ((transport->GetPeerAddress(f.Peer(5)->GetName(), toBob) &&
                               toBob == f.Peer(5)->GetAddress()),
                              true,
                              "Alice sends to Bob's own address again");
        NS_TEST_EXPECT_MSG_EQ(transport->IsPathValidated(f.Peer(5)->GetName()),
                              true,
                              "and it is proven");
        raw->Release();
        Simulator::Destroy();
    }
};

/**
 * Links are kept in creation order, not in the heap's: a connection created later sorts
 * after one created earlier even when the allocator hands it a lower address (it reuses a
 * freed one), so a run's routing ties and keepalive order do not depend on allocation.
 */
class LinkOrderTestCase : public TestCase
{
  public:
    LinkOrderTestCase()
        : TestCase("Links are ordered by creation, not by address")
    {
    }

  private:
    void DoRun() override
    {
        // Half the connections are made while spare objects hold low memory, the other half
        // after the spares are freed: those can land below the first ones.
        std::vector<Ptr<FrameSocket>> spares;
        for (int i = 0; i < 32; ++i)
        {
            spares.push_back(CreateObject<FrameSocket>());
        }
        std::vector<Ptr<FrameSocket>> created;
        for (int i = 0; i < 32; ++i)
        {
            created.push_back(CreateObject<FrameSocket>());
        }
        for (auto& spare : spares)
        {
            spare->Dispose();
        }
        spares.clear();
        uint32_t lowerLater = 0; // created after a connection at a higher address
        FrameSocket* highest = nullptr;
        for (int i = 0; i < 32; ++i)
        {
            created.push_back(CreateObject<FrameSocket>());
        }
        for (const auto& socket : created)
        {
            lowerLater += PeekPointer(socket) < highest ? 1 : 0;
            highest = std::max(highest, PeekPointer(socket));
        }
        std::map<Ptr<FrameSocket>, int, FrameSocket::CreationOrder> links;
        for (int i = int(created.size()) - 1; i >= 0; --i)
        {
            links[created[i]] = i;
        }
        int expected = 0;
        for (const auto& link : links)
        {
            NS_TEST_ASSERT_MSG_EQ(link.second, expected, "iteration follows creation");
            ++expected;
        }
        NS_TEST_ASSERT_MSG_EQ(links.find(created[10])->second, 10, "lookup by connection");
        // The case proves something only if the heap did hand out lower addresses later.
        NS_TEST_EXPECT_MSG_GT(lowerLater, 0, "no later connection at a lower address");
        for (auto& socket : created)
        {
            socket->Dispose();
        }
    }
};

/// The paper's testbed and its overlay (CLOAK on the routers, Alice and Bob); Bob moves from
/// LAN 5 to LAN 4 at 5 s and is attached again at 6 s.
struct MovingBob
{
    PaperTopologyHelper fig6;  //!< The testbed
    NetworkEventHelper events; //!< Bob's move

    /// \param attribute a CloakNode attribute given to every peer \param value its value
    /// \param ipv6 a dual-stack testbed, the overlay over IPv6
    MovingBob(const std::string& attribute, const AttributeValue& value, bool ipv6 = false)
    {
        fig6.SetIpv6(ipv6);
        fig6.Build();
        CloakHelper cloak;
        cloak.SetIpv6(ipv6);
        cloak.SetAttribute(attribute, value);
        NodeContainer peers = fig6.GetOverlayPeers();
        cloak.Install(peers);
        cloak.AssignStreams(peers, 100);
        fig6.MoveBob(events, 4, Seconds(5), Seconds(1));
    }
};

/// The paper's testbed with every node a peer (R3 the root): Bob plugs into LAN 4, whose
/// router R4 is a peer. With LocalRejoin he joins through R4 at once (its access link's
/// round trips: well under 5 ms); without it, through his contacts, the root first. Over
/// IPv6 (a dual-stack testbed) the same, and no overlay link is IPv4.
class LocalRejoinTestCase : public TestCase
{
  public:
    /// \param local LocalRejoin \param ipv6 the overlay over IPv6
    LocalRejoinTestCase(bool local, bool ipv6)
        : TestCase(std::string(local ? "a moved peer rejoins through the peer on its new first "
                                       "hop, at once"
                                     : "without LocalRejoin a moved peer rejoins through its "
                                       "contacts") +
                   (ipv6 ? " (over IPv6 only)" : "")),
          m_local(local),
          m_ipv6(ipv6)
    {
    }

  private:
    bool m_local; //!< LocalRejoin
    bool m_ipv6;  //!< The overlay over IPv6

    void DoRun() override
    {
        MovingBob testbed("LocalRejoin", BooleanValue(m_local), m_ipv6);
        // TCP segments every peer sends, by IP version.
        uint32_t tcp[2] = {0, 0};
        NodeContainer peers = testbed.fig6.GetOverlayPeers();
        for (uint32_t i = 0; i < peers.GetN(); ++i)
        {
            Ptr<Node> node = peers.Get(i);
            node->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeLambdaCallback<Ptr<const Packet>, Ptr<Ipv4>, uint32_t>(
                    [&tcp](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t) {
                        Ipv4Header header;
                        packet->PeekHeader(header);
                        tcp[0] += header.GetProtocol() == TcpL4Protocol::PROT_NUMBER;
                    }));
            node->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeLambdaCallback<Ptr<const Packet>, Ptr<Ipv6>, uint32_t>(
                    [&tcp](Ptr<const Packet> packet, Ptr<Ipv6>, uint32_t) {
                        Ipv6Header header;
                        packet->PeekHeader(header);
                        tcp[1] += header.GetNextHeader() == TcpL4Protocol::PROT_NUMBER;
                    }));
        }
        const PaperTopologyHelper& fig6 = testbed.fig6;
        Ptr<CloakNode> bob = CloakHelper::GetCloakNode(fig6.GetBob());
        Time rejoinedAt = Seconds(-1);
        bob->TraceConnectWithoutContext(
            "AddressChange",
            MakeLambdaCallback<const HyperbolicAddress&, const HyperbolicAddress&>(
                [&](const HyperbolicAddress&, const HyperbolicAddress&) {
                    if (Simulator::Now() >= Seconds(6) && rejoinedAt.IsNegative())
                    {
                        rejoinedAt = Simulator::Now();
                    }
                }));
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        uint64_t r4 = CloakHelper::GetCloakNode(fig6.GetRouter(4))->GetName();
        if (rejoinedAt.IsNegative())
        {
            Simulator::Destroy();
            Names::Clear();
        }
        NS_TEST_ASSERT_MSG_EQ(rejoinedAt.IsPositive(), true, "rejoined");
        if (m_local)
        {
            NS_TEST_EXPECT_MSG_LT(rejoinedAt, Seconds(6.005), "within 5 ms of the link");
            NS_TEST_EXPECT_MSG_EQ(bob->GetParentName(), r4, "R4 adopted him");
        }
        else
        {
            NS_TEST_EXPECT_MSG_GT(rejoinedAt, Seconds(6.005), "a contact further away");
        }
        NS_TEST_EXPECT_MSG_GT(tcp[m_ipv6 ? 1 : 0], 100u, "the overlay's links");
        NS_TEST_EXPECT_MSG_EQ(tcp[m_ipv6 ? 0 : 1], 0u, "none over the other family");
        Simulator::Destroy();
        Names::Clear(); // the testbed names its nodes
    }
};

/**
 * The paper's testbed after Bob's move to LAN 4: Alice is as far in the overlay through his
 * new parent R4 (0.1 ms away) as through R5, his neighbour 10 ms away behind R4. Plain greedy
 * takes the larger step, to R5, and the data crosses R4-R5 twice; ProximityRouting weighs
 * each step by its link's RTT, which TCP measured, and takes R4.
 */
class ProximityRoutingTestCase : public TestCase
{
  public:
    /// \param proximity ProximityRouting
    explicit ProximityRoutingTestCase(bool proximity)
        : TestCase(proximity ? "proximity routing: Bob's next hop to Alice is R4, next door"
                             : "plain greedy: Bob's next hop to Alice is R5, behind R4"),
          m_proximity(proximity)
    {
    }

  private:
    bool m_proximity; //!< ProximityRouting

    /// \param node a node \param address an address \return whether it is one of node's
    static bool Owns(Ptr<Node> node, Ipv4Address address)
    {
        Ptr<Ipv4> ip = node->GetObject<Ipv4>();
        return ip->GetInterfaceForAddress(address) >= 0;
    }

    void DoRun() override
    {
        MovingBob testbed("ProximityRouting", BooleanValue(m_proximity));
        const PaperTopologyHelper& fig6 = testbed.fig6;
        Ptr<CloakNode> bob = CloakHelper::GetCloakNode(fig6.GetBob());
        Ptr<CloakNode> alice = CloakHelper::GetCloakNode(fig6.GetAlice());
        Ipv4Address next;
        Time rtt = Seconds(-1);
        ScheduleLambda(Seconds(9), [&]() {
            Ptr<FrameSocket> hop = bob->GetNextHop(alice->GetAddress());
            if (hop)
            {
                next = InetSocketAddress::ConvertFrom(hop->GetPeerAddress()).GetIpv4();
                rtt = hop->GetMinRtt();
            }
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        bool viaR4 = Owns(fig6.GetRouter(4), next);
        bool viaR5 = Owns(fig6.GetRouter(5), next);
        Simulator::Destroy();
        Names::Clear(); // the testbed names its nodes
        NS_TEST_ASSERT_MSG_EQ(rtt.IsStrictlyPositive(), true, "a next hop with an RTT sample");
        if (m_proximity)
        {
            NS_TEST_EXPECT_MSG_EQ(viaR4, true, "R4, next door, not " << next);
            NS_TEST_EXPECT_MSG_LT(rtt, MilliSeconds(1), "the LAN's RTT");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(viaR5, true, "R5, the larger step, not " << next);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(rtt, MilliSeconds(10), "R4-R5 both ways");
        }
    }
};

/**
 * A popular peer refuses extra links beyond MaxExtraLinks by asking the dialer to close
 * (a FULL keepalive): the closing side keeps the connection in TIME_WAIT for 2 MSL (240 s),
 * so the dialers do, not the root that everybody dials. And a refused dialer does not dial
 * that peer again at once.
 */
class RefusedLinkTestCase : public TestCase
{
  public:
    RefusedLinkTestCase()
        : TestCase("a popular peer's refused links are closed by the dialers: its sockets are "
                   "its links")
    {
    }

  private:
    /// \param node a node \return its TCP sockets (open, closing or in TIME_WAIT)
    static uint32_t CountTcpSockets(Ptr<Node> node)
    {
        ObjectPtrContainerValue sockets;
        node->GetObject<TcpL4Protocol>()->GetAttribute("SocketList", sockets);
        return sockets.GetN();
    }

    void DoRun() override
    {
        CloakFixture f;
        f.cloak.SetAttribute("MaxExtraLinks", UintegerValue(2));
        f.Build(60, MilliSeconds(20));
        uint32_t bad = 0;
        auto countBad = [&bad](const CloakHeader&, uint8_t reason) {
            bad += reason == CloakNode::DROP_MALFORMED;
        };
        for (uint32_t i = 0; i < 60; ++i)
        {
            f.Peer(i)->TraceConnectWithoutContext(
                "Drop",
                MakeLambdaCallback<const CloakHeader&, uint8_t>(countBad));
        }
        uint32_t rootSockets = 0;
        uint32_t rootLinks = 0;
        uint32_t allAt10 = 0;
        uint32_t allAt15 = 0;
        auto countAll = [&f]() {
            uint32_t all = 0;
            for (uint32_t i = 0; i < 60; ++i)
            {
                all += CountTcpSockets(f.nodes.Get(i));
            }
            return all;
        };
        ScheduleLambda(Seconds(10), [&]() { allAt10 = countAll(); });
        ScheduleLambda(Seconds(15), [&]() {
            allAt15 = countAll();
            rootSockets = CountTcpSockets(f.nodes.Get(0));
            rootLinks = f.Peer(0)->GetNeighbourNames().size();
        });
        Simulator::Stop(Seconds(15.5));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(f.Joined(), 60, "every peer joined");
        NS_TEST_EXPECT_MSG_EQ(bad, 0, "no FULL keepalive taken for a malformed frame");
        // The listener and one socket per link (closing the refused ones itself, it had 43).
        NS_TEST_EXPECT_MSG_LT_OR_EQ(rootSockets,
                                    rootLinks + 2,
                                    "the root keeps no refused connection (" << rootLinks
                                                                             << " links)");
        // Refused dials end in TIME_WAIT at the dialer, once per refusing peer, not once a
        // round (without the holdoff it grew by 37 in these 5 s).
        NS_TEST_EXPECT_MSG_LT_OR_EQ(allAt15,
                                    allAt10 + 5,
                                    "no dial storm: " << allAt10 << " sockets at 10 s");
        Simulator::Destroy();
    }
};

/// The CLOAK node suite.
class CloakNodeTestSuite : public TestSuite
{
  public:
    CloakNodeTestSuite()
        : TestSuite("cloak-node")
    {
        AddTestCase(new ConcurrentJoinsTestCase);
        AddTestCase(new StaticDeliveryTestCase(true, false));
        AddTestCase(new StaticDeliveryTestCase(false, false));
        AddTestCase(new StaticDeliveryTestCase(true, true));
        AddTestCase(new StaticDeliveryTestCase(true, false, true));
        AddTestCase(new TwoHopViewTestCase(false));
        AddTestCase(new TwoHopViewTestCase(true));
        AddTestCase(new DhtReplicaTestCase);
        AddTestCase(new ParentFailureTestCase);
        AddTestCase(new IdleKeepaliveTestCase);
        AddTestCase(new DetachedLookupTestCase);
        AddTestCase(new MalformedTestCase);
        AddTestCase(new MusesOverCloakTestCase);
        AddTestCase(new CloakBackPressureTestCase);
        AddTestCase(new ForgedSourceTestCase(ForgedSourceTestCase::JUNK));
        AddTestCase(new ForgedSourceTestCase(ForgedSourceTestCase::REPLAY));
        AddTestCase(new ForgedSourceTestCase(ForgedSourceTestCase::FIRST_CONTACT));
        AddTestCase(new PathValidationTestCase);
        AddTestCase(new LinkOrderTestCase);
        AddTestCase(new LocalRejoinTestCase(true, false));
        AddTestCase(new LocalRejoinTestCase(false, false));
        AddTestCase(new LocalRejoinTestCase(true, true));
        AddTestCase(new ProximityRoutingTestCase(true));
        AddTestCase(new ProximityRoutingTestCase(false));
        AddTestCase(new RefusedLinkTestCase);
    }
};

/// The suite's instance.
static CloakNodeTestSuite g_cloakNodeTestSuite;

} // namespace tests
} // namespace ns3
