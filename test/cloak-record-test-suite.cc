/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// Signed CLOAK DHT records: the wire form, signatures bound to names, and an overlay that
// refuses a poisoned record and a replayed old one.

#include "cloak-test-utils.h"
#include "muses-lambda.h"

#include "ns3/boolean.h"
#include "ns3/cloak-helper.h"
#include "ns3/cloak-record.h"
#include "ns3/cloak-underlay-helper.h"
#include "ns3/ipv4.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace tests
{

/// \param record a record \return its wire form
std::vector<uint8_t>
Wire(const CloakRecord& record)
{
    Buffer buffer;
    buffer.AddAtStart(record.GetSerializedSize());
    Buffer::Iterator i = buffer.Begin();
    record.Serialize(i);
    return std::vector<uint8_t>(buffer.PeekData(), buffer.PeekData() + buffer.GetSize());
}

/// \param bytes a wire form \param record receives the record \return bytes read (0: refused)
uint32_t
Parse(const std::vector<uint8_t>& bytes, CloakRecord& record)
{
    Buffer buffer;
    buffer.AddAtStart(bytes.size());
    buffer.Begin().Write(bytes.data(), bytes.size());
    Buffer::Iterator i = buffer.Begin();
    return CloakRecord::Deserialize(i, bytes.size(), record);
}

/// An attacker's signature: any record, signed with any key (CloakRecord::Sign refuses a key
/// that is not the record name's). \param record the record \param signer the key
/// \return the record with the signer's key and a valid signature by it
CloakRecord
SignAs(CloakRecord record, const MusesIdentity& signer)
{
    record.key.assign(signer.GetPublicKey().begin(), signer.GetPublicKey().end());
    record.signature.clear();
    std::vector<uint8_t> wire = Wire(record);
    const char context[] = "CLOAK record v1";
    std::vector<uint8_t> bytes(context, context + sizeof(context));
    bytes.insert(bytes.end(), wire.begin(), wire.end());
    MusesIdentity::Signature sig = signer.Sign(bytes.data(), bytes.size());
    record.signature.assign(sig.begin(), sig.end());
    return record;
}

/// The wire form and the signature: round trips, truncations, and every bit flip caught.
class RecordWireTestCase : public TestCase
{
  public:
    RecordWireTestCase()
        : TestCase("record: round trips, truncations refused, no flipped bit passes as valid")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(5);
        Ptr<MusesIdentity> id = CreateObject<MusesIdentity>();
        id->Generate(random);
        CloakRecord record;
        record.name = id->GetName();
        record.address = RandomTreeAddress(random, 8, 6);
        record.sequence = 7;
        record.expires = MilliSeconds(123456);
        NS_TEST_EXPECT_MSG_EQ(record.Verify(), CloakRecord::UNSIGNED, "unsigned");
        record.Sign(*id);
        NS_TEST_EXPECT_MSG_EQ(record.Verify(), CloakRecord::VALID, "signed");
        std::vector<uint8_t> wire = Wire(record);
        CloakRecord back;
        NS_TEST_ASSERT_MSG_EQ(Parse(wire, back), wire.size(), "read back whole");
        NS_TEST_EXPECT_MSG_EQ(back.name, record.name, "name");
        NS_TEST_EXPECT_MSG_EQ((back.address == record.address), true, "address");
        NS_TEST_EXPECT_MSG_EQ(back.sequence, 7, "sequence");
        NS_TEST_EXPECT_MSG_EQ(back.expires, MilliSeconds(123456), "expiry");
        NS_TEST_EXPECT_MSG_EQ(back.Verify(), CloakRecord::VALID, "still valid");
        for (uint32_t size = 0; size < wire.size(); ++size)
        {
            std::vector<uint8_t> cut(wire.begin(), wire.begin() + size);
            NS_TEST_EXPECT_MSG_EQ(Parse(cut, back), 0, "truncated to " << size);
        }
        uint32_t refused = 0;
        uint32_t forged = 0;
        for (uint32_t bit = 0; bit < wire.size() * 8; ++bit)
        {
            std::vector<uint8_t> flipped = wire;
            flipped[bit / 8] ^= 1 << (bit % 8);
            CloakRecord r;
            if (Parse(flipped, r) == 0)
            {
                ++refused;
                continue;
            }
            NS_TEST_EXPECT_MSG_NE(r.Verify(), CloakRecord::VALID, "bit " << bit << " passed");
            forged += r.Verify() == CloakRecord::FORGED;
        }
        NS_TEST_EXPECT_MSG_EQ(refused + forged, wire.size() * 8, "every flip refused or forged");
        NS_TEST_EXPECT_MSG_GT(forged, 0, "most flips parse and fail the signature");
    }
};

/// A valid signature is not enough: the key must be the name's.
class RecordBindingTestCase : public TestCase
{
  public:
    RecordBindingTestCase()
        : TestCase("record: a signature by another name's key is forged, as is a lone key")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(9);
        Ptr<MusesIdentity> victim = CreateObject<MusesIdentity>();
        Ptr<MusesIdentity> mallory = CreateObject<MusesIdentity>();
        victim->Generate(random);
        mallory->Generate(random);
        CloakRecord record;
        record.name = mallory->GetName();
        record.address = HyperbolicAddress::Root(8);
        record.expires = Seconds(60);
        NS_TEST_EXPECT_MSG_EQ(SignAs(record, *mallory).Verify(), CloakRecord::VALID, "her own");
        record.name = victim->GetName();
        // The victim's name, signed correctly, but by Mallory's key: only the name-key
        // binding refuses it.
        record = SignAs(record, *mallory);
        NS_TEST_EXPECT_MSG_EQ(record.Verify(), CloakRecord::FORGED, "another name's key");
        NS_TEST_EXPECT_MSG_EQ(SignAs(record, *victim).Verify(), CloakRecord::VALID, "the owner");
        record.signature.assign(64, 0);
        NS_TEST_EXPECT_MSG_EQ(record.Verify(), CloakRecord::FORGED, "zero signature");
        record.signature.clear();
        NS_TEST_EXPECT_MSG_EQ(record.Verify(), CloakRecord::FORGED, "a key and no signature");
    }
};

/// \return an unsigned record expiring 50 s from now (within RecordLifetime, 60 s), or at
/// \p expires if given \param name whose \param address where \param sequence its sequence
CloakRecord
MakeRecord(uint64_t name,
           const HyperbolicAddress& address,
           uint64_t sequence,
           Time expires = Seconds(-1))
{
    CloakRecord record;
    record.name = name;
    record.address = address;
    record.sequence = sequence;
    record.expires = expires.IsNegative() ? Simulator::Now() + Seconds(50) : expires;
    return record;
}

/// An overlay of 30 peers with identities (but one, if asked), counting the records refused
/// by reason, with lookups that count how many found the right address.
struct SignedOverlay
{
    std::vector<Ptr<CloakNode>> peers;   //!< the peers
    std::vector<Ptr<MusesIdentity>> ids; //!< their identities
    uint32_t forgedDrops{0};             //!< records refused as FORGED
    uint32_t staleDrops{0};              //!< as stale
    uint32_t unsignedDrops{0};           //!< as unsigned
    uint32_t longLivedDrops{0};          //!< as expiring too late
    uint32_t right{0};                   //!< lookups that found the expected address
    uint32_t wrong{0};                   //!< lookups that found another, or nothing
    uint32_t misled{0};                  //!< lookups that found another

    /// \param requireSigned RequireSignedRecords (true: left at its default)
    /// \param withoutIdentity a peer left without an identity (30: none)
    SignedOverlay(bool requireSigned, uint32_t withoutIdentity = 30)
    {
        CloakUnderlayHelper underlay;
        underlay.SetPeersPerRouter(8);
        NodeContainer nodes = underlay.Build(30);
        CloakHelper cloak;
        if (!requireSigned)
        {
            cloak.SetAttribute("RequireSignedRecords", BooleanValue(false));
        }
        cloak.SetJoinSpacing(MilliSeconds(20));
        ApplicationContainer apps = cloak.Install(nodes);
        cloak.AssignStreams(nodes, 3);
        Ptr<UniformRandomVariable> random = CreateObject<UniformRandomVariable>();
        random->SetStream(21);
        for (uint32_t i = 0; i < 30; ++i)
        {
            peers.push_back(DynamicCast<CloakNode>(apps.Get(i)));
            ids.push_back(CreateObject<MusesIdentity>());
            ids[i]->Generate(random);
            if (i != withoutIdentity)
            {
                peers[i]->SetIdentity(ids[i]);
            }
            peers[i]->TraceConnectWithoutContext(
                "Drop",
                MakeLambdaCallback<const CloakHeader&, uint8_t>(
                    [this](const CloakHeader&, uint8_t reason) {
                        forgedDrops += reason == CloakNode::DROP_FORGED_RECORD;
                        staleDrops += reason == CloakNode::DROP_STALE_RECORD;
                        unsignedDrops += reason == CloakNode::DROP_UNSIGNED_RECORD;
                        longLivedDrops += reason == CloakNode::DROP_LONG_LIVED_RECORD;
                    }));
        }
    }

    /// \param name the name \param replica which replica \return the peers holding that
    ///         replica of the name's record
    std::vector<Ptr<CloakNode>> GetHolders(uint64_t name, uint8_t replica) const
    {
        std::vector<Ptr<CloakNode>> holders;
        for (Ptr<CloakNode> peer : peers)
        {
            CloakRecord stored;
            if (peer->GetDht()->GetRecord(name, replica, stored))
            {
                holders.push_back(peer);
            }
        }
        return holders;
    }

    /// The peers holding a replica of a name lose their DHT state (a restart).
    /// \param name the name \param replica which replica \return the last of them (or null)
    Ptr<CloakNode> WipeHolders(uint64_t name, uint8_t replica)
    {
        std::vector<Ptr<CloakNode>> holders = GetHolders(name, replica);
        for (Ptr<CloakNode> peer : holders)
        {
            peer->GetDht()->Stop();
            peer->GetDht()->Start(1);
        }
        return holders.empty() ? nullptr : holders.back();
    }

    /// Every third peer looks a peer's name up, expecting its own address.
    /// \param target the peer looked up
    void LookUp(Ptr<CloakNode> target)
    {
        for (uint32_t i = 0; i < 30; i += 3)
        {
            peers[i]->Lookup(target->GetName(),
                             OnLookup([this, target](uint64_t,
                                                     bool ok,
                                                     const HyperbolicAddress& a,
                                                     const std::vector<uint8_t>&) {
                                 (ok && a == target->GetAddress() ? right : wrong)++;
                                 misled += ok && a != target->GetAddress();
                             }));
        }
    }
};

/// In an overlay of peers with identities, a false record and a replayed old one are refused.
class PoisoningTestCase : public TestCase
{
  public:
    PoisoningTestCase()
        : TestCase("overlay: a poisoned record and a replayed old one are refused; lookups right")
    {
    }

  private:
    void DoRun() override
    {
        SignedOverlay net(true);
        Ptr<CloakNode> victim = net.peers[12];
        Ptr<CloakNode> mallory = net.peers[25];
        ScheduleLambda(Seconds(3), [&]() {
            // Poisoning: the victim's name with Mallory's address and a high sequence,
            // signed by Mallory's own key.
            CloakRecord poison =
                SignAs(MakeRecord(victim->GetName(), mallory->GetAddress(), 1000), *net.ids[25]);
            mallory->Put(poison);
            // The same without key and signature.
            CloakRecord bare = poison;
            bare.key.clear();
            bare.signature.clear();
            mallory->Put(bare);
            // A replay: a record the victim really signed, older than the one stored.
            CloakRecord old = MakeRecord(victim->GetName(), mallory->GetAddress(), 0);
            old.Sign(*net.ids[12]);
            mallory->Put(old);
        });
        ScheduleLambda(Seconds(5), [&]() { net.LookUp(victim); });
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(net.right, 10, "every lookup found the victim's own record");
        NS_TEST_EXPECT_MSG_EQ(net.wrong, 0, "none found the poison");
        NS_TEST_EXPECT_MSG_GT(net.forgedDrops, 2, "the poison refused at every replica");
        NS_TEST_EXPECT_MSG_GT(net.unsignedDrops, 2, "the unsigned record refused at every replica");
        NS_TEST_EXPECT_MSG_GT(net.staleDrops,
                              2,
                              "the replayed old record refused at every replica");
        Simulator::Destroy();
    }
};

/**
 * Peers with identities refuse unsigned records by default: a name that has no record yet
 * (its owner not joined, or a name nobody owns) cannot be claimed by an unsigned one.
 */
class SignedByDefaultTestCase : public TestCase
{
  public:
    SignedByDefaultTestCase()
        : TestCase("overlay: with identities, an unsigned claim on a free name is refused by "
                   "default")
    {
    }

  private:
    void DoRun() override
    {
        SignedOverlay net(true);
        Ptr<CloakNode> mallory = net.peers[25];
        const uint64_t free = 0x5eed5eed5eed5eedULL; // nobody's name
        uint32_t found = 0;
        uint32_t asked = 0;
        ScheduleLambda(Seconds(3),
                       [&]() { mallory->Put(MakeRecord(free, mallory->GetAddress(), 1000)); });
        ScheduleLambda(Seconds(5), [&]() {
            for (uint32_t i = 0; i < 30; i += 3)
            {
                net.peers[i]->Lookup(free,
                                     OnLookup([&](uint64_t,
                                                  bool ok,
                                                  const HyperbolicAddress&,
                                                  const std::vector<uint8_t>&) {
                                         ++asked;
                                         found += ok;
                                     }));
            }
        });
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(asked, 10, "every lookup ended");
        NS_TEST_EXPECT_MSG_EQ(found, 0, "none found Mallory's claim");
        NS_TEST_EXPECT_MSG_GT(net.unsignedDrops, 2, "refused at every replica");
        Simulator::Destroy();
    }
};

/**
 * Without RequireSignedRecords: an unsigned record with a far higher
 * sequence does not replace a signed one (it took the victim's name, and the owner's own
 * refreshes were then refused as older); and a name's first signed record replaces the
 * unsigned ones put before it, whatever their sequence.
 */
class DowngradeTestCase : public TestCase
{
  public:
    DowngradeTestCase()
        : TestCase("overlay: no unsigned record replaces a signed one; a signed one replaces "
                   "unsigned ones")
    {
    }

  private:
    void DoRun() override
    {
        SignedOverlay net(false, 5);
        Ptr<CloakNode> victim = net.peers[12];
        Ptr<CloakNode> late = net.peers[5]; // signs only from 4 s
        Ptr<CloakNode> mallory = net.peers[25];
        ScheduleLambda(Seconds(3), [&]() {
            for (Ptr<CloakNode> target : {victim, late})
            {
                mallory->Put(MakeRecord(target->GetName(), mallory->GetAddress(), 1000));
            }
        });
        ScheduleLambda(Seconds(4), [&]() {
            late->SetIdentity(net.ids[5]);
            CloakRecord own = MakeRecord(late->GetName(), late->GetAddress(), 1);
            own.Sign(*net.ids[5]);
            late->Put(own);
        });
        ScheduleLambda(Seconds(6), [&]() {
            net.LookUp(victim);
            net.LookUp(late);
        });
        Simulator::Stop(Seconds(9));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(net.right, 20, "every lookup found the peer's own record");
        NS_TEST_EXPECT_MSG_EQ(net.wrong, 0, "none found Mallory's");
        NS_TEST_EXPECT_MSG_GT(net.unsignedDrops, 2, "the downgrade refused at every replica");
        Simulator::Destroy();
    }
};

/// A name without an identity can be claimed by anyone with a higher sequence, but only for
/// a RecordLifetime: a record meant to last longer is refused (else it outlived every refresh
/// of its owner's, which it also made look older, and held the name for good).
class LongLivedTestCase : public TestCase
{
  public:
    LongLivedTestCase()
        : TestCase("overlay: a record expiring beyond RecordLifetime is refused everywhere")
    {
    }

  private:
    void DoRun() override
    {
        SignedOverlay net(false, 5);
        Ptr<CloakNode> victim = net.peers[5]; // no identity: its records are unsigned
        Ptr<CloakNode> mallory = net.peers[25];
        ScheduleLambda(Seconds(3), [&]() {
            mallory->Put(MakeRecord(victim->GetName(), mallory->GetAddress(), 1000, Days(365)));
        });
        ScheduleLambda(Seconds(6), [&]() { net.LookUp(victim); });
        Simulator::Stop(Seconds(9));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(net.right, 10, "every lookup found the peer's own record");
        NS_TEST_EXPECT_MSG_EQ(net.wrong, 0, "none found Mallory's");
        NS_TEST_EXPECT_MSG_GT(net.longLivedDrops, 2, "refused at every replica");
        Simulator::Destroy();
    }
};

/**
 * Rollback: the replica of a name that lost its state gets an older record of the name's
 * owner replayed to it (validly signed, another address). A lookup that took the first answer
 * from replica 0 went to the old address; lookups take the newest among the replicas. Then
 * every replica loses its state and gets the old record: the peers that accepted the newer
 * one before refuse it (STALE_RECORD) and find nothing rather than the old address.
 */
class RollbackTestCase : public TestCase
{
  public:
    RollbackTestCase()
        : TestCase("overlay: a replayed older record at a replica that lost its state is "
                   "outvoted, and refused by peers that saw a newer one")
    {
    }

  private:
    void DoRun() override
    {
        SignedOverlay net(true);
        Ptr<CloakNode> victim = net.peers[12];
        Ptr<CloakNode> mallory = net.peers[25];
        CloakRecord old;
        uint32_t oldHeld = 0; // replicas holding the old record when the lookups ask
        // A replica's holder loses its state and Mallory replays the old record to it.
        auto replay = [&](uint8_t replica) {
            net.WipeHolders(victim->GetName(), replica);
            mallory->Put(old);
        };
        auto countOld = [&]() {
            oldHeld = 0;
            for (Ptr<CloakNode> peer : net.peers)
            {
                for (uint8_t replica = 0; replica < 3; ++replica)
                {
                    CloakRecord stored;
                    oldHeld += peer->GetDht()->GetRecord(victim->GetName(), replica, stored) &&
                               stored.sequence == 0;
                }
            }
        };
        ScheduleLambda(Seconds(3), [&]() {
            old = MakeRecord(victim->GetName(), mallory->GetAddress(), 0);
            old.Sign(*net.ids[12]);
            replay(0);
        });
        ScheduleLambda(Seconds(4.9), countOld);
        ScheduleLambda(Seconds(5), [&]() { net.LookUp(victim); });
        Simulator::Stop(Seconds(7));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(oldHeld, 1, "replica 0 holds the old record, the others not");
        NS_TEST_EXPECT_MSG_EQ(net.right, 10, "every lookup found the newest record");
        NS_TEST_EXPECT_MSG_EQ(net.misled, 0, "none the old one");
        uint32_t staleBefore = net.staleDrops;

        // (times from now on are relative to 7 s)
        ScheduleLambda(Seconds(0.5), [&]() {
            replay(1);
            replay(2);
        });
        ScheduleLambda(Seconds(1.9), countOld);
        ScheduleLambda(Seconds(2), [&]() { net.LookUp(victim); });
        Simulator::Stop(Seconds(2.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(oldHeld, 3, "every replica now holds the old record");
        NS_TEST_EXPECT_MSG_EQ(net.misled, 0, "no peer that saw the newer record took the old");
        NS_TEST_EXPECT_MSG_GT_OR_EQ(net.staleDrops,
                                    staleBefore + 30,
                                    "each looker refused the old record from every replica");
        Simulator::Destroy();
    }
};

/**
 * Rollback at the looker's own door: the peer holding the rolled-back replica looks the name
 * up itself. Its own answer comes at once; the lookup still hears the far replicas (at least
 * ReplicaWait) and takes their newer record, not the old one it holds.
 */
class NearRollbackTestCase : public TestCase
{
  public:
    NearRollbackTestCase()
        : TestCase("overlay: the holder of a rolled-back replica looking the name up itself "
                   "hears the far replicas and takes the newest")
    {
    }

  private:
    void DoRun() override
    {
        SignedOverlay net(true);
        Ptr<CloakNode> victim = net.peers[12];
        Ptr<CloakNode> mallory = net.peers[25];
        Ptr<CloakNode> holder;
        uint32_t right = 0;
        uint32_t misled = 0;
        ScheduleLambda(Seconds(3), [&]() {
            holder = net.WipeHolders(victim->GetName(), 0);
            CloakRecord old = MakeRecord(victim->GetName(), mallory->GetAddress(), 0);
            old.Sign(*net.ids[12]);
            mallory->Put(old);
        });
        ScheduleLambda(Seconds(5), [&]() {
            NS_TEST_ASSERT_MSG_NE(holder, nullptr, "a peer held replica 0");
            CloakRecord stored;
            NS_TEST_ASSERT_MSG_EQ(holder->GetDht()->GetRecord(victim->GetName(), 0, stored) &&
                                      stored.sequence == 0,
                                  true,
                                  "the looker holds the old record itself");
            holder->Lookup(victim->GetName(),
                           OnLookup([&](uint64_t,
                                        bool ok,
                                        const HyperbolicAddress& a,
                                        const std::vector<uint8_t>&) {
                               right += ok && a == victim->GetAddress();
                               misled += ok && a != victim->GetAddress();
                           }));
        });
        Simulator::Stop(Seconds(7));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(right, 1, "the lookup found the newest record");
        NS_TEST_EXPECT_MSG_EQ(misled, 0, "not the old one it holds");
        Simulator::Destroy();
    }
};

/**
 * A watch (both ends of a session moved at once: each looks for the other where it was). The
 * lookers have the name's address; the owner's newer record elsewhere reaches them as soon as
 * the replicas store it, well before WatchTime; a replica rolled back to an older record
 * elsewhere answers at once but does not win; with nothing new the watch ends after
 * WatchTime with the address it had; with MaxWatches 0 a replica answers at once.
 */
class WatchTestCase : public TestCase
{
  public:
    WatchTestCase()
        : TestCase("overlay: a watch ends when the owner's newer record reaches the replicas, "
                   "not at a rolled-back one, and after WatchTime when nothing changes")
    {
    }

  private:
    /// Ten peers watch the victim at an address; each outcome's time and address are kept.
    struct Watchers
    {
        std::vector<std::pair<Time, HyperbolicAddress>> outcomes; //!< when, where
        uint32_t notFound{0};                                     //!< ended with nothing

        /// \param heardAt when they last heard the victim at `at` (negative: never)
        void Start(SignedOverlay& net,
                   Ptr<CloakNode> victim,
                   const HyperbolicAddress& at,
                   Time heardAt = Seconds(-1))
        {
            for (uint32_t i = 1; i < 30; i += 3)
            {
                net.peers[i]->Watch(victim->GetName(),
                                    at,
                                    OnLookup([this](uint64_t,
                                                    bool ok,
                                                    const HyperbolicAddress& a,
                                                    const std::vector<uint8_t>&) {
                                        notFound += !ok;
                                        outcomes.emplace_back(Simulator::Now(), a);
                                    }),
                                    heardAt);
            }
        }

        /// \return how many ended at address, between from and to
        uint32_t Count(const HyperbolicAddress& address, Time from, Time to) const
        {
            uint32_t n = 0;
            for (const auto& [when, a] : outcomes)
            {
                n += a == address && when >= from && when < to;
            }
            return n;
        }
    };

    void DoRun() override
    {
        SignedOverlay net(true);
        Ptr<CloakNode> victim = net.peers[12];
        Ptr<CloakNode> mallory = net.peers[25];
        HyperbolicAddress first;
        HyperbolicAddress moved = net.peers[20]->GetAddress();
        Watchers racing;
        Watchers still;
        Watchers unheld;
        ScheduleLambda(Seconds(3), [&]() {
            first = victim->GetAddress();
            net.WipeHolders(victim->GetName(), 0);
            CloakRecord old = MakeRecord(victim->GetName(), mallory->GetAddress(), 0);
            old.Sign(*net.ids[12]);
            mallory->Put(old);
        });
        // They heard the victim at first just before: the rolled-back replica's record
        // elsewhere is older than that, and does not end their watch either.
        ScheduleLambda(Seconds(5), [&]() { racing.Start(net, victim, first, Seconds(4.9)); });
        // The victim "moves": its newer record, at another peer's address.
        ScheduleLambda(Seconds(5.1), [&]() {
            moved = net.peers[20]->GetAddress();
            CloakRecord record = MakeRecord(victim->GetName(), moved, 1000);
            record.Sign(*net.ids[12]);
            victim->Put(record);
        });
        ScheduleLambda(Seconds(7), [&]() { still.Start(net, victim, moved); });
        auto countHeld = [&net]() {
            uint64_t held = 0;
            for (Ptr<CloakNode> peer : net.peers)
            {
                held += peer->GetDht()->GetCounters().held;
            }
            return held;
        };
        uint64_t heldBefore = 0;
        ScheduleLambda(Seconds(9), [&]() {
            heldBefore = countHeld();
            for (Ptr<CloakNode> peer : net.peers)
            {
                peer->GetDht()->SetAttribute("MaxWatches", UintegerValue(0));
            }
            unheld.Start(net, victim, moved);
        });
        Simulator::Stop(Seconds(10));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT_OR_EQ(heldBefore,
                                    20,
                                    "replicas at the watched address held the GETs (two of "
                                    "three at least, 20 watches)");
        NS_TEST_EXPECT_MSG_EQ(countHeld(), heldBefore, "with MaxWatches 0, none was held");
        NS_TEST_EXPECT_MSG_EQ(racing.outcomes.size(), 10, "every watch ended");
        NS_TEST_EXPECT_MSG_EQ(racing.Count(moved, Seconds(5.1), Seconds(5.4)),
                              10,
                              "each found the new address within 300 ms of its record "
                              "(WatchTime is 500 ms)");
        NS_TEST_EXPECT_MSG_EQ(racing.Count(mallory->GetAddress(), Seconds(0), Seconds(10)),
                              0,
                              "none took the rolled-back replica's older record");
        NS_TEST_EXPECT_MSG_EQ(still.Count(moved, Seconds(7.5), Seconds(8)),
                              10,
                              "with nothing new, each ended after WatchTime where it was");
        NS_TEST_EXPECT_MSG_EQ(unheld.Count(moved, Seconds(9), Seconds(9.25)),
                              10,
                              "with MaxWatches 0, each was answered at once");
        NS_TEST_EXPECT_MSG_EQ(racing.notFound + still.notFound + unheld.notFound, 0, "found");
        Simulator::Destroy();
    }
};

/**
 * A watch asked after the owner's newer record reached some replicas (both ends moved, one
 * record's trip ahead of the other's question): replicas answer at once with that record,
 * and a looker that knows it is newer ends on that answer, without waiting out ReplicaWait
 * for a replica that still holds the watch: one that had the owner's record at the watched
 * address from a lookup, or one that heard the owner there before the new record was made.
 */
class WatchAfterMoveTestCase : public TestCase
{
  public:
    WatchAfterMoveTestCase()
        : TestCase("overlay: a watch answered by a replica that already has the newer record "
                   "ends on that answer when the looker knows it is newer")
    {
    }

  private:
    /// Watches' outcomes.
    struct Outcomes
    {
        std::vector<Time> endedAt; //!< When each ended
        uint32_t misled{0};        //!< Ended not found, or not at the new address
    };

    void DoRun() override
    {
        SignedOverlay net(true);
        Ptr<CloakNode> victim = net.peers[12];
        uint64_t name = victim->GetName();
        HyperbolicAddress first;
        HyperbolicAddress moved;
        Ptr<CloakNode> stale;
        Outcomes accepted; // had the record at first from a lookup
        Outcomes heard;    // heard the victim at first before its new record was made
        // Every third peer from `from` watches the victim at first (not the failed one).
        auto watch = [&](uint32_t from, Time heardAt, Outcomes& outcomes) {
            for (uint32_t i = from; i < 30; i += 3)
            {
                if (net.peers[i] == stale || net.peers[i] == victim)
                {
                    continue;
                }
                net.peers[i]->Watch(name,
                                    first,
                                    OnLookup([&outcomes, &moved](uint64_t,
                                                                 bool ok,
                                                                 const HyperbolicAddress& a,
                                                                 const std::vector<uint8_t>&) {
                                        outcomes.endedAt.push_back(Simulator::Now());
                                        outcomes.misled += !ok || a != moved;
                                    }),
                                    heardAt);
            }
        };
        ScheduleLambda(Seconds(4), [&]() {
            first = victim->GetAddress();
            for (uint32_t i = 2; i < 30; i += 3)
            {
                net.peers[i]->Lookup(name, OnLookup([](uint64_t, bool, const auto&, const auto&) {
                                     })); // each accepts the record at first
            }
        });
        ScheduleLambda(Seconds(5), [&]() {
            moved = net.peers[20]->GetAddress();
            CloakRecord record = MakeRecord(name, moved, 1000, Simulator::Now() + Seconds(60));
            record.Sign(*net.ids[12]);
            victim->Put(record); // made at 5 s: it lives RecordLifetime (60 s)
        });
        // One replica's peer fails, unnoticed yet (NeighbourTimeout is 3.5 s): the GETs
        // routed to it are lost, the other two replicas answer at once.
        ScheduleLambda(Seconds(5.5), [&]() {
            std::vector<Ptr<CloakNode>> holders = net.GetHolders(name, 1);
            if (!holders.empty())
            {
                stale = holders.back();
                stale->GetNode()->GetObject<Ipv4>()->SetDown(1);
            }
        });
        ScheduleLambda(Seconds(6), [&]() {
            watch(2, Seconds(-1), accepted);
            watch(1, Seconds(4.9), heard);
        });
        Simulator::Stop(Seconds(8));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_NE(stale, nullptr, "a peer held replica 1");
        for (Outcomes* o : {&accepted, &heard})
        {
            NS_TEST_EXPECT_MSG_GT_OR_EQ(o->endedAt.size(), 8, "every watch ended");
            NS_TEST_EXPECT_MSG_EQ(o->misled, 0, "each at the new address");
            for (Time t : o->endedAt)
            {
                NS_TEST_EXPECT_MSG_LT(t,
                                      Seconds(6.1),
                                      "on the first answer, not ReplicaWait later");
            }
        }
        Simulator::Destroy();
    }
};

/// The record suite.
class CloakRecordTestSuite : public TestSuite
{
  public:
    CloakRecordTestSuite()
        : TestSuite("cloak-record")
    {
        AddTestCase(new RecordWireTestCase);
        AddTestCase(new RecordBindingTestCase);
        AddTestCase(new PoisoningTestCase);
        AddTestCase(new SignedByDefaultTestCase);
        AddTestCase(new DowngradeTestCase);
        AddTestCase(new LongLivedTestCase);
        AddTestCase(new RollbackTestCase);
        AddTestCase(new NearRollbackTestCase);
        AddTestCase(new WatchTestCase);
        AddTestCase(new WatchAfterMoveTestCase);
    }
};

/// The suite's instance.
static CloakRecordTestSuite g_cloakRecordTestSuite;

} // namespace tests
} // namespace ns3
