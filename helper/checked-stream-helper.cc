/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "checked-stream-helper.h"

#include "ns3/abort.h"
#include "ns3/application.h"
#include "ns3/string.h"

namespace ns3
{

CheckedStreamHelper::CheckedStreamHelper(const std::string& typeName,
                                         const std::string& protocol,
                                         const Address& address)
{
    NS_ABORT_MSG_IF(typeName != "ns3::CheckedStreamSource" && typeName != "ns3::CheckedStreamSink",
                    "CheckedStreamHelper: not a checked stream application: " << typeName);
    m_factory.SetTypeId(typeName);
    m_factory.Set("Protocol", StringValue(protocol));
    m_factory.Set(typeName == "ns3::CheckedStreamSource" ? "Remote" : "Local",
                  AddressValue(address));
}

void
CheckedStreamHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

ApplicationContainer
CheckedStreamHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Application> app = m_factory.Create<Application>();
        (*it)->AddApplication(app);
        apps.Add(app);
    }
    return apps;
}

} // namespace ns3
