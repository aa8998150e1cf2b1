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

#include <functional>
#include <map>
#include <set>
#include <string>
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
 *
 * Multi-homing (the Interfaces attribute, e.g. "1,2": Wi-Fi first, then LTE): the node sends
 * by the most preferred of those interfaces that has an address (its active interface),
 * publishes that interface's address, and dials every connection bound to its device. To each
 * peer it keeps a second, idle connection on the next usable interface (its standby), so that
 * when the active interface goes (its address or link lost: signalled; or a session's
 * AckTimeout on it: silent) the sessions move to the standby at once, with no TCP handshake
 * in the way. An interface the node prefers to the active one is used again once it has been
 * usable, and not failed, for ReturnHysteresis: make-before-break, a new connection to each
 * peer is opened on it while the old ones carry the data, and each peer's traffic moves when
 * its new connection is up (the old one becomes the standby). "InterfaceChange" traces every
 * switch.
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
    /// The session's path to \p peer looks broken: a connection overtaken and stalled with
    /// its tail is closed (IsReordering); else, multi-homed, the active interface is marked
    /// failed and the standbys take over; else the connection is closed and dialled again.
    /// \param peer the peer's name
    void Reconnect(uint64_t peer) override;

    /// \return TCP connections opened (dialed or accepted) so far
    uint64_t GetConnectionCount() const;
    /// \return accepted connections closed because no hello came (HelloTimeout)
    uint64_t GetSilentClosedCount() const;

    /// \return frames this node dropped because they were malformed
    uint64_t GetBadFrameCount() const;

    /// Why a multi-homed node changed its active interface ("InterfaceChange").
    enum SwitchReason
    {
        LOST,     //!< the active interface lost its address or its link (signalled)
        SILENT,   //!< a session's AckTimeout on the active interface (nothing signalled)
        PREFERRED //!< a preferred interface is usable again (make-before-break)
    };

    /**
     * TracedCallback signature for interface changes.
     * \param from the interface left (NO_INTERFACE: none) \param to the interface taken
     * \param reason why
     */
    typedef void (*InterfaceChangeTracedCallback)(uint32_t from, uint32_t to, SwitchReason reason);

    /// No interface (none active, or none usable).
    static constexpr uint32_t NO_INTERFACE = UINT32_MAX;

    /// \return the interface the node sends by (multi-homing), NO_INTERFACE otherwise
    uint32_t GetActiveInterface() const;

    /// \param reason a reason \return its name ("lost", "silent", "preferred")
    static std::string GetReasonName(SwitchReason reason);

  protected:
    void DoDispose() override;
    void DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent) override;
    /// \return the TCP connection to the peer's last acknowledged bytes, while it holds some
    ///         (the older of it and the connection it overtook, while that holds a tail)
    /// \param peer the peer's name \param newest not needed: the connection ends at the peer
    Time GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const override;
    /// \return the connection to the peer's (FrameSocket::GetRetryDeadline); negative when
    ///         the peer has a standby connection (multi-homing): it is not waited for
    /// \param peer the peer's name \param retries how many retransmissions
    /// \param since when the session began to wait
    Time GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const override;
    /// \return what the connection to the peer still queues (a new one takes anything)
    /// \param peer the peer's name
    uint32_t GetTxAvailable(uint64_t peer) const override;
    /// \return true while the connection the peer's packets went by before the current one
    ///         (a switch of ours, or of the peer's) still holds bytes it has not delivered
    bool IsReordering(uint64_t peer) const override;

  private:
    /// \param peer a peer's name \return the connection its packets went on before the
    ///         current one, while it still holds bytes (null: none)
    Ptr<FrameSocket> GetOvertaken(uint64_t peer) const;
    /// \param peer a peer's name \return the connection its packets go on now (null: none)
    Ptr<FrameSocket> GetCurrent(uint64_t peer) const;
    /**
     * \brief Dial the peer and send the hello.
     * \param peer name
     * \param interface multi-homing: the interface to leave by (NO_INTERFACE: any)
     * \return the new connection, or null if the name has no address
     */
    Ptr<FrameSocket> Dial(uint64_t peer, uint32_t interface);
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

    /// \param text the Interfaces attribute's value ("1,2"; empty: no multi-homing)
    void SetInterfaces(std::string text);
    /// \return the Interfaces attribute's value
    std::string GetInterfaces() const;
    /// \param local one of this node's addresses \return its interface (NO_INTERFACE: none)
    uint32_t GetInterfaceOf(const Address& local) const;
    /// \param interface an interface \return its address to publish (empty: none)
    Address GetPublishable(uint32_t interface) const;
    /// Put the active interface's address (multi-homing) or the node's in the name table.
    void Publish();
    /// \return the most preferred usable interface but the active one (NO_INTERFACE: none)
    uint32_t GetBackup() const;
    /// Multi-homing: the addresses changed. \param addresses the new ones
    void InterfacesChanged(const std::set<Address>& addresses);
    /// Take the best usable interface the policy allows now, and look again when that changes.
    void ChooseInterface();
    /// \param to the interface to send by from now \param reason why
    void SwitchInterface(uint32_t to, SwitchReason reason);
    /// Make-before-break: a new connection on the interface probed is up. \param conn it
    void CompleteSwitch(Ptr<FrameSocket> conn);
    /// Close the connections whose link went, and count what they carried as lost
    /// (LoseCarrier). \param lost says it of a connection's local address
    /// \return true if one held bytes a newer connection overtook (IsReordering)
    bool ForgetLost(const std::function<bool(const Address&)>& lost);
    /// No connection by the interface probed came up (it failed, or not within
    /// max(ReturnHysteresis, 1 s)): stay, and try again ReturnHysteresis later.
    void ProbeFailed();
    /// Stop probing: close the connections opened by the interface probed.
    void AbandonProbe();
    /// Open the peer's standby connection if it has none. \param peer the peer's name
    void KeepStandby(uint64_t peer);
    /// \param peer a peer's name \param conn a connection to it \return whether it is the
    ///        peer's standby or joining connection
    bool IsSpare(uint64_t peer, Ptr<FrameSocket> conn) const;
    /// \param interface a usable interface \return whether it failed less than
    ///        ReturnHysteresis ago
    bool HasFailedRecently(uint32_t interface) const;

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

    std::vector<uint32_t> m_preference;              //!< Interfaces, most preferred first
    Time m_returnHysteresis;                         //!< See the ReturnHysteresis attribute
    std::set<Address> m_addresses;                   //!< The node's, at the last change
    std::map<uint32_t, Time> m_usableSince;          //!< Interfaces with an address, since when
    std::map<uint32_t, Time> m_failedAt;             //!< Last silent failure per interface
    uint32_t m_active{NO_INTERFACE};                 //!< Interface sent by
    uint32_t m_probing{NO_INTERFACE};                //!< Interface a switch is trying
    Address m_published;                             //!< Address last put in the table
    std::map<uint64_t, Ptr<FrameSocket>> m_standby;  //!< Idle connection per peer, by the backup
    std::map<uint64_t, Ptr<FrameSocket>> m_joining;  //!< Connection per peer, by m_probing
    std::map<uint64_t, Ptr<FrameSocket>> m_previous; //!< The one before m_current, per peer
    EventId m_chooseEvent;                           //!< Next ChooseInterface()
    EventId m_probeTimeout;                          //!< ProbeFailed() unless a connection is up
    TracedCallback<uint32_t, uint32_t, SwitchReason> m_interfaceTrace; //!< "InterfaceChange"
};

} // namespace ns3

#endif /* STATIC_TRANSPORT_H */
