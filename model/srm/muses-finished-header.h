/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_FINISHED_HEADER_H
#define MUSES_FINISHED_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief Body of FINISHED (paper Fig. 3): the sender's first receive window. With in-band keys the
 * initiator's FINISHED carries its identity proof after it.
 *
 * Sealed as the payload of its MUSEs packet; 4 bytes, network byte order.
 */
class MusesFinishedHeader : public Header
{
  public:
    /// Size on the wire, in bytes.
    static const uint32_t SIZE = 4;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesFinishedHeader();

    /**
     * \brief A body with these values.
     * \param window receive window, in bytes
     */
    MusesFinishedHeader(uint32_t window);

    /// \return the receive window, in bytes
    uint32_t GetWindow() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint32_t m_window; //!< Receive window, in bytes
};

} // namespace ns3

#endif /* MUSES_FINISHED_HEADER_H */
