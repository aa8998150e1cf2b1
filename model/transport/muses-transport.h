/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_TRANSPORT_H
#define MUSES_TRANSPORT_H

#include "ns3/callback.h"
#include "ns3/frame-socket.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/traced-callback.h"

#include <functional>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief What MUSEs needs below it: "send this sealed packet to the peer called NAME".
 *
 * The session layer (MusesL4Protocol and its sessions) knows the transport only through
 * this interface (doc/muses.rst, "Where things are"). A transport is unreliable from MUSEs' point
 * of view: it may lose packets when its paths break; the sessions recover. StaticTransport is what
 * the paper's prototype used (§II.E); a CLOAK transport routes over the overlay.
 */
class MusesTransport : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Bytes a transport sends to a peer's address not yet proven per byte received from it
    /// (QUIC's limit). CloakTransport keeps it; StaticTransport's TCP handshake proves an
    /// address before anything is sent there.
    static constexpr uint32_t AMPLIFICATION_LIMIT = 3;

    /// Called with a received packet and the name of the peer that sent it; returns true
    /// when the packet was authentic and new (not a replay), so that what its arrival says
    /// of the peer's path can be trusted.
    typedef Callback<bool, Ptr<Packet>, uint64_t> ReceiveCallback;

    /**
     * \brief Start the transport on a node under a name.
     * \param node the node
     * \param name this node's permanent name
     */
    virtual void Start(Ptr<Node> node, uint64_t name) = 0;

    /**
     * \brief Send a packet to a peer, best effort (traced as "Tx").
     * \param packet the sealed MUSEs packet
     * \param peer the peer's name
     */
    void Send(Ptr<Packet> packet, uint64_t peer);
    /**
     * \brief Send a control message (an ACK, a REHELLO) to a peer, best effort (traced as
     *        "Tx"): queued ahead of data on the way.
     * \param packet the sealed MUSEs packet
     * \param peer the peer's name
     */
    void SendUrgent(Ptr<Packet> packet, uint64_t peer);

    /**
     * \brief The session suspects the path to a peer is broken: rebuild it.
     * \param peer the peer's name
     */
    virtual void Reconnect(uint64_t peer) = 0;

    /**
     * \brief Whether the path to a peer is moving bytes: a session over an end-to-end
     *        connection need not suspend while that connection still delivers what it holds.
     * \param peer the peer's name
     * \param newest the session's newest unacknowledged packet
     * \return when the connection that holds the newest packet last saw the peer
     *         acknowledge bytes (over an overlay: the first link, which moves the session's
     *         bytes on), or when it passed that packet on; negative when it holds nothing for
     *         the peer, when the packet went into another connection, or when it cannot tell
     *         (the default)
     */
    virtual Time GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const;

    /**
     * \brief Whether a packet left this node: after a cut, what never left is lost for sure,
     *        while what did may well have reached the peer (it waited in a queue beyond).
     * \param peer the peer's name
     * \param packet a packet sent to the peer
     * \return true when the connection that last carried the peer's data (NoteCarrier(),
     *         even closed since) transmitted it at least once; false while it waits here,
     *         or when the transport cannot tell
     */
    bool HasLeft(uint64_t peer, Ptr<const Packet> packet) const;

    /**
     * \brief Whether the connection that carries our bytes toward a peer is still retrying
     *        them on its own (TCP's retransmission timer backing off): a session need not
     *        call the path lost before the transport's last retry could be answered.
     * \param peer the peer's name
     * \param retries how many of the connection's retransmissions to wait for
     * \param since when the session began to wait for an ACK
     * \return when the last is due (FrameSocket::GetRetryDeadline); negative when it is not
     *         retrying, retries in vain (its interface is down) or cannot tell (the default)
     */
    virtual Time GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const;

    /**
     * \brief Back-pressure: how big a packet Send() takes for a peer now without dropping it
     *        for want of room (as Socket::GetTxAvailable). A session sends no more DATA than
     *        this; what is queued drains as the connection delivers, and the peer's ACKs for
     *        it bring the session back.
     * \param peer the peer's name
     * \return bytes (the default: no bound is known)
     */
    virtual uint32_t GetTxAvailable(uint64_t peer) const;

    /**
     * \brief Whether packets sent to a peer earlier may still arrive behind later ones: an
     *        older connection still delivers what it holds after a newer one took over
     *        (make-before-break). A hole the peer reports meanwhile is not a loss.
     * \param peer the peer's name
     * \return false by default (packets to a peer keep their order, or a hole is a loss)
     */
    virtual bool IsReordering(uint64_t peer) const;

    /// \param callback called for every received packet
    void SetReceiveCallback(ReceiveCallback callback);

    /// \return while a received packet is handed up (see Deliver()): what names the way it
    ///         came (CLOAK: the sender's overlay address; static: the connection's remote
    ///         address), so a cookie can be bound to it; empty otherwise
    std::vector<uint8_t> GetArrival() const;

    /// \param callback called when this node's own attachment changed (new address,
    ///        interface back up): sessions resume at once instead of at their next Re-Hello
    void SetPathChangeCallback(Callback<void> callback);
    /// \param callback called with a peer's name when the transport learned of the peer's
    ///        new whereabouts from elsewhere than its packets (a lookup): a session whose
    ///        REHELLO went to the old ones sends it again there
    void SetPeerMovedCallback(Callback<void, uint64_t> callback);
    /// \param callback called with a peer's name when GetTxAvailable() for it grew: a
    ///        session held back by the transport's room sends again
    void SetRoomCallback(Callback<void, uint64_t> callback);
    /// \param callback called with a peer's name when the transport moved the peer's
    ///        packets to a new connection while the old one still delivers what it took
    ///        (make-before-break): a session sends again at once what never left the old one
    void SetReroutedCallback(Callback<void, uint64_t> callback);

    /**
     * TracedCallback signature for packets to or from a peer.
     * \param packet the sealed packet
     * \param peer the peer's name
     */
    typedef void (*PacketPeerTracedCallback)(Ptr<const Packet> packet, uint64_t peer);

  protected:
    void DoDispose() override;

    /**
     * \brief What the sessions sent to a peer while its packet is being delivered: held
     *        until the upcall returns (see Deliver()), then sent.
     * \param peer the peer's name
     * \param bytes set to their bytes
     * \return how many they are
     */
    uint32_t GetHeld(uint64_t peer, uint64_t& bytes) const;

    /**
     * \brief The transport's part of Send().
     * \param packet the packet \param peer the peer's name
     * \param urgent a control message: queue it ahead of data
     */
    virtual void DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent) = 0;

    /**
     * \brief Hand a received packet up (traced as "Rx").
     *
     * What the sessions send to this peer while they handle it is held until the upcall
     * returns and, if the packet was authentic and new, \p trusted has run: an answer takes
     * the path the packet came by only when that path is proven. Answers to a packet that
     * proved nothing (a HELLO, which anyone may replay from anywhere) go by \p reply if
     * given: back the way it came when no proven path is known, without learning it (a first
     * contact is answered; a forged one leaves nothing behind).
     * \param packet it \param peer its sender
     * \param trusted what the transport learns from the arrival (a new address, a new
     *        connection), to run only for an authentic, new packet
     * \param reply sends an answer (packet, urgent) to a packet that was not found authentic
     *        and new
     * \param arrival what names the way it came (GetArrival() meanwhile; asked only then)
     * \return true if the packet was authentic and new
     */
    bool Deliver(Ptr<Packet> packet,
                 uint64_t peer,
                 const std::function<void()>& trusted = {},
                 const std::function<void(Ptr<Packet>, bool)>& reply = {},
                 const std::function<std::vector<uint8_t>()>& arrival = {});

    /**
     * \brief Where a peer's data goes now: HasLeft() asks that connection (a path's links
     *        close when it breaks; what they sent is what matters then).
     * \param peer the peer's name \param link the connection (first overlay link, or the
     *        end-to-end one) its data was just given to
     */
    void NoteCarrier(uint64_t peer, Ptr<FrameSocket> link);
    /**
     * \brief A connection's link went (its interface lost its address or its link): what it
     *        transmitted is as good as lost, HasLeft() no longer says otherwise, and the
     *        sessions resend it at once behind their REHELLO.
     * \param link the connection
     */
    void LoseCarrier(Ptr<FrameSocket> link);

    /// Tell the sessions that this node's attachment changed.
    void NotifyPathChange();
    /// Tell the peer's sessions where it went. \param peer its name
    void NotifyPeerMoved(uint64_t peer);
    /// Tell the sessions that the queue to a peer has room again. \param peer its name
    void NotifyRoom(uint64_t peer);
    /// Tell a peer's sessions that its packets go by a new connection. \param peer its name
    void NotifyRerouted(uint64_t peer);

  private:
    /// Send() and SendUrgent(). \param packet it \param peer to whom \param urgent control
    void Transmit(Ptr<Packet> packet, uint64_t peer, bool urgent);

    ReceiveCallback m_receive; //!< Upcall for received packets
    uint64_t m_delivering{0};  //!< Peer whose packet is handled
    const std::function<std::vector<uint8_t>()>* m_arrival{nullptr}; //!< The way it came
    std::vector<std::pair<Ptr<Packet>, bool>> m_held;                //!< Sends to it meanwhile
    uint64_t m_heldBytes{0};                                   //!< Their bytes (asked per packet)
    std::unordered_map<uint64_t, Ptr<FrameSocket>> m_carriers; //!< See NoteCarrier()
    Callback<void> m_pathChange;                               //!< Upcall for local path changes
    Callback<void, uint64_t> m_peerMoved;                      //!< Upcall: a peer's new path
    Callback<void, uint64_t> m_room;                           //!< Upcall: room to a peer again
    Callback<void, uint64_t> m_rerouted;                       //!< Upcall: a new connection
    TracedCallback<Ptr<const Packet>, uint64_t> m_txTrace;     //!< "Tx"
    TracedCallback<Ptr<const Packet>, uint64_t> m_rxTrace;     //!< "Rx"
};

} // namespace ns3

#endif /* MUSES_TRANSPORT_H */
