/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_SOCKET_H
#define MUSES_SOCKET_H

#include "muses-address.h"

#include "ns3/muses-session.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

class MusesL4Protocol;

/**
 * \ingroup muses
 * \brief A stream socket over a MUSEs session: what an application holds (the LCM's side).
 *
 * It behaves like an ns-3 TCP socket: Bind/Connect/Listen with a MusesAddress (name, port) or
 * an InetSocketAddress(identifier, port) whose IPv4 identifier stands for a peer name
 * (MusesIdentifier; Ipv4Address::GetAny() binds to this node): peers are then reported the
 * way the application named them, so stock applications need nothing else. Send returns
 * -1 with ERROR_MSGSIZE when the data does not fit in GetTxAvailable() and the send
 * callback fires when room comes back, Recv/RecvFrom return the bytes in order. While the
 * session is suspended GetTxAvailable() is 0; the socket never reports an error for an
 * interruption (unless the session's CloseAfterMaxRetries or MaxSuspendTime closes it).
 */
class MusesSocket : public Socket
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    MusesSocket();
    ~MusesSocket() override;

    /// \param node the node \param l4 its MUSEs protocol
    void SetL4(Ptr<Node> node, Ptr<MusesL4Protocol> l4);

    /// \return the session (null before Connect or accept)
    Ptr<MusesSession> GetSession() const;

    /// \return application bytes accepted by Send()
    uint64_t GetBytesSent() const;
    /// \return application bytes returned by Recv()
    uint64_t GetBytesReceived() const;

    /**
     * \brief A listening socket's answer to a HELLO: a new socket and session.
     * \param hello the HELLO (opened in place if authentic)
     * \param from the peer
     * \return MUSES_DROP_NONE if a new socket took it, else why not
     */
    MusesDropReason Fork(Ptr<Packet> hello, const MusesAddress& from);

    // Socket API
    enum SocketErrno GetErrno() const override;
    enum SocketType GetSocketType() const override;
    Ptr<Node> GetNode() const override;
    int Bind(const Address& address) override;
    int Bind() override;
    int Bind6() override;
    int Close() override;
    int ShutdownSend() override;
    int ShutdownRecv() override;
    int Connect(const Address& address) override;
    int Listen() override;
    uint32_t GetTxAvailable() const override;
    int Send(Ptr<Packet> p, uint32_t flags) override;
    int SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress) override;
    uint32_t GetRxAvailable() const override;
    Ptr<Packet> Recv(uint32_t maxSize, uint32_t flags) override;
    Ptr<Packet> RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress) override;
    int GetSockName(Address& address) const override;
    int GetPeerName(Address& address) const override;
    bool SetAllowBroadcast(bool allowBroadcast) override;
    bool GetAllowBroadcast() const override;

  protected:
    void DoDispose() override;

  private:
    /**
     * \brief Read an application's address; remembers whether it spoke in IPv4 identifiers.
     * \param address a MusesAddress or an InetSocketAddress(identifier or any, port)
     * \param out the name and port it stands for
     * \return false (m_errno set) when it is neither, or an identifier of no name
     */
    bool ReadAddress(const Address& address, MusesAddress& out);
    /// \param address a name and port \return it in the form the application uses
    Address ForApplication(const MusesAddress& address) const;
    /// Create and wire the session. \param peer the peer
    void StartSession(const MusesAddress& peer);
    // Session upcalls
    void Established();
    void Failed();
    void Deliver(Ptr<Packet> data);
    void TxSpace(uint32_t available);
    void PeerClosed();
    void SessionClosed(bool error);

    Ptr<Node> m_node;                            //!< The node
    Ptr<MusesL4Protocol> m_l4;                   //!< The node's MUSEs protocol
    Ptr<MusesSession> m_session;                 //!< The session (connected sockets)
    Ptr<MusesSocket> m_listener;                 //!< The listening socket that forked this one
    uint16_t m_localPort;                        //!< Bound port (0: unbound)
    MusesAddress m_peer;                         //!< The peer (connected sockets)
    bool m_byIdentifier;                         //!< The application uses IPv4 identifiers
    mutable SocketErrno m_errno;                 //!< Last error
    bool m_listening;                            //!< Listen() was called
    bool m_shutdownSend;                         //!< No more Send()
    bool m_shutdownRecv;                         //!< No more Recv() expected
    bool m_peerClosed;                           //!< The peer's CLOSE arrived
    bool m_closeNotified;                        //!< Close callback already called
    std::vector<Ptr<Packet>> m_rxBuffer;         //!< Delivered, unread bytes (no deque: see
                                                 //!< MusesTxBuffer)
    uint32_t m_rxSize;                           //!< Bytes in m_rxBuffer
    uint64_t m_bytesSent;                        //!< Bytes accepted by Send()
    uint64_t m_bytesReceived;                    //!< Bytes returned by Recv()
    TracedCallback<Ptr<const Packet>> m_txTrace; //!< "Tx"
    TracedCallback<Ptr<const Packet>> m_rxTrace; //!< "Rx"
};

} // namespace ns3

#endif /* MUSES_SOCKET_H */
