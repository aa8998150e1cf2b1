/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STATIC_TRANSPORT_H
#define STATIC_TRANSPORT_H

#include "muses-name-table.h"
#include "muses-transport.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
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
 * may open the connection and both use it. The newest connection to a peer is the one
 * used for sending; a broken one is forgotten and the next packet dials again, to the
 * address the name table gives then. Frames that could not be delivered are lost: the
 * session layer above retransmits.
 *
 * The node's own addresses are checked whenever one of its devices reports a link change,
 * and every AddressCheckInterval: when they change (a move, an interface back up), the node
 * publishes its new address in the table, drops its connections, and tells the sessions,
 * which send REHELLO at once.
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

    /// \return frames this node dropped because they were malformed
    uint64_t GetBadFrameCount() const;

  protected:
    void DoDispose() override;
    void DoSend(Ptr<Packet> packet, uint64_t peer) override;

  private:
    /// One TCP connection to a peer.
    struct Connection
    {
        uint64_t peer{0};                //!< Peer name (0 until its hello arrived)
        bool connected{false};           //!< TCP connection established
        std::deque<Ptr<Packet>> pending; //!< Frames waiting for room in the TCP buffer
        std::vector<uint8_t> received;   //!< Bytes not yet parsed into frames
    };

    /// Dial the peer. \param peer name \return the new socket, or null if unresolvable
    Ptr<Socket> Dial(uint64_t peer);
    /// Queue a frame and push what fits. \param socket connection \param frame the frame
    void Enqueue(Ptr<Socket> socket, Ptr<Packet> frame);
    /// Push pending frames into the TCP buffer. \param socket connection
    void Flush(Ptr<Socket> socket);
    /// Forget a connection. \param socket connection \param close also close it
    void Forget(Ptr<Socket> socket, bool close = true);
    /// Watch a new TCP socket. \param socket connection \param peer its peer (0 if unknown)
    void Adopt(Ptr<Socket> socket, uint64_t peer);
    /// Check the node's addresses and react to changes.
    void CheckAddresses();
    /// CheckAddresses() now and every AddressCheckInterval.
    void PollAddresses();
    /// A device's link went up or down: check at once (after the current event).
    void LinkChanged();
    /// \return the node's up, non-loopback IPv4 addresses
    std::set<Ipv4Address> GetLocalAddresses() const;

    // TCP socket callbacks
    bool HandleRequest(Ptr<Socket> socket, const Address& from);
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleConnected(Ptr<Socket> socket);
    void HandleFailed(Ptr<Socket> socket);
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    void HandleRead(Ptr<Socket> socket);

    uint16_t m_port;                                 //!< TCP port peers listen on (attribute)
    Time m_addressCheckInterval;                     //!< Address polling period (attribute)
    Ptr<Node> m_node;                                //!< The node
    uint64_t m_name;                                 //!< This node's name
    Ptr<MusesNameTable> m_table;                     //!< Name -> address
    Ptr<Socket> m_listener;                          //!< Listening TCP socket
    std::map<Ptr<Socket>, Connection> m_conns;       //!< Every open connection
    std::map<uint64_t, Ptr<Socket>> m_current;       //!< Connection used to send to each peer
    std::set<Ipv4Address> m_addresses;               //!< Local addresses at the last check
    EventId m_checkEvent;                            //!< Next address check
    uint64_t m_connectionCount;                      //!< Connections opened
    uint64_t m_badFrames;                            //!< Malformed frames received
    TracedCallback<Ptr<const Packet>> m_txDropTrace; //!< "TxDrop": no address for the peer
};

} // namespace ns3

#endif /* STATIC_TRANSPORT_H */
