/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "resumption-tracker.h"

#include "cloak-helper.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/muses-l4-protocol.h"
#include "ns3/names.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

namespace ns3
{

namespace
{
const char* const STARTS[] = {"move", "link_cut", "interface_down"};
} // namespace

Time
ResumptionTracker::Outage::GetResumeLatency() const
{
    if (dataResumed.IsNegative() || restored.IsNegative())
    {
        return Seconds(-1);
    }
    return dataResumed - std::max(restored, overlayRestored);
}

Time
ResumptionTracker::Outage::GetResumeTotal() const
{
    if (dataResumed.IsNegative() || restored.IsNegative())
    {
        return Seconds(-1);
    }
    return dataResumed - restored;
}

ResumptionTracker::ResumptionTracker()
    : m_lookback(Seconds(5))
{
}

void
ResumptionTracker::SetLookback(Time lookback)
{
    m_lookback = lookback;
}

std::string
ResumptionTracker::NameOf(Ptr<Node> node)
{
    std::string name = Names::FindName(node);
    return name.empty() ? "node" + std::to_string(node->GetId()) : name;
}

void
ResumptionTracker::WatchMuses(Ptr<Node> node)
{
    Ptr<MusesL4Protocol> l4 = node->GetObject<MusesL4Protocol>();
    NS_ABORT_MSG_IF(!l4, "ResumptionTracker: node " << node->GetId() << " has no MUSEs");
    l4->TraceConnectWithoutContext(
        "SessionCreated",
        MakeBoundCallback(&ResumptionTracker::SessionCreated, this, NameOf(node)));
}

void
ResumptionTracker::WatchMuses(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        WatchMuses(*it);
    }
}

void
ResumptionTracker::WatchOverlay(Ptr<Node> node)
{
    Ptr<CloakNode> peer = CloakHelper::GetCloakNode(node);
    NS_ABORT_MSG_IF(!peer, "ResumptionTracker: node " << node->GetId() << " is no CLOAK peer");
    peer->TraceConnectWithoutContext(
        "AddressChange",
        MakeBoundCallback(&ResumptionTracker::OverlayAddressChanged, this, NameOf(node)));
}

void
ResumptionTracker::OverlayAddressChanged(ResumptionTracker* self,
                                         std::string source,
                                         const HyperbolicAddress& /* from */,
                                         const HyperbolicAddress& to)
{
    std::ostringstream address;
    address << to;
    self->Record(source, "overlay_restored", address.str());
}

void
ResumptionTracker::SessionCreated(ResumptionTracker* self,
                                  std::string source,
                                  Ptr<MusesSession> session)
{
    // Which session: its local port and its peer (name:port), so two applications of one
    // node are told apart.
    const MusesSession::Endpoint& end = session->GetEndpoint();
    std::string where = "port " + std::to_string(end.localPort) + " peer " +
                        std::to_string(end.peerName) + ":" + std::to_string(end.peerPort);
    session->TraceConnectWithoutContext(
        "State",
        MakeBoundCallback(&ResumptionTracker::StateChanged, self, source, where));
    session->TraceConnectWithoutContext(
        "ReHello",
        MakeBoundCallback(&ResumptionTracker::ReHelloSent, self, source));
    session->TraceConnectWithoutContext(
        "RTT",
        MakeBoundCallback(&ResumptionTracker::RttChanged, self, source + " " + where));
    session->TraceConnectWithoutContext(
        "Resumed",
        MakeBoundCallback(&ResumptionTracker::SessionResumed, self, source, where));
}

void
ResumptionTracker::RttChanged(ResumptionTracker* self, std::string key, Time /* old */, Time now)
{
    self->m_rtt[key] = now;
}

void
ResumptionTracker::StateChanged(ResumptionTracker* self,
                                std::string source,
                                std::string where,
                                MusesSession::State old,
                                MusesSession::State now)
{
    bool handshaking = old == MusesSession::HELLO_SENT || old == MusesSession::HELLO_RECEIVED;
    if (handshaking && now == MusesSession::CLOSED)
    {
        ++self->m_handshakesFailed;
        self->Record(source, "handshake_failed", where);
        return;
    }
    if (handshaking && now == MusesSession::ESTABLISHED)
    {
        ++self->m_handshakesCompleted;
    }
    auto rtt = self->m_rtt.find(source + " " + where);
    if (now == MusesSession::SUSPENDED && rtt != self->m_rtt.end())
    {
        Time& at = self->m_suspendedRtt[Simulator::Now()];
        at = std::max(at, rtt->second);
    }
    if (now == MusesSession::ESTABLISHED || now == MusesSession::SUSPENDED ||
        now == MusesSession::CLOSED)
    {
        std::string name = MusesSession::GetStateName(now);
        for (auto& c : name)
        {
            c = std::tolower(c);
        }
        self->Record(source, name, where);
    }
}

uint32_t
ResumptionTracker::GetHandshakesCompleted() const
{
    return m_handshakesCompleted;
}

uint32_t
ResumptionTracker::GetHandshakesFailed() const
{
    return m_handshakesFailed;
}

void
ResumptionTracker::ReHelloSent(ResumptionTracker* self,
                               std::string source,
                               uint64_t sent,
                               uint64_t received)
{
    self->Record(source,
                 "rehello",
                 "sent " + std::to_string(sent) + " received " + std::to_string(received));
}

void
ResumptionTracker::SessionResumed(ResumptionTracker* self,
                                  std::string source,
                                  std::string where,
                                  Time /* outageStart */,
                                  Time /* resumedAt */)
{
    self->Record(source, "resumed", where);
}

void
ResumptionTracker::RecordNetworkEvent(const std::string& event,
                                      Ptr<Node> node,
                                      const std::string& detail)
{
    Record(NameOf(node), event, detail);
}

void
ResumptionTracker::RecordDelivery(Ptr<const Packet> packet, const Address& from)
{
    if (packet->GetSize() == 0)
    {
        return;
    }
    // One stream per sender: after a restoration, each stream's first delivery is recorded
    // (a stream first heard then too, until one delivery is).
    std::ostringstream stream;
    if (InetSocketAddress::IsMatchingType(from))
    {
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(from);
        stream << inet.GetIpv4() << ":" << inet.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(from))
    {
        Inet6SocketAddress inet = Inet6SocketAddress::ConvertFrom(from);
        stream << "[" << inet.GetIpv6() << "]:" << inet.GetPort();
    }
    else
    {
        stream << from;
    }
    Delivered(stream.str(), "data", packet->GetSize());
}

void
ResumptionTracker::RecordDeliveryTo(ResumptionTracker* self,
                                    std::string receiver,
                                    Ptr<const Packet> packet,
                                    const Address& /* from */)
{
    if (packet->GetSize() > 0)
    {
        self->Delivered(receiver, receiver, packet->GetSize());
    }
}

void
ResumptionTracker::Delivered(const std::string& stream, const std::string& source, uint32_t size)
{
    bool known = !m_streams.insert(stream).second;
    if (known ? m_awaiting.erase(stream) > 0 : m_restored)
    {
        m_restored = false;
        Record(source, "data_resumed", std::to_string(size) + " bytes from " + stream);
    }
}

void
ResumptionTracker::Record(const std::string& source,
                          const std::string& event,
                          const std::string& detail)
{
    m_events.push_back({Simulator::Now(), source, event, detail});
    if (event == "attached" || event == "link_restored" || event == "interface_up" ||
        event == "overlay_restored")
    {
        m_awaiting = m_streams; // every stream seen so far owes a first delivery
        m_restored = true;
    }
}

const std::vector<ResumptionTracker::Event>&
ResumptionTracker::GetEvents() const
{
    return m_events;
}

Time
ResumptionTracker::SuspendedFor(Time start) const
{
    // A session may suspend before the loss is reported (a Wi-Fi station notices its AP is
    // gone only after missing beacons): one still suspended when the outage starts counts,
    // from when it suspended; otherwise the first suspension after the start.
    std::map<std::string, Time> suspended; // by session (source and detail)
    for (const Event& e : m_events)
    {
        if (e.time > start)
        {
            break;
        }
        std::string session = e.source + " " + e.detail;
        if (e.event == "suspended")
        {
            suspended.emplace(session, e.time);
        }
        else if (e.event == "resumed" || e.event == "established" || e.event == "closed")
        {
            suspended.erase(session);
        }
    }
    Time earliest = Seconds(-1);
    for (const auto& [session, at] : suspended)
    {
        if (start - at <= m_lookback)
        {
            earliest = earliest.IsNegative() ? at : std::min(earliest, at);
        }
    }
    return earliest.IsNegative() ? FirstAfter(start, {"suspended"}) : earliest;
}

Time
ResumptionTracker::FirstAfter(Time from,
                              std::initializer_list<const char*> names,
                              const std::string& source) const
{
    for (const Event& e : m_events)
    {
        if (e.time < from || (!source.empty() && e.source != source))
        {
            continue;
        }
        for (const char* name : names)
        {
            if (e.event == name)
            {
                return e.time;
            }
        }
    }
    return Seconds(-1);
}

std::vector<ResumptionTracker::Outage>
ResumptionTracker::GetOutages() const
{
    return GetOutages("");
}

std::vector<ResumptionTracker::Outage>
ResumptionTracker::GetOutages(const std::string& receiver) const
{
    std::vector<Outage> outages;
    for (const Event& e : m_events)
    {
        bool start = false;
        for (const char* name : STARTS)
        {
            start = start || e.event == name;
        }
        // Both ends of a cut link report it: one outage per instant.
        if (!start || (!outages.empty() && outages.back().start == e.time))
        {
            continue;
        }
        Outage o;
        o.start = e.time;
        o.restored = FirstAfter(e.time, {"attached", "link_restored", "interface_up"});
        o.overlayRestored = FirstAfter(e.time, {"overlay_restored"});
        outages.push_back(o);
    }
    for (size_t k = 0; k < outages.size(); ++k)
    {
        Outage& o = outages[k];
        // An event belongs to this outage only before the next one starts.
        Time next = k + 1 < outages.size() ? outages[k + 1].start : Time::Max();
        auto before = [next](Time t) { return t < next ? t : Seconds(-1); };
        Time suspended = SuspendedFor(o.start);
        o.suspended =
            o.restored.IsNegative() || suspended < o.restored ? before(suspended) : Seconds(-1);
        auto rtt = m_suspendedRtt.find(o.suspended);
        o.roundTrip = rtt != m_suspendedRtt.end() ? rtt->second : Seconds(-1);
        o.overlayRestored = before(o.overlayRestored);
        Time back = std::max(o.restored, o.overlayRestored);
        bool restored = !o.restored.IsNegative();
        o.sessionResumed = restored ? before(FirstAfter(back, {"resumed"})) : Seconds(-1);
        o.dataResumed =
            restored ? before(FirstAfter(back, {"data_resumed"}, receiver)) : Seconds(-1);
    }
    return outages;
}

bool
ResumptionTracker::WriteCsv(const std::string& path) const
{
    std::ofstream out(path);
    out << "time_s,source,event,detail\n" << std::fixed << std::setprecision(6);
    for (const Event& e : m_events)
    {
        out << e.time.GetSeconds() << "," << e.source << "," << e.event << "," << e.detail << "\n";
    }
    return bool(out);
}

} // namespace ns3
