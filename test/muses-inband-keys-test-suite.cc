/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// In-band keys: the Fig. 3 handshake carrying X25519 shares signed by the peers' Ed25519
// identities; impersonation refused; resumption without a new exchange.

#include "muses-lambda.h"
#include "muses-network-fixture.h"

#include "ns3/muses-cipher.h"
#include "ns3/muses-handshake.h"
#include "ns3/muses-identity.h"
#include "ns3/static-transport.h"
#include "ns3/test.h"

#include <map>

namespace ns3
{
namespace tests
{

/// Count the MUSEs message types a node sends. \param node it \param counts by type
void
CountSent(Ptr<Node> node, std::map<uint8_t, uint32_t>* counts)
{
    node->GetObject<MusesL4Protocol>()->GetTransport()->TraceConnectWithoutContext(
        "Tx",
        MakeLambdaCallback<Ptr<const Packet>, uint64_t>(
            [counts](Ptr<const Packet> packet, uint64_t) {
                MusesHeader header;
                packet->PeekHeader(header);
                ++(*counts)[header.GetType()];
            }));
}

/// Count the drops of a reason in every session a node creates. \param node it
/// \param reason the reason \param count the counter
void
CountDrops(Ptr<Node> node, MusesDropReason reason, uint32_t* count)
{
    node->GetObject<MusesL4Protocol>()->TraceConnectWithoutContext(
        "SessionCreated",
        MakeLambdaCallback<Ptr<MusesSession>>([reason, count](Ptr<MusesSession> session) {
            session->TraceConnectWithoutContext(
                "Drop",
                MakeLambdaCallback<Ptr<const Packet>, MusesDropReason>(
                    [reason, count](Ptr<const Packet>, MusesDropReason why) {
                        *count += why == reason;
                    }));
        }));
}

/// Both peers with identities: the handshake is the same four messages, the data flows, and
/// a 10 s outage resumes with no new exchange.
class InBandHandshakeTestCase : public TestCase
{
  public:
    InBandHandshakeTestCase()
        : TestCase("in-band keys: 4 handshake messages, names from keys, a cut resumed without "
                   "a new exchange")
    {
    }

  private:
    void DoRun() override
    {
        MusesLine net;
        net.muses.SetInBandKeys(true);
        net.Install();
        Ptr<MusesIdentity> bobId = net.Bob()->GetObject<MusesIdentity>();
        NS_TEST_ASSERT_MSG_NE(bobId, nullptr, "Bob has an identity");
        NS_TEST_EXPECT_MSG_EQ(MusesHelper::GetName(net.Bob()), bobId->GetName(), "name = key's");
        std::map<uint8_t, uint32_t> alice;
        std::map<uint8_t, uint32_t> bob;
        CountSent(net.Alice(), &alice);
        CountSent(net.Bob(), &bob);
        Ptr<CheckedStreamSink> sink = net.AddSink(9);
        Ptr<CheckedStreamSource> source = net.AddSource(9, 3000000, Seconds(1));
        net.Cut(Seconds(1.5), Seconds(11.5));
        std::map<uint8_t, uint32_t> handshakeAtCut;
        ScheduleLambda(Seconds(1.5), [&]() {
            handshakeAtCut = alice;
            for (auto& [type, n] : bob)
            {
                handshakeAtCut[type] += n;
            }
        });
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(alice[MusesHeader::HELLO], 1, "one HELLO");
        NS_TEST_EXPECT_MSG_EQ(bob[MusesHeader::HELLO_REPLY], 1, "one HELLO_REPLY");
        NS_TEST_EXPECT_MSG_EQ(alice[MusesHeader::FINISHED] + bob[MusesHeader::FINISHED],
                              2,
                              "two FINISHED");
        NS_TEST_EXPECT_MSG_EQ(handshakeAtCut[MusesHeader::HELLO] +
                                  handshakeAtCut[MusesHeader::HELLO_REPLY] +
                                  handshakeAtCut[MusesHeader::FINISHED],
                              4,
                              "the handshake was over before the cut, none after it");
        NS_TEST_EXPECT_MSG_GT(alice[MusesHeader::REHELLO] + bob[MusesHeader::REHELLO],
                              0,
                              "resumed by REHELLO");
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 3000000, "every byte");
        NS_TEST_EXPECT_MSG_EQ(sink->GetSha256(), source->GetSha256(), "the right bytes");
    }
};

/// Mallory answers for Bob's name (the name table points to her) with her own key: Alice
/// refuses her HELLO_REPLY; and Mallory calling Bob under Alice's name is refused by Bob.
class ImpersonationTestCase : public TestCase
{
  public:
    ImpersonationTestCase()
        : TestCase("in-band keys: a node answering or calling under another's name is refused")
    {
    }

  private:
    void DoRun() override
    {
        MusesLine net;
        net.muses.SetInBandKeys(true);
        net.Install();
        Ptr<Node> mallory = net.nodes.Get(1);
        uint64_t bobName = MusesHelper::GetName(net.Bob());
        uint64_t aliceName = MusesHelper::GetName(net.Alice());
        net.muses.Install(mallory, 666);
        Ptr<MusesL4Protocol> m = mallory->GetObject<MusesL4Protocol>();
        // Mallory claims Bob's name; her identity stays hers.
        ScheduleLambda(Seconds(0.5), [&]() {
            m->SetAttribute("Name", UintegerValue(bobName));
            net.muses.GetNameTable()->Set(bobName, net.leftIf.GetAddress(1));
        });
        Ptr<CheckedStreamSink> fake = net.AddSink(9, mallory);
        Ptr<CheckedStreamSource> toBob = net.AddSource(9, 100000, Seconds(1));
        // Mallory calls Bob claiming Alice's name.
        Ptr<CheckedStreamSink> bobSink = net.AddSink(10);
        Ptr<CheckedStreamSource> fromMallory;
        ScheduleLambda(Seconds(3), [&]() {
            // ... and the name table sends Alice's traffic to her (she is on the path).
            m->SetAttribute("Name", UintegerValue(aliceName));
            net.muses.GetNameTable()->Set(bobName, net.rightIf.GetAddress(1));
            net.muses.GetNameTable()->Set(aliceName, net.rightIf.GetAddress(0));
            CheckedStreamHelper helper("ns3::CheckedStreamSource",
                                       "ns3::MusesSocketFactory",
                                       MusesAddress(bobName, 10));
            helper.SetAttribute("MaxBytes", UintegerValue(100000));
            fromMallory = DynamicCast<CheckedStreamSource>(helper.Install(mallory).Get(0));
        });
        uint32_t aliceRefused = 0;
        uint32_t bobRefused = 0;
        CountDrops(net.Alice(), MUSES_DROP_BAD_SIGNATURE, &aliceRefused);
        CountDrops(net.Bob(), MUSES_DROP_BAD_SIGNATURE, &bobRefused);
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(aliceRefused, 0, "Alice refused Mallory's HELLO_REPLY");
        NS_TEST_EXPECT_MSG_EQ(fake->GetBytesReceived(), 0, "nothing reached Mallory's sink");
        NS_TEST_EXPECT_MSG_GT(bobRefused, 0, "Bob refused Mallory's FINISHED");
        NS_TEST_EXPECT_MSG_EQ(bobSink->GetBytesReceived(), 0, "nothing from Mallory reached Bob");
    }
};

/**
 * A forged HELLO (the ICV does not hold) costs the responder no asymmetric operation: its
 * X25519 share was made when the session was configured, before the ICV check, so every
 * forged HELLO of a flood cost a scalar multiplication. A genuine one costs its share and
 * the shared secret (and the proof's signature).
 */
class ForgedHelloCostTestCase : public TestCase
{
  public:
    ForgedHelloCostTestCase()
        : TestCase("in-band keys: a forged HELLO costs the responder no asymmetric operation")
    {
    }

  private:
    void DoRun() override
    {
        std::array<uint8_t, MusesIdentity::KEY_SIZE> seed;
        seed.fill(7);
        Ptr<MusesIdentity> bob = CreateObject<MusesIdentity>();
        bob->SetSeed(seed);
        auto configure = [&](MusesHandshake& responder) {
            MusesHandshake::Config c;
            c.localName = bob->GetName();
            c.peerName = 0xa11ce;
            c.preShared = std::vector<uint8_t>(32, 1);
            c.identity = bob;
            c.shareSeed.fill(9);
            c.partialId = 2;
            c.drop = MakeLambdaCallback<Ptr<const Packet>, MusesDropReason>(
                [](Ptr<const Packet>, MusesDropReason) {});
            c.transmit = MakeLambdaCallback<Ptr<Packet>>([](Ptr<Packet>) {});
            responder.Configure(c);
        };
        // A HELLO body (a timestamp, a share) sealed under the handshake keys of a key (wrong
        // or right).
        auto hello = [&](uint8_t key) {
            Ptr<MusesCipher> alice = CreateObject<MusesCipher>();
            alice->SetKeys(std::vector<uint8_t>(32, key), {1, 0}, MusesCipher::INITIATOR);
            MusesKeyShare share;
            MusesKeyShare::Bytes scalar;
            scalar.fill(5);
            share.SetPrivate(scalar);
            std::vector<uint8_t> body(MusesHandshake::TIMESTAMP_SIZE); // sealed at 0 s
            body.insert(body.end(), share.GetPublic().begin(), share.GetPublic().end());
            Ptr<Packet> packet = Create<Packet>(body.data(), body.size());
            MusesHeader header;
            header.SetType(MusesHeader::HELLO);
            header.SetSourceId(0xa11ce);
            header.SetDestinationId(bob->GetName());
            alice->Seal(header, packet);
            return packet;
        };
        MusesHeader reply;
        reply.SetType(MusesHeader::HELLO_REPLY);
        for (bool genuine : {false, true})
        {
            Ptr<Packet> packet = hello(genuine ? 1 : 2);
            MusesHeader header;
            packet->PeekHeader(header);
            uint64_t shares = MusesKeyShare::GetOperationCount();
            uint64_t signatures = MusesIdentity::GetOperationCount();
            MusesHandshake responder;
            configure(responder);
            MusesDropReason r = responder.OpenHello(packet, header);
            r = r == MUSES_DROP_NONE ? responder.Respond(packet, reply) : r;
            responder.Stop();
            NS_TEST_EXPECT_MSG_EQ(r,
                                  genuine ? MUSES_DROP_NONE : MUSES_DROP_BAD_ICV,
                                  (genuine ? "genuine" : "forged"));
            NS_TEST_EXPECT_MSG_EQ(MusesKeyShare::GetOperationCount() - shares,
                                  genuine ? 2u : 0u,
                                  "X25519: our share and the secret, only if genuine");
            NS_TEST_EXPECT_MSG_EQ(MusesIdentity::GetOperationCount() - signatures,
                                  genuine ? 1u : 0u,
                                  "Ed25519: our proof, only if genuine");
        }
        Simulator::Destroy();
    }
};

/// One side with in-band keys, the other with the pre-shared key only: no session.
class ModeMismatchTestCase : public TestCase
{
  public:
    ModeMismatchTestCase()
        : TestCase("in-band keys on one side only: refused, nothing delivered")
    {
    }

  private:
    void DoRun() override
    {
        MusesLine net;
        net.muses.Install(net.Alice(), 1);
        MusesHelper inBand;
        inBand.SetInBandKeys(true);
        inBand.Install(net.Bob(), 2);
        // One shared name table: Bob's transport must find Alice's and the reverse.
        Ptr<StaticTransport> bobTransport =
            DynamicCast<StaticTransport>(net.Bob()->GetObject<MusesL4Protocol>()->GetTransport());
        bobTransport->SetNameTable(net.muses.GetNameTable());
        Ptr<CheckedStreamSink> sink = net.AddSink(9);
        Ptr<CheckedStreamSource> source = net.AddSource(9, 10000, Seconds(1));
        uint32_t refused = 0;
        CountDrops(net.Bob(), MUSES_DROP_UNEXPECTED, &refused);
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(sink->GetBytesReceived(), 0, "no session across modes");
        NS_TEST_EXPECT_MSG_GT(refused, 0, "Bob refused the pre-shared-key HELLO");
    }
};

/// The in-band keys suite.
class MusesInBandKeysTestSuite : public TestSuite
{
  public:
    MusesInBandKeysTestSuite()
        : TestSuite("muses-inband-keys")
    {
        AddTestCase(new InBandHandshakeTestCase);
        AddTestCase(new ImpersonationTestCase);
        AddTestCase(new ModeMismatchTestCase);
        AddTestCase(new ForgedHelloCostTestCase);
    }
};

/// The suite's instance.
static MusesInBandKeysTestSuite g_musesInBandKeysTestSuite;

} // namespace tests
} // namespace ns3
