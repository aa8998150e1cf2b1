/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "resumption-tracker.h"

#include "cloak-helper.h"

#include "ns3/muses-l4-protocol.h"
#include "ns3/names.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <fstream>
#include <iomanip>

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
    : m_awaitingData(false)
{
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
    std::string where = "port " + std::to_string(session->GetEndpoint().localPort);
    session->TraceConnectWithoutContext(
        "State",
        MakeBoundCallback(&ResumptionTracker::StateChanged, self, source, where));
    session->TraceConnectWithoutContext(
        "ReHello",
        MakeBoundCallback(&ResumptionTracker::ReHelloSent, self, source));
    session->TraceConnectWithoutContext(
        "Resumed",
        MakeBoundCallback(&ResumptionTracker::SessionResumed, self, source, where));
}

void
ResumptionTracker::StateChanged(ResumptionTracker* self,
                                std::string source,
                                std::string where,
                                MusesSession::State /* old */,
                                MusesSession::State now)
{
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
ResumptionTracker::RecordDelivery(Ptr<const Packet> packet, const Address& /* from */)
{
    if (m_awaitingData && packet->GetSize() > 0)
    {
        m_awaitingData = false;
        Record("data", "data_resumed", std::to_string(packet->GetSize()) + " bytes");
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
        m_awaitingData = true;
    }
}

const std::vector<ResumptionTracker::Event>&
ResumptionTracker::GetEvents() const
{
    return m_events;
}

Time
ResumptionTracker::FirstAfter(Time from, std::initializer_list<const char*> names) const
{
    for (const Event& e : m_events)
    {
        if (e.time < from)
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
        o.suspended = FirstAfter(e.time, {"suspended"});
        o.restored = FirstAfter(e.time, {"attached", "link_restored", "interface_up"});
        o.overlayRestored = FirstAfter(e.time, {"overlay_restored"});
        outages.push_back(o);
    }
    for (size_t k = 0; k < outages.size(); ++k)
    {
        Outage& o = outages[k];
        if (k + 1 < outages.size() && o.overlayRestored > outages[k + 1].start)
        {
            o.overlayRestored = Seconds(-1); // the next outage's
        }
        Time back = std::max(o.restored, o.overlayRestored);
        bool restored = !o.restored.IsNegative();
        o.sessionResumed = restored ? FirstAfter(back, {"resumed"}) : Seconds(-1);
        o.dataResumed = restored ? FirstAfter(back, {"data_resumed"}) : Seconds(-1);
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
