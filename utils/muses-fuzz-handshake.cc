/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// libFuzzer target: the handshake messages' bodies (HELLO, HELLO_REPLY, FINISHED, COOKIE) on
// hostile input, past the ICV. A body from the network is only read once its ICV holds, so
// random bytes would never reach the parsers: here the input is sealed for real under the keys
// the receiving end derives (what a holder of the pre-shared key could send), with in-band keys
// (X25519 shares, Ed25519 proofs), then handed to MusesHandshake as the session would.
//
// The first byte picks the message: a HELLO to a fresh responder; a HELLO_REPLY to a fresh
// initiator that has sent its HELLO; a FINISHED body to the responder of a completed
// handshake; a COOKIE body (not sealed) to a fresh initiator that has sent its HELLO.
// Properties: nothing crashes or reads beyond the bytes (ASan, UBSan); a body of the wrong
// size is refused; a HELLO_REPLY or FINISHED whose proof was not made by the peer's key is
// refused (the input cannot sign as Bob or Alice); a COOKIE is taken only with the echo of
// the HELLO's ICV.
//
// Build and run: make fuzz   (FUZZ_RUNS=n to change the number of inputs)

#include "ns3/muses-cipher.h"
#include "ns3/muses-handshake.h"
#include "ns3/muses-identity.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace ns3;

namespace
{

const uint64_t ALICE_PART = 0x1111000000000001ULL; //!< Alice's pSessID-a
const uint64_t BOB_PART = 0x2222000000000002ULL;   //!< Bob's pSessID-b

void
Require(bool ok, const char* what)
{
    if (!ok)
    {
        fprintf(stderr, "muses-fuzz-handshake: property violated: %s\n", what);
        abort();
    }
}

/// \return an identity made from a fixed seed \param fill the seed's bytes
Ptr<MusesIdentity>
MakeIdentity(uint8_t fill)
{
    std::array<uint8_t, MusesIdentity::KEY_SIZE> seed;
    seed.fill(fill);
    Ptr<MusesIdentity> id = CreateObject<MusesIdentity>();
    Require(id->SetSeed(seed), "identity from a seed");
    return id;
}

/// Alice, Bob, their keys, and one completed handshake between them.
struct Fixture
{
    std::vector<uint8_t> preShared = std::vector<uint8_t>(32, 0x42); //!< Both ends'
    Ptr<MusesIdentity> alice = MakeIdentity(1);                      //!< The initiator
    Ptr<MusesIdentity> bob = MakeIdentity(2);                        //!< The responder
    Ptr<Packet> lastSent;                                            //!< Latest transmit
    MusesHandshake done;                                             //!< Completed responder

    Fixture()
    {
        MusesHandshake initiator;
        initiator.Configure(Config(true));
        initiator.Connect(Header(MusesHeader::HELLO, 0));
        Ptr<Packet> hello = lastSent->Copy();
        MusesHeader header;
        hello->PeekHeader(header);
        done.Configure(Config(false));
        Require(done.OpenHello(hello, header) == MUSES_DROP_NONE &&
                    done.Respond(hello, Header(MusesHeader::HELLO_REPLY, BOB_PART)) ==
                        MUSES_DROP_NONE,
                "a genuine HELLO");
        Ptr<Packet> reply = lastSent->Copy();
        reply->PeekHeader(header);
        Require(initiator.Open(reply, header) == MUSES_DROP_NONE, "a genuine HELLO_REPLY");
        Require(initiator.Complete(reply) == MUSES_DROP_NONE, "taken");
        uint32_t window = 0;
        Require(done.TakeFinished(initiator.MakeFinished(65536), window) == MUSES_DROP_NONE &&
                    window == 65536,
                "a genuine FINISHED");
        initiator.Stop();
        done.Stop();
    }

    /// \param initiator which end \return its configuration
    MusesHandshake::Config Config(bool initiator)
    {
        MusesHandshake::Config c;
        c.localName = (initiator ? alice : bob)->GetName();
        c.peerName = (initiator ? bob : alice)->GetName();
        c.preShared = preShared;
        c.identity = initiator ? alice : bob;
        c.shareSeed.fill(initiator ? 3 : 4);
        c.partialId = initiator ? ALICE_PART : BOB_PART;
        c.drop = MakeCallback(&Fixture::Dropped, this);
        c.transmit = MakeCallback(&Fixture::Sent, this);
        return c;
    }

    /// \return a header from Alice to Bob \param type its type \param bobPart pSessID-b
    MusesHeader Header(MusesHeader::MessageType type, uint64_t bobPart) const
    {
        MusesHeader h;
        h.SetType(type);
        h.SetSourceId(type == MusesHeader::HELLO ? alice->GetName() : bob->GetName());
        h.SetDestinationId(type == MusesHeader::HELLO ? bob->GetName() : alice->GetName());
        h.SetSessionId({ALICE_PART, bobPart});
        return h;
    }

    /// \param packet sent by a handshake
    void Sent(Ptr<Packet> packet)
    {
        lastSent = packet;
    }

    /// A refusal. \param packet it \param reason why
    void Dropped(Ptr<const Packet> /* packet */, MusesDropReason /* reason */)
    {
    }

    /// \return the body sealed as a handshake message by the sending side's keys
    /// \param type HELLO or HELLO_REPLY \param body the plaintext body
    Ptr<Packet> Seal(MusesHeader::MessageType type, const uint8_t* body, size_t size)
    {
        bool hello = type == MusesHeader::HELLO;
        Ptr<MusesCipher> cipher = CreateObject<MusesCipher>();
        cipher->SetKeys(preShared,
                        {ALICE_PART, hello ? 0 : BOB_PART},
                        hello ? MusesCipher::INITIATOR : MusesCipher::RESPONDER);
        Ptr<Packet> packet = Create<Packet>(body, size);
        cipher->Seal(Header(type, hello ? 0 : BOB_PART), packet);
        return packet;
    }
};

Fixture&
GetFixture()
{
    static Fixture fixture;
    return fixture;
}

void
FuzzHello(Fixture& f, const uint8_t* body, size_t size)
{
    Ptr<Packet> hello = f.Seal(MusesHeader::HELLO, body, size);
    MusesHeader header;
    hello->PeekHeader(header);
    MusesHandshake responder;
    responder.Configure(f.Config(false));
    MusesDropReason r = responder.OpenHello(hello, header);
    if (r == MUSES_DROP_NONE)
    {
        r = responder.Respond(hello, f.Header(MusesHeader::HELLO_REPLY, BOB_PART));
    }
    size_t bare = MusesHandshake::TIMESTAMP_SIZE + MusesKeyShare::SIZE;
    Require(size == bare || size == bare + MusesHandshake::COOKIE_SIZE || r != MUSES_DROP_NONE,
            "a HELLO of the wrong size");
    if (r == MUSES_DROP_NONE)
    {
        Require(responder.GetPeerHello().cookie.size() == size - bare, "its cookie, if any");
    }
    responder.Stop();
}

void
FuzzCookie(Fixture& f, const uint8_t* body, size_t size)
{
    MusesHandshake initiator;
    initiator.Configure(f.Config(true));
    initiator.Connect(f.Header(MusesHeader::HELLO, 0));
    Ptr<Packet> hello = f.lastSent;
    std::vector<uint8_t> sealed(hello->GetSize());
    hello->CopyData(sealed.data(), sealed.size());
    bool echoes = size == MusesHandshake::COOKIE_SIZE + MusesHandshake::ECHO_SIZE &&
                  std::equal(body + MusesHandshake::COOKIE_SIZE,
                             body + size,
                             sealed.end() - MusesHandshake::ECHO_SIZE);
    MusesDropReason r = initiator.TakeCookie(Create<Packet>(body, size));
    Require((r == MUSES_DROP_NONE) == echoes, "a COOKIE taken only with the HELLO's echo");
    initiator.Stop();
}

void
FuzzHelloReply(Fixture& f, const uint8_t* body, size_t size)
{
    MusesHandshake initiator;
    initiator.Configure(f.Config(true));
    initiator.Connect(f.Header(MusesHeader::HELLO, 0));
    Ptr<Packet> reply = f.Seal(MusesHeader::HELLO_REPLY, body, size);
    MusesHeader header;
    reply->PeekHeader(header);
    if (initiator.Open(reply, header) == MUSES_DROP_NONE)
    {
        // The input cannot sign as Bob: its proof never holds.
        Require(initiator.Complete(reply) != MUSES_DROP_NONE, "a HELLO_REPLY Bob did not sign");
    }
    initiator.Stop();
}

void
FuzzFinished(Fixture& f, const uint8_t* body, size_t size)
{
    uint32_t window = 0;
    MusesDropReason r = f.done.TakeFinished(Create<Packet>(body, size), window);
    Require(r != MUSES_DROP_NONE, "a FINISHED Alice did not sign");
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1 || size > 4096)
    {
        return 0;
    }
    static uint64_t inputs = 0;
    Fixture& f = GetFixture();
    switch (data[0] % 4)
    {
    case 0:
        FuzzHello(f, data + 1, size - 1);
        break;
    case 1:
        FuzzHelloReply(f, data + 1, size - 1);
        break;
    case 2:
        FuzzCookie(f, data + 1, size - 1);
        break;
    default:
        FuzzFinished(f, data + 1, size - 1);
        break;
    }
    // The handshakes' cancelled timers stay queued until their time: run past them now and
    // then, so the queue does not grow with the number of inputs.
    if (++inputs % 1000 == 0)
    {
        Simulator::Stop(Seconds(3600));
        Simulator::Run();
    }
    return 0;
}
