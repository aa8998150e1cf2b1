/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Known-answer tests: the module's crypto building blocks against published vectors.

#include "muses-test-utils.h"

#include "ns3/muses-aead.h"
#include "ns3/muses-cipher.h"
#include "ns3/test.h"

using namespace ns3;
using namespace ns3::muses_test;

/**
 * \ingroup muses-test
 * \brief HKDF-SHA256, RFC 5869 Appendix A.1 to A.3.
 */
class HkdfRfc5869TestCase : public TestCase
{
  public:
    HkdfRfc5869TestCase()
        : TestCase("HKDF-SHA256: RFC 5869 test cases 1-3")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            std::string ikm, salt, info;
            uint32_t length;
            std::string okm;
        };

        std::vector<uint8_t> ikm2(80), salt2(80), info2(80);
        for (int i = 0; i < 80; ++i)
        {
            ikm2[i] = uint8_t(i);
            salt2[i] = uint8_t(0x60 + i);
            info2[i] = uint8_t(0xb0 + i);
        }
        const Vector vectors[] = {
            {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
             "000102030405060708090a0b0c",
             "f0f1f2f3f4f5f6f7f8f9",
             42,
             "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b88718586"
             "5"},
            {ToHex(ikm2),
             ToHex(salt2),
             ToHex(info2),
             82,
             "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb"
             "41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"},
            {"0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
             "",
             "",
             42,
             "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c"
             "8"},
        };
        for (const auto& v : vectors)
        {
            std::vector<uint8_t> okm =
                MusesCipher::HkdfSha256(FromHex(v.ikm), FromHex(v.salt), FromHex(v.info), v.length);
            NS_TEST_ASSERT_MSG_EQ(ToHex(okm), v.okm, "HKDF output differs from RFC 5869");
        }
    }
};

/**
 * \ingroup muses-test
 * \brief HMAC-SHA1 of the CBC suite, RFC 2202 test cases with 20-byte keys (1, 3, 5).
 */
class HmacSha1Rfc2202TestCase : public TestCase
{
  public:
    HmacSha1Rfc2202TestCase()
        : TestCase("HMAC-SHA1: RFC 2202 test cases 1, 3, 5")
    {
    }

  private:
    void DoRun() override
    {
        struct Vector
        {
            std::vector<uint8_t> key, data;
            std::string mac;
        };

        std::string hiThere = "Hi There";
        std::string truncation = "Test With Truncation";
        const Vector vectors[] = {
            {std::vector<uint8_t>(20, 0x0b),
             std::vector<uint8_t>(hiThere.begin(), hiThere.end()),
             "b617318655057264e28bc0b6fb378c8ef146be00"},
            {std::vector<uint8_t>(20, 0xaa),
             std::vector<uint8_t>(50, 0xdd),
             "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
            {std::vector<uint8_t>(20, 0x0c),
             std::vector<uint8_t>(truncation.begin(), truncation.end()),
             "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
        };
        for (const auto& v : vectors)
        {
            // The suite's key is the AES key followed by the HMAC key.
            std::vector<uint8_t> key(36, 0);
            std::copy(v.key.begin(), v.key.end(), key.begin() + 16);
            MusesAead aead(MUSES_AES_128_CBC_HMAC_SHA1, key.data(), key.size());
            // Fed in two parts, as Seal() feeds header then ciphertext; twice, so that the
            // context's re-initialisation is checked as well.
            for (uint32_t split : {uint32_t(0), uint32_t(v.data.size() / 2)})
            {
                uint8_t mac[20];
                aead.Hmac(v.data.data(), split, v.data.data() + split, v.data.size() - split, mac);
                NS_TEST_ASSERT_MSG_EQ(ToHex(mac, 20), v.mac, "HMAC differs from RFC 2202");
            }
        }
    }
};

/**
 * \ingroup muses-test
 * \brief AES-128-CBC of the CBC suite, NIST SP 800-38A F.2.1.
 */
class AesCbcSp80038aTestCase : public TestCase
{
  public:
    AesCbcSp80038aTestCase()
        : TestCase("AES-128-CBC: NIST SP 800-38A F.2.1")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<uint8_t> key = FromHex("2b7e151628aed2a6abf7158809cf4f3c");
        key.resize(36, 0); // no HMAC key needed here
        std::vector<uint8_t> iv = FromHex("000102030405060708090a0b0c0d0e0f");
        std::vector<uint8_t> plain =
            FromHex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                    "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
        std::string expected = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                               "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7";
        MusesAead aead(MUSES_AES_128_CBC_HMAC_SHA1, key.data(), key.size());
        std::vector<uint8_t> out(plain.size() + 16);
        uint32_t n = aead.CbcEncrypt(iv.data(), plain.data(), plain.size(), false, out.data());
        NS_TEST_ASSERT_MSG_EQ(n, 64, "unpadded CBC output size");
        NS_TEST_ASSERT_MSG_EQ(ToHex(out.data(), n), expected, "CBC differs from SP 800-38A");
        // With PKCS#7 padding (as sealing uses it) the same blocks come first, then one more.
        n = aead.CbcEncrypt(iv.data(), plain.data(), plain.size(), true, out.data());
        NS_TEST_ASSERT_MSG_EQ(n, 80, "padded CBC output size");
        NS_TEST_ASSERT_MSG_EQ(ToHex(out.data(), 64), expected, "padded CBC prefix");
    }
};

/**
 * \ingroup muses-test
 * \brief An AEAD suite against published vectors: Seal gives ciphertext || tag, Open
 *        gives the plaintext back and refuses a modified tag.
 */
class AeadVectorTestCase : public TestCase
{
  public:
    /// A published AEAD test vector.
    struct Vector
    {
        std::string key, nonce, aad, plain, sealed; //!< hex
    };

    /**
     * \param name test case name
     * \param suite the suite
     * \param vectors its vectors
     */
    AeadVectorTestCase(std::string name, MusesCipherSuite suite, std::vector<Vector> vectors)
        : TestCase(name),
          m_suite(suite),
          m_vectors(vectors)
    {
    }

  private:
    void DoRun() override
    {
        for (const auto& v : m_vectors)
        {
            std::vector<uint8_t> key = FromHex(v.key);
            std::vector<uint8_t> nonce = FromHex(v.nonce);
            std::vector<uint8_t> aad = FromHex(v.aad);
            std::vector<uint8_t> plain = FromHex(v.plain);
            MusesAead aead(m_suite, key.data(), key.size());
            std::vector<uint8_t> out(MusesAead::GetSealedSize(m_suite, plain.size()));
            uint32_t n = aead.Seal(nonce.data(),
                                   aad.data(),
                                   aad.size(),
                                   plain.data(),
                                   plain.size(),
                                   out.data());
            NS_TEST_ASSERT_MSG_EQ(ToHex(out.data(), n), v.sealed, "ciphertext || tag");

            std::vector<uint8_t> back(n);
            uint32_t backSize = 0;
            MusesDropReason r = aead.Open(nonce.data(),
                                          aad.data(),
                                          aad.size(),
                                          out.data(),
                                          n,
                                          back.data(),
                                          &backSize);
            NS_TEST_ASSERT_MSG_EQ(r, MUSES_DROP_NONE, "open of the vector");
            NS_TEST_ASSERT_MSG_EQ(ToHex(back.data(), backSize), v.plain, "plaintext back");

            out[n - 1] ^= 1;
            r = aead.Open(nonce.data(),
                          aad.data(),
                          aad.size(),
                          out.data(),
                          n,
                          back.data(),
                          &backSize);
            NS_TEST_ASSERT_MSG_EQ(r, MUSES_DROP_BAD_ICV, "modified tag accepted");
        }
    }

    MusesCipherSuite m_suite;      //!< suite under test
    std::vector<Vector> m_vectors; //!< its vectors
};

/**
 * \ingroup muses-test
 * \brief Known-answer tests of the SSM's crypto.
 */
class MusesCryptoKatTestSuite : public TestSuite
{
  public:
    MusesCryptoKatTestSuite()
        : TestSuite("muses-crypto-kat")
    {
        AddTestCase(new HkdfRfc5869TestCase);
        AddTestCase(new HmacSha1Rfc2202TestCase);
        AddTestCase(new AesCbcSp80038aTestCase);

        // McGrew & Viega, "The Galois/Counter Mode of Operation", AES-256 test cases 13-16.
        std::string k15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
        std::string p15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                          "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
        std::string c15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                          "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
        AddTestCase(new AeadVectorTestCase(
            "AES-256-GCM: GCM specification test cases 13-16",
            MUSES_AES_256_GCM,
            {{std::string(64, '0'),
              std::string(24, '0'),
              "",
              "",
              "530f8afbc74536b9a963b4f1c4cb738b"},
             {std::string(64, '0'),
              std::string(24, '0'),
              "",
              std::string(32, '0'),
              "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"},
             {k15, "cafebabefacedbaddecaf888", "", p15, c15 + "b094dac5d93471bdec1a502270e3cc6c"},
             {k15,
              "cafebabefacedbaddecaf888",
              "feedfacedeadbeeffeedfacedeadbeefabaddad2",
              p15.substr(0, 120),
              c15.substr(0, 120) + "76fc6ece0f4e1768cddf8853bb2d551b"}}));

        // RFC 8439 section 2.8.2.
        std::string sunscreen = "Ladies and Gentlemen of the class of '99: If I could offer you "
                                "only one tip for the future, sunscreen would be it.";
        AddTestCase(new AeadVectorTestCase(
            "CHACHA20-POLY1305: RFC 8439 section 2.8.2",
            MUSES_CHACHA20_POLY1305,
            {{"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
              "070000004041424344454647",
              "50515253c0c1c2c3c4c5c6c7",
              ToHex(reinterpret_cast<const uint8_t*>(sunscreen.data()), sunscreen.size()),
              "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca96712"
              "82fa"
              "fb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab3"
              "24e4"
              "fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
              "1ae10b594f09e26a7e902ecbd0600691"}}));
    }
};

/// Static instance: registers the suite.
static MusesCryptoKatTestSuite g_musesCryptoKatTestSuite;
