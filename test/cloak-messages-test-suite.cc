/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// CLOAK's message bodies (cloak-messages.h): known wire bytes, round trips, and every
// truncation, extra byte and invalid flag refused.

#include "cloak-test-utils.h"

#include "ns3/cloak-messages.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <functional>
#include <memory>
#include <vector>

namespace ns3
{
namespace tests
{

namespace
{
/// \return the wire bytes of a body \param h the body
std::vector<uint8_t>
BodyBytes(const Header& h)
{
    Ptr<Packet> p = MakeCloakBody(h);
    std::vector<uint8_t> bytes(p->GetSize());
    p->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/// \return true if the bytes read as a whole body \param bytes wire bytes \param h the body
bool
ReadBytes(const std::vector<uint8_t>& bytes, Header& h)
{
    return ReadCloakBody(Create<Packet>(bytes.data(), bytes.size()), h);
}

/// \return a random record (signed-looking key and signature when n is odd)
/// \param random the stream \param n a counter
CloakRecord
RandomRecord(Ptr<UniformRandomVariable> random, int n)
{
    CloakRecord r;
    r.name = uint64_t(random->GetInteger()) << 32 | random->GetInteger();
    r.address = RandomTreeAddress(random, 10, 8);
    r.sequence = random->GetInteger();
    r.expires = MilliSeconds(random->GetInteger(0, 1000000));
    if (n % 2)
    {
        r.key.assign(32, uint8_t(n));
        r.signature.assign(64, uint8_t(n + 1));
    }
    return r;
}
} // namespace

/// Known bytes: the wire form is the one the Wireshark dissector reads.
class CloakMessagesKnownBytesTestCase : public TestCase
{
  public:
    CloakMessagesKnownBytesTestCase()
        : TestCase("CLOAK bodies: known wire bytes")
    {
    }

  private:
    void DoRun() override
    {
        CloakRedirectHeader redirect;
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(redirect) == std::vector<uint8_t>{0}), true, "nowhere");
        redirect.SetTarget(Ipv4Address("10.0.0.1"));
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(redirect) == std::vector<uint8_t>{4, 10, 0, 0, 1}),
                              true,
                              "to 10.0.0.1");
        redirect.SetTarget(Ipv6Address("2001:1:4::2"));
        NS_TEST_EXPECT_MSG_EQ(
            (BodyBytes(redirect) ==
             std::vector<uint8_t>{6, 0x20, 1, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}),
            true,
            "to 2001:1:4::2");
        NS_TEST_EXPECT_MSG_EQ(
            (BodyBytes(CloakGetHeader(0x01020304, 2)) == std::vector<uint8_t>{1, 2, 3, 4, 0, 0}),
            true,
            "GET id");
        HyperbolicAddress at;
        HyperbolicAddress::FromPath(3, {1}, at);
        CloakGetHeader watch(0x01020304, 2);
        watch.SetUnlessAt(at);
        NS_TEST_EXPECT_MSG_EQ(
            (BodyBytes(watch) == std::vector<uint8_t>{1, 2, 3, 4, 1, 3, 1, 1, 0, 0}),
            true,
            "a watch: 1, then the address, then padding");
        CloakGetHeader watchRead;
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({1, 2, 3, 4, 1, 3, 1, 1, 0, 0}, watchRead) &&
                                  watchRead.IsWatch() && watchRead.GetUnlessAt() == at &&
                                  watchRead.GetPadding() == 2,
                              true,
                              "a watch read back");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({1, 2, 3, 4, 1, 3, 1}, watchRead),
                              false,
                              "a watch cut inside its address");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({1, 2, 3, 4, 2, 0}, watchRead),
                              false,
                              "after the id, 1 (a watch) or zeros");
        CloakKeepaliveHeader keepalive;
        keepalive.SetJoined(true);
        keepalive.SetRequest(true);
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(keepalive) == std::vector<uint8_t>{3, 0}), true, "flags");
        keepalive.SetUnchanged();
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(keepalive) == std::vector<uint8_t>{7, 0}),
                              true,
                              "neighbours unchanged");
        CloakKeepaliveHeader full;
        full.SetJoined(true);
        full.SetFull();
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(full) == std::vector<uint8_t>{9, 0}), true, "full");
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(CloakJoinHeader()) == std::vector<uint8_t>{0}),
                              true,
                              "JOIN without an old address");
        CloakReplyHeader miss(7, 0x0102030405060708);
        NS_TEST_EXPECT_MSG_EQ(
            (BodyBytes(miss) == std::vector<uint8_t>{0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8, 0}),
            true,
            "REPLY, not found");
        CloakKeepaliveHeader read;
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({0x10, 0}, read), false, "unknown keepalive flag refused");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({8, 0}, read) && read.IsFull() && !read.IsJoined(),
                              true,
                              "full");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({4, 0}, read) && read.IsUnchanged(), true, "unchanged");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({4, 1, 8, 1, 1}, read),
                              false,
                              "unchanged, yet a neighbour listed: refused");
        // A yes/no byte is 0 or 1: any other value was read as 1 and written back as 1, a
        // second wire form for one JOIN (make fuzz found it), REDIRECT or REPLY.
        CloakJoinHeader join;
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({0x66, 3, 0}, join), false, "JOIN: 0x66 refused");
        CloakRedirectHeader redirect2;
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({2, 10, 0, 0, 1}, redirect2), false, "REDIRECT: 2");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({1, 10, 0, 0, 1}, redirect2), false, "REDIRECT: 1");
        NS_TEST_EXPECT_MSG_EQ(
            ReadBytes({6, 0x20, 1, 0, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0}, redirect2),
            false,
            "REDIRECT: IPv6 truncated");
        CloakReplyHeader reply;
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 3}, reply),
                              false,
                              "REPLY: found = 3 refused");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 2}, reply),
                              false,
                              "REPLY: held (2) without its record refused");
        NS_TEST_EXPECT_MSG_EQ(ReadBytes({1, 1}, read), false, "a neighbour announced, none there");
    }
};

/// Random bodies of every kind come back byte for byte; every truncation and an extra byte
/// are refused.
class CloakMessagesRoundTripTestCase : public TestCase
{
  public:
    CloakMessagesRoundTripTestCase()
        : TestCase("CLOAK bodies: round trips; truncations and extra bytes refused")
    {
    }

  private:
    /// Check one body. \param h the body \param fresh makes an empty one of its kind
    void Check(const Header& h, const std::function<Header*()>& fresh)
    {
        std::vector<uint8_t> bytes = BodyBytes(h);
        NS_TEST_ASSERT_MSG_EQ(bytes.size(), h.GetSerializedSize(), "size");
        std::unique_ptr<Header> back(fresh());
        NS_TEST_ASSERT_MSG_EQ(ReadBytes(bytes, *back), true, "read back: " << h);
        NS_TEST_EXPECT_MSG_EQ((BodyBytes(*back) == bytes), true, "same bytes again: " << h);
        for (size_t n = 0; n < bytes.size(); ++n)
        {
            std::unique_ptr<Header> cut(fresh());
            std::vector<uint8_t> shorter(bytes.begin(), bytes.begin() + n);
            NS_TEST_EXPECT_MSG_EQ(ReadBytes(shorter, *cut), false, n << " of " << bytes.size());
        }
        std::vector<uint8_t> longer = bytes; // (a zero would be more of a GET's padding)
        longer.push_back(0xaa);
        std::unique_ptr<Header> extra(fresh());
        NS_TEST_EXPECT_MSG_EQ(ReadBytes(longer, *extra), false, "extra byte: " << h);
    }

    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(23);
        for (int n = 0; n < 50; ++n)
        {
            CloakJoinHeader join;
            if (n % 2)
            {
                join.SetOldAddress(RandomTreeAddress(random, 10, 10));
            }
            Check(join, [] { return new CloakJoinHeader; });
            CloakRedirectHeader redirect;
            if (n % 3 == 1)
            {
                redirect.SetTarget(Ipv4Address(random->GetInteger()));
            }
            else if (n % 3 == 2)
            {
                uint8_t bytes[16];
                for (uint8_t& byte : bytes)
                {
                    byte = random->GetInteger(0, 255);
                }
                redirect.SetTarget(Ipv6Address(bytes));
            }
            Check(redirect, [] { return new CloakRedirectHeader; });
            CloakKeepaliveHeader keepalive;
            keepalive.SetJoined(n % 2);
            keepalive.SetRequest(n % 3 == 0);
            std::vector<HyperbolicAddress> neighbours(n % 7);
            for (HyperbolicAddress& a : neighbours)
            {
                a = RandomTreeAddress(random, 10, 6);
            }
            keepalive.SetNeighbours(neighbours);
            if (n % 5 == 4)
            {
                keepalive.SetUnchanged();
            }
            if (n % 4 == 1)
            {
                keepalive.SetFull();
            }
            Check(keepalive, [] { return new CloakKeepaliveHeader; });
            CloakPutHeader put;
            put.SetRecord(RandomRecord(random, n));
            Check(put, [] { return new CloakPutHeader; });
            uint32_t id = random->GetInteger();
            Check(CloakGetHeader(id), [] { return new CloakGetHeader; });
            // Padded: any number of zeros after the id is the padding, nothing else.
            std::vector<uint8_t> padded = BodyBytes(CloakGetHeader(id, n));
            for (size_t size = 0; size <= padded.size(); ++size)
            {
                CloakGetHeader get;
                bool read =
                    ReadBytes(std::vector<uint8_t>(padded.begin(), padded.begin() + size), get);
                NS_TEST_EXPECT_MSG_EQ(read, (size >= 4), "a GET of " << size << " bytes");
                NS_TEST_EXPECT_MSG_EQ(get.GetPadding(), (read ? size - 4 : 0), "its padding");
            }
            CloakReplyHeader reply(random->GetInteger(), random->GetInteger());
            if (n % 2)
            {
                reply.SetRecord(RandomRecord(random, n));
            }
            if (n % 4 == 3)
            {
                reply.SetHeld();
            }
            Check(reply, [] { return new CloakReplyHeader; });
            // A watch: its bytes back; cut anywhere inside its address, refused.
            CloakGetHeader watch(id, n % 3);
            watch.SetUnlessAt(RandomRecord(random, n).address);
            std::vector<uint8_t> watchBytes = BodyBytes(watch);
            CloakGetHeader back;
            NS_TEST_EXPECT_MSG_EQ(ReadBytes(watchBytes, back) && back.IsWatch() &&
                                      back.GetUnlessAt() == watch.GetUnlessAt() &&
                                      BodyBytes(back) == watchBytes,
                                  true,
                                  "a watch read back: " << watch);
            for (size_t size = 5; size < watchBytes.size() - n % 3; ++size)
            {
                NS_TEST_EXPECT_MSG_EQ(
                    ReadBytes(std::vector<uint8_t>(watchBytes.begin(), watchBytes.begin() + size),
                              back),
                    false,
                    "a watch cut to " << size << " bytes");
            }
        }
    }
};

/// The suite.
class CloakMessagesTestSuite : public TestSuite
{
  public:
    CloakMessagesTestSuite()
        : TestSuite("cloak-messages")
    {
        AddTestCase(new CloakMessagesKnownBytesTestCase);
        AddTestCase(new CloakMessagesRoundTripTestCase);
    }
};

/// Static instance.
static CloakMessagesTestSuite g_cloakMessagesTestSuite;

} // namespace tests
} // namespace ns3
