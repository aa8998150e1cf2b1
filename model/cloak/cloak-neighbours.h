/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_NEIGHBOURS_H
#define CLOAK_NEIGHBOURS_H

#include "cloak-header.h"
#include "hyperbolic-address.h"

#include "ns3/event-id.h"
#include "ns3/frame-socket.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/tcp-link-set.h"

#include <map>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A CLOAK peer's links to its overlay neighbours: one framed TCP connection each,
 *        with the neighbour's role, name and tree address, and the addresses of its own
 *        neighbours (for two-hop lookahead).
 *
 * It accepts connections on the overlay port, dials, and forgets links; it answers and
 * sends keepalives (which carry our neighbours' addresses), drops neighbours silent for
 * the neighbour timeout, and refuses accepted links beyond the extra-link budget (the dialer
 * closes a refused link, and does not dial that peer again for a while). Frames of
 * the tree and of routing go up to its owner (the CloakNode) through
 * CloakNeighbours::Owner; the owner decides roles by the tree's rules.
 */
class CloakNeighbours
{
  public:
    /// A neighbour's role.
    enum Role : uint8_t
    {
        PENDING, //!< Accepted, nothing received yet
        JOINING, //!< Our JOIN is out on this link
        PARENT,  //!< Our tree parent
        CHILD,   //!< A tree child
        EXTRA,   //!< A non-tree link
    };

    /// Neighbour timeouts during which a peer that refused our extra link is not dialed again.
    static constexpr uint32_t REFUSAL_HOLDOFF = 10;

    /// One link to a neighbour.
    struct Link
    {
        Role role{PENDING};                           //!< What the neighbour is to us
        uint64_t name{0};                             //!< Its name (0 until known)
        bool hasAddress{false};                       //!< Its address is known
        HyperbolicAddress address;                    //!< Its address
        uint8_t slot{0};                              //!< A child's slot
        Address ip;                                   //!< Its underlay address
        Time lastHeard;                               //!< Last frame from it
        Time lastSent;                                //!< Last frame to it
        std::vector<HyperbolicAddress::Point> others; //!< Its neighbours' points (lookahead)
        uint64_t viewSent{0};         //!< Digest of the view we last sent it (0: none)
        Time refusedAt = Seconds(-1); //!< When we asked it to close the link (negative: never)
    };

    /// Links by connection, iterated in creation order (reproducible ties and keepalives).
    typedef TcpLinkSet<Link>::LinkMap LinkMap;

    /// What the links need from the peer that owns them.
    class Owner
    {
      public:
        virtual ~Owner() = default;
        /// \param type a message type \return a header from this peer (no destination)
        virtual CloakHeader MakeLinkHeader(CloakHeader::MessageType type) const = 0;
        /// \return true while the peer has a tree address
        virtual bool IsJoined() const = 0;
        /// A frame for the tree or for routing (not KEEPALIVE, not LEAVE) arrived.
        /// \param conn its link \param header its header \param payload its body
        virtual void HandleLinkFrame(Ptr<FrameSocket> conn,
                                     const CloakHeader& header,
                                     Ptr<Packet> payload) = 0;
        /// The parent's link ended (LEAVE, closed, silent, dropped).
        virtual void ParentLost() = 0;
        /// The other side closed a link, or it broke; it is forgotten. \param conn it
        virtual void LinkClosed(Ptr<FrameSocket> conn) = 0;
        /// A link's queue shrank as TCP took frames (FrameSocket::SetRoomCallback). \param conn it
        virtual void LinkRoom(Ptr<FrameSocket> conn) = 0;
        /// A frame could not be parsed: count it. \param header its header, if it had one
        virtual void BadFrame(const CloakHeader& header) = 0;
    };

    /// What the links are configured with (the owner's attributes).
    struct Config
    {
        uint64_t name{0};          //!< Our name (keepalive tie-break, logs)
        uint16_t port{0};          //!< TCP port of overlay links
        Time neighbourTimeout;     //!< Silence after which a neighbour is lost
        uint32_t maxExtraLinks{0}; //!< Non-tree links kept at most
        bool lookahead{true};      //!< Two-hop lookahead: send and use neighbours' neighbours
        bool proximity{false};     //!< Weigh each hop's progress against its link's RTT
        Time hopCost;              //!< Added to each link's RTT when weighing (proximity)
        bool ipv6{false};          //!< Links over IPv6 (listen there too)
    };

    CloakNeighbours();

    /**
     * \brief Listen for links on the overlay port.
     * \param node the node \param config settings \param owner the peer above
     */
    void Start(Ptr<Node> node, const Config& config, Owner* owner);
    /// Drop every link and stop listening. \param close close the connections (false: the
    /// simulation is over, let them go)
    void Stop(bool close);

    /// \param ip a peer's underlay address \param role its role \return the new link
    Ptr<FrameSocket> Dial(const Address& ip, Role role);
    /// Forget a link. \param conn it \param close also close the connection
    void Drop(Ptr<FrameSocket> conn, bool close);
    /// Drop every link (closing them). \param close close the connections
    void DropAll(bool close);
    /// Drop the links silent for the neighbour timeout (a JOIN in progress excepted).
    void DropSilent();

    /// \param conn a link \param header a header (its payload length is set)
    /// \param payload the body \return false if the link could not take it
    bool SendOn(Ptr<FrameSocket> conn, CloakHeader header, Ptr<Packet> payload);
    /// \param conn a link \param request ask for an answer
    void SendKeepalive(Ptr<FrameSocket> conn, bool request);
    /// One keepalive on each link that carried no frame since the last round, from the side
    /// with the lower name; the other side's TCP acknowledgement answers it.
    void SendKeepaliveRound();
    /// Our neighbour set changed: send it to the neighbours now (once per instant).
    void NeighboursChanged();

    /// \return every link
    const LinkMap& GetLinks() const;
    /// \param conn a link \return its state, or null if it is not ours
    Link* Find(Ptr<FrameSocket> conn);
    /// \return the children's links by slot
    const std::map<uint8_t, Ptr<FrameSocket>>& GetChildren() const;
    /**
     * \brief Accept a JOIN on a link: the joiner takes our first free child slot.
     * \param conn the link \param name the joiner's name \param own our address
     * \param child receives the joiner's address
     * \return false, adopting nothing, if every slot is taken (or beyond the precision limit)
     */
    bool AdoptChild(Ptr<FrameSocket> conn,
                    uint64_t name,
                    const HyperbolicAddress& own,
                    HyperbolicAddress& child);
    /// \return non-tree links
    uint32_t CountExtraLinks() const;
    /**
     * \brief Open non-tree links to random contacts we have no link with, up to a count.
     * \param contacts the peers we know \param own our own addresses, of either family
     *        (never dialed)
     * \param want non-tree links wanted \param random the choices
     */
    void OpenExtraLinks(const std::vector<Address>& contacts,
                        const std::set<Address>& own,
                        uint32_t want,
                        Ptr<UniformRandomVariable> random);
    /// \return the names of the neighbours with a known address (tree and extra links)
    std::vector<uint64_t> GetNeighbourNames() const;
    /// \param name a neighbour's name \return the points it last said its neighbours are at
    std::vector<HyperbolicAddress::Point> GetTwoHopView(uint64_t name) const;
    /// \return the parent's name (0 if none)
    uint64_t GetParentName() const;

    /**
     * \brief The greedy next hop.
     *
     * With proximity, among the neighbours themselves closer to target than this peer, the
     * one whose progress (with lookahead: to the closest peer it reaches) per unit of cost
     * (its link's base RTT plus hopCost) is the largest; the distance left shrinks at every
     * hop, so a packet cannot loop. None when no neighbour is closer: this peer is then the
     * closest one it knows.
     *
     * \param here this peer's address
     * \param target where to
     * \param from the link the packet came on (null: from here)
     * \return the link toward the known peer closest to target, null if none is closer
     *         than this peer
     */
    Ptr<FrameSocket> NextHop(const HyperbolicAddress& here,
                             const HyperbolicAddress& target,
                             Ptr<FrameSocket> from) const;

    /// Send our neighbour set to every neighbour now.
    void SendUpdates();

  private:
    /// \param ip an accepted link's peer \return its first state (PENDING)
    Link Accepted(const Address& ip);
    /// The other side closed a link, or it broke. \param conn it \param last its state
    void LinkClosed(Ptr<FrameSocket> conn, const Link& last);
    /// A link's role ended. \param link its state
    void EndRole(Link& link);
    void HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame);
    void HandleKeepalive(Ptr<FrameSocket> conn, const CloakHeader& header, Ptr<Packet> payload);
    /// Refuse an accepted link: ask the dialer to close it (a FULL keepalive), or close it
    /// ourselves if it was asked a neighbour timeout ago. \param conn it \param link its state
    void Refuse(Ptr<FrameSocket> conn, Link& link);

    /// What a keepalive tells a neighbour: our neighbour list (lookahead) and a digest of it
    /// with our joined state and address.
    struct View
    {
        std::vector<HyperbolicAddress> others; //!< Neighbours' addresses
        uint64_t digest{0};                    //!< FNV-1a of the whole
    };

    /// \return our view now
    View GetView() const;
    /// \param conn a link \param request ask for an answer \param view GetView()'s
    void SendKeepalive(Ptr<FrameSocket> conn, bool request, const View& view);

    Config m_config;                                   //!< Settings
    Owner* m_owner;                                    //!< The peer above
    TcpLinkSet<Link> m_links;                          //!< Every link
    std::map<uint8_t, Ptr<FrameSocket>> m_childBySlot; //!< Children by slot
    EventId m_updateEvent;                             //!< Keepalives after a change
    Time m_lastRound;                                  //!< The last keepalive round
    std::map<Address, Time> m_refusedUntil;            //!< Peers that refused our extra link
};

} // namespace ns3

#endif /* CLOAK_NEIGHBOURS_H */
