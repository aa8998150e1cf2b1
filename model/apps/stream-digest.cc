/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stream-digest.h"

#include "ns3/fatal-error.h"

#include <cstdio>
#include <openssl/evp.h>
#include <vector>

namespace ns3
{

StreamDigest::StreamDigest()
    : m_size(0)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1)
    {
        NS_FATAL_ERROR("StreamDigest: OpenSSL SHA-256 unavailable");
    }
    m_ctx = ctx;
}

StreamDigest::~StreamDigest()
{
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx));
}

void
StreamDigest::Update(const uint8_t* bytes, uint32_t size)
{
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), bytes, size);
    m_size += size;
}

void
StreamDigest::Update(Ptr<const Packet> packet)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    Update(bytes.data(), bytes.size());
}

uint64_t
StreamDigest::GetSize() const
{
    return m_size;
}

std::string
StreamDigest::GetHex() const
{
    EVP_MD_CTX* copy = EVP_MD_CTX_new();
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_MD_CTX_copy_ex(copy, static_cast<EVP_MD_CTX*>(m_ctx));
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
