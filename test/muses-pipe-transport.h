/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_PIPE_TRANSPORT_H
#define MUSES_PIPE_TRANSPORT_H

// Two MusesTransports back to back, with faults scripted per message type: the session
// layer tested message by message, without an IP stack or random loss (in the spirit of
// ns-3's TcpGeneralTest and TcpSeqErrorModel). Test code, not part of the module's API.

#include "ns3/muses-header.h"
#include "ns3/muses-transport.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <functional>
#include <map>
#include <utility>

namespace ns3
{
namespace tests
{

/**
 * \brief One end of a pipe between two nodes' MUSEs.
 *
 * Every packet sent reaches the other end after the pipe's delay, unless a fault scripted
 * for it says otherwise: the nth packet of a message type sent from this end can be dropped,
 * duplicated or delayed. While the pipe is down (SetUp(false) on both ends) nothing passes.
 */
class PipeTransport : public MusesTransport
{
  public:
    /// What happens to a packet.
    enum Fault
    {
        DROP,      //!< it never arrives
        DUPLICATE, //!< it arrives twice
        DELAY,     //!< it arrives later by the fault's extra delay
    };

    /// \return the object TypeId
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::tests::PipeTransport")
                                .SetParent<MusesTransport>()
                                .SetGroupName("Muses")
                                .AddConstructor<PipeTransport>();
        return tid;
    }

    /// Connect two ends. \param a one end \param b the other \param delay one way
    static void Join(Ptr<PipeTransport> a, Ptr<PipeTransport> b, Time delay)
    {
        a->m_other = b;
        b->m_other = a;
        a->m_delay = delay;
        b->m_delay = delay;
    }

    /**
     * \param type a message type
     * \param nth which one of that type sent from this end (1 for the first)
     * \param fault what happens to it
     * \param extra the extra delay (DELAY)
     */
    void AddFault(MusesHeader::MessageType type, uint32_t nth, Fault fault, Time extra = Time())
    {
        m_faults[{type, nth}] = {fault, extra};
    }

    /// An attacker's copy of a packet arrives at this end now. \param packet it
    /// \param from the name it claims \param arrival the way it came (the pipe's is 0)
    void Inject(Ptr<Packet> packet, uint64_t from, uint8_t arrival = 0)
    {
        Arrive(packet, from, arrival);
    }

    /// \param up whether this end passes packets
    void SetUp(bool up)
    {
        m_up = up;
    }

    /// \param type a message type \return how many of that type this end sent
    uint32_t GetSent(MusesHeader::MessageType type) const
    {
        auto it = m_sent.find(type);
        return it == m_sent.end() ? 0 : it->second;
    }

    /// \return how many times the session asked this end to rebuild the path
    uint32_t GetReconnects() const
    {
        return m_reconnects;
    }

    void Start(Ptr<Node> node, uint64_t name) override
    {
        m_node = node;
        m_name = name;
    }

    void Reconnect(uint64_t /* peer */) override
    {
        ++m_reconnects;
    }

  protected:
    void DoDispose() override
    {
        m_other = nullptr;
        m_node = nullptr;
        MusesTransport::DoDispose();
    }

    void DoSend(Ptr<Packet> packet, uint64_t /* peer */, bool /* urgent */) override
    {
        MusesHeader header;
        packet->PeekHeader(header);
        auto type = MusesHeader::MessageType(header.GetType());
        uint32_t nth = ++m_sent[type];
        if (!m_up || !m_other || !m_other->m_up)
        {
            return;
        }
        auto fault = m_faults.find({type, nth});
        int copies = 1;
        Time delay = m_delay;
        if (fault != m_faults.end())
        {
            copies = fault->second.first == DROP ? 0 : fault->second.first == DUPLICATE ? 2 : 1;
            delay += fault->second.first == DELAY ? fault->second.second : Time();
        }
        for (int i = 0; i < copies; ++i)
        {
            Simulator::ScheduleWithContext(m_other->m_node->GetId(),
                                           delay,
                                           &PipeTransport::Arrive,
                                           m_other,
                                           packet->Copy(),
                                           m_name,
                                           0);
        }
    }

  private:
    /// \param packet what arrives at this end \param from the sender's name
    /// \param arrival the way it came: answers to a packet that proved nothing go back that
    ///        way, so from another way than the pipe's they reach only its sender
    void Arrive(Ptr<Packet> packet, uint64_t from, uint8_t arrival)
    {
        if (m_up)
        {
            std::function<void(Ptr<Packet>, bool)> elsewhere = [](Ptr<Packet>, bool) {};
            Deliver(packet, from, {}, arrival == 0 ? nullptr : elsewhere, [arrival]() {
                return std::vector<uint8_t>{arrival};
            });
        }
    }

    Ptr<Node> m_node;                                                    //!< This end's node
    Ptr<PipeTransport> m_other;                                          //!< The other end
    Time m_delay;                                                        //!< One-way delay
    bool m_up{true};                                                     //!< Passing packets
    uint64_t m_name{0};                                                  //!< This end's name
    std::map<std::pair<int, uint32_t>, std::pair<Fault, Time>> m_faults; //!< Scripted faults
    std::map<int, uint32_t> m_sent;                                      //!< Sent, per type
    uint32_t m_reconnects{0};                                            //!< Reconnect() calls
};

} // namespace tests
} // namespace ns3

#endif /* MUSES_PIPE_TRANSPORT_H */
