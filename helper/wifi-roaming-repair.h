/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef WIFI_ROAMING_REPAIR_H
#define WIFI_ROAMING_REPAIR_H

// Header only, and empty without ns-3's wifi module: the muses library does not link wifi;
// a program that uses this class does.
#if __has_include("ns3/wifi-net-device.h")

#include "ns3/block-ack-manager.h"
#include "ns3/ht-frame-exchange-manager.h"
#include "ns3/net-device-container.h"
#include "ns3/originator-block-ack-agreement.h"
#include "ns3/qos-txop.h"
#include "ns3/simulator.h"
#include "ns3/wifi-mac.h"
#include "ns3/wifi-net-device.h"

#include <optional>
#include <type_traits>
#include <utility>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Makes both ends of a roaming station's lost association forget their Block Ack
 *        agreements, as 802.11 requires at (re)association and ns-3's Wi-Fi does not.
 *
 * A station that walks out of range keeps, and so does the access point it left, the
 * Block Ack agreements of their A-MPDU traffic (ns-3's default for 802.11n and later).
 * Measured with muses-wifi-roaming (two access points on one channel, Debian's ns-3.37):
 * - the access point left behind sends BlockAckReq frames to the station for ever (a
 *   BlockAckReq needing no retransmission is not dequeued), thousands per second on the
 *   shared channel, and the station's frames to its new access point are lost under them;
 * - back at an access point it left, the station's frames sit in that access point's stale
 *   reordering buffer, waiting for sequence numbers that never come: ARP and TCP set-up
 *   never get through, and the session never resumes.
 * Together they stalled 2 of 8 walks (AP1 -> AP2 -> AP1 -> AP2, two streams) for tens of
 * seconds. On each "DeAssoc" of the station, this class removes the agreements between it
 * and that access point on both sides, without a DELBA frame (neither can reach the other;
 * a queued DELBA would reach it much later and break a newer agreement). Both ends set up
 * new agreements once traffic flows again.
 *
 * Setting up a new one has a third fault: right after an association the ADDBA Request may
 * go unanswered for a while, and frames then leave under normal acknowledgement, numbered
 * from the Request's starting sequence number. When the Response comes, the originator
 * starts its window after them, but the recipient's stays at the Request's number and holds
 * every later frame in its reordering buffer, waiting for the ones it already passed up (a
 * walk back to AP1 stalled 10 s so, until 64 frames had piled up). 802.11 has the
 * originator send a BlockAckReq to move the recipient's window; ns-3's does not. This class
 * sends one from the originator as each agreement between the station and an access point
 * is established, in either direction (a no-op when both windows agree).
 *
 * Usage, beside a RoamingHelper: WifiRoamingRepair repair(station, accessPoints); it must
 * outlive the run (the station's trace sink points to it).
 */
class WifiRoamingRepair
{
  public:
    /**
     * \param station the roaming station's device
     * \param accessPoints the access points it may roam between
     */
    WifiRoamingRepair(Ptr<WifiNetDevice> station, NetDeviceContainer accessPoints)
        : m_station(station),
          m_accessPoints(accessPoints)
    {
        station->GetMac()->TraceConnectWithoutContext("DeAssoc",
                                                      MakeCallback(&WifiRoamingRepair::Lost, this));
        Watch(station->GetMac());
        for (uint32_t i = 0; i < accessPoints.GetN(); ++i)
        {
            if (Ptr<WifiNetDevice> ap = DynamicCast<WifiNetDevice>(accessPoints.Get(i)))
            {
                Watch(ap->GetMac());
            }
        }
    }

    WifiRoamingRepair(const WifiRoamingRepair&) = delete;
    WifiRoamingRepair& operator=(const WifiRoamingRepair&) = delete;

    /// \return how many agreements were removed so far (both sides count)
    uint32_t GetAgreementsForgotten() const
    {
        return m_forgotten;
    }

    /// \return how many BlockAckReqs were sent as agreements were established
    uint32_t GetWindowsAligned() const
    {
        return m_aligned;
    }

  private:
    /// The station lost an access point. \param bssid the access point
    void Lost(Mac48Address bssid)
    {
        Ptr<WifiMac> station = m_station->GetMac();
        if (Ptr<WifiNetDevice> ap = FindAccessPoint(bssid))
        {
            m_forgotten += Forget(ap->GetMac(), station->GetAddress());
        }
        m_forgotten += Forget(station, bssid);
    }

    /// Follow the agreements a MAC sets up as originator. \param mac the MAC
    void Watch(Ptr<WifiMac> mac)
    {
        for (uint8_t tid = 0; tid < 8; ++tid)
        {
            mac->GetQosTxop(tid)->GetBaManager()->TraceConnectWithoutContext(
                "AgreementState",
                MakeBoundCallback(&WifiRoamingRepair::AgreementChanged, this, mac));
        }
    }

    /**
     * \brief An agreement of a MAC as originator changed state.
     * \param self this \param mac the originator \param now when
     * \param recipient the other end \param tid its TID \param state the new state
     */
    static void AgreementChanged(WifiRoamingRepair* self,
                                 Ptr<WifiMac> mac,
                                 Time now,
                                 Mac48Address recipient,
                                 uint8_t tid,
                                 OriginatorBlockAckAgreement::State state)
    {
        bool fromStation = mac == self->m_station->GetMac();
        if (state != OriginatorBlockAckAgreement::ESTABLISHED ||
            (fromStation ? !self->FindAccessPoint(recipient)
                         : recipient != self->m_station->GetMac()->GetAddress()))
        {
            return;
        }
        // After the Response is handled: the BlockAckReq carries the window's start.
        Simulator::ScheduleNow(&WifiRoamingRepair::SendBar<WifiMac>, mac, recipient, tid);
        ++self->m_aligned;
    }

    /// \param address a MAC address \return the access point with it (null: none)
    Ptr<WifiNetDevice> FindAccessPoint(Mac48Address address) const
    {
        for (uint32_t i = 0; i < m_accessPoints.GetN(); ++i)
        {
            Ptr<WifiNetDevice> ap = DynamicCast<WifiNetDevice>(m_accessPoints.Get(i));
            if (ap && ap->GetMac()->GetAddress() == address)
            {
                return ap;
            }
        }
        return nullptr;
    }

    /**
     * \brief Queue a BlockAckReq from an originator (BlockAckReqs go ahead of data).
     * \param mac the originator \param recipient the other end \param tid the agreement's TID
     */
    template <typename M>
    static void SendBar(Ptr<M> mac, Mac48Address recipient, uint8_t tid)
    {
        auto txop = mac->GetQosTxop(tid); // depends on M, as the calls below must
        if constexpr (HasAgreementQueries<M>::value)
        {
            if (mac->GetBaAgreementEstablishedAsOriginator(recipient, tid))
            {
                auto [request, header] = txop->PrepareBlockAckRequest(recipient, tid);
                txop->GetBaManager()->ScheduleBar(request, header);
            }
        }
        else
        {
            if (txop->GetBaAgreementEstablished(recipient, tid))
            {
                txop->ScheduleBar(txop->PrepareBlockAckRequest(recipient, tid));
            }
        }
    }

    /// True when WifiMac says which agreements it has (ns-3 >= 3.39's API).
    template <typename M, typename = void>
    struct HasAgreementQueries : std::false_type
    {
    };

    /// \copydoc HasAgreementQueries
    template <typename M>
    struct HasAgreementQueries<
        M,
        std::void_t<decltype(std::declval<M&>().GetBaAgreementEstablishedAsRecipient(Mac48Address(),
                                                                                     uint8_t()))>>
        : std::true_type
    {
    };

    /**
     * \brief Remove a MAC's agreements with a peer, both directions, every TID.
     * \param mac the MAC \param peer the other end
     * \return how many it had
     */
    template <typename M>
    static uint32_t Forget(Ptr<M> mac, Mac48Address peer)
    {
        uint32_t forgotten = 0;
        for (uint8_t tid = 0; tid < 8; ++tid)
        {
            // Every call depends on M, so the branch of the other release is never compiled.
            auto manager = mac->GetQosTxop(tid)->GetBaManager();
            if constexpr (HasAgreementQueries<M>::value)
            {
                if (mac->GetBaAgreementEstablishedAsOriginator(peer, tid))
                {
                    manager->DestroyOriginatorAgreement(peer, tid, std::nullopt);
                    // Else a BlockAckReq is built for it later, and ns-3.48 asserts that
                    // the agreement exists.
                    manager->RemoveFromSendBarIfDataQueuedList(peer, tid);
                    ++forgotten;
                }
                if (mac->GetBaAgreementEstablishedAsRecipient(peer, tid))
                {
                    manager->DestroyRecipientAgreement(peer, tid, std::nullopt);
                    ++forgotten;
                }
            }
            else
            {
                if (mac->GetQosTxop(tid)->GetBaAgreementEstablished(peer, tid))
                {
                    manager->DestroyAgreement(peer, tid);
                    ++forgotten;
                }
                auto fem = DynamicCast<HtFrameExchangeManager>(mac->GetFrameExchangeManager());
                if (fem && fem->GetBaAgreementEstablished(peer, tid))
                {
                    fem->DestroyBlockAckAgreement(peer, tid);
                    ++forgotten;
                }
            }
        }
        return forgotten;
    }

    Ptr<WifiNetDevice> m_station;      //!< The roaming station
    NetDeviceContainer m_accessPoints; //!< Where it may roam
    uint32_t m_forgotten{0};           //!< Agreements removed
    uint32_t m_aligned{0};             //!< BlockAckReqs sent at establishment
};

} // namespace ns3

#endif /* __has_include("ns3/wifi-net-device.h") */

#endif /* WIFI_ROAMING_REPAIR_H */
