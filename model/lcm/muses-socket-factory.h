/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_SOCKET_FACTORY_H
#define MUSES_SOCKET_FACTORY_H

#include "ns3/socket-factory.h"

namespace ns3
{

class MusesL4Protocol;

/**
 * \ingroup muses
 * \brief Creates MusesSockets; aggregated to every node with a MusesL4Protocol.
 *
 * Set an application's "Protocol" attribute to ns3::MusesSocketFactory (and its addresses
 * to MusesAddress) and it runs over MUSEs unchanged.
 */
class MusesSocketFactory : public SocketFactory
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /// \param l4 the node's MUSEs protocol
    void SetL4(Ptr<MusesL4Protocol> l4);

    Ptr<Socket> CreateSocket() override;

  protected:
    void DoDispose() override;

  private:
    Ptr<MusesL4Protocol> m_l4; //!< The node's MUSEs protocol
};

} // namespace ns3

#endif /* MUSES_SOCKET_FACTORY_H */
