/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-helper.h"

#include "network-event-helper.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <set>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CloakHelper");

CloakHelper::CloakHelper()
    : m_contactCount(8),
      m_joinSpacing(MilliSeconds(10)),
      m_shallow(true),
      m_ipv6(false)
{
    m_factory.SetTypeId(CloakNode::GetTypeId());
    m_random = CreateObject<UniformRandomVariable>();
}

void
CloakHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    TypeId::AttributeInformation info;
    if (CloakDht::GetTypeId().LookupAttributeByName(name, &info))
    {
        // Network-wide values: the same on every peer installed.
        m_dhtAttributes.emplace_back(name, value.Copy());
        return;
    }
    m_factory.Set(name, value);
}

void
CloakHelper::SetContactCount(uint32_t count)
{
    m_contactCount = count;
}

void
CloakHelper::SetShallowJoin(bool shallow)
{
    m_shallow = shallow;
}

void
CloakHelper::SetJoinSpacing(Time spacing)
{
    m_joinSpacing = spacing;
}

ApplicationContainer
CloakHelper::Install(NodeContainer nodes)
{
    ApplicationContainer apps;
    std::vector<Address> installed;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        // The root and up to m_contactCount random earlier peers, least deep (oldest)
        // first: joins go to the shallowest peer known and the tree stays low.
        std::vector<Address> contacts(installed.begin(), installed.begin() + (i > 0));
        std::set<uint32_t> chosen;
        uint32_t pool = installed.empty() ? 0 : installed.size() - 1;
        while (chosen.size() < std::min(m_contactCount, pool))
        {
            chosen.insert(m_random->GetInteger(1, pool));
        }
        for (uint32_t k : chosen)
        {
            contacts.push_back(installed[k]);
        }
        for (uint32_t k = 0; !m_shallow && k + 1 < contacts.size(); ++k)
        {
            std::swap(contacts[k], contacts[m_random->GetInteger(k, contacts.size() - 1)]);
        }
        ApplicationContainer app = Install(nodes.Get(i), contacts);
        if (i == 0 && app.GetN() == 1)
        {
            DynamicCast<CloakNode>(app.Get(0))->SetRoot();
        }
        app.Start(m_joinSpacing * i);
        apps.Add(app);
        installed.push_back(m_ipv6 ? Address(GetUnderlayAddress6(nodes.Get(i)))
                                   : Address(GetUnderlayAddress(nodes.Get(i))));
    }
    return apps;
}

ApplicationContainer
CloakHelper::Install(Ptr<Node> node, const std::vector<Address>& contacts) const
{
    if (node->GetSystemId() != Simulator::GetSystemId())
    {
        return ApplicationContainer(); // another rank runs it
    }
    Ptr<CloakNode> peer = m_factory.Create<CloakNode>();
    for (const auto& [attribute, value] : m_dhtAttributes)
    {
        peer->GetDht()->SetAttribute(attribute, *value);
    }
    UintegerValue name;
    peer->GetAttribute("Name", name);
    if (name.Get() == 0)
    {
        peer->SetName(node->GetId() + 1);
    }
    peer->SetContacts(contacts);
    Ptr<MusesIdentity> identity = node->GetObject<MusesIdentity>();
    if (identity)
    {
        peer->SetIdentity(identity); // MusesHelper's in-band keys: one name, one key
    }
    node->AddApplication(peer);
    return ApplicationContainer(peer);
}

Ipv4Address
CloakHelper::GetUnderlayAddress(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4, "CloakHelper: node " << node->GetId() << " has no IPv4");
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
    {
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
        {
            Ipv4Address local = ipv4->GetAddress(i, j).GetLocal();
            if (!local.IsLocalhost())
            {
                return local;
            }
        }
    }
    NS_ABORT_MSG("CloakHelper: node " << node->GetId() << " has no IPv4 address");
    return Ipv4Address();
}

void
CloakHelper::SetIpv6(bool ipv6)
{
    m_ipv6 = ipv6;
    m_factory.Set("Ipv6", BooleanValue(ipv6));
}

Ipv6Address
CloakHelper::GetUnderlayAddress6(Ptr<Node> node)
{
    Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
    NS_ABORT_MSG_IF(!ipv6, "CloakHelper: node " << node->GetId() << " has no IPv6");
    for (uint32_t i = 0; i < ipv6->GetNInterfaces(); ++i)
    {
        std::vector<Ipv6Address> global = NetworkEventHelper::GetGlobalAddresses(ipv6, i);
        if (!global.empty())
        {
            return global.front();
        }
    }
    NS_ABORT_MSG("CloakHelper: node " << node->GetId() << " has no global IPv6 address");
    return Ipv6Address();
}

Ptr<CloakNode>
CloakHelper::GetCloakNode(Ptr<Node> node)
{
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        Ptr<CloakNode> peer = DynamicCast<CloakNode>(node->GetApplication(i));
        if (peer)
        {
            return peer;
        }
    }
    return nullptr;
}

int64_t
CloakHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    m_random->SetStream(stream);
    for (uint32_t k = 0; k < nodes.GetN(); ++k)
    {
        // By position, not by count: a rank's peers draw what they would in one process.
        if (Ptr<CloakNode> peer = GetCloakNode(nodes.Get(k)))
        {
            peer->AssignStreams(stream + 1 + k);
        }
    }
    return 1 + nodes.GetN();
}

} // namespace ns3
