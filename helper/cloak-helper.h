/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_HELPER_H
#define CLOAK_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/cloak-node.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Installs a CLOAK overlay (CloakNode applications) on nodes with IPv4.
 *
 * Install(NodeContainer) builds a whole overlay: the first node is the root; every other
 * node knows the root and up to ContactCount random nodes installed before it, and starts
 * JoinSpacing after the previous one, so that its contacts have joined. A peer joins through
 * the first contact that accepts, trying the root first: full peers redirect down the tree,
 * which keeps it shallow. Extra links go to random contacts. Peers are named node id + 1, as
 * MusesHelper names them.
 *
 * Under ns-3's distributed simulator, both Install()s install on the nodes of this process's
 * rank (Node::GetSystemId() == Simulator::GetSystemId()) only; Install(NodeContainer) gives
 * them the contacts and start times a single process would.
 */
class CloakHelper
{
  public:
    CloakHelper();

    /**
     * \brief Set an attribute of every peer installed from now on.
     * \param name an attribute of ns3::CloakNode, or of its ns3::CloakDht (Replicas,
     *        KeyRadius, RequireSignedRecords, RecordLifetime, RefreshInterval, LookupTimeout)
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /// \param count contacts each peer gets besides the root (default 8)
    void SetContactCount(uint32_t count);

    /**
     * \param shallow true (default): contacts are tried root first, then the oldest, so a
     *        new peer hangs as high in the tree as there is room; false: in random order
     *        (a random-join tree, deeper; for comparison)
     */
    void SetShallowJoin(bool shallow);

    /// \param spacing start time between consecutive peers of Install() (default 10 ms)
    void SetJoinSpacing(Time spacing);

    /**
     * \brief Install an overlay on the nodes, the first one its root.
     * \param nodes the nodes (each with an IPv4 address)
     * \return the CloakNode applications, in the nodes' order (of this rank's nodes)
     */
    ApplicationContainer Install(NodeContainer nodes);

    /**
     * \brief Install one more peer, joining an existing overlay.
     * \param node the node
     * \param contacts underlay addresses of peers it knows
     * \return the application; empty if another rank runs the node (distributed simulator)
     */
    ApplicationContainer Install(Ptr<Node> node, const std::vector<Address>& contacts) const;

    /// \param ipv6 the overlay's links are IPv6: Install(nodes) gives each peer's first global
    ///        IPv6 address as a contact, and the peers the CloakNode attribute Ipv6
    void SetIpv6(bool ipv6);

    /// \param node a node \return its first non-loopback IPv4 address (what contacts hold)
    static Ipv4Address GetUnderlayAddress(Ptr<Node> node);
    /// \param node a node \return its first global IPv6 address (contacts with SetIpv6)
    static Ipv6Address GetUnderlayAddress6(Ptr<Node> node);

    /// \param node a node with a CloakNode \return it (null if none)
    static Ptr<CloakNode> GetCloakNode(Ptr<Node> node);

    /**
     * \brief Fix the random streams of the helper's choices and of the peers.
     * \param nodes nodes with CloakNode applications (the k-th node's peer gets stream
     *        stream + 1 + k, whichever rank holds it)
     * \param stream first stream index
     * \return streams used
     */
    int64_t AssignStreams(NodeContainer nodes, int64_t stream);

  private:
    ObjectFactory m_factory; //!< CloakNode attributes
    /// CloakDht attributes, in the order set
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_dhtAttributes;
    uint32_t m_contactCount;             //!< Contacts per peer
    Time m_joinSpacing;                  //!< Start time between peers
    bool m_shallow;                      //!< Root and oldest contacts first
    bool m_ipv6;                         //!< Contacts are IPv6 addresses
    Ptr<UniformRandomVariable> m_random; //!< Contact choices
};

} // namespace ns3

#endif /* CLOAK_HELPER_H */
