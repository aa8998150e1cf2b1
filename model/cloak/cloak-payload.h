/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_PAYLOAD_H
#define CLOAK_PAYLOAD_H

#include "cloak-record.h"
#include "hyperbolic-address.h"

#include "ns3/buffer.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief Builds the body of a CLOAK message (after its CloakHeader), big-endian, in one
 *        ns-3 Buffer: integers, tree addresses and DHT records.
 */
class CloakPayloadWriter
{
  public:
    /// \param value a value \param size its bytes on the wire
    void Integer(uint64_t value, uint32_t size);
    /// \param address a tree address
    void Address(const HyperbolicAddress& address);
    /// \param record a DHT record
    void Record(const CloakRecord& record);
    /// \return the body
    Ptr<Packet> ToPacket() const;

  private:
    /// \param size bytes to add \return where to write them
    Buffer::Iterator Grow(uint32_t size);

    Buffer m_buffer; //!< Written so far
};

/**
 * \ingroup muses
 * \brief Reads the body of a CLOAK message without trusting it: a read past the end, or of
 *        an invalid address or record, fails, and every read fails once one has failed.
 */
class CloakPayloadReader
{
  public:
    /// \param payload the body (copied into a Buffer, which the address and record readers
    ///        take)
    explicit CloakPayloadReader(Ptr<const Packet> payload);
    /// \param size bytes \return the value (0 once failed)
    uint64_t Integer(uint32_t size);
    /// \param address receives a tree address \return false on failure
    bool Address(HyperbolicAddress& address);
    /// \param record receives a DHT record \return false on failure
    bool Record(CloakRecord& record);
    /// \return true if every read succeeded and nothing is left over
    bool Done() const;

  private:
    /// Read a T with its static Deserialize(iterator, available, T&) reader.
    /// \param value receives it \param read the reader \return false on failure
    template <typename T>
    bool Read(T& value, uint32_t (*read)(Buffer::Iterator&, uint32_t, T&));

    Buffer m_buffer;         //!< The body
    Buffer::Iterator m_next; //!< Next byte
    uint32_t m_left;         //!< Bytes not read yet
    bool m_ok;               //!< No read failed
};

} // namespace ns3

#endif /* CLOAK_PAYLOAD_H */
