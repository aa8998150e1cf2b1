/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_TRANSPORT_H
#define CLOAK_TRANSPORT_H

#include "muses-transport.h"

#include "ns3/cloak-node.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <map>
#include <set>

namespace ns3
{

/**
 * \ingroup muses
 * \brief MUSEs over the CLOAK overlay (paper Fig. 2): packets go to a peer's *name*; the
 *        transport finds the name's overlay address in the DHT and the overlay routes them.
 *
 * Addresses are cached: looked up once, refreshed by every packet from the peer that the
 * sessions authenticate (it carries the peer's current address; the CLOAK header itself is
 * not authenticated, so an unauthenticated packet gives no address: an answer to it, a
 * HELLO_REPLY, goes back to its source only while no address is known, and is not kept), and
 * looked up again when the session suspects the path (Reconnect: a REHELLO is about to go) while
 * packets keep going to the cached address. Packets to a peer with no address yet wait in a short
 * queue while the lookup is out. When this node's own overlay address changes (it moved and
 * rejoined), the sessions are told at once, so their REHELLO carries the new address.
 * Requires a CloakNode application on the same node (CloakHelper installs it).
 */
class CloakTransport : public MusesTransport
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CloakTransport();
    ~CloakTransport() override;

    void Start(Ptr<Node> node, uint64_t name) override;
    void Reconnect(uint64_t peer) override;

    /**
     * \brief The overlay address packets to a peer go to now.
     * \param peer its name \param address receives the address
     * \return false if none is known
     */
    bool GetPeerAddress(uint64_t peer, HyperbolicAddress& address) const;

    /// \return the CLOAK peer below (null before Start)
    Ptr<CloakNode> GetCloakNode() const;

    /// \param peer a name \return true if an address is known for it and proven (see Learn)
    bool IsPathValidated(uint64_t peer) const;

    /// First byte of a path frame: a challenge (a MUSEs packet starts with its version, 1).
    static constexpr uint8_t PATH_CHALLENGE = 0xf0;
    /// First byte of a path frame: the answer, the challenge's token echoed.
    static constexpr uint8_t PATH_RESPONSE = 0xf1;
    /// A path frame: its type, then an 8-byte token.
    static constexpr uint32_t PATH_FRAME_SIZE = 9;

    /**
     * TracedCallback signature for the "Path" trace.
     * \param peer the peer's name \param address the address now used for it
     * \param proven whether that address is proven
     */
    typedef void (*PathTracedCallback)(uint64_t peer,
                                       const HyperbolicAddress& address,
                                       bool proven);

  protected:
    void DoDispose() override;
    void DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent) override;
    /// \return the first overlay link's last progress while it still holds the newest
    ///         packet, or when it passed that packet on (if it remembers)
    /// \param peer the peer's name \param newest the session's newest unacknowledged packet
    Time GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const override;
    /// \return the first overlay link's toward the peer (FrameSocket::GetRetryDeadline):
    ///         bytes it still retries cannot have reached the peer
    /// \param peer the peer's name \param retries how many retransmissions
    /// \param since when the session began to wait
    Time GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const override;
    /// \return what the first overlay link toward the peer still queues
    ///         (CloakNode::GetTxAvailable) \param peer the peer's name
    uint32_t GetTxAvailable(uint64_t peer) const override;

  private:
    /// \param peer a peer's name \return the overlay link toward it now (null: none known)
    Ptr<FrameSocket> GetFirstLink(uint64_t peer) const;
    /// A link's queue shrank: wake the sessions GetTxAvailable() held back. \param conn it
    void LinkRoom(Ptr<FrameSocket> conn);
    /// Send (or drop) what waited for the peer's address. \param peer its name
    /// \param found an address is known now
    void SendWaiting(uint64_t peer, bool found);
    /// Start a lookup of the peer, unless one is out. \param peer its name
    void Resolve(uint64_t peer);
    /// A lookup answered. \param name the peer \param found found \param address its address
    void Resolved(uint64_t name,
                  bool found,
                  const HyperbolicAddress& address,
                  const std::vector<uint8_t>& value);
    /**
     * \brief An authentic, new packet came from the peer at this address: send there from
     *        now on (within a budget until the address is proven) and stop waiting.
     * \param name the peer \param address where from \param size its bytes
     */
    void Learn(uint64_t name, const HyperbolicAddress& address, uint32_t size);
    /// The peer's address is proven: no budget bounds what goes there any more, and the
    /// sessions held back by it may send. \param peer its name
    void Proven(uint64_t peer);
    /// Send a path frame. \param type PATH_CHALLENGE or PATH_RESPONSE \param token its token
    /// \param name to whom \param to where
    void SendPathFrame(uint8_t type, uint64_t token, uint64_t name, const HyperbolicAddress& to);
    /**
     * \param packet a DATA payload \param name its sender \param from its source address
     * \return true if it was a path frame (answered, or taken as an answer)
     */
    bool ReceivePathFrame(Ptr<Packet> packet, uint64_t name, const HyperbolicAddress& from);
    /// A DATA payload arrived. \param packet it \param name sender \param address its address
    void Received(Ptr<Packet> packet, uint64_t name, const HyperbolicAddress& address);
    /// Our overlay address changed.
    void AddressChanged(const HyperbolicAddress& oldAddress, const HyperbolicAddress& newAddress);

    uint32_t m_maxQueue;                               //!< Packets waiting per peer
    Ptr<CloakNode> m_cloak;                            //!< The overlay peer
    std::map<uint64_t, HyperbolicAddress> m_addresses; //!< Name -> overlay address
    /// Packets waiting for a lookup, with their urgency
    std::map<uint64_t, std::deque<std::pair<Ptr<Packet>, bool>>> m_waiting;
    /// Peers that GetTxAvailable() gave less than a packet's room since the last LinkRoom()
    mutable std::set<uint64_t> m_heldBack;
    std::set<uint64_t> m_resolving; //!< Lookups out
    std::set<uint64_t> m_heard;     //!< Peers heard from while their lookup is out
    std::set<uint64_t> m_recheck;   //!< Known at our move, not looked up since: watch them
    /// Per peer, its last proven address an authentic packet came from, and when
    std::map<uint64_t, std::pair<HyperbolicAddress, Time>> m_heardAt;
    uint64_t m_announcing{0}; //!< The peer whose sessions hear now that the DHT found it moved

    /// A peer's address not yet proven: what may still be sent there, the challenge out.
    struct PathCheck
    {
        HyperbolicAddress address;    //!< The address
        uint64_t budget{0};           //!< Bytes that may still go there
        uint64_t token{0};            //!< Our challenge's token
        Time challenged{Seconds(-1)}; //!< When it went
        HyperbolicAddress proven;     //!< The last proven address (a return to it is proven)
        bool hasProven{false};        //!< There was one
    };

    std::map<uint64_t, PathCheck> m_unvalidated;       //!< Peers whose address is not proven
    std::map<uint64_t, HyperbolicAddress> m_repliedTo; //!< Our answers to a first contact
    Ptr<UniformRandomVariable> m_random;               //!< Challenge tokens
    TracedCallback<Ptr<const Packet>> m_txDropTrace;   //!< "TxDrop"
    TracedCallback<uint64_t, const HyperbolicAddress&, bool> m_pathTrace; //!< "Path"
};

} // namespace ns3

#endif /* CLOAK_TRANSPORT_H */
