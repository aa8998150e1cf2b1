/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-transport.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MusesTransport);

TypeId
MusesTransport::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MusesTransport")
            .SetParent<Object>()
            .SetGroupName("Muses")
            .AddTraceSource("Tx",
                            "A sealed MUSEs packet handed to the transport, and its peer.",
                            MakeTraceSourceAccessor(&MusesTransport::m_txTrace),
                            "ns3::MusesTransport::PacketPeerTracedCallback")
            .AddTraceSource("Rx",
                            "A sealed MUSEs packet received, and the peer that sent it.",
                            MakeTraceSourceAccessor(&MusesTransport::m_rxTrace),
                            "ns3::MusesTransport::PacketPeerTracedCallback");
    return tid;
}

void
MusesTransport::Send(Ptr<Packet> packet, uint64_t peer)
{
    Transmit(packet, peer, false);
}

void
MusesTransport::SendUrgent(Ptr<Packet> packet, uint64_t peer)
{
    Transmit(packet, peer, true);
}

void
MusesTransport::Transmit(Ptr<Packet> packet, uint64_t peer, bool urgent)
{
    m_txTrace(packet, peer);
    if (peer != 0 && peer == m_delivering)
    {
        m_held.emplace_back(packet, urgent);
        m_heldBytes += packet->GetSize();
        return;
    }
    DoSend(packet, peer, urgent);
}

bool
MusesTransport::Deliver(Ptr<Packet> packet,
                        uint64_t peer,
                        const std::function<void()>& trusted,
                        const std::function<void(Ptr<Packet>, bool)>& reply,
                        const std::function<std::vector<uint8_t>()>& arrival)
{
    m_rxTrace(packet, peer);
    if (m_receive.IsNull())
    {
        return false;
    }
    NS_ASSERT_MSG(m_delivering == 0, "a delivery inside a delivery");
    m_delivering = peer;
    m_arrival = &arrival;
    bool authentic = m_receive(packet, peer);
    m_delivering = 0;
    m_arrival = nullptr;
    if (authentic && trusted)
    {
        trusted();
    }
    std::vector<std::pair<Ptr<Packet>, bool>> held;
    held.swap(m_held);
    m_heldBytes = 0;
    for (const auto& [answer, urgent] : held)
    {
        if (!authentic && reply)
        {
            reply(answer, urgent);
        }
        else
        {
            DoSend(answer, peer, urgent);
        }
    }
    if (!held.empty())
    {
        // GetTxAvailable() counted them while they were held: a session it held back then
        // asks again now (they may have gone straight into TCP, and no queue will shrink).
        NotifyRoom(peer);
    }
    return authentic;
}

std::vector<uint8_t>
MusesTransport::GetArrival() const
{
    return m_arrival && *m_arrival ? (*m_arrival)() : std::vector<uint8_t>();
}

bool
MusesTransport::HasLeft(uint64_t peer, Ptr<const Packet> packet) const
{
    auto it = m_carriers.find(peer);
    return it != m_carriers.end() && it->second->HasLeft(packet);
}

void
MusesTransport::NoteCarrier(uint64_t peer, Ptr<FrameSocket> link)
{
    if (link)
    {
        m_carriers[peer] = link;
    }
}

void
MusesTransport::LoseCarrier(Ptr<FrameSocket> link)
{
    for (auto it = m_carriers.begin(); it != m_carriers.end();)
    {
        it = it->second == link ? m_carriers.erase(it) : std::next(it);
    }
}

Time
MusesTransport::GetLastProgress(uint64_t /* peer */, Ptr<const Packet> /* newest */) const
{
    return Seconds(-1);
}

Time
MusesTransport::GetRetryDeadline(uint64_t /* peer */,
                                 uint32_t /* retries */,
                                 Time /* since */) const
{
    return Seconds(-1);
}

uint32_t
MusesTransport::GetTxAvailable(uint64_t /* peer */) const
{
    return UINT32_MAX;
}

bool
MusesTransport::IsReordering(uint64_t /* peer */) const
{
    return false;
}

uint32_t
MusesTransport::GetHeld(uint64_t peer, uint64_t& bytes) const
{
    if (peer == 0 || peer != m_delivering)
    {
        bytes = 0;
        return 0;
    }
    bytes = m_heldBytes;
    return m_held.size();
}

void
MusesTransport::NotifyPathChange()
{
    if (!m_pathChange.IsNull())
    {
        m_pathChange();
    }
}

void
MusesTransport::NotifyPeerMoved(uint64_t peer)
{
    if (!m_peerMoved.IsNull())
    {
        m_peerMoved(peer);
    }
}

void
MusesTransport::SetPeerMovedCallback(Callback<void, uint64_t> callback)
{
    m_peerMoved = callback;
}

void
MusesTransport::NotifyRerouted(uint64_t peer)
{
    if (!m_rerouted.IsNull())
    {
        m_rerouted(peer);
    }
}

void
MusesTransport::SetReroutedCallback(Callback<void, uint64_t> callback)
{
    m_rerouted = callback;
}

void
MusesTransport::SetReceiveCallback(ReceiveCallback callback)
{
    m_receive = callback;
}

void
MusesTransport::SetPathChangeCallback(Callback<void> callback)
{
    m_pathChange = callback;
}

void
MusesTransport::SetRoomCallback(Callback<void, uint64_t> callback)
{
    m_room = callback;
}

void
MusesTransport::NotifyRoom(uint64_t peer)
{
    if (!m_room.IsNull())
    {
        m_room(peer);
    }
}

void
MusesTransport::DoDispose()
{
    m_receive = MakeNullCallback<bool, Ptr<Packet>, uint64_t>();
    m_held.clear();
    m_heldBytes = 0;
    m_carriers.clear();
    m_pathChange = MakeNullCallback<void>();
    m_peerMoved = MakeNullCallback<void, uint64_t>();
    m_room = MakeNullCallback<void, uint64_t>();
    m_rerouted = MakeNullCallback<void, uint64_t>();
    Object::DoDispose();
}

} // namespace ns3
