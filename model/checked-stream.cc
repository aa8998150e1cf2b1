/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "checked-stream.h"

#include "ns3/fatal-error.h"

#include <cstdio>
#include <openssl/evp.h>

namespace ns3
{

struct CheckedStream::Digest
{
    EVP_MD_CTX* ctx{nullptr}; //!< SHA-256 context
};

CheckedStream::CheckedStream()
    : m_digest(new Digest),
      m_size(0),
      m_firstMismatch(-1)
{
    m_digest->ctx = EVP_MD_CTX_new();
    if (!m_digest->ctx || EVP_DigestInit_ex(m_digest->ctx, EVP_sha256(), nullptr) != 1)
    {
        NS_FATAL_ERROR("CheckedStream: OpenSSL SHA-256 unavailable");
    }
}

CheckedStream::~CheckedStream()
{
    EVP_MD_CTX_free(m_digest->ctx);
}

uint8_t
CheckedStream::ByteAt(uint64_t offset)
{
    // Mixes every byte of the offset, so no short period hides a shifted stream.
    uint64_t x = offset * 0x9E3779B97F4A7C15ULL;
    return uint8_t(x >> 56) ^ uint8_t(offset);
}

void
CheckedStream::Produce(uint8_t* buffer, uint32_t size)
{
    for (uint32_t i = 0; i < size; ++i)
    {
        buffer[i] = ByteAt(m_size + i);
    }
    EVP_DigestUpdate(m_digest->ctx, buffer, size);
    m_size += size;
}

bool
CheckedStream::Consume(const uint8_t* buffer, uint32_t size)
{
    bool ok = true;
    for (uint32_t i = 0; i < size; ++i)
    {
        if (buffer[i] != ByteAt(m_size + i))
        {
            if (m_firstMismatch < 0)
            {
                m_firstMismatch = int64_t(m_size + i);
            }
            ok = false;
            break;
        }
    }
    EVP_DigestUpdate(m_digest->ctx, buffer, size);
    m_size += size;
    return ok;
}

uint64_t
CheckedStream::GetSize() const
{
    return m_size;
}

int64_t
CheckedStream::GetFirstMismatch() const
{
    return m_firstMismatch;
}

std::string
CheckedStream::GetSha256() const
{
    EVP_MD_CTX* copy = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_MD_CTX_copy_ex(copy, m_digest->ctx);
    EVP_DigestFinal_ex(copy, md, &length);
    EVP_MD_CTX_free(copy);
    std::string hex;
    char byte[3];
    for (unsigned int i = 0; i < length; ++i)
    {
        std::snprintf(byte, sizeof(byte), "%02x", md[i]);
        hex += byte;
    }
    return hex;
}

} // namespace ns3
