/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Identities (Ed25519, RFC 8032), key shares (X25519, RFC 7748) and self-certifying names.

#include "muses-test-utils.h"

#include "ns3/muses-identity.h"
#include "ns3/test.h"

#include <algorithm>

namespace ns3
{
namespace tests
{

using namespace muses_test;

/// \param hex 64 hex digits \return the 32 bytes
std::array<uint8_t, 32>
Bytes32(const std::string& hex)
{
    std::vector<uint8_t> v = FromHex(hex);
    std::array<uint8_t, 32> out{};
    std::copy(v.begin(), v.end(), out.begin());
    return out;
}

/// RFC 8032 §7.1, tests 1 to 3: public keys, signatures, verification.
class Ed25519KnownAnswersTestCase : public TestCase
{
  public:
    Ed25519KnownAnswersTestCase()
        : TestCase("Ed25519: RFC 8032 7.1 tests 1-3, and every modified input refused")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            const char* seed;
            const char* pub;
            const char* message;
            const char* signature;
        };

        const Vector vectors[] = {
            {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
             "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
             "",
             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
             "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
            {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
             "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
             "72",
             "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
             "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
            {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
             "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
             "af82",
             "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
             "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
        };
        for (const Vector& v : vectors)
        {
            Ptr<MusesIdentity> id = CreateObject<MusesIdentity>();
            NS_TEST_ASSERT_MSG_EQ(id->SetSeed(Bytes32(v.seed)), true, "seed accepted");
            NS_TEST_EXPECT_MSG_EQ((id->GetPublicKey() == Bytes32(v.pub)), true, "public key");
            std::vector<uint8_t> message = FromHex(v.message);
            MusesIdentity::Signature sig = id->Sign(message.data(), message.size());
            std::vector<uint8_t> expected = FromHex(v.signature);
            NS_TEST_EXPECT_MSG_EQ(std::equal(sig.begin(), sig.end(), expected.begin()),
                                  true,
                                  "signature of '" << v.message << "'");
            NS_TEST_EXPECT_MSG_EQ(
                MusesIdentity::Verify(id->GetPublicKey(), message.data(), message.size(), sig),
                true,
                "verifies");
            // A flipped bit anywhere in the signature, the message or the key is refused.
            for (uint32_t bit = 0; bit < sig.size() * 8; bit += 7)
            {
                MusesIdentity::Signature bad = sig;
                bad[bit / 8] ^= 1 << (bit % 8);
                NS_TEST_EXPECT_MSG_EQ(
                    MusesIdentity::Verify(id->GetPublicKey(), message.data(), message.size(), bad),
                    false,
                    "signature bit " << bit);
            }
            std::vector<uint8_t> longer = message;
            longer.push_back(0);
            NS_TEST_EXPECT_MSG_EQ(
                MusesIdentity::Verify(id->GetPublicKey(), longer.data(), longer.size(), sig),
                false,
                "a longer message");
            MusesIdentity::PublicKey other = id->GetPublicKey();
            other[5] ^= 0x10;
            NS_TEST_EXPECT_MSG_EQ(MusesIdentity::Verify(other, message.data(), message.size(), sig),
                                  false,
                                  "another key");
        }
    }
};

/// RFC 7748: the §5.2 scalar multiplication and the §6.1 exchange; small-order shares refused.
class X25519KnownAnswersTestCase : public TestCase
{
  public:
    X25519KnownAnswersTestCase()
        : TestCase("X25519: RFC 7748 5.2 and 6.1, the all-zero secret refused")
    {
    }

  private:
    void DoRun() override
    {
        MusesKeyShare scalar;
        NS_TEST_ASSERT_MSG_EQ(
            scalar.SetPrivate(
                Bytes32("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")),
            true,
            "scalar");
        MusesKeyShare::Bytes out;
        NS_TEST_ASSERT_MSG_EQ(
            scalar.Derive(
                Bytes32("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"),
                out),
            true,
            "5.2 derive");
        NS_TEST_EXPECT_MSG_EQ(
            (out == Bytes32("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")),
            true,
            "5.2 output");

        MusesKeyShare alice;
        MusesKeyShare bob;
        alice.SetPrivate(
            Bytes32("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        bob.SetPrivate(Bytes32("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        NS_TEST_EXPECT_MSG_EQ(
            (alice.GetPublic() ==
             Bytes32("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")),
            true,
            "Alice's share");
        NS_TEST_EXPECT_MSG_EQ(
            (bob.GetPublic() ==
             Bytes32("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")),
            true,
            "Bob's share");
        MusesKeyShare::Bytes ab;
        MusesKeyShare::Bytes ba;
        NS_TEST_ASSERT_MSG_EQ(alice.Derive(bob.GetPublic(), ab), true, "Alice derives");
        NS_TEST_ASSERT_MSG_EQ(bob.Derive(alice.GetPublic(), ba), true, "Bob derives");
        NS_TEST_EXPECT_MSG_EQ(
            (ab == Bytes32("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")),
            true,
            "shared secret");
        NS_TEST_EXPECT_MSG_EQ((ab == ba), true, "both sides agree");

        // Small-order points give the all-zero secret: refused (RFC 7748 §6.1).
        MusesKeyShare::Bytes zero{};
        MusesKeyShare::Bytes one{};
        one[0] = 1;
        NS_TEST_EXPECT_MSG_EQ(alice.Derive(zero, out), false, "u = 0 refused");
        NS_TEST_EXPECT_MSG_EQ(alice.Derive(one, out), false, "u = 1 refused");
        MusesKeyShare unset;
        NS_TEST_EXPECT_MSG_EQ(unset.Derive(bob.GetPublic(), out), false, "no scalar");
    }
};

/// Names follow from keys, and random identities are reproducible from the stream.
class SelfCertifyingNameTestCase : public TestCase
{
  public:
    SelfCertifyingNameTestCase()
        : TestCase("names: SHA-256 of the public key, reproducible from the random stream")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<MusesIdentity> id = CreateObject<MusesIdentity>();
        id->SetSeed(Bytes32("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        // SHA-256(d75a98...511a) begins 21fe31dfa154a261 (checked with Python's hashlib).
        NS_TEST_EXPECT_MSG_EQ(id->GetName(), 0x21fe31dfa154a261ULL, "name of RFC 8032 key 1");
        NS_TEST_EXPECT_MSG_EQ(MusesIdentity::NameOf(id->GetPublicKey()), id->GetName(), "NameOf");
        Ptr<UniformRandomVariable> r1 = CreateObject<UniformRandomVariable>();
        Ptr<UniformRandomVariable> r2 = CreateObject<UniformRandomVariable>();
        r1->SetStream(11);
        r2->SetStream(11);
        Ptr<MusesIdentity> a = CreateObject<MusesIdentity>();
        Ptr<MusesIdentity> b = CreateObject<MusesIdentity>();
        a->Generate(r1);
        b->Generate(r2);
        NS_TEST_EXPECT_MSG_EQ(a->GetName(), b->GetName(), "same stream, same identity");
        b->Generate(r2);
        NS_TEST_EXPECT_MSG_NE(a->GetName(), b->GetName(), "next draw, another identity");
        NS_TEST_EXPECT_MSG_NE(a->GetName(), 0, "never 0");
    }
};

/// The identity suite.
class MusesIdentityTestSuite : public TestSuite
{
  public:
    MusesIdentityTestSuite()
        : TestSuite("muses-identity")
    {
        AddTestCase(new Ed25519KnownAnswersTestCase);
        AddTestCase(new X25519KnownAnswersTestCase);
        AddTestCase(new SelfCertifyingNameTestCase);
    }
};

/// The suite's instance.
static MusesIdentityTestSuite g_musesIdentityTestSuite;

} // namespace tests
} // namespace ns3
