/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef RESUMPTION_TRACKER_H
#define RESUMPTION_TRACKER_H

#include "ns3/address.h"
#include "ns3/hyperbolic-address.h"
#include "ns3/muses-session.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Records network, session and data events on one time line and measures each
 *        outage: when it began, when MUSEs noticed, when the path came back, when the
 *        session resumed and when data flowed again.
 *
 * Sources of events:
 * - NetworkEventHelper: pass RecordNetworkEvent as its event callback ("move",
 *   "link_cut", "interface_down" start an outage; "attached", "link_restored",
 *   "interface_up" restore the path).
 * - WatchMuses(node): every session of the node reports "established", "suspended",
 *   "rehello", "resumed" and "closed".
 * - RecordDelivery, connected to the receiving application's "Rx" trace: the first
 *   delivery after a restoration is recorded as "data_resumed" (one per sender). With
 *   several applications, RecordDeliveryTo(name, ...) instead: each named receiver's
 *   "data_resumed" has its name as source, and GetOutages(name) is that receiver's view.
 * Other events go through Record; "overlay_restored" (the moving peer has an overlay address
 * again) counts as a restoration too: an outage's session and data resumption are looked
 * for after the later of the path's and the overlay's restoration.
 *
 * The tracker must outlive the simulation run (its trace sinks point to it).
 */
class ResumptionTracker
{
  public:
    /// One event of the time line.
    struct Event
    {
        Time time;          //!< When
        std::string source; //!< Which node ("alice") or "data"
        std::string event;  //!< What
        std::string detail; //!< More (an address, SeqNBRs...)
    };

    /// One outage; a time is -1 s when it did not happen.
    struct Outage
    {
        Time start{Seconds(-1)};           //!< The network event that began it
        Time suspended{Seconds(-1)};       //!< First MUSEs suspension after the start
        Time roundTrip{Seconds(-1)};       //!< That session's smoothed RTT when it suspended
        Time restored{Seconds(-1)};        //!< First path restoration after the start
        Time overlayRestored{Seconds(-1)}; //!< First "overlay_restored" in it (before the next)
        Time sessionResumed{Seconds(-1)};  //!< First MUSEs resumption after the restoration
        Time dataResumed{Seconds(-1)};     //!< First delivery after the restoration

        /**
         * \return the resume latency: the data's resumption after the later of the path's
         *         and the overlay's return (summary.json's resume_latency_s); negative when
         *         either the path or the data never came back
         */
        Time GetResumeLatency() const;
        /**
         * \return the data's resumption after the path's return (summary.json's
         *         resume_total_s: rejoin, re-handshake and first delivery); negative when
         *         either never came back
         */
        Time GetResumeTotal() const;
    };

    ResumptionTracker();

    /**
     * \brief How long before a reported loss a session may have suspended and still count
     *        as having detected that outage (default 5 s). A link layer reports a loss late
     *        (a Wi-Fi station after missing beacons); a suspension older than this, still
     *        running at the report, had another cause.
     * \param lookback the window
     */
    void SetLookback(Time lookback);

    /// \param node a node with MUSEs: record its sessions' events
    void WatchMuses(Ptr<Node> node);
    /// \param nodes nodes with MUSEs: record their sessions' events
    void WatchMuses(NodeContainer nodes);
    /// \param node a CLOAK peer: record "overlay_restored" whenever it gets an overlay
    ///        address (after a move, the overlay's return)
    void WatchOverlay(Ptr<Node> node);

    /// NetworkEventHelper's event callback. \param event name \param node node \param detail more
    void RecordNetworkEvent(const std::string& event, Ptr<Node> node, const std::string& detail);

    /// Trace sink for the receiver's "Rx". \param packet what arrived \param from sender
    void RecordDelivery(Ptr<const Packet> packet, const Address& from);

    /**
     * \brief A delivery to one of several receiving applications (bind it with
     *        MakeBoundCallback(&ResumptionTracker::RecordDeliveryTo, &tracker, name)).
     * \param self the tracker \param receiver the receiver's name \param packet what arrived
     * \param from its sender
     */
    static void RecordDeliveryTo(ResumptionTracker* self,
                                 std::string receiver,
                                 Ptr<const Packet> packet,
                                 const Address& from);

    /// Add an event now. \param source who \param event what \param detail more
    void Record(const std::string& source, const std::string& event, const std::string& detail);

    /// \return every event so far, in time order
    const std::vector<Event>& GetEvents() const;

    /// \return the outages so far, in time order; the data resumes with the first delivery
    ///         of any stream
    std::vector<Outage> GetOutages() const;
    /// \return the outages so far as one named receiver saw them: the data resumes with
    ///         its own first delivery \param receiver its name (RecordDeliveryTo)
    std::vector<Outage> GetOutages(const std::string& receiver) const;

    /// \return handshakes of watched sessions (each end counts) that completed
    uint32_t GetHandshakesCompleted() const;
    /// \return handshakes of watched sessions (each end counts) that gave up: a connection
    ///         that never came up (also a "handshake_failed" event)
    uint32_t GetHandshakesFailed() const;

    /// Write the events as CSV "time_s,source,event,detail". \param path file \return success
    bool WriteCsv(const std::string& path) const;

  private:
    /// \param node a node \return its ns-3 Name, or "node<id>"
    static std::string NameOf(Ptr<Node> node);
    // Trace sinks, bound to the tracker and the node's name (ns-3 <= 3.35 has no lambda
    // callbacks).

    /// A node created a session. \param self tracker \param source node \param session it
    static void SessionCreated(ResumptionTracker* self,
                               std::string source,
                               Ptr<MusesSession> session);
    /// \param self tracker \param source node \param where the session's port
    /// \param old previous state \param now new state
    static void StateChanged(ResumptionTracker* self,
                             std::string source,
                             std::string where,
                             MusesSession::State old,
                             MusesSession::State now);
    /// \param self tracker \param key the session (node, port, peer) \param old unused
    /// \param now its smoothed RTT now
    static void RttChanged(ResumptionTracker* self, std::string key, Time old, Time now);
    /// \param self tracker \param source node \param from old address \param to new address
    static void OverlayAddressChanged(ResumptionTracker* self,
                                      std::string source,
                                      const HyperbolicAddress& from,
                                      const HyperbolicAddress& to);
    /// \param self tracker \param source node \param sent last sent \param received last received
    static void ReHelloSent(ResumptionTracker* self,
                            std::string source,
                            uint64_t sent,
                            uint64_t received);
    /// \param self tracker \param source node \param where the session's port
    /// \param outageStart unused \param resumedAt unused
    static void SessionResumed(ResumptionTracker* self,
                               std::string source,
                               std::string where,
                               Time outageStart,
                               Time resumedAt);
    /// \return the first event named one of \p names at or after \p from, or -1 s
    /// \param source only events of this source (empty: any)
    Time FirstAfter(Time from,
                    std::initializer_list<const char*> names,
                    const std::string& source = "") const;
    /// A delivery of a stream. \param stream its key \param source the event's source
    /// \param size bytes delivered
    void Delivered(const std::string& stream, const std::string& source, uint32_t size);
    /// \return when the outage starting then was detected: the earliest suspension of a
    ///         session still suspended at its start, or the first suspension after it
    /// \param start the outage's start
    Time SuspendedFor(Time start) const;

    std::vector<Event> m_events;         //!< The time line
    std::set<std::string> m_streams;     //!< Senders seen delivering (by address)
    std::set<std::string> m_awaiting;    //!< Of those, not delivered since the last restoration
    bool m_restored{false};              //!< A restoration, and no data_resumed since
    Time m_lookback;                     //!< See SetLookback()
    uint32_t m_handshakesCompleted{0};   //!< See GetHandshakesCompleted()
    uint32_t m_handshakesFailed{0};      //!< See GetHandshakesFailed()
    std::map<std::string, Time> m_rtt;   //!< Each session's latest smoothed RTT
    std::map<Time, Time> m_suspendedRtt; //!< At each suspension time, the RTT of the session
};

} // namespace ns3

#endif /* RESUMPTION_TRACKER_H */
