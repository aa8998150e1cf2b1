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
    m_txTrace(packet, peer);
    DoSend(packet, peer);
}

void
MusesTransport::Deliver(Ptr<Packet> packet, uint64_t peer)
{
    m_rxTrace(packet, peer);
    if (!m_receive.IsNull())
    {
        m_receive(packet, peer);
    }
}

void
MusesTransport::PeerAuthenticated(uint64_t /* peer */)
{
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
MusesTransport::DoDispose()
{
    m_receive = MakeNullCallback<void, Ptr<Packet>, uint64_t>();
    m_pathChange = MakeNullCallback<void>();
    Object::DoDispose();
}

} // namespace ns3
