/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_LINK_SET_H
#define TCP_LINK_SET_H

#include "frame-socket.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"
#include "ns3/node.h"
#include "ns3/socket.h"
#include "ns3/tcp-socket-factory.h"

#include <map>

namespace ns3
{

/**
 * \ingroup muses
 * \brief A node's framed TCP links to its peers, each with the owner's state for it: the
 *        links both transports (StaticTransport) and CLOAK peers (CloakNeighbours) keep.
 *
 * It listens on a port and adopts every connection accepted (its state from the accept
 * callback), dials, and forgets links (closing them, or letting them go when the simulation
 * is over). Frames go straight to the owner's frame callback; a link the other side closed,
 * or that broke, is forgotten first and then reported with its last state. Links are kept
 * in creation order (FrameSocket::CreationOrder), so iterating them is reproducible.
 *
 * \tparam State what the owner keeps per link (copyable)
 */
template <typename State>
class TcpLinkSet
{
  public:
    /// The links and their state, in creation order.
    typedef std::map<Ptr<FrameSocket>, State, FrameSocket::CreationOrder> LinkMap;
    /// A frame arrived on a link.
    typedef FrameSocket::ReceiveCallback FrameCallback;
    /// The other side closed a link or it broke; it is forgotten. Its last state is given.
    typedef Callback<void, Ptr<FrameSocket>, const State&> ClosedCallback;
    /// A connection was accepted from this address: its first state.
    typedef Callback<State, Ipv4Address> AcceptCallback;

    TcpLinkSet()
        : m_opened(0)
    {
    }

    /// \param frame called with every frame \param closed called for links that ended
    void SetCallbacks(FrameCallback frame, ClosedCallback closed)
    {
        m_frame = frame;
        m_closed = closed;
    }

    /// \param room called when a link's queue shrank (FrameSocket::SetRoomCallback)
    void SetRoomCallback(FrameSocket::RoomCallback room)
    {
        m_room = room;
    }

    /**
     * \brief Listen for links.
     * \param node the node \param port the TCP port \param accept gives an accepted link's state
     * \return false if the port could not be bound
     */
    bool Listen(Ptr<Node> node, uint16_t port, AcceptCallback accept)
    {
        m_node = node;
        m_accept = accept;
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        if (m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), port)) != 0)
        {
            return false;
        }
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeCallback(&TcpLinkSet::HandleRequest, this),
                                      MakeCallback(&TcpLinkSet::HandleAccept, this));
        return true;
    }

    /**
     * \brief Open a link.
     * \param ip the peer's address \param port its port \param state the link's state
     * \return the link (connecting)
     */
    Ptr<FrameSocket> Dial(Ipv4Address ip, uint16_t port, const State& state)
    {
        Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        socket->Bind();
        Ptr<FrameSocket> conn = Adopt(socket, false, state);
        socket->Connect(InetSocketAddress(ip, port));
        return conn;
    }

    /// \param conn a link \return its state, or null if it is not one of ours
    State* Find(Ptr<FrameSocket> conn)
    {
        auto it = m_links.find(conn);
        return it != m_links.end() ? &it->second : nullptr;
    }

    /**
     * \brief Forget a link.
     * \param conn the link \param close close the connection (false: let it go)
     * \param last receives its last state (may be null)
     * \return false if it was not one of ours
     */
    bool Forget(Ptr<FrameSocket> conn, bool close, State* last = nullptr)
    {
        auto it = m_links.find(conn);
        if (it == m_links.end())
        {
            return false;
        }
        if (last)
        {
            *last = it->second;
        }
        m_links.erase(it);
        if (close)
        {
            conn->Close();
        }
        else
        {
            conn->Release();
        }
        return true;
    }

    /**
     * \brief Stop listening.
     * \param close close the listening socket; false: the simulation is over, let it and the
     *        node go
     */
    void StopListening(bool close)
    {
        if (m_listener && close)
        {
            m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                          MakeNullCallback<void, Ptr<Socket>, const Address&>());
            m_listener->Close();
        }
        m_listener = nullptr;
        if (!close)
        {
            m_node = nullptr;
        }
    }

    /// \return the links
    const LinkMap& GetLinks() const
    {
        return m_links;
    }

    /// \return links opened so far (dialed or accepted)
    uint64_t GetOpened() const
    {
        return m_opened;
    }

  private:
    /// Watch a new connection. \param socket it \param connected established
    /// \param state its state \return the link
    Ptr<FrameSocket> Adopt(Ptr<Socket> socket, bool connected, const State& state)
    {
        ++m_opened;
        Ptr<FrameSocket> conn = CreateObject<FrameSocket>();
        conn->Attach(socket, connected);
        conn->SetReceiveCallback(m_frame);
        conn->SetCloseCallback(MakeCallback(&TcpLinkSet::HandleClosed, this));
        conn->SetRoomCallback(m_room);
        m_links[conn] = state;
        return conn;
    }

    /// \return true: every connection is accepted
    bool HandleRequest(Ptr<Socket> /* socket */, const Address& /* from */)
    {
        return true;
    }

    /// \param socket an accepted connection \param from its peer
    void HandleAccept(Ptr<Socket> socket, const Address& from)
    {
        Adopt(socket, true, m_accept(InetSocketAddress::ConvertFrom(from).GetIpv4()));
    }

    /// \param conn a link the other side closed, or that broke
    void HandleClosed(Ptr<FrameSocket> conn)
    {
        State last;
        if (Forget(conn, false, &last) && !m_closed.IsNull())
        {
            m_closed(conn, last);
        }
    }

    Ptr<Node> m_node;                 //!< The node
    Ptr<Socket> m_listener;           //!< Listening socket
    LinkMap m_links;                  //!< Every link
    FrameCallback m_frame;            //!< Frame upcall
    ClosedCallback m_closed;          //!< Ended-link upcall
    AcceptCallback m_accept;          //!< An accepted link's state
    FrameSocket::RoomCallback m_room; //!< Queue-shrank upcall (may be null)
    uint64_t m_opened;                //!< Links opened
};

} // namespace ns3

#endif /* TCP_LINK_SET_H */
