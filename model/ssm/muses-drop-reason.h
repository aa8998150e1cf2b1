/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_DROP_REASON_H
#define MUSES_DROP_REASON_H

#include <cstdint>
#include <ostream>

namespace ns3
{

/**
 * \ingroup muses
 * \brief Why the Session Security Module refused a packet.
 *
 * Every packet that MUSEs does not accept is dropped with one of these reasons,
 * reported through the "Drop" traces and counted per reason, so that a user can tell
 * a lossy link (nothing here) from an attack (BAD_ICV, REPLAYED, ...).
 */
enum MusesDropReason : uint8_t
{
    MUSES_DROP_NONE = 0,         //!< Accepted: not a drop.
    MUSES_DROP_TRUNCATED,        //!< Fewer bytes than the header or its length field announce.
    MUSES_DROP_MALFORMED_HEADER, //!< Unknown version, type or flags in the MUSEs header.
    MUSES_DROP_LENGTH_MISMATCH,  //!< More bytes than the length field announces (padded).
    MUSES_DROP_WRONG_SESSION,    //!< SessID is not the session's.
    MUSES_DROP_BAD_ICV,          //!< Integrity check failed: tampered, or wrong key.
    MUSES_DROP_DECRYPT_FAILED,   //!< Authenticated but not decryptable (bad CBC padding).
    MUSES_DROP_REPLAYED,         //!< SeqNBR already accepted (a replay or a duplicate).
    MUSES_DROP_TOO_OLD,          //!< SeqNBR older than the replay window, or a HELLO's timestamp
                                 //!< older than HelloReplayWindow.
    MUSES_DROP_NOT_KEYED,        //!< The session has no keys yet.
    MUSES_DROP_NO_SESSION,       //!< No session or listening socket for the packet's ports.
    MUSES_DROP_OUT_OF_ORDER,     //!< DATA ahead of a hole, past the room to hold it (it is
                                 //!< resent).
    MUSES_DROP_UNEXPECTED,       //!< Authentic, but not valid in the session's state.
    MUSES_DROP_BAD_SIGNATURE,    //!< In-band keys: the peer's key is not its name's, or its
                                 //!< signature of the handshake does not hold.
    MUSES_DROP_COOKIE_SENT,      //!< An authentic HELLO above the listener's HELLO rate without
                                 //!< a valid cookie: answered with a COOKIE, nothing kept.
    MUSES_DROP_REASON_COUNT      //!< Number of reasons (not a reason).
};

/**
 * \param reason a drop reason
 * \return its name, e.g. "BAD_ICV"
 */
const char* MusesDropReasonName(MusesDropReason reason);

/**
 * \param os output stream
 * \param reason a drop reason
 * \return the stream, with the reason's name written to it
 */
std::ostream& operator<<(std::ostream& os, MusesDropReason reason);

} // namespace ns3

#endif /* MUSES_DROP_REASON_H */
