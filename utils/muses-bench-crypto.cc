/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// muses-bench-crypto: what the Session Security Module costs over the bare crypto.
//
// For each cipher suite, seals and opens the same payloads (default 1400 bytes) through
// MusesCipher (an ns-3 Packet sealed and opened in place with a MusesHeader, as a session
// does) and through raw OpenSSL EVP calls doing the same construction on plain buffers, in
// one run, and reports the throughput of both and their ratio. Neither side allocates per
// packet: the EVP side reuses its buffers, the MusesCipher side its packet and header. The two
// sides take turns for many short rounds and each keeps its best, so a busy machine penalises
// neither side more than the other. The last line of output is one JSON object.

#include "ns3/enum.h"
#include "ns3/muses-cipher.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sstream>
#include <tuple>

using namespace ns3;
namespace po = boost::program_options;

namespace
{

/// The same construction as MusesAead, written directly against EVP on plain buffers.
class RawEvp
{
  public:
    RawEvp(MusesCipherSuite suite, const uint8_t* key)
        : m_suite(suite)
    {
        m_enc = EVP_CIPHER_CTX_new();
        m_dec = EVP_CIPHER_CTX_new();
        if (suite == MUSES_AES_128_CBC_HMAC_SHA1)
        {
            EVP_EncryptInit_ex(m_enc, EVP_aes_128_cbc(), nullptr, key, nullptr);
            EVP_DecryptInit_ex(m_dec, EVP_aes_128_cbc(), nullptr, key, nullptr);
            m_ecb = EVP_CIPHER_CTX_new();
            EVP_EncryptInit_ex(m_ecb, EVP_aes_128_ecb(), nullptr, key, nullptr);
            EVP_CIPHER_CTX_set_padding(m_ecb, 0);
            EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
            m_mac = EVP_MAC_CTX_new(hmac);
            EVP_MAC_free(hmac);
            char digest[] = "SHA1";
            OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                OSSL_PARAM_construct_end()};
            EVP_MAC_init(m_mac, key + 16, 20, params);
        }
        else
        {
            const EVP_CIPHER* c =
                suite == MUSES_AES_256_GCM ? EVP_aes_256_gcm() : EVP_chacha20_poly1305();
            EVP_EncryptInit_ex(m_enc, c, nullptr, key, nullptr);
            EVP_DecryptInit_ex(m_dec, c, nullptr, key, nullptr);
        }
    }

    ~RawEvp()
    {
        EVP_CIPHER_CTX_free(m_enc);
        EVP_CIPHER_CTX_free(m_dec);
        EVP_CIPHER_CTX_free(m_ecb);
        EVP_MAC_CTX_free(m_mac);
    }

    /// Seal then open one packet; returns false if the open failed.
    bool RoundTrip(const uint8_t* nonce,
                   const uint8_t* aad,
                   const uint8_t* pt,
                   int n,
                   uint8_t* sealed,
                   uint8_t* back)
    {
        int len = 0;
        int total = 0;
        if (m_suite == MUSES_AES_128_CBC_HMAC_SHA1)
        {
            uint8_t block[16] = {0};
            uint8_t iv[16];
            std::memcpy(block, nonce, 12);
            EVP_EncryptUpdate(m_ecb, iv, &len, block, 16);
            EVP_EncryptInit_ex(m_enc, nullptr, nullptr, nullptr, iv);
            EVP_EncryptUpdate(m_enc, sealed, &len, pt, n);
            total = len;
            EVP_EncryptFinal_ex(m_enc, sealed + total, &len);
            total += len;
            size_t macLen = 0;
            EVP_MAC_init(m_mac, nullptr, 0, nullptr);
            EVP_MAC_update(m_mac, aad, 50);
            EVP_MAC_update(m_mac, sealed, total);
            EVP_MAC_final(m_mac, sealed + total, &macLen, 20);
            // open
            uint8_t expected[20];
            EVP_MAC_init(m_mac, nullptr, 0, nullptr);
            EVP_MAC_update(m_mac, aad, 50);
            EVP_MAC_update(m_mac, sealed, total);
            EVP_MAC_final(m_mac, expected, &macLen, 20);
            if (CRYPTO_memcmp(expected, sealed + total, 20) != 0)
            {
                return false;
            }
            EVP_EncryptUpdate(m_ecb, iv, &len, block, 16);
            EVP_DecryptInit_ex(m_dec, nullptr, nullptr, nullptr, iv);
            EVP_DecryptUpdate(m_dec, back, &len, sealed, total);
            int out = len;
            return EVP_DecryptFinal_ex(m_dec, back + out, &len) == 1 && out + len == n;
        }
        EVP_EncryptInit_ex(m_enc, nullptr, nullptr, nullptr, nonce);
        EVP_EncryptUpdate(m_enc, nullptr, &len, aad, 50);
        EVP_EncryptUpdate(m_enc, sealed, &len, pt, n);
        total = len;
        EVP_EncryptFinal_ex(m_enc, sealed + total, &len);
        total += len;
        EVP_CIPHER_CTX_ctrl(m_enc, EVP_CTRL_AEAD_GET_TAG, 16, sealed + total);
        EVP_DecryptInit_ex(m_dec, nullptr, nullptr, nullptr, nonce);
        EVP_DecryptUpdate(m_dec, nullptr, &len, aad, 50);
        EVP_DecryptUpdate(m_dec, back, &len, sealed, total);
        int out = len;
        EVP_CIPHER_CTX_ctrl(m_dec, EVP_CTRL_AEAD_SET_TAG, 16, sealed + total);
        return EVP_DecryptFinal_ex(m_dec, back + out, &len) == 1 && out + len == n;
    }

  private:
    MusesCipherSuite m_suite;
    EVP_CIPHER_CTX* m_enc{nullptr};
    EVP_CIPHER_CTX* m_dec{nullptr};
    EVP_CIPHER_CTX* m_ecb{nullptr};
    EVP_MAC_CTX* m_mac{nullptr};
};

double
Seconds(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// MB/s (10^6 bytes of payload per second, seal and open counted once) of MusesCipher.
double
BenchMuses(MusesCipherSuite suite, uint32_t size, uint32_t packets, uint64_t& seq)
{
    MusesSessionId id{1, 2};
    std::vector<uint8_t> secret(32, 7);
    Ptr<MusesCipher> alice = CreateObject<MusesCipher>();
    Ptr<MusesCipher> bob = CreateObject<MusesCipher>();
    alice->SetAttribute("CipherSuite", EnumValue(suite));
    bob->SetAttribute("CipherSuite", EnumValue(suite));
    alice->SetKeys(secret, id, MusesCipher::INITIATOR);
    bob->SetKeys(secret, id, MusesCipher::RESPONDER);
    std::vector<uint8_t> payloadBytes(size, 0x5a);
    Ptr<Packet> packet = Create<Packet>(payloadBytes.data(), size);
    MusesHeader header;
    header.SetType(MusesHeader::DATA);
    MusesHeader got;
    auto start = std::chrono::steady_clock::now();
    for (uint32_t i = 0; i < packets; ++i)
    {
        header.SetSeq(seq++);
        alice->Seal(header, packet);
        if (bob->Open(packet, got) != MUSES_DROP_NONE || packet->GetSize() != size)
        {
            std::cerr << "muses-bench-crypto: MusesCipher round trip failed" << std::endl;
            std::exit(1);
        }
    }
    double mbps = double(size) * packets / Seconds(start) / 1e6;
    std::vector<uint8_t> back(size);
    packet->CopyData(back.data(), size);
    if (back != payloadBytes)
    {
        std::cerr << "muses-bench-crypto: MusesCipher round trip changed the payload" << std::endl;
        std::exit(1);
    }
    return mbps;
}

/// MB/s of the same construction on raw EVP.
double
BenchEvp(MusesCipherSuite suite, uint32_t size, uint32_t packets)
{
    std::vector<uint8_t> key(MusesAead::GetKeySize(suite), 7);
    RawEvp evp(suite, key.data());
    std::vector<uint8_t> pt(size, 0x5a);
    std::vector<uint8_t> sealed(size + 64);
    std::vector<uint8_t> back(size + 64);
    uint8_t aad[50] = {1};
    uint8_t nonce[12] = {0};
    auto start = std::chrono::steady_clock::now();
    for (uint32_t i = 0; i < packets; ++i)
    {
        std::memcpy(nonce + 4, &i, sizeof(i));
        if (!evp.RoundTrip(nonce, aad, pt.data(), size, sealed.data(), back.data()))
        {
            std::cerr << "muses-bench-crypto: raw EVP round trip failed" << std::endl;
            std::exit(1);
        }
    }
    return double(size) * packets / Seconds(start) / 1e6;
}

} // namespace

int
main(int argc, char** argv)
{
    // Signed: -1 is refused, not read as 4294967295 (boost wraps a negative unsigned).
    int64_t size = 1400;
    // Many short rounds rather than a few long ones: on a shared machine a short round is more
    // likely to run uninterrupted, and the best round is what is kept.
    int64_t packets = 10000;
    int64_t rounds = 50;
    std::string only;
    po::options_description desc(
        "muses-bench-crypto: seal+open throughput of MusesCipher vs raw OpenSSL EVP.\n"
        "Prints a table, then one JSON line:\n"
        "  {\"<suite>\": {\"muses_MBps\": x, \"evp_MBps\": y, \"ratio\": x/y}, ...}\n"
        "Options");
    desc.add_options()("help,h", "show this help")("size",
                                                   po::value<int64_t>(&size)->default_value(size),
                                                   "payload bytes per packet (1..65000)")(
        "packets",
        po::value<int64_t>(&packets)->default_value(packets),
        "packets per timed round (1..1e8)")("rounds",
                                            po::value<int64_t>(&rounds)->default_value(rounds),
                                            "timed rounds per side; the best is kept (1..1e8)")(
        "suite",
        po::value<std::string>(&only),
        "only this suite (AES-128-CBC-HMAC-SHA1, AES-256-GCM, CHACHA20-POLY1305)");
    po::variables_map vm;
    try
    {
        po::store(po::parse_command_line(argc, argv, desc), vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        std::cerr << "muses-bench-crypto: " << e.what() << " (--help lists the options)"
                  << std::endl;
        return 2;
    }
    if (vm.count("help"))
    {
        std::cout << desc << std::endl;
        return 0;
    }
    MusesCipherSuite onlySuite;
    if (!only.empty() && !MusesAead::FindSuite(only, &onlySuite))
    {
        std::cerr << "muses-bench-crypto: unknown --suite '" << only << "'" << std::endl;
        return 2;
    }
    for (auto [flag, value, most] : {std::make_tuple("--size", size, int64_t(65000)),
                                     std::make_tuple("--packets", packets, int64_t(100000000)),
                                     std::make_tuple("--rounds", rounds, int64_t(100000000))})
    {
        if (value < 1 || value > most)
        {
            std::cerr << "muses-bench-crypto: " << flag << " must be 1.." << most << ", not "
                      << value << std::endl;
            return 2;
        }
    }

    std::ostringstream json;
    json << std::fixed << std::setprecision(3) << "{";
    std::cout << std::left << std::setw(24) << "suite" << std::setw(14) << "muses_MBps"
              << std::setw(14) << "evp_MBps"
              << "ratio" << std::endl;
    bool first = true;
    for (MusesCipherSuite suite : MusesAead::ALL_SUITES)
    {
        const char* name = MusesAead::GetSuiteName(suite);
        if (!only.empty() && only != name)
        {
            continue;
        }
        double muses = 0;
        double evp = 0;
        uint64_t seq = 0;
        // Interleave the two sides so that both see the same machine load.
        for (int64_t r = 0; r < rounds; ++r)
        {
            muses = std::max(muses, BenchMuses(suite, uint32_t(size), uint32_t(packets), seq));
            evp = std::max(evp, BenchEvp(suite, uint32_t(size), uint32_t(packets)));
        }
        std::cout << std::setw(24) << name << std::setw(14) << std::fixed << std::setprecision(1)
                  << muses << std::setw(14) << evp << std::setprecision(3) << muses / evp
                  << std::endl;
        json << (first ? "" : ", ") << "\"" << name << "\": {\"muses_MBps\": " << muses
             << ", \"evp_MBps\": " << evp << ", \"ratio\": " << muses / evp << "}";
        first = false;
    }
    json << ", \"payload_bytes\": " << size << ", \"packets_per_round\": " << packets
         << ", \"rounds\": " << rounds << "}";
    std::cout << json.str() << std::endl;
    return 0;
}
