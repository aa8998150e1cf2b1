/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef MUSES_TEST_UTILS_H
#define MUSES_TEST_UTILS_H

// Small helpers shared by the muses test suites (not part of the module's API).

#include "ns3/enum.h"
#include "ns3/muses-cipher.h"
#include "ns3/packet.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace muses_test
{

/**
 * \param hex hexadecimal digits (spaces ignored)
 * \return the bytes they spell
 */
inline std::vector<uint8_t>
FromHex(const std::string& hex)
{
    std::vector<uint8_t> out;
    std::string digits;
    for (char c : hex)
    {
        if (c != ' ')
        {
            digits += c;
        }
    }
    for (size_t i = 0; i + 1 < digits.size(); i += 2)
    {
        out.push_back(uint8_t(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return out;
}

/**
 * \param bytes some bytes
 * \return lowercase hexadecimal
 */
inline std::string
ToHex(const uint8_t* bytes, size_t size)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (size_t i = 0; i < size; ++i)
    {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xf];
    }
    return out;
}

/** \return the hex of a byte vector */
inline std::string
ToHex(const std::vector<uint8_t>& bytes)
{
    return ToHex(bytes.data(), bytes.size());
}

/** \return a packet's bytes */
inline std::vector<uint8_t>
PacketBytes(Ptr<const Packet> packet)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    return bytes;
}

/** \return a packet holding these bytes */
inline Ptr<Packet>
MakePacket(const std::vector<uint8_t>& bytes)
{
    return Create<Packet>(bytes.data(), bytes.size());
}

/** \return a deterministic test payload of the given size */
inline std::vector<uint8_t>
Pattern(uint32_t size, uint8_t seed = 0)
{
    std::vector<uint8_t> out(size);
    for (uint32_t i = 0; i < size; ++i)
    {
        out[i] = uint8_t(i * 131 + seed * 7 + (i >> 8));
    }
    return out;
}

/**
 * \brief A pair of ciphers keyed for the two ends of one session.
 */
struct CipherPair
{
    Ptr<MusesCipher> alice; //!< initiator
    Ptr<MusesCipher> bob;   //!< responder

    /**
     * \param suite the cipher suite of both ends
     * \param secretSeed varies the pre-shared secret
     */
    explicit CipherPair(MusesCipherSuite suite, uint8_t secretSeed = 1)
    {
        MusesSessionId id{0x1234000000000001ULL, 0x5678000000000002ULL};
        std::vector<uint8_t> secret(32, secretSeed);
        alice = CreateObject<MusesCipher>();
        bob = CreateObject<MusesCipher>();
        alice->SetAttribute("CipherSuite", EnumValue(suite));
        bob->SetAttribute("CipherSuite", EnumValue(suite));
        alice->SetKeys(secret, id, MusesCipher::INITIATOR);
        bob->SetKeys(secret, id, MusesCipher::RESPONDER);
    }
};

/**
 * \param cipher the sealing end
 * \param header the header to seal under
 * \param packet the plaintext, sealed in place
 * \return packet, sealed
 */
inline Ptr<Packet>
Sealed(Ptr<MusesCipher> cipher, const MusesHeader& header, Ptr<Packet> packet)
{
    cipher->Seal(header, packet);
    return packet;
}

/** \return a DATA header from port 1000 to 2000 with the given SeqNBR */
inline MusesHeader
DataHeader(uint64_t seq)
{
    MusesHeader h;
    h.SetType(MusesHeader::DATA);
    h.SetSourceId(0xa11ce);
    h.SetDestinationId(0xb0b);
    h.SetSourcePort(1000);
    h.SetDestinationPort(2000);
    h.SetSeq(seq);
    return h;
}

} // namespace muses_test
} // namespace ns3

#endif /* MUSES_TEST_UTILS_H */
