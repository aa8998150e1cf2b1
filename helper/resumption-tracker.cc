/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "resumption-tracker.h"

#include "ns3/muses-l4-protocol.h"
#include "ns3/names.h"
#include "ns3/simulator.h"

#include <fstream>
#include <iomanip>
#include <sstream>

namespace ns3
{

namespace
{
const char* const STARTS[] = {"move", "link_cut", "interface_down"};
} // namespace

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
    std::string source = NameOf(node);
    l4->TraceConnectWithoutContext(
        "SessionCreated",
        Callback<void, Ptr<MusesSession>>(
            [this, source](Ptr<MusesSession> session) { WatchSession(source, session); }));
}

void
ResumptionTracker::WatchSession(std::string source, Ptr<MusesSession> session)
{
    std::string port = std::to_string(session->GetEndpoint().localPort);
    session->TraceConnectWithoutContext(
        "State",
        Callback<void, MusesSession::State, MusesSession::State>(
            [this, source, port](MusesSession::State, MusesSession::State now) {
                if (now == MusesSession::ESTABLISHED || now == MusesSession::SUSPENDED ||
                    now == MusesSession::CLOSED)
                {
                    std::string name = MusesSession::GetStateName(now);
                    for (auto& c : name)
                    {
                        c = std::tolower(c);
                    }
                    Record(source, name, "port " + port);
                }
            }));
    session->TraceConnectWithoutContext(
        "ReHello",
        Callback<void, uint64_t, uint64_t>([this, source](uint64_t sent, uint64_t received) {
            Record(source,
                   "rehello",
                   "sent " + std::to_string(sent) + " received " + std::to_string(received));
        }));
    session->TraceConnectWithoutContext(
        "Resumed",
        Callback<void, Time, Time>(
            [this, source, port](Time, Time) { Record(source, "resumed", "port " + port); }));
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
    if (event == "attached" || event == "link_restored" || event == "interface_up")
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
        bool restored = !o.restored.IsNegative();
        o.sessionResumed = restored ? FirstAfter(o.restored, {"resumed"}) : Seconds(-1);
        o.dataResumed = restored ? FirstAfter(o.restored, {"data_resumed"}) : Seconds(-1);
        outages.push_back(o);
    }
    return outages;
}

std::string
ResumptionTracker::JsonSeconds(Time t)
{
    if (t.IsNegative())
    {
        return "null";
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(6) << t.GetSeconds();
    return os.str();
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
