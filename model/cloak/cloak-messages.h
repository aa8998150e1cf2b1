/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CLOAK_MESSAGES_H
#define CLOAK_MESSAGES_H

#include "cloak-record.h"
#include "hyperbolic-address.h"

#include "ns3/header.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup muses
 * \file
 * The bodies of CLOAK's messages, after their CloakHeader, each an ns-3 Header (as
 * aodv-packet.h holds AODV's): JOIN, JOIN_REDIRECT, KEEPALIVE, DHT_PUT, DHT_GET and
 * DHT_REPLY (JOIN_ACCEPT and LEAVE have no body; DATA's is the payload). Integers are in
 * network byte order. A body comes from any overlay peer, so each is read with
 * ReadCloakBody(), which gives the header the body's size (Deserialize(start, end)) and
 * refuses a body that is short, invalid or longer than its fields.
 */

/**
 * \brief Read a whole message body into its header.
 * \param body the body (after the CloakHeader); the header is removed from it
 * \param header the header to fill
 * \return false if the body is malformed or has bytes left over
 */
bool ReadCloakBody(Ptr<Packet> body, Header& header);

/// \return a packet holding just this body \param header the body
Ptr<Packet> MakeCloakBody(const Header& header);

/// JOIN: the joiner's address before it lost its parent, if it has a subtree to avoid.
class CloakJoinHeader : public Header
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();
    CloakJoinHeader();
    /// \param old the joiner's former address (it must not join below it)
    void SetOldAddress(const HyperbolicAddress& old);
    /// \return true if the joiner gave its former address
    bool HasOldAddress() const;
    /// \return the joiner's former address (meaningful if HasOldAddress())
    const HyperbolicAddress& GetOldAddress() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

  private:
    bool m_hasOld;           //!< The former address is given
    HyperbolicAddress m_old; //!< The former address
};

/// JOIN_REDIRECT: where to ask next (a child of the contact), or nowhere. On the wire: 0 (none),
/// or 4 and an IPv4 address, or 6 and an IPv6 address.
class CloakRedirectHeader : public Header
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();
    CloakRedirectHeader();
    /// \param target the underlay address of the peer to ask next (Ipv4Address or
    ///        Ipv6Address)
    void SetTarget(const Address& target);
    /// \return true if there is a peer to ask next
    bool HasTarget() const;
    /// \return the peer to ask next
    Address GetTarget() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

  private:
    Address m_target; //!< The target (empty: none)
};

/// KEEPALIVE: whether the sender has an address, whether it asks for an answer, whether it
/// refuses the link (it keeps no more), and its neighbours' addresses (for two-hop
/// lookahead), or that they are those it last sent on this link (the list is sent when it
/// changed: decoding it was a tenth of a large overlay's cost).
class CloakKeepaliveHeader : public Header
{
  public:
    /// Neighbours listed at most.
    static const uint32_t MAX_NEIGHBOURS = 255;

    /// \return the object TypeId
    static TypeId GetTypeId();
    CloakKeepaliveHeader();
    /// \param joined the sender has an overlay address (the CloakHeader's source)
    void SetJoined(bool joined);
    /// \return true if the sender has an overlay address
    bool IsJoined() const;
    /// \param request the receiver should answer at once
    void SetRequest(bool request);
    /// \return true if the sender asks for an answer
    bool IsRequest() const;
    /// \param neighbours the sender's neighbours' addresses (at most MAX_NEIGHBOURS)
    void SetNeighbours(const std::vector<HyperbolicAddress>& neighbours);
    /// \return the sender's neighbours' addresses
    const std::vector<HyperbolicAddress>& GetNeighbours() const;
    /// Say the neighbours are those last sent on this link (the list is then empty).
    void SetUnchanged();
    /// \return true if the neighbours are those last sent on this link
    bool IsUnchanged() const;
    /// Say the sender keeps no more links: the receiver, which dialed, should close this one
    /// (so that the closing side's TIME_WAIT is the dialer's, not a popular peer's).
    void SetFull();
    /// \return true if the sender refuses this link
    bool IsFull() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

  private:
    bool m_joined;                               //!< Sender has an address
    bool m_request;                              //!< Answer wanted
    bool m_unchanged;                            //!< Neighbours as last sent
    bool m_full;                                 //!< Link refused: close it
    std::vector<HyperbolicAddress> m_neighbours; //!< Sender's neighbours
};

/// DHT_PUT: a record, to store at the key point the CloakHeader names.
class CloakPutHeader : public Header
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();
    CloakPutHeader();
    /// \param record the record
    void SetRecord(const CloakRecord& record);
    /// \return the record
    const CloakRecord& GetRecord() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

  private:
    CloakRecord m_record; //!< The record
};

/// DHT_GET: a lookup's id, echoed in the reply (the name is the CloakHeader's destination);
/// then, for a watch, 1 and the address the looker has for the name (a replica holding a
/// record at that address answers only when a record elsewhere comes, or its hold ends);
/// then zero padding: a replica answers a GET with at most 3 times its bytes (see CloakDht).
/// A plain GET's byte after the id, if any, is padding: 0.
class CloakGetHeader : public Header
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();
    CloakGetHeader();
    /// \param id the lookup's id \param padding zero bytes after it
    explicit CloakGetHeader(uint32_t id, uint16_t padding = 0);
    /// \param address answer when the name's record says another address (a watch)
    void SetUnlessAt(const HyperbolicAddress& address);
    /// \return the lookup's id
    uint32_t GetLookupId() const;
    /// \return the zero bytes after the id (and the watch's address)
    uint16_t GetPadding() const;
    /// \return true for a watch (SetUnlessAt)
    bool IsWatch() const;
    /// \return the watch's address (meaningful if IsWatch())
    const HyperbolicAddress& GetUnlessAt() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

  private:
    uint32_t m_id;                //!< Lookup id
    bool m_watch;                 //!< A watch: m_unlessAt follows the id
    HyperbolicAddress m_unlessAt; //!< The address the looker has
    uint16_t m_padding;           //!< Zero bytes after them (anti-amplification)
};

/// DHT_REPLY: a lookup's id, the name asked for, and its record if the replica had one.
class CloakReplyHeader : public Header
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();
    CloakReplyHeader();
    /// \param id the lookup's id \param name the name asked for
    CloakReplyHeader(uint32_t id, uint64_t name);
    /// \param record the record found
    void SetRecord(const CloakRecord& record);
    /// \return the lookup's id
    uint32_t GetLookupId() const;
    /// \return the name asked for
    uint64_t GetName() const;
    /// A watch's first answer: the record is at the looker's address, and this replica holds
    /// the GET; another answer follows (when it changes, or the hold ends). Needs a record.
    void SetHeld();
    /// \return true if a record was found
    bool IsFound() const;
    /// \return true for a watch's first answer (SetHeld)
    bool IsHeld() const;
    /// \return the record (meaningful if IsFound())
    const CloakRecord& GetRecord() const;

    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;

  private:
    uint32_t m_id;        //!< Lookup id
    uint64_t m_name;      //!< Name asked for
    bool m_found;         //!< A record follows
    bool m_held;          //!< A watch's first answer (found byte 2)
    CloakRecord m_record; //!< The record
};

} // namespace ns3

#endif /* CLOAK_MESSAGES_H */
