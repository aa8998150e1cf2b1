/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_HEADER_H
#define CLOAK_HEADER_H

#include "hyperbolic-address.h"

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The CLOAK routing header (paper §II.B, §II.C.1): in front of every overlay packet,
 *        rewritten hop by hop (the TTL), never authenticated.
 *
 * Layout (network byte order): version (1), type (1), flags (1), TTL (1), source name (8),
 * destination name (8), source address (a HyperbolicAddress wire form: degree, depth,
 * slots), then the destination: a HyperbolicAddress, or, with FLAG_KEY_DESTINATION, the
 * replica number (1) of the destination name's DHT key point; then the payload length (2).
 * Deserialize() trusts nothing: it returns 0 for short or inconsistent bytes (unknown
 * version, type or flags, an invalid address).
 */
class CloakHeader : public Header
{
  public:
    /// The protocol version this header encodes.
    static constexpr uint8_t VERSION = 1;

    /// Message types.
    enum MessageType : uint8_t
    {
        DATA = 1,      //!< A payload for the destination's CLOAK socket (MUSEs packets)
        JOIN,          //!< A new peer asks for an address
        JOIN_ACCEPT,   //!< The answer: an address (a free child slot)
        JOIN_REDIRECT, //!< The answer: ask another peer
        KEEPALIVE,     //!< Between neighbours
        LEAVE,         //!< A peer leaves
        DHT_PUT,       //!< Store a record at the key point of a name
        DHT_GET,       //!< Fetch a record
        DHT_REPLY,     //!< The fetched record
    };

    /// Flag bits.
    enum Flag : uint8_t
    {
        FLAG_KEY_DESTINATION = 0x01, //!< The destination is a DHT key point, not an address
        FLAG_URGENT = 0x02,          //!< A control message: links queue it ahead of data
    };

    CloakHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param type the message type
    void SetType(MessageType type);
    /// \return the message type
    MessageType GetType() const;
    /// \param ttl hops left
    void SetTtl(uint8_t ttl);
    /// \return hops left
    uint8_t GetTtl() const;
    /// \return false, changing nothing, when the TTL is already 0 (drop the packet)
    bool DecrementTtl();
    /// \param name the source peer's name
    void SetSourceName(uint64_t name);
    /// \return the source peer's name
    uint64_t GetSourceName() const;
    /// \param name the destination peer's name
    void SetDestinationName(uint64_t name);
    /// \return the destination peer's name
    uint64_t GetDestinationName() const;
    /// \param address the source's tree address
    void SetSourceAddress(const HyperbolicAddress& address);
    /// \return the source's tree address
    const HyperbolicAddress& GetSourceAddress() const;
    /// \param address the destination's tree address (clears the key flag)
    void SetDestinationAddress(const HyperbolicAddress& address);
    /// \return the destination's tree address (meaningless with the key flag)
    const HyperbolicAddress& GetDestinationAddress() const;
    /// \param replica route to this replica of the destination name's key point
    void SetDestinationKey(uint8_t replica);
    /// \param urgent true for a control message carried as DATA (a MUSEs ACK, say): every
    ///        link on the way queues it ahead of ordinary data
    void SetUrgent(bool urgent);
    /// \return true if it is marked urgent
    bool IsUrgent() const;
    /// \return true if the destination is a DHT key point
    bool IsKeyDestination() const;
    /// \return the key point's replica number
    uint8_t GetReplica() const;
    /// \param length payload bytes that follow
    void SetPayloadLength(uint16_t length);
    /// \return payload bytes that follow
    uint16_t GetPayloadLength() const;

    /// \param type a type \return its name
    static const char* MessageTypeName(uint8_t type);

  private:
    uint8_t m_type;                  //!< Message type
    uint8_t m_flags;                 //!< Flags
    uint8_t m_ttl;                   //!< Hops left
    uint64_t m_sourceName;           //!< Source peer
    uint64_t m_destinationName;      //!< Destination peer
    HyperbolicAddress m_source;      //!< Source tree address
    HyperbolicAddress m_destination; //!< Destination tree address
    uint8_t m_replica;               //!< Key point replica
    uint16_t m_payloadLength;        //!< Bytes that follow
};

} // namespace ns3

#endif /* CLOAK_HEADER_H */
