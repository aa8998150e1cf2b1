/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_L4_PROTOCOL_H
#define MUSES_L4_PROTOCOL_H

#include "ns3/muses-drop-reason.h"
#include "ns3/muses-session.h"
#include "ns3/muses-transport.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace ns3
{

class MusesSocket;

/**
 * \ingroup muses
 * \brief MUSEs on a node: the Local Connection Manager (paper §II.C.3, Fig. 5).
 *
 * Aggregated to a Node (MusesHelper does it), it owns the node's MusesSockets, a table
 * local port -> listening socket, and the sessions keyed by (peer name, peer port, local
 * port). It sends and receives sealed packets through a MusesTransport and hands each
 * received packet to its session, or to a listening socket for a HELLO. It never closes
 * an application's socket itself.
 */
class MusesL4Protocol : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesL4Protocol();
    ~MusesL4Protocol() override;

    /// \param node the node (set when aggregated)
    void SetNode(Ptr<Node> node);
    /// \return the node
    Ptr<Node> GetNode() const;

    /// \return this node's permanent name (attribute "Name")
    uint64_t GetName() const;

    /// \param transport how sealed packets reach peers
    void SetTransport(Ptr<MusesTransport> transport);
    /// \return the transport
    Ptr<MusesTransport> GetTransport() const;

    /// Start the transport; MusesHelper schedules it at time 0.
    void Start();

    /// \param key the pre-shared key used with every peer without its own key
    void SetPreSharedKey(const std::vector<uint8_t>& key);
    /// \param peer a peer name \param key the pre-shared key used with that peer
    void SetPeerKey(uint64_t peer, const std::vector<uint8_t>& key);

    /**
     * \brief In-band keys: sessions exchange X25519 shares signed by the nodes' identities
     *        (each peer's key must hash to its name), and derive their keys from them and
     *        the pre-shared key. Without an identity the pre-shared key alone is used (the
     *        paper's mode). Both ends of a session must use the same mode.
     * \param identity this node's identity; the node's name becomes the identity's
     */
    void SetIdentity(Ptr<MusesIdentity> identity);
    /// \return the identity (null: pre-shared keys)
    Ptr<MusesIdentity> GetIdentity() const;

    /// \param factory how sessions are made (their attributes)
    void SetSessionFactory(const ObjectFactory& factory);

    /// \return a new socket
    Ptr<Socket> CreateSocket();

    /// \return the sessions alive now
    std::vector<Ptr<MusesSession>> GetSessions() const;

    /// \return the sockets created so far
    const std::vector<Ptr<MusesSocket>>& GetSockets() const;

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// \return packets dropped before reaching a session, for a reason
    /// \param reason the reason
    uint64_t GetDropCount(MusesDropReason reason) const;

    // For MusesSocket
    /// \param port wanted port, 0 for any \return the port, or 0 if taken
    uint16_t AllocatePort(uint16_t port);
    /// \param port a port to release
    void ReleasePort(uint16_t port);
    /// \param port a bound port \param socket the socket listening on it
    void AddListener(uint16_t port, Ptr<MusesSocket> socket);
    /// \param port a port no longer listened on
    void RemoveListener(uint16_t port);
    /**
     * \brief A new session for a socket.
     * \param localPort the socket's port \param peerName the peer \param peerPort its port
     * \return the session, or null if one exists for these endpoints
     */
    Ptr<MusesSession> CreateSession(uint16_t localPort, uint64_t peerName, uint16_t peerPort);
    /// \param session a session that ended
    void RemoveSession(Ptr<MusesSession> session);
    /**
     * \brief May a listener's authentic HELLO (opened by the session it forked) cost the
     *        asymmetric work and state of an answer? Not if its timestamp is older than
     *        HelloReplayWindow (the replay memory forgot it); above HelloRate, not without a
     *        valid cookie: it gets a COOKIE instead (as WireGuard's cookie reply and QUIC's
     *        Retry), bound to its sender, ports, pSessID-a and the way it came, and nothing
     *        is kept.
     * \param session the session the HELLO forked
     * \return MUSES_DROP_NONE to answer it, or why not (the caller drops it)
     */
    MusesDropReason AdmitHello(Ptr<MusesSession> session);
    /// \param socket a socket created by a listener
    void AddSocket(Ptr<MusesSocket> socket);
    /// \param socket a socket closed by its application whose session ended: forgotten
    void RemoveSocket(Ptr<MusesSocket> socket);

    /**
     * TracedCallback signature for new sessions.
     * \param session the session
     */
    typedef void (*SessionTracedCallback)(Ptr<MusesSession> session);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    /// Session key: (peer name, peer port, local port).
    typedef std::tuple<uint64_t, uint16_t, uint16_t> SessionKey;

    /// From the transport. \param packet sealed packet \param from sender name
    /// \return true if a session found it authentic and new
    bool Receive(Ptr<Packet> packet, uint64_t from);
    /// From the transport: our attachment changed.
    void PathChanged();
    /// From the transport: a lookup found a peer elsewhere. \param peer its name
    void PeerMoved(uint64_t peer);
    /// From the transport: a peer's packets go by a new connection. \param peer its name
    void Rerouted(uint64_t peer);
    /// \param peer a peer's name \param notify called on each of its sessions
    void NotifySessionsOf(uint64_t peer, void (MusesSession::*notify)());
    /// The transport's queue to a peer has room again: its sessions send, in turn.
    /// \param peer the peer's name
    void TransportRoom(uint64_t peer);
    /// Count and trace a drop. \param packet the packet \param reason why
    void Drop(Ptr<const Packet> packet, MusesDropReason reason);
    /// \param hello (sender, pSessID-a) of a HELLO \return true if an authentic HELLO
    ///        carried them within HelloReplayWindow (older ones are forgotten here)
    bool IsHelloReplay(const std::pair<uint64_t, uint64_t>& hello);
    /**
     * \brief The session of the ports whose pSessID-a a packet carries: theirs, or one of
     *        the handshakes beside it while it is half-open.
     * \param key the ports (a session exists) \param initiatorPart the packet's pSessID-a
     * \return that session, or null (none has that pSessID-a)
     */
    Ptr<MusesSession> FindHandshake(const SessionKey& key, uint64_t initiatorPart) const;
    /// The first of the ports' handshakes to complete keeps them; the others fail.
    /// \param key the ports
    void Settle(const SessionKey& key);
    /// \return true if a HELLO without a cookie may be answered now (a token of HelloRate)
    bool TakeHelloToken();
    /**
     * \brief The cookie a HELLO must bring back, under one of our cookie secrets.
     * \param session the session the HELLO forked \param secret 0: the current, 1: the last
     * \return COOKIE_SIZE bytes
     */
    std::vector<uint8_t> MakeCookie(Ptr<MusesSession> session, uint32_t secret);

    Ptr<Node> m_node;                                     //!< The node
    uint64_t m_name;                                      //!< Our name (attribute)
    Ptr<MusesTransport> m_transport;                      //!< Below us
    std::vector<uint8_t> m_defaultKey;                    //!< PSK for every peer
    Ptr<MusesIdentity> m_identity;                        //!< In-band keys
    std::map<uint64_t, std::vector<uint8_t>> m_peerKeys;  //!< PSK per peer
    ObjectFactory m_sessionFactory;                       //!< Makes sessions
    Ptr<UniformRandomVariable> m_rng;                     //!< pSessID random bits
    uint16_t m_nextEphemeral;                             //!< Next ephemeral port to try
    std::set<uint16_t> m_ports;                           //!< Bound ports
    std::map<uint16_t, Ptr<MusesSocket>> m_listeners;     //!< Listening sockets by port
    std::map<SessionKey, Ptr<MusesSession>> m_sessions;   //!< Live sessions
    uint64_t m_roomTurn{0};                               //!< Which session goes first
    std::vector<Ptr<MusesSocket>> m_sockets;              //!< Every socket
    Time m_helloReplayWindow;                             //!< "HelloReplayWindow"
    std::set<std::pair<uint64_t, uint64_t>> m_hellosSeen; //!< Authentic HELLOs' (sender, pSessID-a)
    std::deque<std::pair<Time, std::pair<uint64_t, uint64_t>>> m_helloTimes; //!< Oldest first
    double m_helloRate;                                                      //!< "HelloRate"
    double m_helloTokens{-1};                            //!< HELLOs answerable now (-1: full)
    Time m_tokensAt;                                     //!< When they were counted
    std::array<std::vector<uint8_t>, 2> m_cookieSecrets; //!< Current, last
    Time m_cookieSecretAt{Seconds(-1)};                  //!< When the current was drawn
    std::map<SessionKey, std::vector<Ptr<MusesSession>>> m_rivals;  //!< Handshakes beside a
                                                                    //!< half-open session
    std::array<uint64_t, MUSES_DROP_REASON_COUNT> m_drops;          //!< Drops before a session
    TracedCallback<Ptr<const Packet>, MusesDropReason> m_dropTrace; //!< "Drop"
    TracedCallback<Ptr<MusesSession>> m_sessionCreatedTrace;        //!< "SessionCreated"
};

} // namespace ns3

#endif /* MUSES_L4_PROTOCOL_H */
