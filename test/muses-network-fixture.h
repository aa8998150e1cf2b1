/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_NETWORK_FIXTURE_H
#define MUSES_NETWORK_FIXTURE_H

// Small topologies for the session-layer test suites.

#include "muses-lambda.h"

#include "ns3/checked-stream-helper.h"
#include "ns3/checked-stream-sink.h"
#include "ns3/checked-stream-source.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/muses-helper.h"
#include "ns3/muses-l4-protocol.h"
#include "ns3/muses-socket-factory.h"
#include "ns3/muses-socket.h"
#include "ns3/network-event-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>

namespace ns3
{
namespace tests
{

/// The longest time a receiving application got nothing within [from, to).
struct Silence
{
    Time from;    //!< Start of the window
    Time to;      //!< Its end
    Time last;    //!< Last delivery in it (or its start)
    Time longest; //!< Longest gap so far
};

/// \return the longest gap between deliveries to \p sink in [from, to) (updated as the
/// simulation runs) \param sink where \param from start \param to end (none by default)
inline std::shared_ptr<Silence>
WatchSilence(Ptr<CheckedStreamSink> sink, Time from, Time to = Time::Max())
{
    auto silence = std::make_shared<Silence>(Silence{from, to, from, Seconds(0)});
    sink->TraceConnectWithoutContext("Rx",
                                     MakeLambdaCallback<Ptr<const Packet>, const Address&>(
                                         [silence](Ptr<const Packet>, const Address&) {
                                             Time now = Simulator::Now();
                                             if (now >= silence->from && now < silence->to)
                                             {
                                                 silence->longest = std::max(silence->longest,
                                                                             now - silence->last);
                                                 silence->last = now;
                                             }
                                         }));
    return silence;
}

/**
 * Alice (node 0) -- router (node 1) -- Bob (node 2), point-to-point links of 10 Mb/s and
 * 5 ms, MUSEs on Alice and Bob. The links can lose packets at a rate or be cut.
 */
struct MusesLine
{
    NodeContainer nodes;                     //!< alice, router, bob
    NetDeviceContainer left;                 //!< alice - router
    NetDeviceContainer right;                //!< router - bob
    Ipv4InterfaceContainer leftIf;           //!< addresses on the left link
    Ipv4InterfaceContainer rightIf;          //!< addresses on the right link
    MusesHelper muses;                       //!< installed on alice and bob
    std::vector<Ptr<RateErrorModel>> errors; //!< one per device

    /// Build the topology; call Install() after setting MUSEs attributes.
    MusesLine()
    {
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("5ms"));
        left = p2p.Install(nodes.Get(0), nodes.Get(1));
        right = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper internet;
        internet.Install(nodes);
        Ipv4AddressHelper addresses;
        addresses.SetBase("10.1.1.0", "255.255.255.0");
        leftIf = addresses.Assign(left);
        addresses.SetBase("10.1.2.0", "255.255.255.0");
        rightIf = addresses.Assign(right);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        for (NetDeviceContainer* link : {&left, &right})
        {
            for (uint32_t i = 0; i < 2; ++i)
            {
                Ptr<RateErrorModel> error = CreateObject<RateErrorModel>();
                error->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
                error->SetRate(0);
                link->Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(error));
                errors.push_back(error);
            }
        }
    }

    ~MusesLine()
    {
        Simulator::Destroy();
    }

    /// Install MUSEs on alice and bob.
    void Install()
    {
        muses.Install(NodeContainer(Alice(), Bob()));
        muses.AssignStreams(NodeContainer(Alice(), Bob()), 1);
    }

    Ptr<Node> Alice() const
    {
        return nodes.Get(0);
    }

    Ptr<Node> Bob() const
    {
        return nodes.Get(2);
    }

    /// \param rate packet loss rate on every device from now on
    void SetLoss(double rate)
    {
        for (auto& error : errors)
        {
            error->SetRate(rate);
        }
    }

    /// Cut both links during [from, to) (NetworkEventHelper: the loss rate comes back after).
    void Cut(Time from, Time to)
    {
        NetworkEventHelper events;
        events.CutLink(NetDeviceContainer(left, right), from, to - from);
    }

    /// \return a CheckedStreamSink on bob's port, started at 0
    Ptr<CheckedStreamSink> AddSink(uint16_t port, Ptr<Node> node = nullptr)
    {
        node = node ? node : Bob();
        CheckedStreamHelper sink("ns3::CheckedStreamSink",
                                 "ns3::MusesSocketFactory",
                                 MusesHelper::GetAddress(node, port));
        return DynamicCast<CheckedStreamSink>(sink.Install(node).Get(0));
    }

    /// \return a CheckedStreamSource from alice to bob's port
    Ptr<CheckedStreamSource> AddSource(uint16_t port, uint64_t bytes, Time start)
    {
        CheckedStreamHelper helper("ns3::CheckedStreamSource",
                                   "ns3::MusesSocketFactory",
                                   MusesHelper::GetAddress(Bob(), port));
        helper.SetAttribute("MaxBytes", UintegerValue(bytes));
        auto source = DynamicCast<CheckedStreamSource>(helper.Install(Alice()).Get(0));
        source->SetStartTime(start);
        return source;
    }

    /// Record in *at when the source's socket is closed by an error.
    /// \param source a source \param startedBy a time at which its socket exists
    static void WatchErrorClose(Ptr<CheckedStreamSource> source, Time startedBy, Time* at)
    {
        *at = Seconds(-1);
        ScheduleLambda(startedBy, [source, at]() {
            source->GetSocket()->SetCloseCallbacks(
                MakeNullCallback<void, Ptr<Socket>>(),
                MakeLambdaCallback<Ptr<Socket>>([at](Ptr<Socket>) { *at = Simulator::Now(); }));
        });
    }

    /// \return the first session of a node (null if none)
    static Ptr<MusesSession> FirstSession(Ptr<Node> node)
    {
        auto sockets = node->GetObject<MusesL4Protocol>()->GetSockets();
        for (auto& socket : sockets)
        {
            if (socket->GetSession())
            {
                return socket->GetSession();
            }
        }
        return nullptr;
    }
};

} // namespace tests
} // namespace ns3

#endif /* MUSES_NETWORK_FIXTURE_H */
