/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MusesCipher: sealing and opening MUSEs packets, and refusing every bad one with a reason.

#include "muses-test-utils.h"

#include "ns3/callback.h"
#include "ns3/muses-cipher.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/socket.h"
#include "ns3/test.h"

#include <set>

using namespace ns3;
using namespace ns3::muses_test;

/**
 * \ingroup muses-test
 * \brief Seal then open gives back header and payload, both ways, for every size.
 */
class MusesCipherRoundTripTestCase : public TestCase
{
  public:
    /** \param suite the suite under test */
    MusesCipherRoundTripTestCase(MusesCipherSuite suite)
        : TestCase(std::string("MusesCipher round trip: ") + MusesAead::GetSuiteName(suite)),
          m_suite(suite)
    {
    }

  private:
    void DoRun() override
    {
        MusesCipherSuite found = MusesCipherSuite(0xff);
        NS_TEST_ASSERT_MSG_EQ(MusesAead::FindSuite(MusesAead::GetSuiteName(m_suite), &found),
                              true,
                              "suite found by its name");
        NS_TEST_ASSERT_MSG_EQ(found, m_suite, "the suite of that name");
        NS_TEST_ASSERT_MSG_EQ(MusesAead::FindSuite("ROT13", &found), false, "unknown name");

        CipherPair pair(m_suite);
        uint32_t max = pair.alice->GetMaxPayloadSize();
        uint64_t seq = 0;
        for (uint32_t size : {0u, 1u, 15u, 16u, 17u, 1400u, 9000u, max})
        {
            for (bool fromAlice : {true, false})
            {
                Ptr<MusesCipher> tx = fromAlice ? pair.alice : pair.bob;
                Ptr<MusesCipher> rx = fromAlice ? pair.bob : pair.alice;
                std::vector<uint8_t> plain = Pattern(size, uint8_t(seq));
                MusesHeader h = DataHeader(seq);
                Ptr<Packet> sealed = Sealed(tx, h, MakePacket(plain));
                NS_TEST_ASSERT_MSG_EQ(sealed->GetSize(),
                                      size + tx->GetOverhead(size),
                                      "size = payload + overhead");
                MusesHeader back;
                NS_TEST_ASSERT_MSG_EQ(rx->Open(sealed, back), MUSES_DROP_NONE, "open");
                NS_TEST_ASSERT_MSG_EQ((PacketBytes(sealed) == plain), true, "payload bytes");
                NS_TEST_ASSERT_MSG_EQ(back.GetSeq(), seq, "SeqNBR");
                NS_TEST_ASSERT_MSG_EQ(back.GetSourcePort(), 1000, "SrcPort");
                NS_TEST_ASSERT_MSG_EQ((back.GetSessionId() == pair.alice->GetSessionId()),
                                      true,
                                      "SessID set by Seal");
                ++seq;
            }
        }
        // The ciphertext does not contain the plaintext.
        std::vector<uint8_t> plain(1000, 'A');
        std::vector<uint8_t> wire =
            PacketBytes(Sealed(pair.alice, DataHeader(seq), MakePacket(plain)));
        std::string wireText(wire.begin(), wire.end());
        NS_TEST_ASSERT_MSG_EQ(wireText.find(std::string(16, 'A')),
                              std::string::npos,
                              "plaintext visible on the wire");
    }

    MusesCipherSuite m_suite; //!< suite under test
};

/**
 * \ingroup muses-test
 * \brief Every single-bit flip anywhere in a sealed packet is refused, with a reason.
 */
class MusesCipherBitFlipTestCase : public TestCase
{
  public:
    /** \param suite the suite under test */
    MusesCipherBitFlipTestCase(MusesCipherSuite suite)
        : TestCase(std::string("MusesCipher refuses every bit flip: ") +
                   MusesAead::GetSuiteName(suite)),
          m_suite(suite)
    {
    }

  private:
    void CountDrop(Ptr<const Packet>, MusesDropReason reason)
    {
        ++m_traced[reason];
    }

    void DoRun() override
    {
        CipherPair pair(m_suite);
        m_traced.fill(0);
        pair.bob->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(&MusesCipherBitFlipTestCase::CountDrop, this));
        for (uint32_t size : {0u, 33u, 200u})
        {
            std::vector<uint8_t> wire =
                PacketBytes(Sealed(pair.alice, DataHeader(size), MakePacket(Pattern(size))));
            uint32_t flips = 0;
            for (uint32_t bit = 0; bit < wire.size() * 8; ++bit)
            {
                std::vector<uint8_t> bad = wire;
                bad[bit / 8] ^= uint8_t(1 << (bit % 8));
                MusesHeader h;
                Ptr<Packet> packet = MakePacket(bad);
                MusesDropReason r = pair.bob->Open(packet, h);
                NS_TEST_ASSERT_MSG_NE(r, MUSES_DROP_NONE, "bit " << bit << " flip accepted");
                NS_TEST_ASSERT_MSG_EQ((PacketBytes(packet) == bad),
                                      true,
                                      "a refused packet is left as received");
                ++flips;
            }
            // The untouched packet is still good.
            MusesHeader h;
            NS_TEST_ASSERT_MSG_EQ(pair.bob->Open(MakePacket(wire), h),
                                  MUSES_DROP_NONE,
                                  "the original packet");
            NS_TEST_ASSERT_MSG_EQ(flips, wire.size() * 8, "flips tried");
        }
        uint64_t traced = 0;
        uint64_t counted = 0;
        for (int r = 1; r < MUSES_DROP_REASON_COUNT; ++r)
        {
            traced += m_traced[r];
            counted += pair.bob->GetDropCount(MusesDropReason(r));
            NS_TEST_ASSERT_MSG_EQ(m_traced[r],
                                  pair.bob->GetDropCount(MusesDropReason(r)),
                                  "trace and counter agree");
        }
        NS_TEST_ASSERT_MSG_GT(traced, 0, "drops traced");
        // Flips in the body or ICV can only be caught by the ICV.
        NS_TEST_ASSERT_MSG_GT(m_traced[MUSES_DROP_BAD_ICV], 0, "BAD_ICV drops");
        NS_TEST_ASSERT_MSG_GT(m_traced[MUSES_DROP_MALFORMED_HEADER], 0, "MALFORMED drops");
        NS_TEST_ASSERT_MSG_GT(m_traced[MUSES_DROP_WRONG_SESSION], 0, "WRONG_SESSION drops");
    }

    MusesCipherSuite m_suite;                                 //!< suite under test
    std::array<uint64_t, MUSES_DROP_REASON_COUNT> m_traced{}; //!< drops seen by the trace
};

/**
 * \ingroup muses-test
 * \brief Truncated, padded and random packets, wrong keys, sessions and directions.
 */
class MusesCipherBadInputTestCase : public TestCase
{
  public:
    MusesCipherBadInputTestCase()
        : TestCase("MusesCipher refuses truncated, padded, garbage, wrong key, session, direction")
    {
    }

  private:
    static MusesDropReason OpenBytes(Ptr<MusesCipher> c, const std::vector<uint8_t>& bytes)
    {
        MusesHeader h;
        return c->Open(MakePacket(bytes), h);
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(7);
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        for (MusesCipherSuite suite : MusesAead::ALL_SUITES)
        {
            CipherPair pair(suite);
            std::string name = MusesAead::GetSuiteName(suite);
            std::vector<uint8_t> wire =
                PacketBytes(Sealed(pair.alice, DataHeader(5), MakePacket(Pattern(100))));
            for (uint32_t n = 0; n < wire.size(); ++n)
            {
                std::vector<uint8_t> cut(wire.begin(), wire.begin() + n);
                MusesDropReason r = OpenBytes(pair.bob, cut);
                NS_TEST_ASSERT_MSG_EQ(r, MUSES_DROP_TRUNCATED, name << ": cut to " << n);
            }
            for (uint32_t extra : {1u, 16u, 1000u})
            {
                std::vector<uint8_t> padded = wire;
                padded.resize(wire.size() + extra, 0);
                NS_TEST_ASSERT_MSG_EQ(OpenBytes(pair.bob, padded),
                                      MUSES_DROP_LENGTH_MISMATCH,
                                      name << ": padded by " << extra);
            }
            // Garbage: random bytes, and random bodies behind a plausible header.
            for (int i = 0; i < 2000; ++i)
            {
                std::vector<uint8_t> junk(rng->GetInteger(0, 400));
                for (auto& b : junk)
                {
                    b = uint8_t(rng->GetInteger(0, 255));
                }
                NS_TEST_ASSERT_MSG_NE(OpenBytes(pair.bob, junk), MUSES_DROP_NONE, name << ": junk");
                std::vector<uint8_t> forged = wire;
                for (size_t k = MusesHeader::SIZE; k < forged.size(); ++k)
                {
                    forged[k] = uint8_t(rng->GetInteger(0, 255));
                }
                NS_TEST_ASSERT_MSG_EQ(OpenBytes(pair.bob, forged),
                                      MUSES_DROP_BAD_ICV,
                                      name << ": forged body");
            }
            // A peer with another secret, or keyed for another session.
            CipherPair otherKey(suite, 2);
            NS_TEST_ASSERT_MSG_EQ(OpenBytes(otherKey.bob, wire), MUSES_DROP_BAD_ICV, "wrong key");
            Ptr<MusesCipher> otherSession = CreateObject<MusesCipher>();
            otherSession->SetAttribute("CipherSuite", EnumValue(suite));
            otherSession->SetKeys(std::vector<uint8_t>(32, 1),
                                  {0x1234000000000001ULL, 0x5678000000000003ULL},
                                  MusesCipher::RESPONDER);
            NS_TEST_ASSERT_MSG_EQ(OpenBytes(otherSession, wire),
                                  MUSES_DROP_WRONG_SESSION,
                                  "wrong session");
            // Reflection: Alice's own packet sent back to her uses the other direction's key.
            NS_TEST_ASSERT_MSG_EQ(OpenBytes(pair.alice, wire), MUSES_DROP_BAD_ICV, "reflected");
            Ptr<MusesCipher> unkeyed = CreateObject<MusesCipher>();
            NS_TEST_ASSERT_MSG_EQ(OpenBytes(unkeyed, wire), MUSES_DROP_NOT_KEYED, "unkeyed");
            NS_TEST_ASSERT_MSG_EQ(OpenBytes(pair.bob, wire), MUSES_DROP_NONE, "original");
        }
        // Two ends that disagree on the suite understand nothing of each other.
        CipherPair gcm(MUSES_AES_256_GCM);
        CipherPair chacha(MUSES_CHACHA20_POLY1305);
        std::vector<uint8_t> wire =
            PacketBytes(Sealed(gcm.alice, DataHeader(1), MakePacket(Pattern(64))));
        NS_TEST_ASSERT_MSG_EQ(OpenBytes(chacha.bob, wire), MUSES_DROP_BAD_ICV, "suite mismatch");
    }
};

/**
 * \ingroup muses-test
 * \brief Nonces differ per SeqNBR, per type and per session: equal plaintexts never give
 *        equal ciphertexts.
 */
class MusesCipherNonceTestCase : public TestCase
{
  public:
    MusesCipherNonceTestCase()
        : TestCase("MusesCipher nonces: per SeqNBR, type, direction and session")
    {
    }

  private:
    void DoRun() override
    {
        for (MusesCipherSuite suite : MusesAead::ALL_SUITES)
        {
            CipherPair pair(suite);
            CipherPair again(suite); // same secret, same SessID: must give the same keys
            std::vector<uint8_t> plain = Pattern(64);
            std::set<std::vector<uint8_t>> bodies;
            auto body = [](Ptr<Packet> p) {
                std::vector<uint8_t> b = PacketBytes(p);
                return std::vector<uint8_t>(b.begin() + MusesHeader::SIZE, b.end());
            };
            MusesHeader ack = DataHeader(1);
            ack.SetType(MusesHeader::ACK);
            bodies.insert(body(Sealed(pair.alice, DataHeader(1), MakePacket(plain))));
            bodies.insert(body(Sealed(pair.alice, DataHeader(2), MakePacket(plain))));
            bodies.insert(body(Sealed(pair.alice, ack, MakePacket(plain))));
            bodies.insert(body(Sealed(pair.bob, DataHeader(1), MakePacket(plain))));
            NS_TEST_ASSERT_MSG_EQ(bodies.size(), 4, "a nonce repeated");
            // Deterministic derivation: the same inputs give the same keys.
            NS_TEST_ASSERT_MSG_EQ(
                bodies.count(body(Sealed(again.alice, DataHeader(1), MakePacket(plain)))),
                1,
                "key derivation is not deterministic");
            // Sealing may skip SeqNBRs (only reuse is forbidden).
            MusesHeader h;
            NS_TEST_ASSERT_MSG_EQ(
                pair.bob->Open(Sealed(pair.alice, DataHeader(1000), MakePacket(plain)), h),
                MUSES_DROP_NONE,
                "a jump in SeqNBR");
        }
    }
};

/**
 * \ingroup muses-test
 * \brief Sealed bytes against an independent computation: key derivation, nonce and
 *        associated data as doc/muses.rst ("Design") specifies them.
 *
 * The expected bodies are computed from the spec, not from this code, by utils/cipher-vectors
 * (Python, pyca/cryptography): HKDF-SHA256(secret = 32 x 0x01, salt = SessID, info = "MUSEs
 * v1 <suite> <direction>", plus " generation <g>" for g = SeqNBR / the suite's generation size
 * when not 0: Bob's ACK below is in generation SeqNBR >> 22 for AES-GCM, >> 19 for CBC, so the key
 * update's derivation is checked too) gives the key and the 12-byte IV base; nonce = IV base
 * XOR (0, 0, 0,
 * type, SeqNBR big-endian); AAD = the 50-byte header; CBC: IV = AES-ECB(key, nonce | 0^4),
 * PKCS#7, HMAC-SHA1 over header | ciphertext. Alice seals DATA SeqNBR 7, Bob ACK SeqNBR
 * 0x0102030405060708 (a SeqNBR that changes all eight of its nonce bytes).
 */
class MusesCipherKnownAnswerTestCase : public TestCase
{
  public:
    MusesCipherKnownAnswerTestCase()
        : TestCase("MusesCipher sealed bytes match an independent computation, per suite")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            MusesCipherSuite suite;
            const char* alice; //!< body (after the header) of Alice's DATA, SeqNBR 7
            const char* bob;   //!< body of Bob's ACK, SeqNBR 0x0102030405060708
        };

        const Vector vectors[] = {
            {MUSES_AES_128_CBC_HMAC_SHA1,
             "a5f56a93519acea2d4783f2cea515f00d13a22178a80e7afbd6725f546f185e7"
             "ef477fb335dfbc1b1ea34e31308e9a21344bc21fbc441f712b633f44464ca15d"
             "33f8d3c2",
             "32e86bb7267f9ff35b55d83ebd15494d55625445a6f5afb058ad53f228eac9d2"
             "ef4d8f01cd77c53b5f60a97313c702dfa402dec9c3aa76d859543c6dfa01e9b4"
             "09abe993"},
            {MUSES_AES_256_GCM,
             "ef9066f91332782a0deb462c8816ad0f94a90c82d2de2885c4b0b3266e96c052"
             "23e61c0661a7f074b35455f74abd220c9c3ff337f74924f2",
             "d98a0c2724d2bff04f4c90f83c7baddfcbf9a20d31fa9928252021d6ba35f077"
             "13e2b8e1deebf23e6040b35bfc2f541b4334555ff104f2a6"},
            {MUSES_CHACHA20_POLY1305,
             "92de9ce2cad9d5aa94715a51247fbde95394a6d562e3be98279938da4097bd06"
             "57a6889fe73c6c6e4bb6b18280f1e68ddea75e54a435b31b",
             "094d7b01984c940b3cfda4c7f6ecf4ecfaf72bdbd65dfa8c7fcab6266faadfc1"
             "1221cb26447c9ef798ced867b8beb43531cae05dcc1b5684"},
        };
        for (const Vector& v : vectors)
        {
            CipherPair pair(v.suite);
            MusesHeader ack = DataHeader(0x0102030405060708ULL);
            ack.SetType(MusesHeader::ACK);
            for (bool fromAlice : {true, false})
            {
                Ptr<MusesCipher> sender = fromAlice ? pair.alice : pair.bob;
                Ptr<MusesCipher> receiver = fromAlice ? pair.bob : pair.alice;
                MusesHeader header = fromAlice ? DataHeader(7) : ack;
                Ptr<Packet> packet =
                    Sealed(sender, header, MakePacket(Pattern(40, fromAlice ? 0 : 1)));
                std::vector<uint8_t> wire = PacketBytes(packet);
                std::vector<uint8_t> body(wire.begin() + MusesHeader::SIZE, wire.end());
                NS_TEST_ASSERT_MSG_EQ(ToHex(body),
                                      std::string(fromAlice ? v.alice : v.bob),
                                      MusesAead::GetSuiteName(v.suite)
                                          << (fromAlice ? ": Alice's" : ": Bob's") << " packet");
                MusesHeader got;
                NS_TEST_ASSERT_MSG_EQ(receiver->Open(packet, got), MUSES_DROP_NONE, "open");
                NS_TEST_ASSERT_MSG_EQ(got.GetSeq(), header.GetSeq(), "SeqNBR");
            }
        }
    }
};

/**
 * \ingroup muses-test
 * \brief Seal and Open work in place without touching packets that share the bytes.
 */
class MusesCipherInPlaceTestCase : public TestCase
{
  public:
    MusesCipherInPlaceTestCase()
        : TestCase("MusesCipher seals and opens in place; packets sharing the bytes keep theirs")
    {
    }

  private:
    void DoRun() override
    {
        CipherPair pair(MUSES_AES_256_GCM);
        // A copy shares the original's buffer: sealing it must not change the original.
        std::vector<uint8_t> plain = Pattern(1400);
        Ptr<Packet> original = MakePacket(plain);
        Ptr<Packet> packet = original->Copy();
        SocketPriorityTag tag;
        tag.SetPriority(5);
        packet->AddPacketTag(tag);
        pair.alice->Seal(DataHeader(1), packet);
        NS_TEST_ASSERT_MSG_EQ((PacketBytes(original) == plain), true, "original changed by Seal");
        NS_TEST_ASSERT_MSG_EQ(packet->GetSize(),
                              plain.size() + pair.alice->GetOverhead(plain.size()),
                              "sealed in place");
        // What the sender keeps (a retransmission copy) stays sealed while the receiver opens.
        Ptr<Packet> kept = packet->Copy();
        std::vector<uint8_t> wire = PacketBytes(kept);
        MusesHeader h;
        NS_TEST_ASSERT_MSG_EQ(pair.bob->Open(packet, h), MUSES_DROP_NONE, "open");
        NS_TEST_ASSERT_MSG_EQ((PacketBytes(packet) == plain), true, "opened in place");
        NS_TEST_ASSERT_MSG_EQ((PacketBytes(kept) == wire), true, "kept copy changed by Open");
        SocketPriorityTag back;
        NS_TEST_ASSERT_MSG_EQ(packet->PeekPacketTag(back), true, "packet tags survive");
        NS_TEST_ASSERT_MSG_EQ(+back.GetPriority(), 5, "the tag's value");

        // A fragment of a larger stream (as a session cuts its send buffer).
        std::vector<uint8_t> stream = Pattern(4000, 3);
        Ptr<Packet> whole = MakePacket(stream);
        Ptr<Packet> fragment = whole->CreateFragment(1000, 1400);
        pair.alice->Seal(DataHeader(2), fragment);
        NS_TEST_ASSERT_MSG_EQ((PacketBytes(whole) == stream), true, "stream changed by Seal");
        NS_TEST_ASSERT_MSG_EQ(pair.bob->Open(fragment, h), MUSES_DROP_NONE, "open fragment");
        NS_TEST_ASSERT_MSG_EQ((PacketBytes(fragment) ==
                               std::vector<uint8_t>(stream.begin() + 1000, stream.begin() + 2400)),
                              true,
                              "fragment's plaintext");

        // One packet sealed and opened again and again (as muses-bench-crypto does).
        Ptr<Packet> reused = MakePacket(plain);
        for (uint64_t seq = 3; seq < 103; ++seq)
        {
            pair.alice->Seal(DataHeader(seq), reused);
            NS_TEST_ASSERT_MSG_EQ(pair.bob->Open(reused, h), MUSES_DROP_NONE, "open " << seq);
            NS_TEST_ASSERT_MSG_EQ(h.GetSeq(), seq, "SeqNBR");
        }
        NS_TEST_ASSERT_MSG_EQ((PacketBytes(reused) == plain), true, "after 100 round trips");
    }
};

/**
 * \ingroup muses-test
 * \brief MusesCipher tests.
 */
class MusesCipherTestSuite : public TestSuite
{
  public:
    MusesCipherTestSuite()
        : TestSuite("muses-cipher")
    {
        for (MusesCipherSuite suite : MusesAead::ALL_SUITES)
        {
            AddTestCase(new MusesCipherRoundTripTestCase(suite));
            AddTestCase(new MusesCipherBitFlipTestCase(suite));
        }
        AddTestCase(new MusesCipherBadInputTestCase);
        AddTestCase(new MusesCipherNonceTestCase);
        AddTestCase(new MusesCipherKnownAnswerTestCase);
        AddTestCase(new MusesCipherInPlaceTestCase);
    }
};

/// Static instance: registers the suite.
static MusesCipherTestSuite g_musesCipherTestSuite;
