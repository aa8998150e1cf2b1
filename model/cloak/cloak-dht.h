/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_DHT_H
#define CLOAK_DHT_H

#include "cloak-header.h"
#include "cloak-record.h"
#include "hyperbolic-address.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/muses-identity.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief CLOAK's DHT (paper §II.B) on one peer: the records it stores, its lookups, and its
 *        own record, over the peer's greedy routing.
 *
 * A name's record (its overlay address and an opaque value) is stored, Replicas times, at
 * the peers where greedy routing toward the key points tanh(KeyRadius/2) e^{i theta_k} ends;
 * theta_k is a hash of (name, k). In a greedy tree embedding that peer is the one closest to
 * the key point, whatever the start. Records expire after RecordLifetime; their owners
 * publish them again every RefreshInterval and when their address changes; a peer hands
 * records over when a new neighbour is closer to their key point, and to its parent when
 * it leaves. A lookup asks every replica at once and takes the newest valid record among the
 * answers (all of them, or those in by LookupTimeout): a replica that lost its state, or got an
 * older record replayed to it, is outvoted; and a peer remembers the newest record it accepted
 * per name until that record expires, refusing older ones (a rollback) even if every replica
 * it reaches serves one. Once a valid record is in, the other replicas get three times as long
 * as it took, and at least ReplicaWait (a replica that is gone then costs that, not
 * LookupTimeout). A replica answers a GET with at most AMPLIFICATION_LIMIT times its bytes
 * (the answer goes to the GET's claimed source, unchecked): our GETs carry GET_PADDING.
 *
 * A watch (Watch()) is a lookup for a name the looker expects to move (both ends of a
 * session moved at once: each looks the other up while the other's new record is on its way
 * to the replicas). Its GETs carry the address the looker has. A replica whose record is
 * there answers at once with it, marked held, and holds the GET until a newer record
 * elsewhere is stored (then answers with that), or for WatchTime (then with what it has).
 * The watch ends at the first valid record elsewhere that outranks every held one: newer
 * than the owner's record at the looker's address, so no replica rolled back to an older
 * record can win that race; else as any lookup. A replica holds at most MaxWatches GETs
 * (beyond, it answers as a plain GET); it sends two answers to a held GET, each within half
 * of AMPLIFICATION_LIMIT times its bytes: watches carry WATCH_PADDING.
 *
 * Replicas and KeyRadius are network-wide: every hop of a DHT message computes the key
 * point from its own values, so every peer of an overlay must have the same ones
 * (CloakHelper gives every peer it installs the same).
 *
 * The DHT knows the overlay only through CloakDht::Overlay: it names a message's
 * destination (a key point or a peer) and the overlay routes it.
 */
class CloakDht : public Object
{
  public:
    /// Why a record is refused (the overlay counts it as one of its drop reasons).
    enum Refusal : uint8_t
    {
        REFUSED_NONE = 0,      //!< Not refused
        REFUSED_FORGED,        //!< Its key or signature does not hold, or it names another peer
        REFUSED_UNSIGNED,      //!< Unsigned, at a peer with an identity (RequireSignedRecords)
        REFUSED_STALE,         //!< Expired, or older than the one stored or seen (a replay)
        REFUSED_LONG_LIVED,    //!< Expiring later than RecordLifetime from now
        REFUSED_AMPLIFICATION, //!< A GET whose answer would exceed 3 times its size
    };

    /// Zero bytes padding our DHT_GETs, so that a record's answer stays within 3 times the
    /// question (an answer goes to the claimed source: a small GET "from" a victim must not
    /// draw a large reply to it, as QUIC pads its first packets for the same reason).
    static constexpr uint16_t GET_PADDING = 80;
    /// Zero bytes padding a watch's DHT_GETs: room for the two answers of a held one.
    static constexpr uint16_t WATCH_PADDING = 2 * GET_PADDING;
    /// Most bytes a replica sends back per byte of the GET it answers.
    static constexpr uint32_t AMPLIFICATION_LIMIT = 3;

    /// What the DHT needs from the overlay peer it runs on.
    class Overlay
    {
      public:
        virtual ~Overlay() = default;
        /// \param type a DHT message type \return a header from this peer, to be addressed
        virtual CloakHeader MakeDhtHeader(CloakHeader::MessageType type) const = 0;
        /// \return true while the peer has an overlay address (DHT messages can go)
        virtual bool IsAttached() const = 0;
        /// Route a DHT message greedily. \param header its header \param payload its body
        virtual void RouteDht(const CloakHeader& header, Ptr<Packet> payload) = 0;
        /// \param point a key point \return true if no neighbour is closer to it than we are
        virtual bool IsClosestTo(const HyperbolicAddress& point) const = 0;
        /// Count and trace a refused record. \param header its message's header
        /// \param reason why
        virtual void RefuseDht(const CloakHeader& header, Refusal reason) = 0;
    };

    /// Called with a lookup's outcome: name, found, address, value.
    typedef Callback<void, uint64_t, bool, const HyperbolicAddress&, const std::vector<uint8_t>&>
        LookupCallback;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CloakDht();
    ~CloakDht() override;

    /// \param overlay the peer it runs on (it outlives the DHT's use)
    void SetOverlay(Overlay* overlay);
    /// \param identity signs our record (optional)
    void SetIdentity(Ptr<MusesIdentity> identity);

    /**
     * \brief The peer started: the first refresh comes after a random part of
     *        RefreshInterval, so that the peers' refreshes spread.
     * \param fraction that part, in [0, 1]
     */
    void Start(double fraction);
    /// The peer stopped: forget records and lookups, stop refreshing.
    void Stop();

    /**
     * \brief The peer got an address: publish our record there, hand over what a closer
     *        peer should hold, and ask every pending lookup again from replica 0.
     * \param name our name \param address our new address
     */
    void Attached(uint64_t name, const HyperbolicAddress& address);
    /// The peer's underlay address changed: its part of the key space belongs to others.
    void Moved();
    /// A neighbour appeared: records closer to it go to it.
    void HandOver();
    /// \param send sends a DHT_PUT to the parent: every live record goes there (leaving)
    void HandOverAll(const std::function<void(const CloakHeader&, Ptr<Packet>)>& send);

    /**
     * \brief A DHT message ended its route here.
     * \param header its header \param payload its body
     * \return false if it was refused (malformed)
     */
    bool Receive(const CloakHeader& header, Ptr<Packet> payload);

    /// \param name the name \param callback called once with the outcome; see CloakNode::Lookup
    void Lookup(uint64_t name, LookupCallback callback);
    /**
     * \brief A lookup whose replicas answer once the name's record is not at this address,
     *        or after their WatchTime; see CloakNode::Watch.
     * \param name the name \param unlessAt the address the caller has for it
     * \param callback called once with the outcome
     * \param heardAt when the caller last had the owner's authentic word from unlessAt
     *        (negative: never): what the owner published after that is newer
     */
    void Watch(uint64_t name,
               const HyperbolicAddress& unlessAt,
               LookupCallback callback,
               Time heardAt = Seconds(-1));
    /// \param record stored at every replica, as it is; see CloakNode::Put
    void Put(const CloakRecord& record);

    /// \param name a name \param replica a replica number \param radius key radius
    /// \return the name's key point for that replica
    static HyperbolicAddress KeyPoint(uint64_t name, uint8_t replica, double radius);
    /// \param name a name \param replica a replica number \return its key point here
    HyperbolicAddress GetKeyPoint(uint64_t name, uint8_t replica) const;
    /// \return records stored here
    uint32_t GetRecordCount() const;
    /**
     * \param name a name \param replica a replica number
     * \param record receives the record stored here for them, if any
     * \return true if one is stored (and not expired)
     */
    bool GetRecord(uint64_t name, uint8_t replica, CloakRecord& record) const;

    /// Counters, for summaries.
    struct Counters
    {
        uint64_t lookups{0};   //!< Lookups started
        uint64_t lookupsOk{0}; //!< Lookups that found the record
        uint64_t stored{0};    //!< Records stored here
        uint64_t answered{0};  //!< Lookups answered here
        uint64_t held{0};      //!< Watches held here before their answer
    };

    /// \return the counters
    const Counters& GetCounters() const;

    /**
     * TracedCallback signature for DHT operations ending here.
     * \param type DHT_PUT (stored), DHT_GET (answered) or DHT_REPLY (lookup done)
     * \param name the record's name \param success stored/found
     */
    typedef void (*OperationTracedCallback)(uint8_t type, uint64_t name, bool success);

  protected:
    void DoDispose() override;

  private:
    /// A lookup in progress.
    struct PendingLookup
    {
        uint64_t name{0};           //!< The name
        uint8_t answers{0};         //!< Replicas that answered
        bool found{false};          //!< best holds a valid record
        CloakRecord best;           //!< The newest valid record answered
        LookupCallback callback;    //!< The caller's
        EventId timeout;            //!< Ends it with what came in
        Time asked;                 //!< When the replicas were asked
        bool watch{false};          //!< A watch: the GETs carry unlessAt
        HyperbolicAddress unlessAt; //!< The watch's address
        bool hasHeld{false};        //!< held holds a record at unlessAt a replica holds
        CloakRecord held;           //!< The newest of them
        Time heardAt{Seconds(-1)};  //!< The looker last heard the owner at unlessAt
    };

    /// A watch held here: the GET's header (its source gets the answer).
    struct HeldGet
    {
        CloakHeader header;         //!< The GET's
        uint32_t lookupId{0};       //!< Its lookup id
        HyperbolicAddress unlessAt; //!< Answer when the record is elsewhere
        uint32_t allowance{0};      //!< Bytes its second answer may take
        EventId expiry;             //!< WatchTime after it came
    };

    /// A stored record's key: its name and replica.
    typedef std::pair<uint64_t, uint8_t> Key;

    /// Put our own record, signed if we have an identity.
    void Publish();
    /// \return a DHT_PUT of a record to one replica \param key name and replica
    /// \param record the record \param payload receives the body
    CloakHeader MakePut(const Key& key, const CloakRecord& record, Ptr<Packet>& payload) const;
    /// A DHT_PUT arrived. \param header its header \param payload its body
    /// \return false if malformed
    bool Store(const CloakHeader& header, Ptr<Packet> payload);
    /// \return why a record is refused \param record it
    Refusal CheckRecord(const CloakRecord& record) const;
    /**
     * \brief Which of two valid records of one name is its owner's word: a signed one over
     *        unsigned ones (whatever their sequence: else an unsigned record with a far higher
     *        sequence took the name), else the higher sequence (a replay is older).
     * \param candidate a record \param current the one it would replace
     * \return why candidate may not replace current, or REFUSED_NONE
     */
    static Refusal Outranks(const CloakRecord& candidate, const CloakRecord& current);
    /// A DHT_GET arrived. \param header its header \param payload its body
    /// \return false if malformed
    bool AnswerGet(const CloakHeader& header, Ptr<Packet> payload);
    /**
     * \brief Answer a GET with the record stored here, if any.
     * \param header the GET's header \param lookupId its id
     * \param allowance most bytes the answer may take (AMPLIFICATION_LIMIT)
     * \param held a watch's first answer: the GET is held
     * \return false if the answer would exceed the allowance (not sent)
     */
    bool Answer(const CloakHeader& header, uint32_t lookupId, uint32_t allowance, bool held);

    /// A held watch's time is up, or a newer record came: answer with what is here.
    /// \param id its m_held key
    void AnswerHeld(uint32_t id);
    /// A record was stored: answer the watches it concerns. \param key its key
    void WakeHeld(const Key& key);
    /// A DHT_REPLY arrived. \param header its header \param payload its body
    /// \return false if malformed
    bool HandleReply(const CloakHeader& header, Ptr<Packet> payload);
    /**
     * \param lookup a watch \param record an answer, not at the watched address
     * \return whether it is newer than the owner's record at the watched address (held by a
     *         replica, or the one an earlier lookup gave), or, with neither, published after
     *         the looker last heard the owner there: proof enough that the owner moved
     */
    bool IsNewerThanWatched(const PendingLookup& lookup, const CloakRecord& record) const;
    /// \param name the name \param callback the caller's \return a new lookup's id
    uint32_t NewLookup(uint64_t name, LookupCallback callback);
    /// Ask every replica (again, from scratch). \param id the lookup
    void AskReplicas(uint32_t id);
    /// Every replica answered, or LookupTimeout passed: give the newest. \param id the lookup
    void FinishLookup(uint32_t id);
    /// Hand over and publish again, periodically.
    void Refresh();

    // Attributes
    uint8_t m_replicas;     //!< Copies per name (network-wide)
    double m_keyRadius;     //!< Hyperbolic radius of key points (network-wide)
    bool m_requireSigned;   //!< Refuse unsigned records (with an identity)
    Time m_recordLifetime;  //!< Record TTL
    Time m_refreshInterval; //!< Own record re-published this often
    Time m_lookupTimeout;   //!< Wait for a reply
    Time m_replicaWait;     //!< Wait for the other replicas at least, once one answered
    Time m_watchTime;       //!< Hold a watch this long at most
    uint32_t m_maxWatches;  //!< Hold at most this many watches

    Overlay* m_overlay;                          //!< The peer below
    Ptr<MusesIdentity> m_identity;               //!< Signs our record (optional)
    uint64_t m_name;                             //!< Our name (once attached)
    HyperbolicAddress m_address;                 //!< Our address (once attached)
    uint32_t m_sequence;                         //!< Our record's sequence
    std::map<Key, CloakRecord> m_records;        //!< Stored records
    std::map<uint64_t, CloakRecord> m_accepted;  //!< Newest record a lookup gave, per name
    std::map<uint32_t, PendingLookup> m_lookups; //!< Lookups in progress
    uint32_t m_nextLookup;                       //!< Next lookup id
    std::map<uint32_t, HeldGet> m_held;          //!< Watches held here
    uint32_t m_nextHeld;                         //!< Next m_held key
    EventId m_refreshEvent;                      //!< Next refresh
    Counters m_counters;                         //!< Counters
    TracedCallback<uint8_t, uint64_t, bool> m_operationTrace; //!< "Operation"
};

} // namespace ns3

#endif /* CLOAK_DHT_H */
