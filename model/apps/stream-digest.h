/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STREAM_DIGEST_H
#define STREAM_DIGEST_H

#include "ns3/packet.h"

#include <cstdint>
#include <string>

namespace ns3
{

/**
 * \ingroup muses
 * \brief The SHA-256 of a byte stream fed piece by piece (OpenSSL EVP).
 *
 * What examples and tests compare end to end: the digest of what an application sent
 * against the digest of what its peer received.
 */
class StreamDigest
{
  public:
    StreamDigest();
    ~StreamDigest();
    StreamDigest(const StreamDigest&) = delete;
    StreamDigest& operator=(const StreamDigest&) = delete;

    /// \param bytes more of the stream \param size how many
    void Update(const uint8_t* bytes, uint32_t size);
    /// \param packet more of the stream: the packet's bytes
    void Update(Ptr<const Packet> packet);
    /// \return the bytes fed so far
    uint64_t GetSize() const;
    /// \return SHA-256 of the bytes so far, in hexadecimal (the stream may go on)
    std::string GetHex() const;

  private:
    void* m_ctx;     //!< EVP_MD_CTX
    uint64_t m_size; //!< Bytes so far
};

} // namespace ns3

#endif /* STREAM_DIGEST_H */
