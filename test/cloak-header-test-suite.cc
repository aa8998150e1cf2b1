/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The CLOAK routing header: round trips, every truncation and inconsistency refused.

#include "cloak-test-utils.h"

#include "ns3/cloak-header.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <sstream>
#include <vector>

namespace ns3
{
namespace tests
{

/// \return the bytes of a header \param h the header
std::vector<uint8_t>
Bytes(const CloakHeader& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// \return bytes read back (0: refused) \param bytes wire bytes \param h the header read
uint32_t
Read(const std::vector<uint8_t>& bytes, CloakHeader& h)
{
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    return p->PeekHeader(h);
}

/// Random headers of both destination kinds come back field for field.
class CloakHeaderRoundTripTestCase : public TestCase
{
  public:
    CloakHeaderRoundTripTestCase()
        : TestCase("CloakHeader round trips; every truncation refused")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(11);
        for (int n = 0; n < 1000; ++n)
        {
            CloakHeader h;
            h.SetType(CloakHeader::MessageType(random->GetInteger(1, 9)));
            h.SetTtl(random->GetInteger(0, 255));
            h.SetSourceName(uint64_t(random->GetInteger()) << 32 | random->GetInteger());
            h.SetDestinationName(uint64_t(random->GetInteger()) << 32 | random->GetInteger());
            h.SetSourceAddress(RandomTreeAddress(random, 10, 10));
            if (n % 2)
            {
                h.SetDestinationKey(random->GetInteger(0, 255));
            }
            else
            {
                h.SetDestinationAddress(RandomTreeAddress(random, 10, 10));
            }
            h.SetPayloadLength(random->GetInteger(0, 65535));
            h.SetUrgent(n % 3 == 0);
            std::vector<uint8_t> bytes = Bytes(h);
            NS_TEST_ASSERT_MSG_EQ(bytes.size(), h.GetSerializedSize(), "size");
            CloakHeader back;
            NS_TEST_ASSERT_MSG_EQ(Read(bytes, back), bytes.size(), "read back");
            NS_TEST_EXPECT_MSG_EQ(+back.GetType(), +h.GetType(), "type");
            NS_TEST_EXPECT_MSG_EQ(+back.GetTtl(), +h.GetTtl(), "TTL");
            NS_TEST_EXPECT_MSG_EQ(back.GetSourceName(), h.GetSourceName(), "source name");
            NS_TEST_EXPECT_MSG_EQ(back.GetDestinationName(), h.GetDestinationName(), "dst name");
            NS_TEST_EXPECT_MSG_EQ((back.GetSourceAddress() == h.GetSourceAddress()), true, "src");
            NS_TEST_EXPECT_MSG_EQ(back.IsKeyDestination(), h.IsKeyDestination(), "kind");
            NS_TEST_EXPECT_MSG_EQ(back.IsUrgent(), h.IsUrgent(), "urgent");
            if (h.IsKeyDestination())
            {
                NS_TEST_EXPECT_MSG_EQ(+back.GetReplica(), +h.GetReplica(), "replica");
            }
            else
            {
                NS_TEST_EXPECT_MSG_EQ((back.GetDestinationAddress() == h.GetDestinationAddress()),
                                      true,
                                      "destination address");
            }
            NS_TEST_EXPECT_MSG_EQ(back.GetPayloadLength(), h.GetPayloadLength(), "length");
            for (size_t k = 0; k < bytes.size(); ++k)
            {
                CloakHeader cut;
                NS_TEST_ASSERT_MSG_EQ(Read({bytes.begin(), bytes.begin() + k}, cut), 0u, "short");
            }
        }
    }
};

/// Inconsistent bytes are refused and leave the header as it was; the TTL runs out.
class CloakHeaderRefusalTestCase : public TestCase
{
  public:
    CloakHeaderRefusalTestCase()
        : TestCase("CloakHeader refuses bad version, type, flags and addresses; TTL; Print")
    {
    }

  private:
    void DoRun() override
    {
        CloakHeader h;
        HyperbolicAddress child;
        HyperbolicAddress::Root(4).GetChild(2, child);
        h.SetType(CloakHeader::DHT_GET);
        h.SetSourceName(0xab);
        h.SetDestinationName(0xcd);
        h.SetSourceAddress(child);
        h.SetDestinationKey(3);
        h.SetPayloadLength(12);
        std::vector<uint8_t> good = Bytes(h);

        // version, type, flags, then the source address's degree and its slot
        struct Damage
        {
            size_t at;
            uint8_t value;
            const char* what;
        };

        for (Damage d : {Damage{0, 2, "version"},
                         Damage{1, 0, "type 0"},
                         Damage{1, 10, "type 10"},
                         Damage{2, 0x05, "unknown flag"},
                         Damage{20, 2, "degree 2"},
                         Damage{22, 4, "slot >= q"}})
        {
            std::vector<uint8_t> bad = good;
            bad[d.at] = d.value;
            CloakHeader read;
            read.SetSourceName(7);
            NS_TEST_EXPECT_MSG_EQ(Read(bad, read), 0u, d.what);
            NS_TEST_EXPECT_MSG_EQ(read.GetSourceName(), 7u, "unchanged after " << d.what);
        }
        CloakHeader ok;
        NS_TEST_ASSERT_MSG_EQ(Read(good, ok), good.size(), "the undamaged bytes");
        std::ostringstream os;
        ok.Print(os);
        NS_TEST_EXPECT_MSG_EQ(os.str().substr(0, 23), "DHT_GET ttl=64 src=ab@(", "Print");
        NS_TEST_EXPECT_MSG_NE(os.str().find("dst=cd key replica 3 length=12"),
                              std::string::npos,
                              "Print: " << os.str());
        ok.SetTtl(1);
        NS_TEST_EXPECT_MSG_EQ(ok.DecrementTtl(), true, "1 -> 0");
        NS_TEST_EXPECT_MSG_EQ(ok.DecrementTtl(), false, "0: drop");
        NS_TEST_EXPECT_MSG_EQ(+ok.GetTtl(), 0, "stays 0");
    }
};

/// The CLOAK header's test suite.
class CloakHeaderTestSuite : public TestSuite
{
  public:
    CloakHeaderTestSuite()
        : TestSuite("cloak-header")
    {
        AddTestCase(new CloakHeaderRoundTripTestCase);
        AddTestCase(new CloakHeaderRefusalTestCase);
    }
};

/// Registers the suite.
static CloakHeaderTestSuite g_cloakHeaderTestSuite;

} // namespace tests
} // namespace ns3
