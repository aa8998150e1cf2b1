/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_NODE_H
#define CLOAK_NODE_H

#include "cloak-dht.h"
#include "cloak-header.h"
#include "cloak-neighbours.h"
#include "cloak-record.h"
#include "hyperbolic-address.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/frame-socket.h"
#include "ns3/ipv4-address.h"
#include "ns3/local-address-monitor.h"
#include "ns3/muses-identity.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A CLOAK overlay peer (paper §II.B): an ns-3 Application whose links to
 *        its overlay neighbours are TCP connections.
 *
 * Joining: the peer dials its contacts in turn and sends JOIN; a joined contact hands out a
 * free child slot of its q-regular tree embedding (JOIN_ACCEPT) or redirects to one of its
 * children (JOIN_REDIRECT). A contact inside the joiner's own subtree refuses, so that a
 * rejoining peer never hangs below itself. Once joined, the peer publishes its record in the
 * DHT and opens ExtraLinks non-tree links to random contacts.
 *
 * Routing is greedy: each hop goes to the neighbour closest (hyperbolic distance) to the
 * destination; with Lookahead, the neighbours' own neighbours (sent in keepalives) count too,
 * and the packet goes to the neighbour that reaches the closest of them. A tree neighbour is
 * always strictly closer, so routing never gets stuck before the destination. With
 * ProximityRouting, the hop is the neighbour closer than this peer whose progress per unit of
 * latency (its link's base RTT plus HopCost) is the largest: a peer next door that makes some
 * progress before a far one that makes more.
 *
 * DHT: the peer's part of it is a CloakDht (GetDht(), attribute "Dht"), which routes its
 * messages through this peer; Lookup() and Put() are its calls.
 *
 * The links themselves (TCP connections, roles, keepalives, the greedy choice among the
 * neighbours) are a CloakNeighbours that this peer owns; the peer decides the tree.
 *
 * Repair: a neighbour is lost when its TCP connection ends, when it says LEAVE, or when nothing
 * came from it for NeighbourTimeout. A peer that loses its parent rejoins through the peers it
 * knows and readdresses its subtree (each child gets the same slot under the new address);
 * a peer whose own IPv4 address changes (a move) drops its links and rejoins. Names never
 * change.
 */
class CloakNode : public Application, private CloakDht::Overlay, private CloakNeighbours::Owner
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Why a CLOAK packet was dropped.
    enum DropReason : uint8_t
    {
        DROP_MALFORMED = 1,     //!< The CLOAK header or the payload could not be parsed
        DROP_TTL_EXPIRED,       //!< TTL reached zero
        DROP_NO_ROUTE,          //!< No neighbour closer to the destination, and it is not here
        DROP_WRONG_PEER,        //!< The address is here but the name is not (a stale address)
        DROP_NOT_JOINED,        //!< This peer has no address (joining)
        DROP_NO_LINK,           //!< The chosen neighbour's link could not take the packet
        DROP_FORGED_RECORD,     //!< A DHT record whose key or signature does not hold
        DROP_UNSIGNED_RECORD,   //!< An unsigned DHT record, at a peer with an identity
        DROP_STALE_RECORD,      //!< A DHT record expired, or older than the one stored
        DROP_LONG_LIVED_RECORD, //!< A DHT record expiring later than RecordLifetime from now
        DROP_SHORT_GET,         //!< A DHT_GET too short for its answer (3x at most)
    };

    /// \param reason a reason \return its name, e.g. "NO_ROUTE"
    static const char* DropReasonName(uint8_t reason);

    /// Called with a DATA payload, its source's name and overlay address.
    typedef Callback<void, Ptr<Packet>, uint64_t, const HyperbolicAddress&> ReceiveCallback;
    /// Called with a lookup's outcome: name, found, address, value.
    typedef CloakDht::LookupCallback LookupCallback;

    CloakNode();
    ~CloakNode() override;

    /// \param name this peer's permanent name (not 0)
    void SetName(uint64_t name);
    /// \return this peer's name
    uint64_t GetName() const;

    /// \param contacts underlay addresses of peers to join through, tried in order (IPv4, or
    ///        IPv6 with the Ipv6 attribute)
    void SetContacts(const std::vector<Address>& contacts);
    /// \param contact one more peer to know (join, rejoin, extra links)
    void AddContact(const Address& contact);

    /// Make this peer the root of the tree (the first peer; it joins nobody).
    void SetRoot();

    /// \return true while the peer has an overlay address
    bool IsJoined() const override;
    /// \return the overlay address (meaningful when joined)
    const HyperbolicAddress& GetAddress() const;
    /// \return the names of the current neighbours (tree and extra links with a known address)
    std::vector<uint64_t> GetNeighbourNames() const;
    /// \param name a neighbour's name \return the points it last said its own neighbours are
    /// at (its keepalives': what two-hop lookahead routes by)
    std::vector<HyperbolicAddress::Point> GetTwoHopView(uint64_t name) const;
    /// \return the parent's name (0 for the root or when not joined)
    uint64_t GetParentName() const;

    /**
     * \brief Give the peer an identity: its name becomes the key's (self-certifying) and its
     *        DHT records are signed, carrying the public key (lookups return it); unless its
     *        DHT's RequireSignedRecords is false, it refuses unsigned records.
     * \param identity an identity with a key
     */
    void SetIdentity(Ptr<MusesIdentity> identity);

    /**
     * \brief Send a payload to a peer over the overlay, best effort.
     * \param packet the payload
     * \param name the destination's name
     * \param address the destination's overlay address
     * \param urgent a control message: every link queues it ahead of data (FLAG_URGENT)
     * \param link if given, set to the link it left on (null if it did not)
     * \return false if it could not leave (not joined, no route, too long, queue full)
     */
    bool Send(Ptr<Packet> packet,
              uint64_t name,
              const HyperbolicAddress& address,
              bool urgent = false,
              Ptr<FrameSocket>* link = nullptr);

    /**
     * \brief The link a payload sent to an address now leaves on.
     * \param address the destination's overlay address
     * \return null if none (not joined, or the address is this peer's)
     */
    Ptr<FrameSocket> GetNextHop(const HyperbolicAddress& address) const;

    /**
     * \brief Back-pressure for a sender on this peer: how big a payload Send() to an address
     *        takes now without growing its first link's queue beyond one TCP send buffer
     *        (FrameSocket::GetTxAvailable, less the overlay header).
     * \param address the destination's overlay address
     * \param queuing bytes of payloads about to be sent there \param count how many
     * \return bytes (UINT32_MAX: no link, no bound)
     */
    uint32_t GetTxAvailable(const HyperbolicAddress& address,
                            uint64_t queuing,
                            uint32_t count) const;

    /// \param callback called with every DATA payload addressed to this peer
    void SetReceiveCallback(ReceiveCallback callback);
    /// \param callback called when a link's queue shrank (GetNextHop()'s GetTxAvailable grew)
    void SetLinkRoomCallback(Callback<void, Ptr<FrameSocket>> callback);

    /**
     * \brief Look a name up in the DHT: every replica at once, the newest valid record
     *        among their answers (see CloakDht). A peer that is not joined asks when it joins
     * (again): a lookup made while it is detached waits for that. \param name the name \param
     * callback called once with the outcome
     */
    void Lookup(uint64_t name, LookupCallback callback);
    /**
     * \brief Look a name up where it is expected to move: each replica whose record is at
     *        unlessAt answers once a record elsewhere is stored there, or after its
     *        CloakDht::WatchTime (then with that record). \param name the name
     * \param unlessAt the address the caller has for it \param callback called once with
     * the outcome \param heardAt when the caller last had the owner's authentic word from
     * unlessAt (negative: never); see CloakDht::Watch
     */
    void Watch(uint64_t name,
               const HyperbolicAddress& unlessAt,
               LookupCallback callback,
               Time heardAt = Seconds(-1));

    /**
     * \brief Store a record at every replica of its name's key points (Publish() does it for
     *        this peer's own record; this is for scripts, e.g. an attacker's false record).
     * \param record the record, as it is
     */
    void Put(const CloakRecord& record);

    /// Leave the overlay gracefully: hand records to the parent, say LEAVE, close the links.
    void Leave();

    /**
     * \brief Use a fixed random stream.
     * \param stream first stream index \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /// \return DHT records stored here
    uint32_t GetRecordCount() const;
    /// \return the peer's part of the DHT (its attributes and counters)
    Ptr<CloakDht> GetDht() const;

    /// Counters, for summaries.
    struct Counters
    {
        uint64_t delivered{0}; //!< DATA delivered here
        uint64_t forwarded{0}; //!< Packets forwarded
        uint64_t dropped{0};   //!< Packets dropped (any reason)
        uint64_t joins{0};     //!< Addresses obtained
        uint64_t badFrames{0}; //!< Frames dropped as malformed
    };

    /// \return the counters
    const Counters& GetCounters() const;

    /**
     * TracedCallback signature for address changes.
     * \param oldAddress the previous address (the root's for the first join)
     * \param newAddress the new address
     */
    typedef void (*AddressTracedCallback)(const HyperbolicAddress& oldAddress,
                                          const HyperbolicAddress& newAddress);
    /**
     * TracedCallback signature for routed packets reaching their end.
     * \param header the CLOAK header \param hops overlay hops taken
     */
    typedef void (*RouteTracedCallback)(const CloakHeader& header, uint32_t hops);
    /**
     * TracedCallback signature for drops.
     * \param header the CLOAK header (default one if it could not be parsed)
     * \param reason a DropReason
     */
    typedef void (*DropTracedCallback)(const CloakHeader& header, uint8_t reason);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    // Links (CloakNeighbours::Owner)
    /// Forget a link (and our JOIN on it). \param conn it \param close close it too
    void DropLink(Ptr<FrameSocket> conn, bool close);
    CloakHeader MakeLinkHeader(CloakHeader::MessageType type) const override;
    void HandleLinkFrame(Ptr<FrameSocket> conn,
                         const CloakHeader& header,
                         Ptr<Packet> payload) override;
    void ParentLost() override;
    void LinkClosed(Ptr<FrameSocket> conn) override;
    void LinkRoom(Ptr<FrameSocket> conn) override;
    void BadFrame(const CloakHeader& header) override;
    void AddressesChanged(const std::set<Address>& addresses);
    /// \return true if the node had an address of the overlay's family at the last check
    bool HasUnderlayAddress() const;
    /// \return a header from this peer \param type its type
    CloakHeader MakeHeader(CloakHeader::MessageType type) const;

    // Joining and the tree
    void TryJoin();
    /// \return the gateway of our route toward the first contact (any: none, or direct)
    Address GetGateway() const;
    void SendJoin(const Address& contact);
    void JoinFailed();
    void HandleJoin(Ptr<FrameSocket> conn, const CloakHeader& header, Ptr<Packet> payload);
    void HandleJoinAccept(Ptr<FrameSocket> conn, const CloakHeader& header);
    void HandleJoinRedirect(Ptr<FrameSocket> conn, Ptr<Packet> payload);
    void SetAddress(const HyperbolicAddress& address);
    /// Periodic: drop silent neighbours, open extra links, send keepalives.
    void SendKeepalives();

    // Routing
    /// \return false if the packet was dropped here
    /// \param link if given, set to the link it was forwarded on (null if none)
    bool Route(CloakHeader header,
               Ptr<Packet> payload,
               Ptr<FrameSocket> from = nullptr,
               Ptr<FrameSocket>* link = nullptr);
    bool Arrived(const CloakHeader& header, Ptr<Packet> payload);
    /// Hand a DHT message to the DHT; a malformed one is counted and dropped.
    /// \param header its CLOAK header \param payload its body
    void ToDht(const CloakHeader& header, Ptr<Packet> payload);
    void Drop(const CloakHeader& header, DropReason reason);

    // CloakDht::Overlay
    CloakHeader MakeDhtHeader(CloakHeader::MessageType type) const override;
    bool IsAttached() const override;
    void RouteDht(const CloakHeader& header, Ptr<Packet> payload) override;
    bool IsClosestTo(const HyperbolicAddress& point) const override;
    void RefuseDht(const CloakHeader& header, CloakDht::Refusal reason) override;

    // Attributes
    uint16_t m_port;          //!< TCP port of overlay links
    uint32_t m_degree;        //!< Tree degree q
    Time m_keepaliveInterval; //!< Keepalive period
    Time m_neighbourTimeout;  //!< Silence after which a neighbour is lost
    Time m_joinTimeout;       //!< Wait for a JOIN answer
    Time m_joinRetry;         //!< Pause after every contact failed
    uint32_t m_extraLinks;    //!< Non-tree links to open
    uint32_t m_maxExtraLinks; //!< Non-tree links kept at most
    bool m_lookahead;         //!< Two-hop lookahead in greedy routing
    bool m_proximity;         //!< Greedy routing weighs progress against link RTT
    bool m_ipv6;              //!< The underlay is IPv6 (attribute)
    Time m_hopCost;           //!< Cost of a hop besides its RTT (proximity)
    uint8_t m_ttl;            //!< Initial TTL
    uint32_t m_maxRedirects;  //!< Redirects followed per contact
    bool m_localRejoin;       //!< After a move, ask the first hop's peer first
    bool m_askGateway{false}; //!< The next join attempt goes to the first hop

    uint64_t m_name;                             //!< Permanent name
    bool m_root;                                 //!< This peer is the tree's root
    bool m_joined;                               //!< Has an address
    HyperbolicAddress m_address;                 //!< Current address
    HyperbolicAddress m_oldAddress;              //!< Address before the parent was lost
    bool m_hasOldAddress;                        //!< m_oldAddress is meaningful
    std::vector<Address> m_contacts;             //!< Known peers
    uint32_t m_nextContact;                      //!< Next contact to try
    uint32_t m_attempts;                         //!< Contacts tried this round
    uint32_t m_redirects;                        //!< Redirects followed this attempt
    Ptr<FrameSocket> m_joining;                  //!< Link our JOIN is out on
    EventId m_joinEvent;                         //!< Join timeout or retry
    Ptr<LocalAddressMonitor> m_monitor;          //!< Watches our addresses
    CloakNeighbours m_neighbours;                //!< Links to the overlay neighbours
    Ptr<CloakDht> m_dht;                         //!< Our part of the DHT
    ReceiveCallback m_receive;                   //!< DATA upcall
    Callback<void, Ptr<FrameSocket>> m_linkRoom; //!< A link's queue shrank
    EventId m_keepaliveEvent;                    //!< Next keepalive round
    Ptr<UniformRandomVariable> m_random;         //!< Choices
    Counters m_counters;                         //!< Counters

    TracedCallback<const HyperbolicAddress&, const HyperbolicAddress&> m_addressTrace;
    TracedCallback<const CloakHeader&, uint32_t> m_deliverTrace; //!< "Deliver"
    TracedCallback<const CloakHeader&, uint8_t> m_dropTrace;     //!< "Drop"
    TracedCallback<> m_parentLostTrace;                          //!< "ParentLost"
};

} // namespace ns3

#endif /* CLOAK_NODE_H */
