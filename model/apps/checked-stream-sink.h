/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CHECKED_STREAM_SINK_H
#define CHECKED_STREAM_SINK_H

#include "checked-stream.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief Accepts one stream connection and checks every byte against CheckedStream.
 *
 * Like PacketSink, over any stream socket factory. It counts bytes, records the first
 * offset where the stream differs from what CheckedStreamSource sent (a lost, duplicated
 * or reordered byte) and the SHA-256 of what arrived.
 */
class CheckedStreamSink : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CheckedStreamSink();
    ~CheckedStreamSink() override;

    /// \return bytes received
    uint64_t GetBytesReceived() const;
    /// \return offset of the first wrong byte, -1 if none
    int64_t GetFirstMismatch() const;
    /// \return SHA-256 of the bytes received, hexadecimal
    std::string GetSha256() const;
    /// \return connections accepted (one is expected)
    uint32_t GetConnections() const;
    /// \return when the peer closed the stream, or -1 s if it has not
    Time GetClosedAt() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// \param socket connected socket \param from peer
    void Accept(Ptr<Socket> socket, const Address& from);
    /// \param socket socket with data
    void Read(Ptr<Socket> socket);
    /// \param socket the socket the peer closed
    void PeerClosed(Ptr<Socket> socket);

    TypeId m_tid;            //!< Socket factory (attribute)
    Address m_local;         //!< Listening address (attribute)
    Ptr<Socket> m_listener;  //!< Listening socket
    Ptr<Socket> m_socket;    //!< Accepted socket
    uint32_t m_connections;  //!< Accepted connections
    bool m_closeOnPeerClose; //!< Close when the peer does (attribute)
    Time m_closedAt;         //!< Peer close time
    CheckedStream m_stream;  //!< What arrived
    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace; //!< "Rx"
};

} // namespace ns3

#endif /* CHECKED_STREAM_SINK_H */
