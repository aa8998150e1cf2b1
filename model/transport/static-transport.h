/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STATIC_TRANSPORT_H
#define STATIC_TRANSPORT_H

#include "muses-name-table.h"
#include "muses-transport.h"

#include "ns3/event-id.h"
#include "ns3/frame-socket.h"
#include "ns3/local-address-monitor.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/tcp-link-set.h"
#include "ns3/traced-callback.h"

#include <map>
#include <set>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The transport of the paper's prototype (§II.E): names resolved through a static
 *        table, packets carried over TCP connections between peers.
 *
 * Each packet travels in a frame (2-byte length, then the packet) on a TCP connection to
 * the peer. The side that dials first sends a hello frame with its name, so either side
 * may open the connection and both use it. The newest connection to a peer that carried an
 * authenticated packet (or the one we dialled) is the one used for sending, so a connection
 * claiming someone else's name takes nothing (an answer to a HELLO on it goes back on it, if
 * there is no other, and nothing is kept); a broken one is forgotten and the next packet dials
 * again, to the address the name table gives then. Frames that could not be delivered are lost: the
 * session layer above retransmits.
 *
 * The node's own addresses are checked whenever one of its devices reports a link change,
 * and every AddressCheckInterval: when they change (a move, an interface back up), the node
 * publishes its new address in the table, drops its connections, and tells the sessions,
 * which send REHELLO at once.
 *
 * IPv4, IPv6 and dual stack: a node listens on both families where it has them and publishes
 * one address, of the family PreferIpv6 names if it has one (LocalAddressMonitor::Choose).
 */
class StaticTransport : public MusesTransport
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    StaticTransport();
    ~StaticTransport() override;

    /// \param table the name table shared with the other peers
    void SetNameTable(Ptr<MusesNameTable> table);

    void Start(Ptr<Node> node, uint64_t name) override;
    void Reconnect(uint64_t peer) override;

    /// \return TCP connections opened (dialed or accepted) so far
    uint64_t GetConnectionCount() const;
    /// \return accepted connections closed because no hello came (HelloTimeout)
    uint64_t GetSilentClosedCount() const;

    /// \return frames this node dropped because they were malformed
    uint64_t GetBadFrameCount() const;

  protected:
    void DoDispose() override;
    void DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent) override;
    /// \return the TCP connection to the peer's last acknowledged bytes, while it holds some
    /// \param peer the peer's name \param newest not needed: the connection ends at the peer
    Time GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const override;
    /// \return the connection to the peer's (FrameSocket::GetRetryDeadline)
    /// \param peer the peer's name \param retries how many retransmissions
    /// \param since when the session began to wait
    Time GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const override;
    /// \return what the connection to the peer still queues (a new one takes anything)
    /// \param peer the peer's name
    uint32_t GetTxAvailable(uint64_t peer) const override;

  private:
    /// \param peer a peer's name \return the connection its packets go on now (null: none)
    Ptr<FrameSocket> GetCurrent(uint64_t peer) const;
    /// Dial the peer. \param peer name \return the new connection, or null if unresolvable
    Ptr<FrameSocket> Dial(uint64_t peer);
    /// \param from an accepted connection's peer \return its name: 0 until its hello
    uint64_t Accepted(const Address& from);
    /// Forget a connection. \param conn it \param close also close it
    void Forget(Ptr<FrameSocket> conn, bool close = true);
    /// A connection is gone: stop sending on it. \param conn it \param peer its peer's name
    void ForgetCurrent(Ptr<FrameSocket> conn, uint64_t peer);
    /// The other side closed a connection, or it broke. \param conn it \param peer its peer
    void LinkClosed(Ptr<FrameSocket> conn, const uint64_t& peer);
    /// The node's addresses changed. \param addresses the new ones
    void AddressesChanged(const std::set<Address>& addresses);

    void HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame);
    /// Close the accepted connections that sent no hello since the last check.
    void CloseSilent();
    /// A connection's queue shrank: if it is the one to its peer, the sessions may send.
    /// \param conn the connection
    void HandleRoom(Ptr<FrameSocket> conn);

    uint16_t m_port;                                 //!< TCP port peers listen on (attribute)
    bool m_preferIpv6;                               //!< Publish IPv6 first (attribute)
    Time m_addressCheckInterval;                     //!< Address polling period (attribute)
    Ptr<Node> m_node;                                //!< The node
    uint64_t m_name;                                 //!< This node's name
    Ptr<MusesNameTable> m_table;                     //!< Name -> address
    Ptr<LocalAddressMonitor> m_monitor;              //!< Watches the node's addresses
    TcpLinkSet<uint64_t> m_links;                    //!< Connections and their peer's name
    std::map<uint64_t, Ptr<FrameSocket>> m_current;  //!< Connection used to send to each peer
    std::map<Ptr<FrameSocket>, Time> m_dialledAt;    //!< When each dialled connection was
    Time m_reconnectHoldoff;                         //!< See the ReconnectHoldoff attribute
    Time m_helloTimeout;                             //!< See the HelloTimeout attribute
    EventId m_silentCheck;                           //!< Next CloseSilent()
    std::set<Ptr<FrameSocket>> m_silent;             //!< Without a hello at the last check
    uint64_t m_silentClosed{0};                      //!< See GetSilentClosedCount()
    uint64_t m_badFrames;                            //!< Malformed frames received
    TracedCallback<Ptr<const Packet>> m_txDropTrace; //!< "TxDrop": no address for the peer
};

} // namespace ns3

#endif /* STATIC_TRANSPORT_H */
