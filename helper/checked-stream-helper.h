/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CHECKED_STREAM_HELPER_H
#define CHECKED_STREAM_HELPER_H

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Installs CheckedStreamSource or CheckedStreamSink applications, in the manner of
 *        BulkSendHelper and PacketSinkHelper.
 */
class CheckedStreamHelper
{
  public:
    /**
     * \param typeName "ns3::CheckedStreamSource" or "ns3::CheckedStreamSink"
     * \param protocol the socket factory, e.g. "ns3::MusesSocketFactory"
     * \param address the source's Remote, or the sink's Local
     */
    CheckedStreamHelper(const std::string& typeName,
                        const std::string& protocol,
                        const Address& address);

    /// \param name attribute name \param value its value
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /// \param nodes where to install \return one application per node
    ApplicationContainer Install(NodeContainer nodes) const;

  private:
    ObjectFactory m_factory; //!< Makes the applications
};

} // namespace ns3

#endif /* CHECKED_STREAM_HELPER_H */
