/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MusesAddress, IPv4 identifiers, MusesSocket's API contract, and stock ns-3 applications over
// MUSEs.

#include "muses-lambda.h"
#include "muses-network-fixture.h"

#include "ns3/bulk-send-application.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/data-rate.h"
#include "ns3/frame-socket.h"
#include "ns3/inet-socket-address.h"
#include "ns3/muses-identifier.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/random-variable-stream.h"
#include "ns3/static-transport.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"

#include <set>

namespace ns3
{
namespace tests
{

/// MusesAddress survives the trip through ns3::Address and is told apart from others.
class AddressTestCase : public TestCase
{
  public:
    AddressTestCase()
        : TestCase("MusesAddress <-> Address round trip and type checks")
    {
    }

  private:
    void DoRun() override
    {
        MusesAddress original(0x0123456789abcdefULL, 65535);
        Address generic = original;
        NS_TEST_ASSERT_MSG_EQ(MusesAddress::IsMatchingType(generic), true, "matching type");
        MusesAddress back = MusesAddress::ConvertFrom(generic);
        NS_TEST_EXPECT_MSG_EQ(back.GetName(), original.GetName(), "name");
        NS_TEST_EXPECT_MSG_EQ(back.GetPort(), original.GetPort(), "port");
        Address inet = InetSocketAddress(Ipv4Address("10.0.0.1"), 9);
        NS_TEST_EXPECT_MSG_EQ(MusesAddress::IsMatchingType(inet), false, "not an inet address");
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::IsMatchingType(generic), false, "nor reverse");
        std::ostringstream os;
        os << MusesAddress(0xab, 7);
        NS_TEST_EXPECT_MSG_EQ(os.str(), "ab:7", "printed as name:port");
    }
};

/// Identifiers stand for names one to one, inside 240.0.0.0/4, the same for every caller.
class IdentifierTestCase : public TestCase
{
  public:
    IdentifierTestCase()
        : TestCase("IPv4 identifiers: one per name, in 240.0.0.0 to 255.255.255.254, both ways")
    {
    }

  private:
    void DoRun() override
    {
        NS_TEST_EXPECT_MSG_EQ(MusesIdentifier::Get(MusesAddress::ANY_NAME),
                              Ipv4Address::GetAny(),
                              "the any name is the any address");
        NS_TEST_EXPECT_MSG_EQ(MusesIdentifier::GetName(Ipv4Address("10.0.0.1")),
                              MusesAddress::ANY_NAME,
                              "a routable address stands for no name");
        NS_TEST_EXPECT_MSG_EQ(MusesIdentifier::GetName(Ipv4Address("240.1.2.3")),
                              MusesAddress::ANY_NAME,
                              "nor does an identifier never given out");
        NS_TEST_EXPECT_MSG_EQ(MusesIdentifier::IsInRange(Ipv4Address("239.255.255.255")),
                              false,
                              "multicast is outside");
        // 50,000 names: with 2^28 values the birthday bound makes collisions of the hash all
        // but certain (about 4.7 expected), so this also exercises their resolution.
        Ptr<UniformRandomVariable> draw = CreateObject<UniformRandomVariable>();
        draw->SetStream(7);
        std::set<uint32_t> seen;
        for (int i = 0; i < 50000; ++i)
        {
            uint64_t name =
                (uint64_t(draw->GetInteger(1, 0xFFFFFFFF)) << 32) | draw->GetInteger(0, 0xFFFFFFFF);
            Ipv4Address id = MusesIdentifier::Get(name);
            NS_TEST_ASSERT_MSG_EQ(MusesIdentifier::IsInRange(id), true, "in range: " << id);
            NS_TEST_ASSERT_MSG_EQ(id.IsBroadcast() || id.Get() == 0xF0000000, false, id);
            NS_TEST_ASSERT_MSG_EQ(MusesIdentifier::GetName(id), name, "back to its name");
            NS_TEST_ASSERT_MSG_EQ(MusesIdentifier::Get(name), id, "stable");
            seen.insert(id.Get());
        }
        NS_TEST_EXPECT_MSG_EQ(seen.size(), 50000u, "one identifier per name");
    }
};

/// Misuse gets the errno a TCP socket would give, never a crash.
class SocketErrorsTestCase : public TestCase
{
  public:
    SocketErrorsTestCase()
        : TestCase("socket misuse returns -1 with the right errno; refused connect fails")
    {
    }

  private:
    void DoRun() override
    {
        MusesLine net;
        net.muses.SetSessionAttribute("HandshakeRetries", UintegerValue(3)); // 1 + 2 + 4 s
        net.Install();
        TypeId tid = MusesSocketFactory::GetTypeId();
        Ptr<Socket> a = Socket::CreateSocket(net.Alice(), tid);
        NS_TEST_EXPECT_MSG_EQ(a->GetSocketType(), Socket::NS3_SOCK_STREAM, "a stream socket");
        NS_TEST_EXPECT_MSG_EQ(a->Bind(InetSocketAddress(Ipv4Address("10.0.0.1"), 9)),
                              -1,
                              "an IPv4 address that is no identifier");
        NS_TEST_EXPECT_MSG_EQ(a->GetErrno(), Socket::ERROR_INVAL, "inet: EINVAL");
        NS_TEST_EXPECT_MSG_EQ(a->Bind(MusesHelper::GetInetAddress(net.Bob(), 9)),
                              -1,
                              "another node's identifier");
        NS_TEST_EXPECT_MSG_EQ(a->Connect(InetSocketAddress(Ipv4Address("240.0.0.7"), 9)),
                              -1,
                              "connect to an identifier of no name");
        NS_TEST_EXPECT_MSG_EQ(a->GetErrno(), Socket::ERROR_NOROUTETOHOST, "EHOSTUNREACH");
        NS_TEST_EXPECT_MSG_EQ(a->Connect(InetSocketAddress(Ipv4Address::GetAny(), 9)),
                              -1,
                              "connect to any");
        NS_TEST_EXPECT_MSG_EQ(a->GetErrno(), Socket::ERROR_INVAL, "any: EINVAL");
        NS_TEST_EXPECT_MSG_EQ(a->Bind6(), -1, "IPv6");
        NS_TEST_EXPECT_MSG_EQ(a->GetErrno(), Socket::ERROR_AFNOSUPPORT, "IPv6: EAFNOSUPPORT");
        NS_TEST_EXPECT_MSG_EQ(a->Send(Create<Packet>(10), 0), -1, "send unconnected");
        NS_TEST_EXPECT_MSG_EQ(a->GetErrno(), Socket::ERROR_NOTCONN, "ENOTCONN");
        NS_TEST_EXPECT_MSG_EQ(a->Bind(MusesAddress(MusesAddress::ANY_NAME, 5000)), 0, "bind");
        Ptr<Socket> b = Socket::CreateSocket(net.Alice(), tid);
        NS_TEST_EXPECT_MSG_EQ(b->Bind(MusesAddress(MusesAddress::ANY_NAME, 5000)), -1, "taken");
        NS_TEST_EXPECT_MSG_EQ(b->GetErrno(), Socket::ERROR_ADDRINUSE, "EADDRINUSE");
        NS_TEST_EXPECT_MSG_EQ(b->Bind(MusesAddress(999, 0)), -1, "someone else's name");
        NS_TEST_EXPECT_MSG_EQ(b->Listen(), -1, "listen unbound");
        NS_TEST_EXPECT_MSG_EQ(b->GetTxAvailable(), 0u, "nothing to send on");

        // Nobody listens on bob's port 77: HELLO is dropped, the connect fails after
        // HandshakeRetries waits (1 + 2 + 4 s).
        bool failed = false;
        a->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(),
                              MakeLambdaCallback<Ptr<Socket>>([&](Ptr<Socket>) { failed = true; }));
        ScheduleLambda(Seconds(1), [&]() {
            NS_TEST_EXPECT_MSG_EQ(a->Connect(MusesHelper::GetAddress(net.Bob(), 77)), 0, "ok");
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(failed, true, "connection failed");
        NS_TEST_EXPECT_MSG_GT(
            net.Bob()->GetObject<MusesL4Protocol>()->GetDropCount(MUSES_DROP_NO_SESSION),
            0u,
            "HELLO to a closed port dropped as NO_SESSION");
    }
};

/// BulkSend, OnOff and PacketSink, unchanged: only Protocol and addresses are set, the
/// peers addressed by IPv4 identifiers as applications written for IP address anybody.
class StockApplicationsTestCase : public TestCase
{
  public:
    StockApplicationsTestCase()
        : TestCase("stock BulkSend, OnOff and PacketSink run unchanged over MUSEs")
    {
    }

  private:
    void DoRun() override
    {
        MusesLine net;
        net.Install();
        std::string factory = "ns3::MusesSocketFactory";
        PacketSinkHelper sinkHelper(factory, InetSocketAddress(Ipv4Address::GetAny(), 20));
        ApplicationContainer sinks = sinkHelper.Install(net.Bob());
        sinkHelper.SetAttribute("Local", AddressValue(MusesHelper::GetInetAddress(net.Bob(), 21)));
        sinks.Add(sinkHelper.Install(net.Bob()));
        std::set<Address> senders20;
        sinks.Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeLambdaCallback<Ptr<const Packet>, const Address&>(
                [&senders20](Ptr<const Packet>, const Address& from) { senders20.insert(from); }));

        BulkSendHelper bulk(factory, MusesHelper::GetInetAddress(net.Bob(), 20));
        bulk.SetAttribute("MaxBytes", UintegerValue(1000000));
        ApplicationContainer senders = bulk.Install(net.Alice());

        OnOffHelper onoff(factory, MusesHelper::GetInetAddress(net.Bob(), 21));
        onoff.SetConstantRate(DataRate("2Mbps"), 1000);
        onoff.SetAttribute("MaxBytes", UintegerValue(300000));
        senders.Add(onoff.Install(net.Alice()));
        uint64_t onoffSent = 0;
        senders.Get(1)->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>>(
                [&onoffSent](Ptr<const Packet> p) { onoffSent += p->GetSize(); }));
        senders.Start(Seconds(1));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx(),
                              1000000u,
                              "BulkSend -> PacketSink");
        NS_TEST_EXPECT_MSG_EQ(onoffSent, 300000u, "OnOff sent its MaxBytes");
        NS_TEST_EXPECT_MSG_EQ(DynamicCast<PacketSink>(sinks.Get(1))->GetTotalRx(),
                              300000u,
                              "OnOff -> PacketSink");
        NS_TEST_ASSERT_MSG_EQ(senders20.size(), 1u, "one sender seen");
        Address from = *senders20.begin();
        NS_TEST_ASSERT_MSG_EQ(InetSocketAddress::IsMatchingType(from), true, "seen over IPv4");
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(from).GetIpv4(),
                              MusesHelper::GetIdentifier(net.Alice()),
                              "as Alice's identifier");
        Address peer;
        DynamicCast<BulkSendApplication>(senders.Get(0))->GetSocket()->GetPeerName(peer);
        NS_TEST_EXPECT_MSG_EQ(InetSocketAddress::ConvertFrom(peer).GetIpv4(),
                              MusesHelper::GetIdentifier(net.Bob()),
                              "BulkSend's socket names Bob by his identifier");
    }
};

/// Sockets whose session ended and whose application closed them are forgotten, as TCP
/// forgets its closed sockets: a server with many short sessions does not grow for ever.
class ClosedSocketsForgottenTestCase : public TestCase
{
  public:
    ClosedSocketsForgottenTestCase()
        : TestCase("closed sockets are forgotten; the listener stays")
    {
    }

  private:
    /// The server closes a connection once its client has. \param socket the connection
    static void CloseOnPeerClose(Ptr<Socket> socket)
    {
        socket->Close();
    }

    /// Accept a connection and close it when the client closes. \param socket it
    /// \param from the client
    static void Accepted(Ptr<Socket> socket, const Address& /* from */)
    {
        socket->SetCloseCallbacks(MakeCallback(&CloseOnPeerClose), MakeCallback(&CloseOnPeerClose));
        socket->SetRecvCallback(MakeCallback(&Drain));
    }

    /// Read everything. \param socket the connection
    static void Drain(Ptr<Socket> socket)
    {
        for (Ptr<Packet> p = socket->Recv(); p && p->GetSize() > 0; p = socket->Recv())
        {
        }
    }

    void DoRun() override
    {
        MusesLine net;
        net.Install();
        Ptr<Socket> listener =
            Socket::CreateSocket(net.Bob(), TypeId::LookupByName("ns3::MusesSocketFactory"));
        listener->Bind(MusesHelper::GetInetAddress(net.Bob(), 30));
        listener->Listen();
        listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                    MakeCallback(&Accepted));
        const uint32_t clients = 5;
        BulkSendHelper bulk("ns3::MusesSocketFactory", MusesHelper::GetInetAddress(net.Bob(), 30));
        bulk.SetAttribute("MaxBytes", UintegerValue(20000));
        for (uint32_t i = 0; i < clients; ++i)
        {
            bulk.Install(net.Alice()).Start(Seconds(1 + 0.1 * i));
        }
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(net.Bob()->GetObject<MusesL4Protocol>()->GetSockets().size(),
                              1u,
                              "the server keeps its listener only");
        NS_TEST_EXPECT_MSG_EQ(net.Alice()->GetObject<MusesL4Protocol>()->GetSockets().size(),
                              0u,
                              "the clients' sockets are gone");
        NS_TEST_EXPECT_MSG_EQ(net.Bob()->GetObject<MusesL4Protocol>()->GetSessions().size(),
                              0u,
                              "no session left");
    }
};

/// A TCP connection to the transport's port that does not begin with a hello is closed and
/// counted; the sessions carry on.
class BadTransportFrameTestCase : public TestCase
{
  public:
    /// \param silent the intruder sends nothing (else a junk frame)
    explicit BadTransportFrameTestCase(bool silent)
        : TestCase(silent ? "StaticTransport closes and counts a connection that sends no "
                            "hello within HelloTimeout"
                          : "StaticTransport closes and counts a connection without a valid "
                            "hello"),
          m_silent(silent)
    {
    }

  private:
    bool m_silent; //!< The intruder sends nothing

    void DoRun() override
    {
        MusesLine net;
        net.Install();
        Ptr<CheckedStreamSink> sink = net.AddSink(9);
        Ptr<CheckedStreamSource> source = net.AddSource(9, 200000, Seconds(1));
        Ptr<Socket> intruder =
            Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
        bool closed = false;
        intruder->SetCloseCallbacks(
            MakeLambdaCallback<Ptr<Socket>>([&](Ptr<Socket>) { closed = true; }),
            MakeLambdaCallback<Ptr<Socket>>([&](Ptr<Socket>) { closed = true; }));
        intruder->SetConnectCallback(MakeLambdaCallback<Ptr<Socket>>([this](Ptr<Socket> s) {
                                         if (m_silent)
                                         {
                                             return;
                                         }
                                         // A well-formed frame (length 12) whose body is not "MUSE"
                                         // + a name.
                                         uint8_t junk[14] = {0, 12, 'J', 'U', 'N', 'K'};
                                         s->Send(Create<Packet>(junk, sizeof(junk)));
                                     }),
                                     MakeNullCallback<void, Ptr<Socket>>());
        ScheduleLambda(Seconds(1.5), [&]() {
            intruder->Bind();
            intruder->Connect(InetSocketAddress(net.rightIf.GetAddress(1), 7100));
        });
        Simulator::Stop(Seconds(m_silent ? 20 : 10));
        Simulator::Run();
        auto transport =
            DynamicCast<StaticTransport>(net.Bob()->GetObject<MusesL4Protocol>()->GetTransport());
        NS_TEST_EXPECT_MSG_EQ(transport->GetBadFrameCount(), m_silent ? 0u : 1u, "junk counted");
        NS_TEST_EXPECT_MSG_EQ(transport->GetSilentClosedCount(),
                              m_silent ? 1u : 0u,
                              "silence counted");
        NS_TEST_EXPECT_MSG_EQ(closed, true, "and its connection closed");
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 200000u, "the session is unaffected");
        NS_TEST_EXPECT_MSG_EQ(sink->GetFirstMismatch(), -1, "in order, once");
    }
};

/**
 * A connection claiming another's name (a valid hello, nothing authentic after it) takes none
 * of its traffic. Mid-session: one claiming Alice's name at Bob, whose packets for Alice go on
 * over the connection that carried hers. First contact: one claiming Bob's name at Alice
 * before she ever talked to him; her call to Bob dials Bob (it used to go to the intruder,
 * the only connection "to Bob", and the session never started).
 */
class ClaimedNameTestCase : public TestCase
{
  public:
    /// \param firstContact the claim comes before any session
    explicit ClaimedNameTestCase(bool firstContact)
        : TestCase(firstContact ? "StaticTransport: a connection claiming a name before the "
                                  "first contact takes none of its traffic"
                                : "StaticTransport: a connection claiming another's name takes "
                                  "none of its traffic"),
          m_firstContact(firstContact)
    {
    }

  private:
    bool m_firstContact; //!< The claim comes before any session

    void DoRun() override
    {
        MusesLine net;
        net.Install();
        Ptr<CheckedStreamSink> sink = net.AddSink(9);
        Ptr<CheckedStreamSource> source = net.AddSource(9, 2000000, Seconds(1));
        // Mid-session, Alice's name at Bob; before it, Bob's name at Alice.
        uint64_t claimed = MusesHelper::GetName(m_firstContact ? net.Bob() : net.Alice());
        Ipv4Address at = m_firstContact ? net.leftIf.GetAddress(0) : net.rightIf.GetAddress(1);
        Ptr<FrameSocket> intruder = CreateObject<FrameSocket>();
        uint32_t diverted = 0;
        intruder->SetReceiveCallback(MakeLambdaCallback<Ptr<FrameSocket>, Ptr<Packet>>(
            [&diverted](Ptr<FrameSocket>, Ptr<Packet>) { ++diverted; }));
        ScheduleLambda(Seconds(m_firstContact ? 0.5 : 1.5), [&]() {
            Ptr<Socket> socket =
                Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
            socket->Bind();
            intruder->Attach(socket, false);
            socket->Connect(InetSocketAddress(at, 7100));
            uint8_t hello[12] = {'M', 'U', 'S', 'E'};
            for (int i = 0; i < 8; ++i)
            {
                hello[4 + i] = uint8_t(claimed >> (56 - 8 * i));
            }
            intruder->Send(Create<Packet>(hello, sizeof(hello)));
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(diverted, 0, "none of the victim's packets went to the intruder");
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 2000000u, "the session is unaffected");
        NS_TEST_EXPECT_MSG_EQ(sink->GetFirstMismatch(), -1, "in order, once");
        intruder->Release();
    }
};

/// Forged HELLOs (the ICV does not hold) never reach the listening application's
/// connection-request callback: Fork used to ask it before the HELLO was checked.
class ForgedHelloUnheardTestCase : public TestCase
{
  public:
    ForgedHelloUnheardTestCase()
        : TestCase("a listener is asked about genuine HELLOs only, never forged ones")
    {
    }

  private:
    void DoRun() override
    {
        MusesLine net;
        net.Install();
        Ptr<Socket> listener = Socket::CreateSocket(net.Bob(), MusesSocketFactory::GetTypeId());
        listener->Bind(MusesHelper::GetAddress(net.Bob(), 9));
        listener->Listen();
        uint32_t asked = 0;
        uint32_t created = 0;
        std::function<bool(Ptr<Socket>, const Address&)> request =
            [&](Ptr<Socket>, const Address&) { return ++asked > 0; };
        listener->SetAcceptCallback(Callback<bool, Ptr<Socket>, const Address&>(request),
                                    MakeLambdaCallback<Ptr<Socket>, const Address&>(
                                        [&](Ptr<Socket>, const Address&) { ++created; }));
        // Ten HELLOs "from Alice" to port 9 with a random body and ICV, sent by her own
        // transport (as any node that reaches Bob's could), then a genuine connection.
        ScheduleLambda(Seconds(1), [&]() {
            Ptr<MusesTransport> transport =
                net.Alice()->GetObject<MusesL4Protocol>()->GetTransport();
            for (uint16_t k = 0; k < 10; ++k)
            {
                MusesHeader hello;
                hello.SetType(MusesHeader::HELLO);
                hello.SetSourceId(MusesHelper::GetName(net.Alice()));
                hello.SetDestinationId(MusesHelper::GetName(net.Bob()));
                hello.SetSourcePort(2000 + k);
                hello.SetDestinationPort(9);
                hello.SetSessionId({0x1000u + k, 0});
                hello.SetLength(16);
                Ptr<Packet> packet = Create<Packet>(16);
                packet->AddHeader(hello);
                transport->Send(packet, MusesHelper::GetName(net.Bob()));
            }
        });
        Ptr<CheckedStreamSource> source = net.AddSource(9, 10000, Seconds(2));
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(
            net.Bob()->GetObject<MusesL4Protocol>()->GetDropCount(MUSES_DROP_BAD_ICV),
            9u,
            "the forged HELLOs refused");
        NS_TEST_EXPECT_MSG_EQ(asked, 1u, "the application asked about the genuine one only");
        NS_TEST_EXPECT_MSG_EQ(created, 1u, "and it was created");
        listener->Close();
    }
};

/// The socket layer's test suite.
class MusesSocketTestSuite : public TestSuite
{
  public:
    MusesSocketTestSuite()
        : TestSuite("muses-socket")
    {
        AddTestCase(new AddressTestCase);
        AddTestCase(new IdentifierTestCase);
        AddTestCase(new SocketErrorsTestCase);
        AddTestCase(new StockApplicationsTestCase);
        AddTestCase(new BadTransportFrameTestCase(false));
        AddTestCase(new BadTransportFrameTestCase(true));
        AddTestCase(new ClaimedNameTestCase(false));
        AddTestCase(new ClaimedNameTestCase(true));
        AddTestCase(new ClosedSocketsForgottenTestCase);
        AddTestCase(new ForgedHelloUnheardTestCase);
    }
};

/// Registers the suite.
static MusesSocketTestSuite g_musesSocketTestSuite;

} // namespace tests
} // namespace ns3
