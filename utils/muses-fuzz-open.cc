/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: MusesHeader parsing, MusesCipher::Open and ReplayWindow on hostile input.
//
// Two kinds of input, chosen by the first byte:
//  - raw: the bytes are a received packet; parsing and opening must not crash, whatever
//    they are (ASan and UBSan watch memory and undefined behaviour);
//  - sealed: the bytes are a payload, sealed for real by one of the three suites, then
//    optionally damaged (bit flip, cut, extension) as the second byte says; the damaged
//    packet must be refused and the intact one accepted with the same payload.
// A violated property aborts, which libFuzzer reports as a finding.
//
// Build and run: make fuzz   (FUZZ_RUNS=n to change the number of inputs)

#include "ns3/enum.h"
#include "ns3/muses-cipher.h"
#include "ns3/replay-window.h"

#include <cstdlib>
#include <cstring>
#include <vector>

using namespace ns3;

namespace
{

/// A keyed pair of ciphers per suite, kept across inputs (as a long-lived session is).
struct Session
{
    Ptr<MusesCipher> alice;
    Ptr<MusesCipher> bob;
    ReplayWindow window;
    uint64_t nextSeq{1};
};

Session&
GetSession(uint8_t which)
{
    static Session sessions[3];
    Session& s = sessions[which % 3];
    if (!s.alice)
    {
        std::vector<uint8_t> secret(32, 0x42);
        MusesSessionId id{0x1111, 0x2222};
        s.alice = CreateObject<MusesCipher>();
        s.bob = CreateObject<MusesCipher>();
        s.alice->SetAttribute("CipherSuite", EnumValue(MusesAead::ALL_SUITES[which % 3]));
        s.bob->SetAttribute("CipherSuite", EnumValue(MusesAead::ALL_SUITES[which % 3]));
        s.alice->SetKeys(secret, id, MusesCipher::INITIATOR);
        s.bob->SetKeys(secret, id, MusesCipher::RESPONDER);
    }
    return s;
}

void
Require(bool ok, const char* what)
{
    if (!ok)
    {
        fprintf(stderr, "muses-fuzz-open: property violated: %s\n", what);
        abort();
    }
}

void
FuzzRaw(Session& s, const uint8_t* data, size_t size)
{
    Ptr<Packet> packet = Create<Packet>(data, size);
    MusesHeader header;
    packet->PeekHeader(header);
    if (s.bob->Open(packet, header) == MUSES_DROP_NONE)
    {
        // Only a packet Alice really sealed can get here; the window refuses it twice.
        if (s.window.Check(header.GetSeq()) == MUSES_DROP_NONE)
        {
            s.window.Accept(header.GetSeq());
        }
    }
    // The replay window on arbitrary 64-bit numbers from the input.
    for (size_t i = 0; i + 8 <= size && i < 64; i += 8)
    {
        uint64_t seq;
        std::memcpy(&seq, data + i, 8);
        if (s.window.Check(seq) == MUSES_DROP_NONE)
        {
            s.window.Accept(seq);
            Require(s.window.Check(seq) == MUSES_DROP_REPLAYED, "accepted SeqNBR not refused");
        }
    }
}

void
FuzzSealed(Session& s, uint8_t damage, const uint8_t* data, size_t size)
{
    size = std::min<size_t>(size, 4096);
    MusesHeader header;
    header.SetType(MusesHeader::DATA);
    header.SetSeq(s.nextSeq++);
    header.SetSourcePort(damage);
    Ptr<Packet> sealed = Create<Packet>(data, size);
    s.alice->Seal(header, sealed);
    std::vector<uint8_t> wire(sealed->GetSize());
    sealed->CopyData(wire.data(), wire.size());
    std::vector<uint8_t> bad = wire;
    uint32_t where = size ? data[0] | (size > 1 ? data[1] << 8 : 0) : damage;
    switch (damage % 4)
    {
    case 0:
        break; // intact
    case 1:
        bad[where % bad.size()] ^= uint8_t(1 << (damage / 4 % 8));
        break;
    case 2:
        bad.resize(where % bad.size());
        break;
    case 3:
        bad.resize(bad.size() + 1 + where % 64, damage);
        break;
    }
    MusesHeader got;
    Ptr<Packet> packet = Create<Packet>(bad.data(), bad.size());
    MusesDropReason r = s.bob->Open(packet, got);
    std::vector<uint8_t> back(packet->GetSize());
    packet->CopyData(back.data(), back.size());
    if (damage % 4 == 0)
    {
        Require(r == MUSES_DROP_NONE, "intact packet refused");
        Require(back.size() == size && (size == 0 || std::memcmp(back.data(), data, size) == 0),
                "payload changed");
    }
    else
    {
        Require(r != MUSES_DROP_NONE, "damaged packet accepted");
        Require(back == bad, "a refused packet was changed");
    }
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
    {
        return 0;
    }
    Session& s = GetSession(data[0] >> 2);
    if ((data[0] & 3) == 0)
    {
        FuzzRaw(s, data + 1, size - 1);
    }
    else
    {
        FuzzSealed(s, data[1], data + 2, size - 2);
    }
    return 0;
}
