/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// MusesHeader: round trips, printing, and clean failure on short or inconsistent bytes.

#include "muses-test-utils.h"

#include "ns3/buffer.h"
#include "ns3/muses-header.h"
#include "ns3/test.h"

#include <sstream>

using namespace ns3;
using namespace ns3::muses_test;

namespace
{

/// A header with every field set to a value that shows up if misplaced.
MusesHeader
FullHeader(MusesHeader::MessageType type, uint64_t seq)
{
    MusesHeader h;
    h.SetType(type);
    h.SetFlags(MusesHeader::FLAG_LAST);
    h.SetConType(MusesHeader::CONTYPE_DATAGRAM);
    h.SetSourceId(0x0102030405060708ULL);
    h.SetDestinationId(0xf1f2f3f4f5f6f7f8ULL);
    h.SetSessionId({0x1111222233334444ULL, 0x5555666677778888ULL});
    h.SetSourcePort(0xabcd);
    h.SetDestinationPort(7);
    h.SetSeq(seq);
    h.SetLength(0xfffe);
    return h;
}

/// The serialized bytes of a header.
std::vector<uint8_t>
Serialized(const MusesHeader& h)
{
    Buffer b;
    b.AddAtStart(h.GetSerializedSize());
    h.Serialize(b.Begin());
    std::vector<uint8_t> bytes(b.GetSize());
    b.CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// Deserialize from raw bytes; returns what Deserialize returned.
uint32_t
Parse(const std::vector<uint8_t>& bytes, MusesHeader& h)
{
    Buffer b;
    b.AddAtStart(bytes.size());
    b.Begin().Write(bytes.data(), bytes.size());
    return h.Deserialize(b.Begin());
}

} // namespace

/**
 * \ingroup muses-test
 * \brief Every field survives Serialize/Deserialize, for every type and extreme values.
 */
class MusesHeaderRoundTripTestCase : public TestCase
{
  public:
    MusesHeaderRoundTripTestCase()
        : TestCase("MusesHeader round trip of every field, every type")
    {
    }

  private:
    void DoRun() override
    {
        for (uint8_t t = MusesHeader::HELLO; t <= MusesHeader::COOKIE; ++t)
        {
            for (uint64_t seq : {uint64_t(0),
                                 uint64_t(1),
                                 uint64_t(0xffffffff),
                                 uint64_t(0x100000000ULL),
                                 uint64_t(UINT64_MAX)})
            {
                MusesHeader h = FullHeader(MusesHeader::MessageType(t), seq);
                Ptr<Packet> p = Create<Packet>(100);
                p->AddHeader(h);
                NS_TEST_ASSERT_MSG_EQ(p->GetSize(), 150, "header size on the wire");
                MusesHeader back;
                NS_TEST_ASSERT_MSG_EQ(p->RemoveHeader(back), MusesHeader::SIZE, "deserialized");
                NS_TEST_ASSERT_MSG_EQ(+back.GetType(), +t, "type");
                NS_TEST_ASSERT_MSG_EQ(back.IsLast(), true, "LAST flag");
                NS_TEST_ASSERT_MSG_EQ(back.GetConType(), MusesHeader::CONTYPE_DATAGRAM, "ConTYPE");
                NS_TEST_ASSERT_MSG_EQ(back.GetSourceId(), 0x0102030405060708ULL, "SrcID");
                NS_TEST_ASSERT_MSG_EQ(back.GetDestinationId(), 0xf1f2f3f4f5f6f7f8ULL, "DstID");
                NS_TEST_ASSERT_MSG_EQ((back.GetSessionId() == h.GetSessionId()), true, "SessID");
                NS_TEST_ASSERT_MSG_EQ(back.GetSourcePort(), 0xabcd, "SrcPort");
                NS_TEST_ASSERT_MSG_EQ(back.GetDestinationPort(), 7, "DstPort");
                NS_TEST_ASSERT_MSG_EQ(back.GetSeq(), seq, "SeqNBR (64 bits)");
                NS_TEST_ASSERT_MSG_EQ(back.GetLength(), 0xfffe, "length");
                NS_TEST_ASSERT_MSG_EQ(p->GetSize(), 100, "payload left");
            }
        }
        // Network byte order, at the documented offsets.
        std::vector<uint8_t> bytes = Serialized(FullHeader(MusesHeader::DATA, 0x0a0b));
        NS_TEST_ASSERT_MSG_EQ(ToHex(bytes),
                              "01040101"                         // ver type flags con
                              "0102030405060708f1f2f3f4f5f6f7f8" // SrcID DstID
                              "11112222333344445555666677778888" // SessID
                              "abcd0007"                         // ports
                              "0000000000000a0bfffe",            // SeqNBR length
                              "wire layout");
        std::ostringstream os;
        FullHeader(MusesHeader::REHELLO, 42).Print(os);
        NS_TEST_ASSERT_MSG_EQ(os.str(),
                              "MUSEs v1 REHELLO LAST datagram 102030405060708:43981 > "
                              "f1f2f3f4f5f6f7f8:7 sess=11112222333344445555666677778888 seq=42 "
                              "len=65534",
                              "Print");
    }
};

/**
 * \ingroup muses-test
 * \brief Short, truncated and inconsistent bytes fail cleanly (Deserialize returns 0).
 */
class MusesHeaderRejectTestCase : public TestCase
{
  public:
    MusesHeaderRejectTestCase()
        : TestCase("MusesHeader rejects short and inconsistent bytes")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<uint8_t> good = Serialized(FullHeader(MusesHeader::DATA, 9));
        MusesHeader h;
        NS_TEST_ASSERT_MSG_EQ(Parse(good, h), MusesHeader::SIZE, "the good header parses");
        for (uint32_t n = 0; n < MusesHeader::SIZE; ++n)
        {
            std::vector<uint8_t> shortBytes(good.begin(), good.begin() + n);
            NS_TEST_ASSERT_MSG_EQ(Parse(shortBytes, h), 0, "a " << n << "-byte header parsed");
        }

        struct Corruption
        {
            uint32_t offset;
            uint8_t value;
            const char* what;
        };

        const Corruption bad[] = {{0, 0, "version 0"},
                                  {0, 2, "version 2"},
                                  {1, 0, "type 0"},
                                  {1, MusesHeader::COOKIE + 1, "type past COOKIE"},
                                  {1, 0xff, "type 255"},
                                  {2, 0x02, "unknown flag"},
                                  {2, 0x80, "unknown flag"},
                                  {3, 2, "ConTYPE 2"}};
        for (const auto& c : bad)
        {
            std::vector<uint8_t> bytes = good;
            bytes[c.offset] = c.value;
            NS_TEST_ASSERT_MSG_EQ(Parse(bytes, h), 0, c.what << " parsed");
        }
        // A packet too short for the header: PeekHeader reports failure, nothing crashes.
        Ptr<Packet> p = Create<Packet>(good.data(), 20);
        NS_TEST_ASSERT_MSG_EQ(p->PeekHeader(h), 0, "PeekHeader of a 20-byte packet");
    }
};

/**
 * \ingroup muses-test
 * \brief MusesHeader tests.
 */
class MusesHeaderTestSuite : public TestSuite
{
  public:
    MusesHeaderTestSuite()
        : TestSuite("muses-header")
    {
        AddTestCase(new MusesHeaderRoundTripTestCase);
        AddTestCase(new MusesHeaderRejectTestCase);
    }
};

/// Static instance: registers the suite.
static MusesHeaderTestSuite g_musesHeaderTestSuite;
