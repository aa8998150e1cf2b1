/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "static-transport.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/muses-byte-order.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstring>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("StaticTransport");

NS_OBJECT_ENSURE_REGISTERED(StaticTransport);

namespace
{
/// The first frame a dialer sends: this magic, then its 8-byte name.
const uint8_t HELLO_MAGIC[4] = {'M', 'U', 'S', 'E'};
const uint32_t HELLO_SIZE = 12;
} // namespace

TypeId
StaticTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::StaticTransport")
            .SetParent<MusesTransport>()
            .SetGroupName("Muses")
            .AddConstructor<StaticTransport>()
            .AddAttribute("Port",
                          "TCP port on which every peer accepts MUSEs connections.",
                          UintegerValue(7100),
                          MakeUintegerAccessor(&StaticTransport::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PreferIpv6",
                          "Publish the node's IPv6 address in the name table when it has "
                          "one (dual stack); false: its IPv4 address when it has one.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&StaticTransport::m_preferIpv6),
                          MakeBooleanChecker())
            .AddAttribute("AddressCheckInterval",
                          "How often the node's addresses are checked for a change (a move, "
                          "an interface back up); 0 disables the check.",
                          TimeValue(MilliSeconds(50)),
                          MakeTimeAccessor(&StaticTransport::m_addressCheckInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("ReconnectHoldoff",
                          "A connection dialled or established less than this long ago is "
                          "kept when a session asks for a new path (Reconnect): the sessions "
                          "to one peer suspend and move together, and each would otherwise "
                          "tear down the connection another has just dialled, with its "
                          "REHELLO in it, or the one the peer has just answered on.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&StaticTransport::m_reconnectHoldoff),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("HelloTimeout",
                          "An accepted connection that has not sent its hello (the dialer's "
                          "name) within this (at most twice this) is closed and counted: a "
                          "stranger cannot hold connections open for free.",
                          TimeValue(Seconds(5)),
                          MakeTimeAccessor(&StaticTransport::m_helloTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Interfaces",
                          "Multi-homing: the interfaces (Ipv4/Ipv6 interface numbers) to send "
                          "by, most preferred first, separated by commas (\"1,2\"). Empty: "
                          "no multi-homing, the node's address whatever its interface. Set "
                          "again while multi-homed (a connection manager that finds a link "
                          "weak), the interfaces are ranked again at once: a newly preferred "
                          "one is taken make before break.",
                          StringValue(""),
                          MakeStringAccessor(&StaticTransport::SetInterfaces,
                                             &StaticTransport::GetInterfaces),
                          MakeStringChecker())
            .AddAttribute("ReturnHysteresis",
                          "Multi-homing: an interface preferred to the active one is used "
                          "again once it has had an address, without a silent failure, for "
                          "this long (a flapping link is not chased).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&StaticTransport::m_returnHysteresis),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("InterfaceChange",
                            "Multi-homing: the node sends by another interface (from, to, "
                            "reason).",
                            MakeTraceSourceAccessor(&StaticTransport::m_interfaceTrace),
                            "ns3::StaticTransport::InterfaceChangeTracedCallback")
            .AddTraceSource("TxDrop",
                            "A packet was dropped: the peer's name has no address, or its "
                            "connection's queue is full (FrameSocket::MaxPendingBytes).",
                            MakeTraceSourceAccessor(&StaticTransport::m_txDropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

StaticTransport::StaticTransport()
    : m_port(7100),
      m_preferIpv6(false),
      m_name(0),
      m_badFrames(0)
{
    NS_LOG_FUNCTION(this);
}

StaticTransport::~StaticTransport()
{
    NS_LOG_FUNCTION(this);
}

void
StaticTransport::SetNameTable(Ptr<MusesNameTable> table)
{
    m_table = table;
}

void
StaticTransport::Start(Ptr<Node> node, uint64_t name)
{
    NS_LOG_FUNCTION(this << node << name);
    NS_ABORT_MSG_IF(!m_table, "StaticTransport: SetNameTable() before Start()");
    m_node = node;
    m_name = name;
    m_links.SetCallbacks(MakeCallback(&StaticTransport::HandleFrame, this),
                         MakeCallback(&StaticTransport::LinkClosed, this));
    m_links.SetRoomCallback(MakeCallback(&StaticTransport::HandleRoom, this));
    // An accepted connection's peer is unknown (0) until its hello.
    bool listening =
        m_links.Listen(node, m_port, MakeCallback(&StaticTransport::Accepted, this), true);
    NS_ABORT_MSG_IF(!listening, "StaticTransport: cannot bind TCP port " << m_port);
    m_monitor = CreateObject<LocalAddressMonitor>();
    m_monitor->SetAttribute("Interval", TimeValue(m_addressCheckInterval));
    m_monitor->Start(node, MakeCallback(&StaticTransport::AddressesChanged, this));
    m_addresses = m_monitor->GetAddresses();
    if (!m_preference.empty())
    {
        InterfacesChanged(m_addresses);
    }
    else if (!m_addresses.empty())
    {
        Publish();
    }
}

void
StaticTransport::DoSend(Ptr<Packet> packet, uint64_t peer, bool urgent)
{
    NS_LOG_FUNCTION(this << packet << peer);
    Ptr<FrameSocket> conn = GetCurrent(peer);
    if (!conn)
    {
        conn = Dial(peer, m_active);
        if (conn)
        {
            m_current[peer] = conn;
            KeepStandby(peer);
        }
    }
    if (!conn || !conn->Send(packet, urgent))
    {
        m_txDropTrace(packet);
    }
    else if (!urgent)
    {
        NoteCarrier(peer, conn);
    }
}

Ptr<FrameSocket>
StaticTransport::GetCurrent(uint64_t peer) const
{
    auto it = m_current.find(peer);
    return it != m_current.end() ? it->second : nullptr;
}

Time
StaticTransport::GetLastProgress(uint64_t peer, Ptr<const Packet> newest) const
{
    // Only the connection the session's bytes went into says where they are: a newer one
    // busy with other packets (its ACKs, say) makes progress while they died with the old.
    Ptr<FrameSocket> conn = GetCurrent(peer);
    Time progress = conn ? conn->GetProgressOf(newest) : Seconds(-1);
    Ptr<FrameSocket> overtaken = GetOvertaken(peer);
    if (!progress.IsNegative() && overtaken)
    {
        // The peer waits for the older connection's tail too: it moves as slowly as that.
        progress = std::min(progress, overtaken->GetLastProgress());
    }
    return progress;
}

Time
StaticTransport::GetRetryDeadline(uint64_t peer, uint32_t retries, Time since) const
{
    if (m_standby.count(peer))
    {
        return Seconds(-1); // multi-homed: another path is ready, TCP's retries are not awaited
    }
    Ptr<FrameSocket> conn = GetCurrent(peer);
    return conn ? conn->GetRetryDeadline(retries, since) : Seconds(-1);
}

uint32_t
StaticTransport::GetTxAvailable(uint64_t peer) const
{
    Ptr<FrameSocket> conn = GetCurrent(peer);
    if (!conn)
    {
        return UINT32_MAX;
    }
    uint64_t bytes = 0;
    uint32_t count = GetHeld(peer, bytes);
    return conn->GetTxAvailable(bytes, count);
}

Ptr<FrameSocket>
StaticTransport::GetOvertaken(uint64_t peer) const
{
    auto it = m_previous.find(peer);
    bool tail = it != m_previous.end() && it->second != GetCurrent(peer) && it->second->IsOpen() &&
                it->second->IsBacklogged();
    return tail ? it->second : nullptr;
}

bool
StaticTransport::IsReordering(uint64_t peer) const
{
    return GetOvertaken(peer) != nullptr;
}

void
StaticTransport::Reconnect(uint64_t peer)
{
    NS_LOG_FUNCTION(this << peer);
    auto it = m_current.find(peer);
    if (it == m_current.end())
    {
        return;
    }
    // A connection just dialled, or just established (its SYN may have waited for the link),
    // is as fresh as a new one: the peer may already have answered on it.
    auto dialled = m_dialledAt.find(it->second);
    Time fresh = std::max(dialled != m_dialledAt.end() ? dialled->second : Seconds(-1),
                          it->second->GetConnectedAt());
    if (!fresh.IsNegative() && Simulator::Now() - fresh < m_reconnectHoldoff)
    {
        NS_LOG_LOGIC("connection to peer " << peer << " dialled or established "
                                           << (Simulator::Now() - fresh).As(Time::MS)
                                           << " ago: kept");
        return;
    }
    if (Ptr<FrameSocket> overtaken = GetOvertaken(peer))
    {
        // The connection the current one overtook still holds the hole's packets and has
        // delivered nothing for an AckTimeout (else the ACKs would have moved): it failed,
        // not the current path. The REHELLO's answer says what the peer lacks.
        NS_LOG_INFO("node " << m_node->GetId() << ": the previous connection to peer " << peer
                            << " stalled with the tail: closed");
        LoseCarrier(overtaken);
        Forget(overtaken);
        return;
    }
    if (m_active != NO_INTERFACE && GetBackup() != NO_INTERFACE &&
        GetInterfaceOf(it->second->GetLocalAddress()) == m_active)
    {
        // Multi-homed: the active interface's path is what failed; the standbys take over.
        NS_LOG_INFO("node " << m_node->GetId() << ": interface " << m_active << " failed");
        m_failedAt[m_active] = Simulator::Now();
        ChooseInterface();
        return;
    }
    Forget(it->second);
}

uint64_t
StaticTransport::GetConnectionCount() const
{
    return m_links.GetOpened();
}

uint64_t
StaticTransport::GetBadFrameCount() const
{
    return m_badFrames;
}

void
StaticTransport::DoDispose()
{
    // The simulation is over: nothing may be sent now (a FIN would go through a node being
    // disposed), so the sockets are only let go.
    while (!m_links.GetLinks().empty())
    {
        Forget(m_links.GetLinks().begin()->first, false);
    }
    m_links.StopListening(false);
    m_silentCheck.Cancel();
    m_silent.clear();
    m_chooseEvent.Cancel();
    m_probeTimeout.Cancel();
    if (m_monitor)
    {
        m_monitor->Dispose();
        m_monitor = nullptr;
    }
    m_node = nullptr;
    m_table = nullptr;
    MusesTransport::DoDispose();
}

Ptr<FrameSocket>
StaticTransport::Dial(uint64_t peer, uint32_t interface)
{
    Address address;
    if (!m_table->Lookup(peer, address))
    {
        NS_LOG_LOGIC("no address for peer " << peer);
        return nullptr;
    }
    NS_LOG_LOGIC("dial peer " << peer << " at " << LocalAddressMonitor::Format(address));
    Ptr<NetDevice> device;
    if (interface != NO_INTERFACE)
    {
        Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
        Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
        device = ipv4 ? ipv4->GetNetDevice(interface) : ipv6->GetNetDevice(interface);
    }
    Ptr<FrameSocket> conn = m_links.Dial(address, m_port, peer, device);
    uint8_t hello[HELLO_SIZE];
    std::memcpy(hello, HELLO_MAGIC, sizeof(HELLO_MAGIC));
    uint8_t* name = hello + sizeof(HELLO_MAGIC);
    WriteBigEndian(name, m_name, 8);
    // Urgent: it must stay ahead of the urgent MUSEs messages queued while connecting.
    conn->Send(Create<Packet>(hello, HELLO_SIZE), true);
    m_dialledAt[conn] = Simulator::Now();
    return conn;
}

uint64_t
StaticTransport::Accepted(const Address& /* from */)
{
    if (m_silentCheck.IsExpired())
    {
        m_silentCheck = Simulator::Schedule(m_helloTimeout, &StaticTransport::CloseSilent, this);
    }
    return 0;
}

void
StaticTransport::CloseSilent()
{
    // Two sweeps a HelloTimeout apart: a connection without a hello at both is closed.
    std::set<Ptr<FrameSocket>> silent;
    std::vector<Ptr<FrameSocket>> expired;
    for (const auto& [conn, peer] : m_links.GetLinks())
    {
        if (peer != 0)
        {
            continue;
        }
        if (m_silent.count(conn))
        {
            expired.push_back(conn);
        }
        else
        {
            silent.insert(conn);
        }
    }
    for (const Ptr<FrameSocket>& conn : expired)
    {
        NS_LOG_WARN("connection without a hello for " << m_helloTimeout.As(Time::S) << ": closed");
        ++m_silentClosed;
        Forget(conn);
    }
    m_silent = silent;
    if (!m_silent.empty())
    {
        m_silentCheck = Simulator::Schedule(m_helloTimeout, &StaticTransport::CloseSilent, this);
    }
}

uint64_t
StaticTransport::GetSilentClosedCount() const
{
    return m_silentClosed;
}

void
StaticTransport::Forget(Ptr<FrameSocket> conn, bool close)
{
    NS_LOG_FUNCTION(this << conn);
    uint64_t peer = 0;
    if (m_links.Forget(conn, close, &peer))
    {
        ForgetCurrent(conn, peer);
    }
}

void
StaticTransport::ForgetCurrent(Ptr<FrameSocket> conn, uint64_t peer)
{
    m_dialledAt.erase(conn);
    for (auto* byPeer : {&m_current, &m_standby, &m_joining, &m_previous})
    {
        auto it = byPeer->find(peer);
        if (it != byPeer->end() && it->second == conn)
        {
            byPeer->erase(it);
        }
    }
}

void
StaticTransport::AddressesChanged(const std::set<Address>& addresses)
{
    NS_LOG_INFO("node " << m_node->GetId() << " addresses changed, "
                        << (addresses.empty() ? "now offline" : "reconnecting"));
    m_addresses = addresses;
    if (!m_preference.empty())
    {
        InterfacesChanged(addresses);
        return;
    }
    // Connections bound to a vanished address can never recover.
    while (!m_links.GetLinks().empty())
    {
        Forget(m_links.GetLinks().begin()->first);
    }
    if (!addresses.empty())
    {
        Publish();
        NotifyPathChange();
    }
}

void
StaticTransport::LinkClosed(Ptr<FrameSocket> conn, const uint64_t& peer)
{
    NS_LOG_FUNCTION(this << conn);
    auto joining = m_joining.find(peer);
    if (joining != m_joining.end() && joining->second == conn)
    {
        ProbeFailed();
    }
    ForgetCurrent(conn, peer);
}

void
StaticTransport::HandleRoom(Ptr<FrameSocket> conn)
{
    uint64_t* peer = m_links.Find(conn);
    if (peer && *peer != 0)
    {
        auto joining = m_joining.find(*peer);
        if (joining != m_joining.end() && joining->second == conn &&
            !conn->GetConnectedAt().IsNegative())
        {
            CompleteSwitch(conn); // its hello went into TCP: it is up
        }
        auto current = m_current.find(*peer);
        if (current != m_current.end() && current->second == conn)
        {
            NotifyRoom(*peer);
        }
    }
}

void
StaticTransport::HandleFrame(Ptr<FrameSocket> conn, Ptr<Packet> frame)
{
    uint64_t* peer = m_links.Find(conn);
    if (!peer)
    {
        return;
    }
    if (*peer == 0)
    {
        // The dialer's hello names it; anything else is not a MUSEs peer.
        uint8_t hello[HELLO_SIZE];
        if (frame->GetSize() != HELLO_SIZE || frame->CopyData(hello, HELLO_SIZE) != HELLO_SIZE ||
            std::memcmp(hello, HELLO_MAGIC, sizeof(HELLO_MAGIC)) != 0)
        {
            NS_LOG_WARN("connection without a valid hello: closed");
            ++m_badFrames;
            Forget(conn);
            return;
        }
        const uint8_t* name = hello + sizeof(HELLO_MAGIC);
        // The hello is not authenticated: anyone may claim a name. The connection is used
        // for that name only once a packet on it is authentic and new.
        *peer = ReadBigEndian(name, 8);
        return;
    }
    if (frame->GetSize() == 0)
    {
        ++m_badFrames;
        return;
    }
    // The newest connection that carried an authentic, new packet is the one that works:
    // the peer opened it (after a move, say).
    // Answers to a packet that proved nothing (a HELLO's) go back on its connection while
    // there is no other: a forged name claim leaves no connection in use for that name.
    uint64_t name = *peer;
    Deliver(
        frame,
        name,
        [this, name, conn]() {
            // A multi-homed node's spare connections carry what the peer sends there, but
            // the node, not the peer, chooses its path.
            if (m_links.Find(conn) && GetCurrent(name) != conn && !IsSpare(name, conn))
            {
                if (Ptr<FrameSocket> old = GetCurrent(name))
                {
                    m_previous[name] = old;
                }
                m_current[name] = conn;
                KeepStandby(name);
            }
        },
        [this, name, conn](Ptr<Packet> answer, bool urgent) {
            if (GetCurrent(name) || !m_links.Find(conn))
            {
                DoSend(answer, name, urgent);
            }
            else if (!conn->Send(answer, urgent))
            {
                m_txDropTrace(answer);
            }
        },
        [conn]() {
            Address remote = conn->GetPeerAddress();
            std::vector<uint8_t> arrival(remote.GetSerializedSize());
            arrival.resize(remote.CopyAllTo(arrival.data(), arrival.size()));
            return arrival;
        });
}

uint32_t
StaticTransport::GetActiveInterface() const
{
    return m_active;
}

std::string
StaticTransport::GetReasonName(SwitchReason reason)
{
    switch (reason)
    {
    case LOST:
        return "lost";
    case SILENT:
        return "silent";
    case PREFERRED:
        return "preferred";
    }
    return "unknown";
}

void
StaticTransport::SetInterfaces(std::string text)
{
    std::vector<uint32_t> preference;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        size_t used = 0;
        unsigned long interface = 0;
        try
        {
            interface = std::stoul(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        NS_ABORT_MSG_IF(used == 0 || item.find_first_not_of(" ", used) != std::string::npos ||
                            interface >= NO_INTERFACE ||
                            std::count(preference.begin(), preference.end(), interface) != 0,
                        "StaticTransport: Interfaces must list interface numbers, each once, "
                        "separated by commas (\"1,2\"), not \""
                            << text << "\"");
        preference.push_back(interface);
    }
    bool rerank = m_active != NO_INTERFACE && !preference.empty() && preference != m_preference;
    m_preference = preference;
    if (rerank)
    {
        // ReturnHysteresis still applies, from when the newly preferred one became usable.
        Simulator::ScheduleNow(&StaticTransport::ChooseInterface, this);
    }
}

std::string
StaticTransport::GetInterfaces() const
{
    std::ostringstream out;
    for (size_t i = 0; i < m_preference.size(); ++i)
    {
        out << (i ? "," : "") << m_preference[i];
    }
    return out.str();
}

uint32_t
StaticTransport::GetInterfaceOf(const Address& local) const
{
    int32_t interface = -1;
    if (Ipv4Address::IsMatchingType(local))
    {
        Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
        interface = ipv4 ? ipv4->GetInterfaceForAddress(Ipv4Address::ConvertFrom(local)) : -1;
    }
    else if (Ipv6Address::IsMatchingType(local))
    {
        Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
        interface = ipv6 ? ipv6->GetInterfaceForAddress(Ipv6Address::ConvertFrom(local)) : -1;
    }
    return interface < 0 ? NO_INTERFACE : interface;
}

Address
StaticTransport::GetPublishable(uint32_t interface) const
{
    std::set<Address> own;
    for (const Address& address : m_addresses)
    {
        if (GetInterfaceOf(address) == interface)
        {
            own.insert(address);
        }
    }
    return LocalAddressMonitor::Choose(own, m_preferIpv6);
}

void
StaticTransport::Publish()
{
    m_published = m_preference.empty() ? LocalAddressMonitor::Choose(m_addresses, m_preferIpv6)
                                       : GetPublishable(m_active);
    if (!m_published.IsInvalid())
    {
        m_table->Set(m_name, m_published);
    }
}

bool
StaticTransport::HasFailedRecently(uint32_t interface) const
{
    auto failed = m_failedAt.find(interface);
    return failed != m_failedAt.end() && Simulator::Now() - failed->second < m_returnHysteresis;
}

bool
StaticTransport::IsSpare(uint64_t peer, Ptr<FrameSocket> conn) const
{
    for (const auto* byPeer : {&m_standby, &m_joining})
    {
        auto it = byPeer->find(peer);
        if (it != byPeer->end() && it->second == conn)
        {
            return true;
        }
    }
    return false;
}

uint32_t
StaticTransport::GetBackup() const
{
    for (uint32_t interface : m_preference)
    {
        if (interface != m_active && m_usableSince.count(interface) &&
            !HasFailedRecently(interface))
        {
            return interface;
        }
    }
    return NO_INTERFACE;
}

void
StaticTransport::InterfacesChanged(const std::set<Address>& addresses)
{
    // Connections bound to a vanished address can never recover.
    bool tailLost =
        ForgetLost([&addresses](const Address& local) { return !addresses.count(local); });
    std::map<uint32_t, Time> usable;
    for (const Address& address : addresses)
    {
        uint32_t interface = GetInterfaceOf(address);
        if (std::count(m_preference.begin(), m_preference.end(), interface))
        {
            auto since = m_usableSince.find(interface);
            usable[interface] = since != m_usableSince.end() ? since->second : Simulator::Now();
        }
    }
    m_usableSince = usable;
    if (m_probing != NO_INTERFACE && !m_usableSince.count(m_probing))
    {
        AbandonProbe();
    }
    uint32_t active = m_active;
    ChooseInterface();
    if (m_active == active && m_active != NO_INTERFACE)
    {
        bool renumbered = GetPublishable(m_active) != m_published;
        if (renumbered)
        {
            Publish();
        }
        // A lost path's tail (after a switch away from it) leaves a hole the peers reported
        // while it was on its way: the REHELLOs' answers say what they lack.
        if (renumbered || tailLost)
        {
            NotifyPathChange();
        }
    }
    for (const auto& [peer, conn] : m_current)
    {
        KeepStandby(peer);
    }
}

void
StaticTransport::ChooseInterface()
{
    m_chooseEvent.Cancel();
    Time now = Simulator::Now();
    auto rank = [this](uint32_t interface) {
        return std::find(m_preference.begin(), m_preference.end(), interface) -
               m_preference.begin();
    };
    // Ready: usable and not failed recently; one preferred to the active one, only once it
    // has been so for ReturnHysteresis.
    uint32_t best = NO_INTERFACE;
    uint32_t fallback = NO_INTERFACE;
    Time next = Time::Max();
    for (uint32_t interface : m_preference)
    {
        auto since = m_usableSince.find(interface);
        if (since == m_usableSince.end())
        {
            continue;
        }
        fallback = fallback == NO_INTERFACE ? interface : fallback;
        auto failed = m_failedAt.find(interface);
        Time ready = failed != m_failedAt.end() ? failed->second + m_returnHysteresis : now;
        if (m_active != NO_INTERFACE && rank(interface) < rank(m_active))
        {
            ready = std::max(ready, since->second + m_returnHysteresis);
        }
        if (ready <= now)
        {
            best = interface;
            break;
        }
        next = std::min(next, ready);
    }
    if (best == NO_INTERFACE)
    {
        // Nothing is ready: an interface that failed lately beats none.
        best = m_usableSince.count(m_active) ? m_active : fallback;
    }
    if (next != Time::Max())
    {
        m_chooseEvent = Simulator::Schedule(next - now, &StaticTransport::ChooseInterface, this);
    }
    if (m_probing != NO_INTERFACE && best != m_probing)
    {
        AbandonProbe();
    }
    if (best == m_active || best == m_probing)
    {
        return;
    }
    if (best == NO_INTERFACE)
    {
        NS_LOG_INFO("node " << m_node->GetId() << " has no usable interface");
        m_active = NO_INTERFACE;
        return;
    }
    SwitchReason reason = !m_usableSince.count(m_active) ? LOST
                          : HasFailedRecently(m_active)  ? SILENT
                                                         : PREFERRED;
    SwitchInterface(best, reason);
}

void
StaticTransport::SwitchInterface(uint32_t to, SwitchReason reason)
{
    NS_LOG_INFO("node " << m_node->GetId() << ": interface " << m_active
                        << (reason == PREFERRED ? " -> (trying) " : " -> ") << to << " ("
                        << GetReasonName(reason) << ")");
    uint32_t from = m_active;
    if (reason == PREFERRED)
    {
        // Make before break: the old connections carry the data until the new ones are up.
        m_probing = to;
        for (const auto& [peer, conn] : m_current)
        {
            if (Ptr<FrameSocket> joining = Dial(peer, to))
            {
                m_joining[peer] = joining;
            }
        }
        if (!m_joining.empty())
        {
            // A SYN into a dead link is retried for a minute: look again sooner.
            m_probeTimeout = Simulator::Schedule(std::max(m_returnHysteresis, Seconds(1)),
                                                 &StaticTransport::ProbeFailed,
                                                 this);
            return; // CompleteSwitch()
        }
        m_probing = NO_INTERFACE;
    }
    m_active = to;
    Publish();
    if (from == NO_INTERFACE)
    {
        NotifyPathChange(); // online (again)
        return;
    }
    m_interfaceTrace(from, to, reason);
    if (reason == PREFERRED)
    {
        return;
    }
    // The old interface is gone or dead: each peer's standby takes over, already connected.
    for (const auto& [peer, standby] : m_standby)
    {
        m_current[peer] = standby;
        m_dialledAt[standby] = Simulator::Now();
    }
    m_standby.clear();
    ForgetLost([this, from](const Address& local) { return GetInterfaceOf(local) == from; });
    if (reason == SILENT)
    {
        // Called from a session's Reconnect(): the sessions hear of it after that call.
        Simulator::ScheduleNow(&StaticTransport::NotifyPathChange, this);
    }
    else
    {
        NotifyPathChange();
    }
}

void
StaticTransport::CompleteSwitch(Ptr<FrameSocket> conn)
{
    uint64_t peer = *m_links.Find(conn);
    if (m_probing != NO_INTERFACE)
    {
        m_probeTimeout.Cancel();
        uint32_t from = m_active;
        m_active = m_probing;
        m_probing = NO_INTERFACE;
        NS_LOG_INFO("node " << m_node->GetId() << ": interface " << m_active << " is up");
        m_interfaceTrace(from, m_active, PREFERRED);
        Publish();
    }
    m_joining.erase(peer);
    Ptr<FrameSocket> old = GetCurrent(peer);
    m_current[peer] = conn;
    m_dialledAt[conn] = Simulator::Now();
    auto standby = m_standby.find(peer);
    if (standby != m_standby.end() && standby->second != old)
    {
        Forget(standby->second);
    }
    if (old)
    {
        // It delivers what TCP took, then waits; what it had not taken goes again by the new
        // one at once (NotifyRerouted). The new path's packets overtake the old one's last:
        // the peer holds them until the hole fills (MusesRxBuffer), and the sessions here do
        // not resend for the hole meanwhile (IsReordering).
        old->DropPending();
        m_standby[peer] = old;
        m_previous[peer] = old;
        NotifyRerouted(peer);
    }
}

bool
StaticTransport::ForgetLost(const std::function<bool(const Address&)>& lost)
{
    std::vector<Ptr<FrameSocket>> gone;
    bool tailLost = false;
    for (const auto& [conn, peer] : m_links.GetLinks())
    {
        if (lost(conn->GetLocalAddress()))
        {
            gone.push_back(conn);
            tailLost |= GetOvertaken(peer) == conn;
        }
    }
    for (const Ptr<FrameSocket>& conn : gone)
    {
        LoseCarrier(conn);
        Forget(conn);
    }
    return tailLost;
}

void
StaticTransport::ProbeFailed()
{
    if (m_probing == NO_INTERFACE)
    {
        return;
    }
    NS_LOG_INFO("node " << m_node->GetId() << ": no connection by interface " << m_probing);
    m_failedAt[m_probing] = Simulator::Now();
    AbandonProbe();
    ChooseInterface();
}

void
StaticTransport::AbandonProbe()
{
    m_probeTimeout.Cancel();
    m_probing = NO_INTERFACE;
    std::map<uint64_t, Ptr<FrameSocket>> joining;
    joining.swap(m_joining);
    for (const auto& [peer, conn] : joining)
    {
        Forget(conn);
    }
}

void
StaticTransport::KeepStandby(uint64_t peer)
{
    if (m_active == NO_INTERFACE || m_standby.count(peer) || !m_current.count(peer))
    {
        return;
    }
    uint32_t backup = GetBackup();
    if (backup == NO_INTERFACE)
    {
        return;
    }
    if (Ptr<FrameSocket> standby = Dial(peer, backup))
    {
        m_standby[peer] = standby;
    }
}

} // namespace ns3
