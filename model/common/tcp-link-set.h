/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef TCP_LINK_SET_H
#define TCP_LINK_SET_H

#include "frame-socket.h"

#include "ns3/callback.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6.h"
#include "ns3/net-device.h"
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
 * It listens on a port (IPv4, and IPv6 too if asked and the node has it) and adopts every
 * connection accepted (its state from the accept callback), dials (an IPv4 or IPv6 address), and
 * forgets links (closing them, or letting them go when the simulation is over). Frames go straight
 * to the owner's frame callback; a link the other side closed, or that broke, is forgotten first
 * and then reported with its last state. Links are kept in creation order
 * (FrameSocket::CreationOrder), so iterating them is reproducible.
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
    /// A connection was accepted from this address (Ipv4Address or Ipv6Address): its first
    /// state.
    typedef Callback<State, const Address&> AcceptCallback;

    TcpLinkSet()
        : m_linkClosed(MakeCallback(&TcpLinkSet::HandleClosed, this)),
          m_opened(0)
    {
    }

    // m_linkClosed is bound to this object.
    TcpLinkSet(const TcpLinkSet&) = delete;
    TcpLinkSet& operator=(const TcpLinkSet&) = delete;

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
     * \param ipv6 listen on IPv6 as well, if the node has it
     * \return false if the port could not be bound
     */
    bool Listen(Ptr<Node> node, uint16_t port, AcceptCallback accept, bool ipv6 = false)
    {
        m_node = node;
        m_accept = accept;
        m_listener = OpenListener(InetSocketAddress(Ipv4Address::GetAny(), port));
        if (ipv6 && node->GetObject<Ipv6>())
        {
            m_listener6 = OpenListener(Inet6SocketAddress(Ipv6Address::GetAny(), port));
        }
        return m_listener && (!ipv6 || !node->GetObject<Ipv6>() || m_listener6);
    }

    /**
     * \brief Open a link.
     * \param ip the peer's address (Ipv4Address or Ipv6Address) \param port its port
     * \param state the link's state
     * \param device if given, the link leaves by this device whatever the routes prefer
     *        (Socket::BindToNetDevice): a multi-homed node chooses its interface
     * \return the link (connecting)
     */
    Ptr<FrameSocket> Dial(const Address& ip,
                          uint16_t port,
                          const State& state,
                          Ptr<NetDevice> device = nullptr)
    {
        Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        bool ipv6 = Ipv6Address::IsMatchingType(ip);
        if (ipv6)
        {
            socket->Bind6();
        }
        else
        {
            socket->Bind();
        }
        if (device)
        {
            socket->BindToNetDevice(device);
        }
        Ptr<FrameSocket> conn = Adopt(socket, false, state);
        if (ipv6)
        {
            socket->Connect(Inet6SocketAddress(Ipv6Address::ConvertFrom(ip), port));
        }
        else
        {
            socket->Connect(InetSocketAddress(Ipv4Address::ConvertFrom(ip), port));
        }
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
        for (Ptr<Socket>* listener : {&m_listener, &m_listener6})
        {
            if (*listener && close)
            {
                (*listener)->SetAcceptCallback(
                    MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                    MakeNullCallback<void, Ptr<Socket>, const Address&>());
                (*listener)->Close();
            }
            *listener = nullptr;
        }
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
    /// \param local the address to listen on \return the listening socket, null if it could
    /// not be bound
    Ptr<Socket> OpenListener(const Address& local)
    {
        Ptr<Socket> listener = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
        if (listener->Bind(local) != 0)
        {
            return nullptr;
        }
        listener->Listen();
        listener->SetAcceptCallback(MakeCallback(&TcpLinkSet::HandleRequest, this),
                                    MakeCallback(&TcpLinkSet::HandleAccept, this));
        return listener;
    }

    /// Watch a new connection. \param socket it \param connected established
    /// \param state its state \return the link
    Ptr<FrameSocket> Adopt(Ptr<Socket> socket, bool connected, const State& state)
    {
        ++m_opened;
        Ptr<FrameSocket> conn = CreateObject<FrameSocket>();
        conn->Attach(socket, connected);
        conn->SetReceiveCallback(m_frame);
        conn->SetCloseCallback(m_linkClosed);
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
        Address ip = Inet6SocketAddress::IsMatchingType(from)
                         ? Address(Inet6SocketAddress::ConvertFrom(from).GetIpv6())
                         : Address(InetSocketAddress::ConvertFrom(from).GetIpv4());
        Adopt(socket, true, m_accept(ip));
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

    Ptr<Node> m_node;                        //!< The node
    Ptr<Socket> m_listener;                  //!< Listening socket (IPv4)
    Ptr<Socket> m_listener6;                 //!< Listening socket (IPv6), if asked
    LinkMap m_links;                         //!< Every link
    FrameCallback m_frame;                   //!< Frame upcall
    ClosedCallback m_closed;                 //!< Ended-link upcall
    AcceptCallback m_accept;                 //!< An accepted link's state
    FrameSocket::RoomCallback m_room;        //!< Queue-shrank upcall (may be null)
    FrameSocket::CloseCallback m_linkClosed; //!< Every link's close callback: one for all
    uint64_t m_opened;                       //!< Links opened
};

} // namespace ns3

#endif /* TCP_LINK_SET_H */
