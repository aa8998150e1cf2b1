/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FRAME_SOCKET_H
#define FRAME_SOCKET_H

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/sequence-number.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <list>
#include <unordered_set>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Packets over one TCP connection: each travels in a frame (2-byte length, then the
 *        packet), so the receiver gets them back whole.
 *
 * Frames are queued until the connection is established and while the TCP send buffer is
 * full, and pushed whole. The queue has two lanes: urgent frames (control messages) go ahead
 * of every queued ordinary frame, so an ACK or a REHELLO never waits behind a window of
 * data; and it is bounded (MaxPendingBytes): an ordinary frame that would overflow it is
 * dropped ("Drop"), as a router drops from a full queue. A packet is stored once: the TCP
 * buffer and the queue hold the caller's bytes, not a copy (the length goes apart); and a
 * packet sent again while its first copy still waits here (same ns-3 uid: a resend) is not
 * queued twice.
 * Both transports (StaticTransport between MUSEs peers, CloakNode between overlay
 * neighbours) carry their packets this way.
 */
class FrameSocket : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// Largest packet a frame carries.
    static constexpr uint32_t MAX_PACKET_SIZE = 65535;

    /// Called with every received packet.
    typedef Callback<void, Ptr<FrameSocket>, Ptr<Packet>> ReceiveCallback;
    /// Called once when the connection failed, was closed by the peer or broke.
    typedef Callback<void, Ptr<FrameSocket>> CloseCallback;
    /// Called when frames waiting in the queue moved into TCP: GetTxAvailable() grew.
    typedef Callback<void, Ptr<FrameSocket>> RoomCallback;

    /**
     * Orders connections by creation: maps keyed by connection then iterate in an order
     * that does not depend on where the heap put them, so a run's trajectory (routing ties,
     * keepalive order) is the same whatever else the program allocates.
     */
    struct CreationOrder
    {
        /**
         * \param a a connection
         * \param b another
         * \return true if a was created before b
         */
        bool operator()(const Ptr<FrameSocket>& a, const Ptr<FrameSocket>& b) const
        {
            return a->m_serial < b->m_serial;
        }
    };

    FrameSocket();
    ~FrameSocket() override;

    /**
     * \brief Carry frames over a TCP socket.
     * \param socket a TCP socket, connecting (dialed) or connected (accepted)
     * \param connected true if the connection is already established
     */
    void Attach(Ptr<Socket> socket, bool connected);

    /// \param callback called with every received packet (may Close() this socket)
    void SetReceiveCallback(ReceiveCallback callback);
    /// \param callback called once when the connection fails or ends
    void SetCloseCallback(CloseCallback callback);
    /// \param callback called when the queue shrank as TCP took frames (never from inside
    ///        Send(): a sender held back by GetTxAvailable() is woken by it)
    void SetRoomCallback(RoomCallback callback);

    /**
     * \brief Queue a packet and push what fits into the TCP buffer.
     * \param packet the packet (at most MAX_PACKET_SIZE bytes)
     * \param urgent true for a control message: queued ahead of ordinary frames
     * \return false, sending nothing, if the packet is too long, the connection is closed
     *         or (an ordinary frame) the queue is full
     */
    bool Send(Ptr<const Packet> packet, bool urgent = false);

    /// Close the connection; no callback is called any more.
    void Close();

    /// Let the TCP socket go without closing it (the simulation is ending); no callbacks.
    void Release();

    /// \return true until Close(), Release() or the close callback
    bool IsOpen() const;
    /// \return the remote end's address (empty when closed or not connected)
    Address GetPeerAddress() const;
    /// \return this end's IP address (Ipv4Address or Ipv6Address; empty when closed or not
    ///         yet bound to one)
    Address GetLocalAddress() const;

    /// \return bytes of frames waiting for room in the TCP buffer
    uint32_t GetPendingBytes() const;
    /// Drop the frames not yet given to TCP (their senders send them elsewhere: this
    /// connection was replaced).
    void DropPending();
    /**
     * \brief Room for senders: the queue is kept within one TCP send buffer (MaxPendingBytes
     *        is the hard limit), so that senders sharing the connection take turns instead of
     *        each waiting behind the others' whole windows.
     * \param queuing bytes of packets about to be sent here, not yet in the queue
     * \param count how many they are
     * \return the largest ordinary packet to send now (0: wait for the room upcall)
     */
    uint32_t GetTxAvailable(uint64_t queuing = 0, uint32_t count = 0) const;
    /// \return frames dropped because the queue was full
    uint64_t GetDrops() const;
    /// \return true while bytes wait here or in the TCP send buffer (sent, not yet acked)
    bool IsBacklogged() const;
    /// \return when TCP last reported acknowledged bytes (room freed in its send buffer);
    ///         negative if never
    Time GetLastProgress() const;
    /**
     * \param newest the newest of a sender's ordinary packets sent here (or a copy)
     * \return GetLastProgress() while this connection holds it (its bytes are still going
     *         through); when TCP acknowledged it, if it did; negative when this connection
     *         does not know it (it went into another one, or was dropped): another packet's
     *         progress says nothing about it
     */
    Time GetProgressOf(Ptr<const Packet> newest) const;
    /// \return when the TCP connection was established (accepted: when attached);
    ///         negative while it is not
    Time GetConnectedAt() const;
    /// \return the smallest round-trip time TCP measured on this connection (its path's
    ///         base RTT: queues only add to a sample); zero before the first sample
    Time GetMinRtt() const;
    /// \param packet an ordinary packet sent here (or a copy: the same ns-3 uid); urgent
    ///        ones (control messages) are not followed, here and below
    /// \return true while it waits in the queue or in TCP's buffer, not yet acknowledged
    bool Holds(Ptr<const Packet> packet) const;
    /**
     * \param packet an ordinary packet sent here (or a copy)
     * \return true once TCP has transmitted it at least once, before its latest burst (which
     *         may still be in the interface), also after the connection closed; false while it
     *         waits in the queue, in TCP's buffer unsent or in that burst, and when this
     *         connection does not know it (never sent here, dropped, or acknowledged long ago)
     */
    bool HasLeft(Ptr<const Packet> packet) const;
    /// \param packet an ordinary packet sent here (or a copy)
    /// \return when TCP reported it acknowledged, if among the last RELEASED_KEPT; else
    ///         negative
    Time GetReleased(Ptr<const Packet> packet) const;

    /// How many acknowledged ordinary packets GetReleased() remembers.
    static constexpr uint32_t RELEASED_KEPT = 64;
    /**
     * \brief Whether TCP is still retrying what it holds, and for how long it may: silent
     *        since it last had bytes acknowledged (or sent into an idle connection) for a
     *        retransmission timeout, or since the asker began to wait, its timer backs off
     *        (RTO, 2 RTO, 4 RTO...).
     * \param retries how many of its retransmissions to count
     * \param since when the asker began to wait (negative: only the timeout counts)
     * \return when the last of them is due; negative when TCP is not retrying (it holds
     *         nothing, made progress since, its RTO is unknown) or retries in vain (the
     *         connection's own interface is down or lost its address or link)
     */
    Time GetRetryDeadline(uint32_t retries, Time since = Seconds(-1)) const;

  protected:
    void DoDispose() override;

  private:
    /// Push pending frames into the TCP buffer.
    void Flush();
    /// Flush(), then the room upcall if the queue shrank (from TCP's send and connect
    /// upcalls: senders write from there, as ns-3's BulkSendApplication does).
    void FlushAndNotify();
    /// Detach from the socket. \param close also close it
    void Detach(bool close);

    // TCP socket callbacks
    void HandleConnected(Ptr<Socket> socket);
    void HandleFailed(Ptr<Socket> socket);
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    void HandleRead(Ptr<Socket> socket);
    /// \return bytes written to TCP that it reported acknowledged (framed, as m_written)
    uint64_t GetAckedBytes() const;
    /// TCP's "RTO" trace. \param oldRto before \param rto now
    void RtoChanged(Time oldRto, Time rto);
    /// TCP's "LastRTT" trace ("RTT" before ns-3.38): a new sample. \param old the one before
    /// \param rtt this one
    void RttSampled(Time old, Time rtt);
    /// TCP's "HighestSequence" trace: it sent new bytes. \param old before \param now after
    void HighestSent(SequenceNumber32 old, SequenceNumber32 now);
    /// TCP's retransmission timer restarted (bytes acknowledged, or sent while none were out).
    void RetryTimerRestarted();
    /// \return true while the interface the connection leaves from is up, with its address
    ///         and its link
    bool IsLocalLinkUp() const;

    uint64_t m_serial;    //!< Creation number (see CreationOrder)
    Ptr<Socket> m_socket; //!< The TCP socket (null once detached)
    Time m_connectedAt;   //!< TCP connection established (-1: not yet)
    // A list, not a deque: a deque allocates its first block (over 500 bytes) when made, and
    // the queue is empty nearly always.
    std::list<Ptr<Packet>> m_pending;      //!< Packets waiting for room in the TCP buffer
    uint32_t m_urgent;                     //!< How many at its front are urgent
    std::unordered_set<uint64_t> m_queued; //!< Uids of the ordinary packets waiting
    uint32_t m_pendingBytes;               //!< Their total size, framed
    uint32_t m_maxPendingBytes;            //!< "MaxPendingBytes"
    uint64_t m_drops;                      //!< Frames refused: queue full
    uint32_t m_txCapacity;                 //!< TCP send buffer's room when empty
    Time m_lastProgress;                   //!< Last acknowledged bytes (-1: never)
    uint64_t m_acked;                      //!< Bytes acknowledged at m_lastProgress
    uint64_t m_written;                    //!< Bytes ever given to TCP
    uint64_t m_sent;                       //!< Of those, bytes TCP has transmitted
    uint64_t m_left;                       //!< Of those, bytes sent before its last burst
    Time m_lastSentAt;                     //!< When TCP last sent new bytes (its last burst)
    // Vectors, not deques: a deque allocates its first block (over 500 bytes) when made, and
    // a node has a FrameSocket per link (500 sessions: 1 MB). A few dozen entries each.
    std::vector<std::pair<uint64_t, uint64_t>> m_inTcp; //!< (uid, end in m_written) not acked
    std::vector<std::pair<uint64_t, Time>> m_released;  //!< (uid, when) lately acknowledged
    Time m_rto;                                    //!< TCP's retransmission timeout (0: unknown)
    Time m_minRtt;                                 //!< Smallest RTT sample (0: none yet)
    Time m_retryFrom;                              //!< TCP's timer last restarted
    Time m_retryRto;                               //!< m_rto then, before any back-off
    TracedCallback<Ptr<const Packet>> m_dropTrace; //!< "Drop"
    std::vector<uint8_t> m_received;               //!< Bytes not yet parsed into frames
    ReceiveCallback m_receive;                     //!< Upcall for packets
    CloseCallback m_close;                         //!< Upcall for the end of the connection
    RoomCallback m_room;                           //!< Upcall when the queue shrank
};

} // namespace ns3

#endif /* FRAME_SOCKET_H */
