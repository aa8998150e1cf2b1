/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cloak-record.h"

#include "ns3/abort.h"
#include "ns3/muses-byte-order.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

namespace
{
/// Signatures of records say what they sign: nothing else signed by the key can pass.
const char CONTEXT[] = "CLOAK record v1";
/// Largest expiry a Time holds exactly, in ms (Time counts nanoseconds in 64 bits).
const uint64_t MAX_EXPIRY_MS = INT64_MAX / 1000000;
} // namespace

void
CloakRecord::Sign(const MusesIdentity& id)
{
    NS_ABORT_MSG_IF(id.GetName() != name, "CloakRecord: signing another name's record");
    key.assign(id.GetPublicKey().begin(), id.GetPublicKey().end());
    std::vector<uint8_t> bytes = SignedBytes();
    MusesIdentity::Signature sig = id.Sign(bytes.data(), bytes.size());
    signature.assign(sig.begin(), sig.end());
}

CloakRecord::Check
CloakRecord::Verify() const
{
    if (key.empty() && signature.empty())
    {
        return UNSIGNED;
    }
    MusesIdentity::PublicKey pub;
    MusesIdentity::Signature sig;
    if (key.size() != pub.size() || signature.size() != sig.size())
    {
        return FORGED;
    }
    std::copy(key.begin(), key.end(), pub.begin());
    std::copy(signature.begin(), signature.end(), sig.begin());
    std::vector<uint8_t> bytes = SignedBytes();
    bool ok = MusesIdentity::NameOf(pub) == name &&
              MusesIdentity::Verify(pub, bytes.data(), bytes.size(), sig);
    return ok ? VALID : FORGED;
}

std::vector<uint8_t>
CloakRecord::SignedBytes() const
{
    // Everything but the signature, as on the wire, after the context string.
    Buffer buffer;
    buffer.AddAtStart(GetSerializedSize() - signature.size());
    Buffer::Iterator i = buffer.Begin();
    CloakRecord body = *this;
    body.signature.clear();
    body.Serialize(i);
    std::vector<uint8_t> bytes(CONTEXT, CONTEXT + sizeof(CONTEXT));
    bytes.insert(bytes.end(), buffer.PeekData(), buffer.PeekData() + buffer.GetSize());
    return bytes;
}

uint32_t
CloakRecord::GetSerializedSize() const
{
    return 8 + 4 + 8 + address.GetSerializedSize() + 1 + key.size() + 1 + signature.size();
}

void
CloakRecord::Serialize(Buffer::Iterator& i) const
{
    i.WriteHtonU64(name);
    i.WriteHtonU32(sequence);
    i.WriteHtonU64(std::max<int64_t>(expires.GetMilliSeconds(), 0));
    address.Serialize(i);
    i.WriteU8(key.size());
    i.Write(key.data(), key.size());
    i.WriteU8(signature.size());
    i.Write(signature.data(), signature.size());
}

uint32_t
CloakRecord::Deserialize(Buffer::Iterator& i, uint32_t available, CloakRecord& record)
{
    if (available < 20)
    {
        return 0;
    }
    CloakRecord r;
    r.name = i.ReadNtohU64();
    r.sequence = i.ReadNtohU32();
    uint64_t expires = i.ReadNtohU64();
    if (expires > MAX_EXPIRY_MS)
    {
        return 0; // beyond ns-3's Time: would read back as another value (malleable)
    }
    r.expires = MilliSeconds(expires);
    uint32_t used = 20;
    uint32_t address = HyperbolicAddress::Deserialize(i, available - used, r.address);
    if (address == 0)
    {
        return 0;
    }
    used += address;
    for (std::vector<uint8_t>* field : {&r.key, &r.signature})
    {
        if (available - used < 1)
        {
            return 0;
        }
        uint32_t size = i.ReadU8();
        ++used;
        if (available - used < size)
        {
            return 0;
        }
        field->resize(size);
        i.Read(field->data(), size);
        used += size;
    }
    bool sizes = (r.key.empty() && r.signature.empty()) ||
                 (r.key.size() == MusesIdentity::KEY_SIZE &&
                  r.signature.size() == MusesIdentity::SIGNATURE_SIZE);
    if (!sizes)
    {
        return 0;
    }
    record = r;
    return used;
}

} // namespace ns3
