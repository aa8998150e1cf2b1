/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-dht.h"

#include "cloak-messages.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/muses-mix.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakDht");

NS_OBJECT_ENSURE_REGISTERED(CloakDht);

TypeId
CloakDht::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CloakDht")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddConstructor<CloakDht>()
            .AddAttribute("Replicas",
                          "Copies of every record (key points per name). Network-wide: every "
                          "peer of an overlay must use the same.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&CloakDht::m_replicas),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("KeyRadius",
                          "Hyperbolic radius of the key points. Network-wide: every peer of an "
                          "overlay must use the same.",
                          DoubleValue(30),
                          MakeDoubleAccessor(&CloakDht::m_keyRadius),
                          MakeDoubleChecker<double>(0, HyperbolicAddress::MAX_RADIUS))
            .AddAttribute("RequireSignedRecords",
                          "A peer with an identity (an overlay whose peers sign their records) "
                          "refuses records without a valid signature by their name's key; "
                          "false: it takes unsigned ones too (a mixed overlay). A peer without "
                          "an identity takes them whatever this says; forged records are "
                          "always refused.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&CloakDht::m_requireSigned),
                          MakeBooleanChecker())
            .AddAttribute("RecordLifetime",
                          "A stored record is forgotten this long after it was put. "
                          "Network-wide: a record expiring later than this from now is "
                          "refused.",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&CloakDht::m_recordLifetime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("RefreshInterval",
                          "A peer publishes its record again this often.",
                          TimeValue(Seconds(20)),
                          MakeTimeAccessor(&CloakDht::m_refreshInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("LookupTimeout",
                          "A lookup ends this long after it asked the replicas, with the "
                          "answers it has.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CloakDht::m_lookupTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("ReplicaWait",
                          "Once a lookup has a valid record, the other replicas get at least "
                          "this long (and three times as long as that answer took) before it "
                          "ends. A replica holding an older record is outvoted only by the "
                          "answers in by then, so this is the time the farthest replica takes "
                          "to answer: shorter ends lookups sooner when a replica is gone.",
                          TimeValue(MilliSeconds(250)),
                          MakeTimeAccessor(&CloakDht::m_replicaWait),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("WatchTime",
                          "A replica holds a watch (a GET answered once the record is not at "
                          "the looker's address) at most this long, then answers with what it "
                          "has. Below LookupTimeout, so that the looker hears it; 0: watches "
                          "are answered at once, as plain GETs.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&CloakDht::m_watchTime),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("MaxWatches",
                          "A replica holds at most this many watches at a time (each is a "
                          "GET's header and an event); more are answered at once.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&CloakDht::m_maxWatches),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Operation",
                            "A DHT operation ended here (stored, answered, lookup done).",
                            MakeTraceSourceAccessor(&CloakDht::m_operationTrace),
                            "ns3::CloakDht::OperationTracedCallback");
    return tid;
}

CloakDht::CloakDht()
    : m_replicas(3),
      m_keyRadius(30),
      m_requireSigned(true),
      m_overlay(nullptr),
      m_name(0),
      m_sequence(0),
      m_nextLookup(1),
      m_nextHeld(1)
{
    NS_LOG_FUNCTION(this);
}

CloakDht::~CloakDht()
{
    NS_LOG_FUNCTION(this);
}

void
CloakDht::DoDispose()
{
    Stop();
    m_overlay = nullptr;
    m_identity = nullptr;
    Object::DoDispose();
}

void
CloakDht::SetOverlay(Overlay* overlay)
{
    m_overlay = overlay;
}

void
CloakDht::SetIdentity(Ptr<MusesIdentity> identity)
{
    m_identity = identity;
}

void
CloakDht::Start(double fraction)
{
    m_refreshEvent = Simulator::Schedule(m_refreshInterval * fraction, &CloakDht::Refresh, this);
}

void
CloakDht::Stop()
{
    m_refreshEvent.Cancel();
    for (auto& [id, lookup] : m_lookups)
    {
        lookup.timeout.Cancel();
    }
    m_lookups.clear();
    m_records.clear();
    m_accepted.clear();
    for (auto& [id, held] : m_held)
    {
        held.expiry.Cancel();
    }
    m_held.clear();
}

HyperbolicAddress
CloakDht::KeyPoint(uint64_t name, uint8_t replica, double radius)
{
    uint64_t hash = Mix64(name ^ Mix64(replica + 1));
    long double theta = 2 * M_PIl * (hash >> 11) / static_cast<long double>(1ULL << 53);
    long double r = std::tanh(static_cast<long double>(radius) / 2);
    return HyperbolicAddress(std::polar(r, theta));
}

HyperbolicAddress
CloakDht::GetKeyPoint(uint64_t name, uint8_t replica) const
{
    return KeyPoint(name, replica, m_keyRadius);
}

uint32_t
CloakDht::GetRecordCount() const
{
    return m_records.size();
}

bool
CloakDht::GetRecord(uint64_t name, uint8_t replica, CloakRecord& record) const
{
    auto it = m_records.find(Key(name, replica));
    if (it == m_records.end() || it->second.expires <= Simulator::Now())
    {
        return false;
    }
    record = it->second;
    return true;
}

const CloakDht::Counters&
CloakDht::GetCounters() const
{
    return m_counters;
}

void
CloakDht::Attached(uint64_t name, const HyperbolicAddress& address)
{
    m_name = name;
    m_address = address;
    Publish();
    HandOver();
    // Answers to lookups sent from the old address would never arrive, and lookups made while
    // detached have not been asked yet: ask them all again.
    std::vector<uint32_t> pending;
    for (const auto& [id, lookup] : m_lookups)
    {
        pending.push_back(id);
    }
    for (uint32_t id : pending)
    {
        AskReplicas(id);
    }
}

void
CloakDht::Moved()
{
    m_records.clear();
}

void
CloakDht::Publish()
{
    CloakRecord record;
    record.name = m_name;
    record.address = m_address;
    record.sequence = ++m_sequence;
    record.expires = Simulator::Now() + m_recordLifetime;
    if (m_identity)
    {
        record.Sign(*m_identity);
    }
    Put(record);
}

CloakHeader
CloakDht::MakePut(const Key& key, const CloakRecord& record, Ptr<Packet>& payload) const
{
    CloakPutHeader put;
    put.SetRecord(record);
    payload = MakeCloakBody(put);
    CloakHeader header = m_overlay->MakeDhtHeader(CloakHeader::DHT_PUT);
    header.SetDestinationName(key.first);
    header.SetDestinationKey(key.second);
    header.SetPayloadLength(payload->GetSize());
    return header;
}

void
CloakDht::Put(const CloakRecord& record)
{
    NS_LOG_FUNCTION(this << record.name);
    for (uint8_t replica = 0; replica < m_replicas; ++replica)
    {
        Ptr<Packet> payload;
        CloakHeader header = MakePut({record.name, replica}, record, payload);
        m_overlay->RouteDht(header, payload);
    }
}

void
CloakDht::HandOver()
{
    if (!m_overlay->IsAttached())
    {
        return;
    }
    Time now = Simulator::Now();
    for (auto it = m_records.begin(); it != m_records.end();)
    {
        if (it->second.expires <= now)
        {
            it = m_records.erase(it);
            continue;
        }
        if (m_overlay->IsClosestTo(GetKeyPoint(it->first.first, it->first.second)))
        {
            ++it;
            continue;
        }
        // A peer closer to the key point appeared: the record is its now.
        Ptr<Packet> payload;
        CloakHeader header = MakePut(it->first, it->second, payload);
        it = m_records.erase(it);
        m_overlay->RouteDht(header, payload);
    }
}

void
CloakDht::HandOverAll(const std::function<void(const CloakHeader&, Ptr<Packet>)>& send)
{
    // After LEAVE the parent no longer routes to us: the records it gets stay there or move
    // on to their new owner.
    for (const auto& [key, record] : m_records)
    {
        if (record.expires > Simulator::Now())
        {
            Ptr<Packet> payload;
            CloakHeader header = MakePut(key, record, payload);
            send(header, payload);
        }
    }
}

void
CloakDht::Refresh()
{
    HandOver();
    // What we accepted only guards against rollbacks while it is valid.
    for (auto it = m_accepted.begin(); it != m_accepted.end();)
    {
        it = it->second.expires <= Simulator::Now() ? m_accepted.erase(it) : std::next(it);
    }
    if (m_overlay->IsAttached())
    {
        Publish();
    }
    m_refreshEvent = Simulator::Schedule(m_refreshInterval, &CloakDht::Refresh, this);
}

bool
CloakDht::Receive(const CloakHeader& header, Ptr<Packet> payload)
{
    switch (header.GetType())
    {
    case CloakHeader::DHT_PUT:
        return Store(header, payload);
    case CloakHeader::DHT_GET:
        return AnswerGet(header, payload);
    case CloakHeader::DHT_REPLY:
        return HandleReply(header, payload);
    default:
        return false;
    }
}

bool
CloakDht::Store(const CloakHeader& header, Ptr<Packet> payload)
{
    CloakPutHeader put;
    if (!ReadCloakBody(payload, put) || put.GetRecord().name != header.GetDestinationName())
    {
        return false;
    }
    const CloakRecord& record = put.GetRecord();
    Key key(record.name, header.GetReplica());
    auto it = m_records.find(key);
    Refusal refused = CheckRecord(record);
    if (refused == REFUSED_NONE && it != m_records.end())
    {
        refused = Outranks(record, it->second);
    }
    if (refused != REFUSED_NONE)
    {
        m_overlay->RefuseDht(header, refused);
        m_operationTrace(CloakHeader::DHT_PUT, key.first, false);
        return true;
    }
    m_records[key] = record;
    ++m_counters.stored;
    m_operationTrace(CloakHeader::DHT_PUT, key.first, true);
    WakeHeld(key);
    return true;
}

CloakDht::Refusal
CloakDht::Outranks(const CloakRecord& candidate, const CloakRecord& current)
{
    bool currentSigned = !current.signature.empty();
    bool candidateSigned = !candidate.signature.empty();
    if (currentSigned && !candidateSigned)
    {
        return REFUSED_UNSIGNED;
    }
    if (currentSigned == candidateSigned && current.sequence > candidate.sequence)
    {
        return REFUSED_STALE;
    }
    return REFUSED_NONE;
}

CloakDht::Refusal
CloakDht::CheckRecord(const CloakRecord& record) const
{
    CloakRecord::Check check = record.Verify();
    if (check == CloakRecord::FORGED)
    {
        return REFUSED_FORGED;
    }
    if (check == CloakRecord::UNSIGNED && m_requireSigned && m_identity)
    {
        return REFUSED_UNSIGNED;
    }
    if (record.expires <= Simulator::Now())
    {
        return REFUSED_STALE;
    }
    // Its owner publishes it to last RecordLifetime (network-wide): one that would last
    // longer would outlive every refresh of the owner's, and hold a name it took for ever.
    if (record.expires > Simulator::Now() + m_recordLifetime)
    {
        return REFUSED_LONG_LIVED;
    }
    return REFUSED_NONE;
}

bool
CloakDht::AnswerGet(const CloakHeader& header, Ptr<Packet> payload)
{
    CloakGetHeader get;
    if (!ReadCloakBody(payload, get))
    {
        return false;
    }
    // The answer goes to whatever source the GET claims: no more than 3 times its bytes (a
    // held watch gets two answers: half each).
    uint32_t allowance =
        AMPLIFICATION_LIMIT * (header.GetSerializedSize() + header.GetPayloadLength());
    CloakRecord record;
    if (get.IsWatch() && m_watchTime.IsStrictlyPositive() && m_held.size() < m_maxWatches &&
        GetRecord(header.GetDestinationName(), header.GetReplica(), record) &&
        record.address == get.GetUnlessAt() &&
        Answer(header, get.GetLookupId(), allowance / 2, true))
    {
        // The looker has this address already: the answer it waits for is the next one.
        uint32_t id = m_nextHeld++;
        HeldGet& held = m_held[id];
        held.header = header;
        held.lookupId = get.GetLookupId();
        held.unlessAt = get.GetUnlessAt();
        held.allowance = allowance / 2;
        held.expiry = Simulator::Schedule(m_watchTime, &CloakDht::AnswerHeld, this, id);
        ++m_counters.held;
        return true;
    }
    if (!Answer(header, get.GetLookupId(), allowance, false))
    {
        m_overlay->RefuseDht(header, REFUSED_AMPLIFICATION);
    }
    return true;
}

bool
CloakDht::Answer(const CloakHeader& header, uint32_t lookupId, uint32_t allowance, bool held)
{
    CloakRecord record;
    bool found = GetRecord(header.GetDestinationName(), header.GetReplica(), record);
    CloakReplyHeader answer(lookupId, header.GetDestinationName());
    if (found)
    {
        answer.SetRecord(record);
    }
    if (held)
    {
        answer.SetHeld();
    }
    CloakHeader reply = m_overlay->MakeDhtHeader(CloakHeader::DHT_REPLY);
    reply.SetDestinationName(header.GetSourceName());
    reply.SetDestinationAddress(header.GetSourceAddress());
    Ptr<Packet> body = MakeCloakBody(answer);
    reply.SetPayloadLength(body->GetSize());
    if (reply.GetSerializedSize() + body->GetSize() > allowance)
    {
        return false;
    }
    if (!held)
    {
        ++m_counters.answered;
        m_operationTrace(CloakHeader::DHT_GET, header.GetDestinationName(), found);
    }
    m_overlay->RouteDht(reply, body);
    return true;
}

void
CloakDht::AnswerHeld(uint32_t id)
{
    auto it = m_held.find(id);
    if (it == m_held.end())
    {
        return;
    }
    HeldGet held = it->second;
    held.expiry.Cancel();
    m_held.erase(it);
    if (m_overlay->IsAttached() && !Answer(held.header, held.lookupId, held.allowance, false))
    {
        m_overlay->RefuseDht(held.header, REFUSED_AMPLIFICATION);
    }
}

void
CloakDht::WakeHeld(const Key& key)
{
    const CloakRecord& record = m_records.at(key);
    std::vector<uint32_t> woken;
    for (const auto& [id, held] : m_held)
    {
        if (held.header.GetDestinationName() == key.first &&
            held.header.GetReplica() == key.second && held.unlessAt != record.address)
        {
            woken.push_back(id);
        }
    }
    for (uint32_t id : woken)
    {
        AnswerHeld(id);
    }
}

bool
CloakDht::HandleReply(const CloakHeader& header, Ptr<Packet> payload)
{
    CloakReplyHeader reply;
    if (!ReadCloakBody(payload, reply))
    {
        return false;
    }
    uint32_t id = reply.GetLookupId();
    uint64_t name = reply.GetName();
    bool found = reply.IsFound();
    const CloakRecord& record = reply.GetRecord();
    auto it = m_lookups.find(id);
    if (it == m_lookups.end() || it->second.name != name)
    {
        return true; // an answer after the timeout
    }
    PendingLookup& lookup = it->second;
    NS_LOG_LOGIC("lookup " << id << " of " << name << " answered by " << header.GetSourceAddress()
                           << ": "
                           << (found ? "sequence " + std::to_string(record.sequence) : "none")
                           << (reply.IsHeld() ? ", held" : ""));
    // The storing peer is not trusted either: the record must hold by itself, and be no
    // older than what we accepted for the name before (a replica may have lost the newer).
    Refusal refused = REFUSED_NONE;
    if (found)
    {
        refused = record.name != name ? REFUSED_FORGED : CheckRecord(record);
        auto seen = m_accepted.find(name);
        if (refused == REFUSED_NONE && seen != m_accepted.end() &&
            seen->second.expires > Simulator::Now())
        {
            refused = Outranks(record, seen->second);
        }
    }
    if (refused != REFUSED_NONE)
    {
        m_overlay->RefuseDht(header, refused);
    }
    else if (reply.IsHeld())
    {
        // Not an answer yet (that follows): the owner's word that it was where we think.
        if (lookup.watch && record.address == lookup.unlessAt &&
            (!lookup.hasHeld || Outranks(record, lookup.held) == REFUSED_NONE))
        {
            lookup.held = record;
            lookup.hasHeld = true;
            // A replica that had the newer record already answered (before this one).
            if (lookup.found && lookup.best.address != lookup.unlessAt &&
                IsNewerThanWatched(lookup, lookup.best))
            {
                FinishLookup(id);
            }
        }
        return true;
    }
    else if (found && lookup.watch && record.address != lookup.unlessAt &&
             IsNewerThanWatched(lookup, record))
    {
        // Newer than the owner's record at our address (held by a replica, or the one a
        // lookup gave us: this replica had the new record before our question came): it
        // moved, and no rolled-back replica can answer with anything newer than that.
        lookup.best = record;
        lookup.found = true;
        FinishLookup(id);
        return true;
    }
    else if (found && (!lookup.found || Outranks(record, lookup.best) == REFUSED_NONE))
    {
        bool first = !lookup.found;
        lookup.best = record;
        lookup.found = true;
        // The other replicas get three times as long as this one took, and at least
        // ReplicaWait (a near replica, even our own, answers at once): one that is gone costs
        // that, not the whole LookupTimeout.
        Time grace = std::max(3 * (Simulator::Now() - lookup.asked), m_replicaWait);
        if (first && grace < Simulator::GetDelayLeft(lookup.timeout))
        {
            lookup.timeout.Cancel();
            lookup.timeout = Simulator::Schedule(grace, &CloakDht::FinishLookup, this, id);
        }
    }
    if (++lookup.answers >= m_replicas)
    {
        FinishLookup(id);
    }
    return true;
}

bool
CloakDht::IsNewerThanWatched(const PendingLookup& lookup, const CloakRecord& record) const
{
    const CloakRecord* watched = lookup.hasHeld ? &lookup.held : nullptr;
    auto seen = m_accepted.find(lookup.name);
    if (!watched && seen != m_accepted.end() && seen->second.address == lookup.unlessAt)
    {
        watched = &seen->second;
    }
    if (!watched)
    {
        // The owner was at unlessAt when the looker heard it, so a record it made for
        // elsewhere after that is newer (records live RecordLifetime, network-wide). Signed,
        // for a looker that signs its own (unsigned: anybody's word, in a mixed overlay).
        return !lookup.heardAt.IsNegative() && (!record.signature.empty() || !m_identity) &&
               record.expires - m_recordLifetime > lookup.heardAt;
    }
    return record.sequence > watched->sequence && Outranks(record, *watched) == REFUSED_NONE;
}

uint32_t
CloakDht::NewLookup(uint64_t name, LookupCallback callback)
{
    uint32_t id = m_nextLookup++;
    PendingLookup& lookup = m_lookups[id];
    lookup.name = name;
    lookup.callback = callback;
    ++m_counters.lookups;
    return id;
}

void
CloakDht::Lookup(uint64_t name, LookupCallback callback)
{
    NS_LOG_FUNCTION(this << name);
    AskReplicas(NewLookup(name, callback));
}

void
CloakDht::Watch(uint64_t name,
                const HyperbolicAddress& unlessAt,
                LookupCallback callback,
                Time heardAt)
{
    NS_LOG_FUNCTION(this << name << unlessAt << heardAt);
    uint32_t id = NewLookup(name, callback);
    PendingLookup& lookup = m_lookups[id];
    lookup.watch = true;
    lookup.unlessAt = unlessAt;
    lookup.heardAt = heardAt;
    AskReplicas(id);
}

void
CloakDht::AskReplicas(uint32_t id)
{
    PendingLookup& lookup = m_lookups[id];
    lookup.timeout.Cancel();
    lookup.answers = 0;
    lookup.found = false;
    lookup.hasHeld = false;
    if (!m_overlay->IsAttached())
    {
        // A detached peer can ask no replica: the lookup waits for the (re)join, which asks
        // again (Attached).
        return;
    }
    lookup.asked = Simulator::Now();
    lookup.timeout = Simulator::Schedule(m_lookupTimeout, &CloakDht::FinishLookup, this, id);
    // A replica held here answers at once, inside RouteDht: the answer finds the lookup's
    // clock started, and the lookup may end (and be erased) before the last GET is out.
    uint64_t name = lookup.name;
    CloakGetHeader get(id, lookup.watch ? WATCH_PADDING : GET_PADDING);
    if (lookup.watch)
    {
        get.SetUnlessAt(lookup.unlessAt);
    }
    for (uint8_t replica = 0; replica < m_replicas && m_lookups.count(id) > 0; ++replica)
    {
        CloakHeader header = m_overlay->MakeDhtHeader(CloakHeader::DHT_GET);
        header.SetDestinationName(name);
        header.SetDestinationKey(replica);
        Ptr<Packet> payload = MakeCloakBody(get);
        header.SetPayloadLength(payload->GetSize());
        m_overlay->RouteDht(header, payload);
    }
}

void
CloakDht::FinishLookup(uint32_t id)
{
    auto it = m_lookups.find(id);
    if (it == m_lookups.end())
    {
        return;
    }
    PendingLookup lookup = it->second;
    lookup.timeout.Cancel();
    m_lookups.erase(it);
    if (!lookup.found && lookup.hasHeld)
    {
        lookup.best = lookup.held; // held replicas whose second answer did not come in time
        lookup.found = true;
    }
    m_operationTrace(CloakHeader::DHT_REPLY, lookup.name, lookup.found);
    if (!lookup.found)
    {
        lookup.callback(lookup.name, false, HyperbolicAddress(), std::vector<uint8_t>());
        return;
    }
    ++m_counters.lookupsOk;
    m_accepted[lookup.name] = lookup.best;
    lookup.callback(lookup.name, true, lookup.best.address, lookup.best.key);
}

} // namespace ns3
