/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-socket-factory.h"

#include "muses-l4-protocol.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(MusesSocketFactory);

TypeId
MusesSocketFactory::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::MusesSocketFactory").SetParent<SocketFactory>().SetGroupName("Muses");
    return tid;
}

void
MusesSocketFactory::SetL4(Ptr<MusesL4Protocol> l4)
{
    m_l4 = l4;
}

Ptr<Socket>
MusesSocketFactory::CreateSocket()
{
    return m_l4->CreateSocket();
}

void
MusesSocketFactory::DoDispose()
{
    m_l4 = nullptr;
    SocketFactory::DoDispose();
}

} // namespace ns3
