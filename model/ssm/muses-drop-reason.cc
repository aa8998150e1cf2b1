/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "muses-drop-reason.h"

namespace ns3
{

const char*
MusesDropReasonName(MusesDropReason reason)
{
    switch (reason)
    {
    case MUSES_DROP_NONE:
        return "NONE";
    case MUSES_DROP_TRUNCATED:
        return "TRUNCATED";
    case MUSES_DROP_MALFORMED_HEADER:
        return "MALFORMED_HEADER";
    case MUSES_DROP_LENGTH_MISMATCH:
        return "LENGTH_MISMATCH";
    case MUSES_DROP_WRONG_SESSION:
        return "WRONG_SESSION";
    case MUSES_DROP_BAD_ICV:
        return "BAD_ICV";
    case MUSES_DROP_DECRYPT_FAILED:
        return "DECRYPT_FAILED";
    case MUSES_DROP_REPLAYED:
        return "REPLAYED";
    case MUSES_DROP_TOO_OLD:
        return "TOO_OLD";
    case MUSES_DROP_NOT_KEYED:
        return "NOT_KEYED";
    case MUSES_DROP_NO_SESSION:
        return "NO_SESSION";
    case MUSES_DROP_OUT_OF_ORDER:
        return "OUT_OF_ORDER";
    case MUSES_DROP_UNEXPECTED:
        return "UNEXPECTED";
    case MUSES_DROP_BAD_SIGNATURE:
        return "BAD_SIGNATURE";
    case MUSES_DROP_COOKIE_SENT:
        return "COOKIE_SENT";
    case MUSES_DROP_REASON_COUNT:
        break;
    }
    return "UNKNOWN";
}

std::ostream&
operator<<(std::ostream& os, MusesDropReason reason)
{
    return os << MusesDropReasonName(reason);
}

} // namespace ns3
