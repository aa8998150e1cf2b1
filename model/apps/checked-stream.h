/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CHECKED_STREAM_H
#define CHECKED_STREAM_H

#include "stream-digest.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The byte stream CheckedStreamSource sends and CheckedStreamSink verifies.
 *
 * Byte i of the stream is a fixed function of i, so a receiver can tell, at every offset,
 * whether what arrived is what was sent there: a lost, duplicated or reordered byte shows
 * as a mismatch. The SHA-256 of the stream so far is kept as well.
 */
class CheckedStream
{
  public:
    CheckedStream();

    /// \param offset a stream offset \return the byte the stream has there
    static uint8_t ByteAt(uint64_t offset);

    /**
     * \brief Fill a buffer with the next bytes of the stream, without accounting for them.
     * \param buffer receives size bytes
     * \param size how many
     */
    void Peek(uint8_t* buffer, uint32_t size) const;

    /**
     * \brief Account for the next bytes, as Peek() gave them (once they really went out).
     * \param buffer the bytes
     * \param size how many
     */
    void Commit(const uint8_t* buffer, uint32_t size);

    /**
     * \brief Peek() and Commit() at once.
     * \param buffer receives size bytes
     * \param size how many
     */
    void Produce(uint8_t* buffer, uint32_t size);

    /**
     * \brief Account for received bytes.
     * \param buffer the bytes
     * \param size how many
     * \return false if one of them is not the stream's byte at its offset
     */
    bool Consume(const uint8_t* buffer, uint32_t size);

    /// \return bytes produced or consumed so far
    uint64_t GetSize() const;
    /// \return offset of the first wrong byte, or -1 when all were right
    int64_t GetFirstMismatch() const;
    /// \return SHA-256 of the bytes so far, in hexadecimal
    std::string GetSha256() const;

  private:
    StreamDigest m_digest;   //!< Running SHA-256 and size
    int64_t m_firstMismatch; //!< First wrong offset, -1 if none
};

} // namespace ns3

#endif /* CHECKED_STREAM_H */
