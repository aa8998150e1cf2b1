/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_RESUME_HEADER_H
#define MUSES_RESUME_HEADER_H

#include "ns3/header.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief Body of REHELLO and REHELLO_REPLY (paper §II.C.2a): the last DATA SeqNBR this end sent,
 * the last it received in order, and its receive window; the peer resends from the second.
 *
 * Sealed as the payload of its MUSEs packet; 20 bytes, network byte order.
 */
class MusesResumeHeader : public Header
{
  public:
    /// Size on the wire, in bytes.
    static const uint32_t SIZE = 20;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesResumeHeader();

    /**
     * \brief A body with these values.
     * \param lastSent last DATA SeqNBR sent
     * \param lastReceived last DATA SeqNBR received in order
     * \param window receive window, in bytes
     */
    MusesResumeHeader(uint64_t lastSent, uint64_t lastReceived, uint32_t window);

    /// \return the last DATA SeqNBR sent
    uint64_t GetLastSent() const;
    /// \return the last DATA SeqNBR received in order
    uint64_t GetLastReceived() const;
    /// \return the receive window, in bytes
    uint32_t GetWindow() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

  private:
    uint64_t m_lastSent;     //!< Last DATA SeqNBR sent
    uint64_t m_lastReceived; //!< Last DATA SeqNBR received in order
    uint32_t m_window;       //!< Receive window, in bytes
};

} // namespace ns3

#endif /* MUSES_RESUME_HEADER_H */
