/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CHECKED_STREAM_SOURCE_H
#define CHECKED_STREAM_SOURCE_H

#include "checked-stream.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief Sends a CheckedStream as fast as its stream socket takes it, like
 *        BulkSendApplication, so that CheckedStreamSink can verify every byte.
 *
 * Works over any stream socket factory ("Protocol"): MUSEs or plain TCP, which makes the
 * same scenario comparable on both. It closes the socket after MaxBytes.
 */
class CheckedStreamSource : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    CheckedStreamSource();
    ~CheckedStreamSource() override;

    /// \return bytes the socket accepted
    uint64_t GetBytesSent() const;
    /// \return SHA-256 of the bytes sent, hexadecimal
    std::string GetSha256() const;
    /// \return the socket (null before start)
    Ptr<Socket> GetSocket() const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// Write as much as the socket takes.
    void SendMore();
    /// \param socket the socket
    void Connected(Ptr<Socket> socket);
    /// \param socket the socket
    void ConnectFailed(Ptr<Socket> socket);
    /// \param socket the socket \param available room
    void Room(Ptr<Socket> socket, uint32_t available);

    TypeId m_tid;                                //!< Socket factory (attribute)
    Address m_remote;                            //!< Peer (attribute)
    Address m_local;                             //!< Local address (attribute)
    uint64_t m_maxBytes;                         //!< Stop after this many (0: never)
    uint32_t m_sendSize;                         //!< Bytes per Send()
    Ptr<Socket> m_socket;                        //!< The socket
    bool m_connected;                            //!< Connected
    CheckedStream m_stream;                      //!< What was sent
    TracedCallback<Ptr<const Packet>> m_txTrace; //!< "Tx"
};

} // namespace ns3

#endif /* CHECKED_STREAM_SOURCE_H */
