/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-helper.h"

#include "ns3/muses-identifier.h"
#include "ns3/muses-l4-protocol.h"
#include "ns3/muses-session.h"
#include "ns3/simulator.h"
#include "ns3/static-transport.h"
#include "ns3/uinteger.h"

namespace ns3
{

MusesHelper::MusesHelper()
    : m_table(CreateObject<MusesNameTable>()),
      m_inBand(false),
      m_identityRng(CreateObject<UniformRandomVariable>())
{
    m_sessionFactory.SetTypeId(MusesSession::GetTypeId());
    m_transportFactory.SetTypeId(StaticTransport::GetTypeId());
    // A fixed key keeps runs reproducible; scenarios about keys set their own.
    std::string demo = "MUSEs ns-3 demonstration key 32B";
    m_key.assign(demo.begin(), demo.end());
}

void
MusesHelper::SetSessionAttribute(const std::string& name, const AttributeValue& value)
{
    m_sessionFactory.Set(name, value);
}

void
MusesHelper::SetTransport(const std::string& type)
{
    m_transportFactory.SetTypeId(type);
}

void
MusesHelper::SetTransportAttribute(const std::string& name, const AttributeValue& value)
{
    m_transportFactory.Set(name, value);
}

void
MusesHelper::SetInBandKeys(bool enable)
{
    m_inBand = enable;
}

void
MusesHelper::SetPreSharedKey(const std::vector<uint8_t>& key)
{
    NS_ABORT_MSG_IF(key.empty(), "MusesHelper: empty pre-shared key");
    m_key = key;
}

void
MusesHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it, (*it)->GetId() + 1);
    }
}

void
MusesHelper::Install(Ptr<Node> node, uint64_t name) const
{
    NS_ABORT_MSG_IF(name == MusesAddress::ANY_NAME, "MusesHelper: name 0 is reserved");
    NS_ABORT_MSG_IF(node->GetObject<MusesL4Protocol>(),
                    "MusesHelper: node " << node->GetId() << " already has MUSEs");
    Ptr<MusesL4Protocol> l4 = CreateObject<MusesL4Protocol>();
    l4->SetAttribute("Name", UintegerValue(name));
    l4->SetPreSharedKey(m_key);
    if (m_inBand)
    {
        Ptr<MusesIdentity> identity = node->GetObject<MusesIdentity>();
        if (!identity)
        {
            identity = CreateObject<MusesIdentity>();
            identity->Generate(m_identityRng);
            node->AggregateObject(identity);
        }
        l4->SetIdentity(identity);
    }
    l4->SetSessionFactory(m_sessionFactory);
    Ptr<MusesTransport> transport = m_transportFactory.Create<MusesTransport>();
    Ptr<StaticTransport> table = DynamicCast<StaticTransport>(transport);
    if (table)
    {
        table->SetNameTable(m_table);
    }
    l4->SetTransport(transport);
    node->AggregateObject(l4);
    Simulator::ScheduleWithContext(node->GetId(), Seconds(0), &MusesL4Protocol::Start, l4);
}

Ptr<MusesNameTable>
MusesHelper::GetNameTable() const
{
    return m_table;
}

uint64_t
MusesHelper::GetName(Ptr<Node> node)
{
    Ptr<MusesL4Protocol> l4 = node->GetObject<MusesL4Protocol>();
    NS_ABORT_MSG_IF(!l4, "MusesHelper: node " << node->GetId() << " has no MUSEs");
    return l4->GetName();
}

MusesAddress
MusesHelper::GetAddress(Ptr<Node> node, uint16_t port)
{
    return MusesAddress(GetName(node), port);
}

Ipv4Address
MusesHelper::GetIdentifier(uint64_t name)
{
    return MusesIdentifier::Get(name);
}

Ipv4Address
MusesHelper::GetIdentifier(Ptr<Node> node)
{
    return MusesIdentifier::Get(GetName(node));
}

InetSocketAddress
MusesHelper::GetInetAddress(Ptr<Node> node, uint16_t port)
{
    return InetSocketAddress(GetIdentifier(node), port);
}

int64_t
MusesHelper::AssignStreams(NodeContainer nodes, int64_t stream) const
{
    int64_t used = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<MusesL4Protocol> l4 = (*it)->GetObject<MusesL4Protocol>();
        if (l4)
        {
            used += l4->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace ns3
