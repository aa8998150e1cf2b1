/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_PATH_ESTIMATOR_H
#define MUSES_PATH_ESTIMATOR_H

#include "ns3/nstime.h"
#include "ns3/rtt-estimator.h"

namespace ns3
{

/**
 * \ingroup muses
 * \brief What a session's ACKs say of its path: the round trip (RFC 6298's SRTT and RTTVAR,
 *        the smallest sample) and the delivery rate, and from them a retransmission timeout,
 *        a window of twice the bandwidth-delay product (as TCP's RttEstimator and a BBR-like
 *        window target), and whether the pipe is full yet.
 *
 * The rate is measured once per smallest round trip, over the bytes acknowledged in it. The
 * pipe is full once three such rounds in a row did not raise the rate by a quarter (BBR's
 * full-pipe test): until then the sender's window grows as TCP's in slow start. All of it
 * is forgotten when the path changes.
 */
class MusesPathEstimator
{
  public:
    MusesPathEstimator();

    /**
     * \brief An ACK came.
     * \param acked bytes it acknowledged
     * \param rtt the round trip of a packet it acknowledged that was sent once (Karn's rule),
     *        or negative when there is none
     */
    void OnAck(uint32_t acked, Time rtt);
    /// The path changed: forget everything but the smallest round trip, as the prior.
    void Forget();
    /// \param rtt a round trip measured another way (the handshake's), the prior until the
    ///        first sample when there is none yet
    void SetPrior(Time rtt);
    /// \return true once a round trip was measured since the last Forget()
    bool HasRtt() const;
    /// \return the smoothed round trip (0 before a sample)
    Time GetSmoothedRtt() const;
    /**
     * \return the smallest round trip, or before a sample the last path's (as Linux's
     *         tcp_metrics seeds a new connection to a known destination) or the handshake's;
     *         0 if none
     */
    Time GetMinRttOrPrior() const;
    /// \return the smallest round trip (0 before a sample)
    Time GetMinRtt() const;
    /// \return RFC 6298's retransmission timeout, SRTT + 4 RTTVAR (0 before a sample)
    Time GetRto() const;
    /// \return twice the largest delivery rate times the smallest round trip, in bytes
    double GetWindowTarget() const;
    /// \return true once the delivery rate stopped growing (three rounds under +25 %)
    bool IsPipeFull() const;

  private:
    Ptr<RttEstimator> m_rtt; //!< SRTT and RTTVAR
    Time m_minRtt;           //!< Smallest round trip
    Time m_priorRtt;         //!< Before a sample: the last path's smallest, or the handshake's
    double m_maxRate;        //!< Largest delivery rate, bytes/s
    Time m_epochStart;       //!< Start of this round trip's rate measurement
    uint64_t m_epochAcked;   //!< Bytes acknowledged in it
    double m_fullRate;       //!< The rate the next round must beat by a quarter
    uint32_t m_fullRounds;   //!< Rounds in a row that did not
};

} // namespace ns3

#endif /* MUSES_PATH_ESTIMATOR_H */
