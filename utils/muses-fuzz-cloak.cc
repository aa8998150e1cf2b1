/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: CLOAK's parsers on hostile input. Nothing CLOAK reads is authenticated
// (any overlay peer, or anyone who opens a TCP connection to the overlay port, can send it),
// so every parser must refuse what it cannot read and never read beyond the bytes.
//
// The first byte picks the parser: the CloakHeader, a CloakRecord (then its signature is
// checked), or one of the message bodies (JOIN, JOIN_REDIRECT, KEEPALIVE, DHT_PUT, DHT_GET,
// DHT_REPLY) through ReadCloakBody. Whatever a parser accepts must be written back to the
// very bytes it read (one wire form per value: nothing malleable) and read back equal.
// A violated property aborts, which libFuzzer reports as a finding.
//
// Build and run: make fuzz   (FUZZ_RUNS=n to change the number of inputs)

#include "ns3/cloak-header.h"
#include "ns3/cloak-messages.h"
#include "ns3/cloak-record.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace ns3;

namespace
{

void
Require(bool ok, const char* what)
{
    if (!ok)
    {
        fprintf(stderr, "muses-fuzz-cloak: property violated: %s\n", what);
        abort();
    }
}

/// \return the bytes of a packet
std::vector<uint8_t>
BytesOf(Ptr<const Packet> packet)
{
    std::vector<uint8_t> bytes(packet->GetSize());
    packet->CopyData(bytes.data(), bytes.size());
    return bytes;
}

void
FuzzHeader(const uint8_t* data, size_t size)
{
    Ptr<Packet> packet = Create<Packet>(data, size);
    CloakHeader header;
    uint32_t read = packet->PeekHeader(header);
    if (read == 0)
    {
        return;
    }
    Require(read <= size && read == header.GetSerializedSize(), "header size");
    Ptr<Packet> back = Create<Packet>();
    back->AddHeader(header);
    Require(BytesOf(back) == std::vector<uint8_t>(data, data + read), "header rewritten");
}

void
FuzzRecord(const uint8_t* data, size_t size)
{
    Buffer buffer;
    buffer.AddAtStart(size);
    buffer.Begin().Write(data, size);
    Buffer::Iterator i = buffer.Begin();
    CloakRecord record;
    uint32_t read = CloakRecord::Deserialize(i, size, record);
    if (read == 0)
    {
        return;
    }
    Require(read <= size && read == record.GetSerializedSize(), "record size");
    Buffer out;
    out.AddAtStart(read);
    Buffer::Iterator o = out.Begin();
    record.Serialize(o);
    std::vector<uint8_t> written(read);
    out.CopyData(written.data(), read);
    Require(written == std::vector<uint8_t>(data, data + read), "record rewritten");
    record.Verify(); // any key and signature: refused or valid, never a crash
}

/// Read a body as T; what is accepted is written back to the same bytes.
template <typename T>
void
FuzzBody(const uint8_t* data, size_t size)
{
    T body;
    if (!ReadCloakBody(Create<Packet>(data, size), body))
    {
        return;
    }
    Require(BytesOf(MakeCloakBody(body)) == std::vector<uint8_t>(data, data + size),
            "body rewritten");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
    {
        return 0;
    }
    const uint8_t* rest = data + 1;
    size_t restSize = size - 1;
    switch (data[0] % 8)
    {
    case 0:
        FuzzHeader(rest, restSize);
        break;
    case 1:
        FuzzRecord(rest, restSize);
        break;
    case 2:
        FuzzBody<CloakJoinHeader>(rest, restSize);
        break;
    case 3:
        FuzzBody<CloakRedirectHeader>(rest, restSize);
        break;
    case 4:
        FuzzBody<CloakKeepaliveHeader>(rest, restSize);
        break;
    case 5:
        FuzzBody<CloakPutHeader>(rest, restSize);
        break;
    case 6:
        FuzzBody<CloakGetHeader>(rest, restSize);
        break;
    default:
        FuzzBody<CloakReplyHeader>(rest, restSize);
        break;
    }
    return 0;
}
