/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_HELPER_H
#define MUSES_HELPER_H

#include "ns3/attribute.h"
#include "ns3/inet-socket-address.h"
#include "ns3/muses-address.h"
#include "ns3/muses-name-table.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Installs MUSEs on nodes: MusesL4Protocol, MusesSocketFactory and a transport.
 *
 * Each node gets a permanent name (by default its node id + 1), the pre-shared key, and a
 * StaticTransport sharing one MusesNameTable (the paper's setup, §II.E). Nodes need an
 * Internet stack first. Then applications use MusesSocketFactory and address peers by the
 * IPv4 identifier of their name (GetInetAddress), or by MusesAddress (name, port):
 *
 * \code
 *   MusesHelper muses;
 *   muses.SetSessionAttribute("AckTimeout", TimeValue(Seconds(0.5)));
 *   muses.Install(nodes);
 *   PacketSinkHelper sink("ns3::MusesSocketFactory",
 *                         InetSocketAddress(Ipv4Address::GetAny(), 9));
 *   BulkSendHelper bulk("ns3::MusesSocketFactory", MusesHelper::GetInetAddress(bob, 9));
 * \endcode
 */
class MusesHelper
{
  public:
    MusesHelper();

    /// \param name attribute of ns3::MusesSession \param value its value
    void SetSessionAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Choose the transport below MUSEs.
     * \param type "ns3::StaticTransport" (the default: a name table and direct TCP) or
     *        "ns3::CloakTransport" (the CLOAK overlay; install it first with CloakHelper)
     */
    void SetTransport(const std::string& type);

    /// \param name attribute of the transport \param value its value
    void SetTransportAttribute(const std::string& name, const AttributeValue& value);

    /// \param key the pre-shared key every installed node uses with every peer
    void SetPreSharedKey(const std::vector<uint8_t>& key);

    /**
     * \brief In-band keys (paper §II.D, §V): each node gets an Ed25519 identity (the one
     *        aggregated to the node, or a new one), its name becomes the identity's, and
     *        sessions exchange signed X25519 shares. Install MUSEs before CLOAK
     *        (CloakHelper gives a peer the identity aggregated to its node).
     * \param enable true for in-band keys, false (default) for pre-shared keys only
     */
    void SetInBandKeys(bool enable);

    /// \param nodes nodes to install MUSEs on, named node id + 1
    void Install(NodeContainer nodes) const;

    /// \param node a node \param name its permanent name (not 0)
    void Install(Ptr<Node> node, uint64_t name) const;

    /// \return the name table shared by the nodes this helper installed
    Ptr<MusesNameTable> GetNameTable() const;

    /// \param node a node with MUSEs \return its name
    static uint64_t GetName(Ptr<Node> node);

    /// \param node a node with MUSEs \param port a port \return the node's MUSEs address
    static MusesAddress GetAddress(Ptr<Node> node, uint16_t port);

    /// \param name a peer name \return its IPv4 identifier (MusesIdentifier)
    static Ipv4Address GetIdentifier(uint64_t name);

    /// \param node a node with MUSEs \return the IPv4 identifier of its name
    static Ipv4Address GetIdentifier(Ptr<Node> node);

    /**
     * \param node a node with MUSEs
     * \param port a port
     * \return InetSocketAddress(GetIdentifier(node), port): the node's address for
     *         applications written for IP (BulkSend, OnOff, PacketSink, ...)
     */
    static InetSocketAddress GetInetAddress(Ptr<Node> node, uint16_t port);

    /**
     * \brief Fix the random streams of the nodes' MUSEs.
     * \param nodes the nodes
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream) const;

  private:
    ObjectFactory m_sessionFactory;           //!< Session attributes
    ObjectFactory m_transportFactory;         //!< Transport attributes
    std::vector<uint8_t> m_key;               //!< Pre-shared key
    Ptr<MusesNameTable> m_table;              //!< Shared name table
    bool m_inBand;                            //!< Identities and signed key shares
    Ptr<UniformRandomVariable> m_identityRng; //!< Draws identities
};

} // namespace ns3

#endif /* MUSES_HELPER_H */
