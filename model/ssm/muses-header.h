/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_HEADER_H
#define MUSES_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A MUSEs session identifier, SessID = pSessID-a . pSessID-b (paper Fig. 3).
 *
 * Each half is the partial session ID chosen by one peer during the handshake: the
 * initiator's (Alice's, sent in HELLO) and the responder's (Bob's, sent in HELLO_REPLY).
 */
struct MusesSessionId
{
    uint64_t initiatorPart{0}; //!< pSessID-a
    uint64_t responderPart{0}; //!< pSessID-b

    /** \return true when both halves are equal */
    bool operator==(const MusesSessionId& o) const
    {
        return initiatorPart == o.initiatorPart && responderPart == o.responderPart;
    }

    /** \return true when a half differs */
    bool operator!=(const MusesSessionId& o) const
    {
        return !(*this == o);
    }
};

/**
 * \ingroup muses
 * \brief The MUSEs header: every persistent field of a MUSEs packet (paper §II.C.1).
 *
 * All of it is authenticated (it is the associated data of the packet's ICV); only the
 * CLOAK routing header in front of it is rewritten on the way. Layout (network byte
 * order, 50 bytes):
 *
 * \verbatim
    0      1      2      3      4                       12                      20
   +------+------+------+------+-----------------------+-----------------------+
   | ver  | type | flags|ConTYP|        SrcID          |        DstID          |
   +------+------+------+------+-----------------------+-----------------------+
   20                                              36      38      40
   +-----------------------+-----------------------+-------+-------+
   |     SessID: pSessID-a |     SessID: pSessID-b |SrcPort|DstPort|
   +-----------------------+-----------------------+-------+-------+
   40                      48      50
   +-----------------------+-------+---------------------------------------+
   |        SeqNBR         |length | ciphertext | ICV   (length bytes)     |
   +-----------------------+-------+---------------------------------------+
   \endverbatim
 *
 * SeqNBR is carried in full 64 bits so that it never wraps in a run. The length field
 * counts the bytes that follow the header (ciphertext and ICV); a receiver uses it to
 * reject truncated and padded packets. Deserialize() returns 0, and reads nothing
 * beyond the buffer, when the bytes are short or inconsistent (unknown version, type,
 * flags or connection type).
 */
class MusesHeader : public Header
{
  public:
    /// The protocol version this header encodes.
    static constexpr uint8_t VERSION = 1;
    /// Serialized size of the header, in bytes.
    static constexpr uint32_t SIZE = 50;

    /// Message types (paper Fig. 3 and Algorithm 1).
    enum MessageType : uint8_t
    {
        HELLO = 1,     //!< Handshake: Alice's partial session ID.
        HELLO_REPLY,   //!< Handshake: Bob's partial session ID.
        FINISHED,      //!< Handshake: end of the handshake, both ways.
        DATA,          //!< Application data.
        ACK,           //!< Cumulative acknowledgement (Algorithm 1).
        REHELLO,       //!< Resumption request after an interruption.
        REHELLO_REPLY, //!< Resumption answer: the session resumes.
        CLOSE,         //!< Graceful close.
        COOKIE,        //!< Handshake under load: the responder's cookie for a HELLO, not
                       //!< sealed (the responder keeps nothing); HELLO brings it back.
    };

    /// Flag bits.
    enum Flag : uint8_t
    {
        FLAG_LAST = 0x01, //!< Last packet of a burst: the receiver acknowledges at once.
    };

    /// Connection type (ConTYPE) of the application the session carries.
    enum ConType : uint8_t
    {
        CONTYPE_STREAM = 0,   //!< Byte stream (TCP-like sockets).
        CONTYPE_DATAGRAM = 1, //!< Datagrams (UDP-like sockets).
    };

    MusesHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

    /**
     * \brief Write the SIZE bytes of the header to plain memory (what Serialize() writes).
     * \param bytes SIZE bytes
     */
    void WriteTo(uint8_t* bytes) const;

    /**
     * \brief Read the header from plain memory, checking it as Deserialize() does.
     * \param bytes the first bytes of a packet
     * \param size how many there are (fewer than SIZE fails)
     * \return SIZE, or 0 if the bytes are short or inconsistent (the header is then unchanged)
     */
    uint32_t ReadFrom(const uint8_t* bytes, uint32_t size);

    /**
     * \param type a message type
     * \return its name, e.g. "DATA", or "UNKNOWN"
     */
    static const char* MessageTypeName(uint8_t type);

    /** \param type the message type */
    void SetType(MessageType type);
    /** \return the message type */
    MessageType GetType() const;
    /** \param flags the flag bits (Flag values or'ed) */
    void SetFlags(uint8_t flags);
    /** \return the flag bits */
    uint8_t GetFlags() const;
    /** \return true if FLAG_LAST is set */
    bool IsLast() const;
    /** \param conType the connection type */
    void SetConType(ConType conType);
    /** \return the connection type */
    ConType GetConType() const;
    /** \param id the sender's permanent name (SrcID) */
    void SetSourceId(uint64_t id);
    /** \return the sender's permanent name */
    uint64_t GetSourceId() const;
    /** \param id the receiver's permanent name (DstID) */
    void SetDestinationId(uint64_t id);
    /** \return the receiver's permanent name */
    uint64_t GetDestinationId() const;
    /** \param id the session identifier */
    void SetSessionId(const MusesSessionId& id);
    /** \return the session identifier */
    MusesSessionId GetSessionId() const;
    /** \param port the sending application's port */
    void SetSourcePort(uint16_t port);
    /** \return the sending application's port */
    uint16_t GetSourcePort() const;
    /** \param port the receiving application's port */
    void SetDestinationPort(uint16_t port);
    /** \return the receiving application's port */
    uint16_t GetDestinationPort() const;
    /** \param seq the sequence number (SeqNBR) */
    void SetSeq(uint64_t seq);
    /** \return the sequence number */
    uint64_t GetSeq() const;
    /** \param length bytes that follow the header (ciphertext and ICV) */
    void SetLength(uint16_t length);
    /** \return bytes that follow the header */
    uint16_t GetLength() const;

  private:
    uint8_t m_type;          //!< MessageType
    uint8_t m_flags;         //!< Flag bits
    uint8_t m_conType;       //!< ConType
    uint64_t m_sourceId;     //!< SrcID
    uint64_t m_destId;       //!< DstID
    MusesSessionId m_sessId; //!< SessID
    uint16_t m_sourcePort;   //!< SrcPort
    uint16_t m_destPort;     //!< DstPort
    uint64_t m_seq;          //!< SeqNBR
    uint16_t m_length;       //!< Bytes after the header
};

// The accessors are inline: the SSM reads and writes header fields for every packet.

inline void
MusesHeader::SetType(MessageType type)
{
    m_type = type;
}

inline MusesHeader::MessageType
MusesHeader::GetType() const
{
    return static_cast<MessageType>(m_type);
}

inline uint8_t
MusesHeader::GetFlags() const
{
    return m_flags;
}

inline bool
MusesHeader::IsLast() const
{
    return m_flags & FLAG_LAST;
}

inline void
MusesHeader::SetConType(ConType conType)
{
    m_conType = conType;
}

inline MusesHeader::ConType
MusesHeader::GetConType() const
{
    return static_cast<ConType>(m_conType);
}

inline void
MusesHeader::SetSourceId(uint64_t id)
{
    m_sourceId = id;
}

inline uint64_t
MusesHeader::GetSourceId() const
{
    return m_sourceId;
}

inline void
MusesHeader::SetDestinationId(uint64_t id)
{
    m_destId = id;
}

inline uint64_t
MusesHeader::GetDestinationId() const
{
    return m_destId;
}

inline void
MusesHeader::SetSessionId(const MusesSessionId& id)
{
    m_sessId = id;
}

inline MusesSessionId
MusesHeader::GetSessionId() const
{
    return m_sessId;
}

inline void
MusesHeader::SetSourcePort(uint16_t port)
{
    m_sourcePort = port;
}

inline uint16_t
MusesHeader::GetSourcePort() const
{
    return m_sourcePort;
}

inline void
MusesHeader::SetDestinationPort(uint16_t port)
{
    m_destPort = port;
}

inline uint16_t
MusesHeader::GetDestinationPort() const
{
    return m_destPort;
}

inline void
MusesHeader::SetSeq(uint64_t seq)
{
    m_seq = seq;
}

inline uint64_t
MusesHeader::GetSeq() const
{
    return m_seq;
}

inline void
MusesHeader::SetLength(uint16_t length)
{
    m_length = length;
}

inline uint16_t
MusesHeader::GetLength() const
{
    return m_length;
}

} // namespace ns3

#endif /* MUSES_HEADER_H */
