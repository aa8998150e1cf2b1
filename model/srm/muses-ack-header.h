/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_ACK_HEADER_H
#define MUSES_ACK_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief Body of an ACK (paper §II.C.2): the highest DATA SeqNBR received in order, the receive
 * window, and whether the receiver saw a hole (a DATA beyond the one it expects: the sender
 * resends from ack + 1).
 *
 * Sealed as the payload of its MUSEs packet; 13 bytes, network byte order.
 */
class MusesAckHeader : public Header
{
  public:
    /// Size on the wire, in bytes.
    static const uint32_t SIZE = 13;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesAckHeader();

    /**
     * \brief A body with these values.
     * \param ack highest DATA SeqNBR received in order
     * \param window receive window, in bytes
     * \param gap true: a DATA beyond the expected one arrived
     */
    MusesAckHeader(uint64_t ack, uint32_t window, bool gap);

    /// \return the highest DATA SeqNBR received in order
    uint64_t GetAck() const;
    /// \return the receive window, in bytes
    uint32_t GetWindow() const;
    /// \return true if a DATA beyond the expected one arrived
    bool IsGap() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint64_t m_ack;    //!< Highest DATA SeqNBR received in order
    uint32_t m_window; //!< Receive window, in bytes
    bool m_gap;        //!< True: a DATA beyond the expected one arrived
};

} // namespace ns3

#endif /* MUSES_ACK_HEADER_H */
