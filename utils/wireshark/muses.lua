-- SPDX-License-Identifier: GPL-2.0-only
--
-- Wireshark dissectors for what the ns-3 muses module sends:
-- - MUSEs (Mobile User Secured Session) over StaticTransport: TCP port 7100, frames of a
--   2-byte length then the bytes; the dialer's first frame is a hello ("MUSE" and its 8-byte
--   name), every other frame is one MUSEs packet: the 50-byte MUSEs header, then the
--   ciphertext and the ICV (opaque: the keys are not here).
-- - CLOAK, the overlay: TCP port 7200 between neighbours, the same framing; each frame is a
--   CLOAK header (version, type, flags, TTL, names, tree addresses as degree, depth and
--   the slot at each level, or a DHT key replica) and its payload. A DATA payload is a MUSEs
--   packet, dissected as above.
--
-- Use: wireshark -X lua_script:utils/wireshark/muses.lua file.pcap
--      tshark -X lua_script:utils/wireshark/muses.lua -r file.pcap -Y 'muses || cloak'

local muses = Proto("muses", "MUSEs (Mobile User Secured Session)")

local types = {
    [1] = "HELLO", [2] = "HELLO_REPLY", [3] = "FINISHED", [4] = "DATA", [5] = "ACK",
    [6] = "REHELLO", [7] = "REHELLO_REPLY", [8] = "CLOSE", [9] = "COOKIE",
}
local contypes = { [0] = "STREAM", [1] = "DATAGRAM" }

local f = muses.fields
f.frame_length = ProtoField.uint16("muses.frame_length", "Frame length", base.DEC)
f.hello_name = ProtoField.uint64("muses.hello.name", "Dialer's name", base.HEX)
f.version = ProtoField.uint8("muses.version", "Version", base.DEC)
f.type = ProtoField.uint8("muses.type", "Type", base.DEC, types)
f.flags = ProtoField.uint8("muses.flags", "Flags", base.HEX)
f.flag_last = ProtoField.bool("muses.flags.last", "LAST", 8, nil, 0x01)
f.contype = ProtoField.uint8("muses.contype", "ConTYPE", base.DEC, contypes)
f.src_id = ProtoField.uint64("muses.src_id", "SrcID", base.HEX)
f.dst_id = ProtoField.uint64("muses.dst_id", "DstID", base.HEX)
f.sess_a = ProtoField.uint64("muses.sessid.a", "SessID: pSessID-a", base.HEX)
f.sess_b = ProtoField.uint64("muses.sessid.b", "SessID: pSessID-b", base.HEX)
f.src_port = ProtoField.uint16("muses.src_port", "Source port", base.DEC)
f.dst_port = ProtoField.uint16("muses.dst_port", "Destination port", base.DEC)
f.seq = ProtoField.uint64("muses.seq", "SeqNBR", base.DEC)
f.length = ProtoField.uint16("muses.length", "Length (ciphertext and ICV)", base.DEC)
f.sealed = ProtoField.bytes("muses.sealed", "Ciphertext and ICV")
f.cookie = ProtoField.bytes("muses.cookie", "Cookie")
f.echo = ProtoField.bytes("muses.echo", "Echo of the HELLO's ICV")

local ef_length = ProtoExpert.new("muses.bad_length", "Length field does not match the frame",
                                  expert.group.MALFORMED, expert.severity.ERROR)
local ef_short = ProtoExpert.new("muses.short", "Frame shorter than a MUSEs header",
                                 expert.group.MALFORMED, expert.severity.ERROR)
muses.experts = { ef_length, ef_short }

local HEADER = 50

-- One MUSEs packet (header, sealed body) in tvb; t is the tree item to fill.
local function dissect_muses(tvb, pinfo, t)
    local body = tvb:len()
    pinfo.cols.protocol = "MUSEs"
    if body < HEADER then
        t:add_proto_expert_info(ef_short)
        return
    end
    local h = tvb(0, HEADER)
    local type = h(1, 1):uint()
    t:add(f.version, h(0, 1))
    t:add(f.type, h(1, 1))
    local flags = t:add(f.flags, h(2, 1))
    flags:add(f.flag_last, h(2, 1))
    t:add(f.contype, h(3, 1))
    t:add(f.src_id, h(4, 8))
    t:add(f.dst_id, h(12, 8))
    t:add(f.sess_a, h(20, 8))
    t:add(f.sess_b, h(28, 8))
    t:add(f.src_port, h(36, 2))
    t:add(f.dst_port, h(38, 2))
    t:add(f.seq, h(40, 8))
    local length = t:add(f.length, h(48, 2))
    if h(48, 2):uint() ~= body - HEADER then
        length:add_proto_expert_info(ef_length)
    end
    if type == 9 and body == HEADER + 32 then
        t:add(f.cookie, tvb(HEADER, 16)) -- COOKIE is not sealed
        t:add(f.echo, tvb(HEADER + 16, 16))
    elseif body > HEADER then
        t:add(f.sealed, tvb(HEADER, body - HEADER))
    end
    local name = types[type] or ("type " .. type)
    t:append_text(", " .. name .. ", SeqNBR " .. tostring(h(40, 8):uint64()))
    pinfo.cols.info:append(" [MUSEs " .. name .. " " .. tostring(h(40, 8):uint64()) .. "]")
end

-- One StaticTransport frame: a hello or a MUSEs packet.
local function dissect_pdu(tvb, pinfo, tree)
    local size = tvb:len()
    local t = tree:add(muses, tvb(0, size))
    t:add(f.frame_length, tvb(0, 2))
    if size - 2 == 12 and tvb(2, 4):string() == "MUSE" then
        pinfo.cols.protocol = "MUSEs"
        t:add(f.hello_name, tvb(6, 8))
        t:append_text(", transport hello")
        pinfo.cols.info:append(" [MUSEs hello from " .. tostring(tvb(6, 8):uint64()) .. "]")
        return size
    end
    if size > 2 then
        dissect_muses(tvb(2, size - 2):tvb(), pinfo, t)
    else
        t:add_proto_expert_info(ef_short)
    end
    return size
end

local function pdu_length(tvb, pinfo, offset)
    return 2 + tvb(offset, 2):uint()
end

function muses.dissector(tvb, pinfo, tree)
    dissect_tcp_pdus(tvb, tree, 2, pdu_length, dissect_pdu, true)
    return tvb:len()
end

DissectorTable.get("tcp.port"):add(7100, muses)

-- CLOAK ---------------------------------------------------------------------------------

local cloak = Proto("cloak", "CLOAK overlay")

local ctypes = {
    [1] = "DATA", [2] = "JOIN", [3] = "JOIN_ACCEPT", [4] = "JOIN_REDIRECT", [5] = "KEEPALIVE",
    [6] = "LEAVE", [7] = "DHT_PUT", [8] = "DHT_GET", [9] = "DHT_REPLY",
}

local c = cloak.fields
c.frame_length = ProtoField.uint16("cloak.frame_length", "Frame length", base.DEC)
c.version = ProtoField.uint8("cloak.version", "Version", base.DEC)
c.type = ProtoField.uint8("cloak.type", "Type", base.DEC, ctypes)
c.flags = ProtoField.uint8("cloak.flags", "Flags", base.HEX)
c.flag_key = ProtoField.bool("cloak.flags.key", "KEY_DESTINATION", 8, nil, 0x01)
c.flag_urgent = ProtoField.bool("cloak.flags.urgent", "URGENT", 8, nil, 0x02)
c.ttl = ProtoField.uint8("cloak.ttl", "TTL", base.DEC)
c.src_name = ProtoField.uint64("cloak.src_name", "Source name", base.HEX)
c.dst_name = ProtoField.uint64("cloak.dst_name", "Destination name", base.HEX)
c.src_address = ProtoField.string("cloak.src_address", "Source address")
c.dst_address = ProtoField.string("cloak.dst_address", "Destination address")
c.replica = ProtoField.uint8("cloak.replica", "Key replica", base.DEC)
c.length = ProtoField.uint16("cloak.length", "Payload length", base.DEC)
c.payload = ProtoField.bytes("cloak.payload", "Payload")
local path_types = { [0xf0] = "PATH_CHALLENGE", [0xf1] = "PATH_RESPONSE" }
c.path_type = ProtoField.uint8("cloak.path.type", "Path frame", base.HEX, path_types)
c.path_token = ProtoField.uint64("cloak.path.token", "Token", base.HEX)

local ef_cshort = ProtoExpert.new("cloak.short", "Frame shorter than its CLOAK header",
                                  expert.group.MALFORMED, expert.severity.ERROR)
local ef_clength = ProtoExpert.new("cloak.bad_length", "Length field does not match the frame",
                                   expert.group.MALFORMED, expert.severity.ERROR)
cloak.experts = { ef_cshort, ef_clength }

-- A tree address at offset o: degree, depth, slots. Returns its text and size, or nil.
local function tree_address(tvb, o)
    if tvb:len() < o + 2 then
        return nil
    end
    local degree, depth = tvb(o, 1):uint(), tvb(o + 1, 1):uint()
    if tvb:len() < o + 2 + depth then
        return nil
    end
    local text = "q=" .. degree .. " /"
    for i = 0, depth - 1 do
        text = text .. (i > 0 and "/" or "") .. tvb(o + 2 + i, 1):uint()
    end
    return text, 2 + depth
end

local function dissect_cloak_pdu(tvb, pinfo, tree)
    local size = tvb:len()
    local t = tree:add(cloak, tvb(0, size))
    t:add(c.frame_length, tvb(0, 2))
    pinfo.cols.protocol = "CLOAK"
    local h = tvb(2, size - 2):tvb()
    if h:len() < 22 then
        t:add_proto_expert_info(ef_cshort)
        return size
    end
    local type, flags = h(1, 1):uint(), h(2, 1):uint()
    t:add(c.version, h(0, 1))
    t:add(c.type, h(1, 1))
    local cflags = t:add(c.flags, h(2, 1))
    cflags:add(c.flag_key, h(2, 1))
    cflags:add(c.flag_urgent, h(2, 1))
    t:add(c.ttl, h(3, 1))
    t:add(c.src_name, h(4, 8))
    t:add(c.dst_name, h(12, 8))
    local text, used = tree_address(h, 20)
    if not text then
        t:add_proto_expert_info(ef_cshort)
        return size
    end
    t:add(c.src_address, h(20, used), text)
    local o = 20 + used
    if bit.band(flags, 1) == 1 then
        if h:len() < o + 1 then
            t:add_proto_expert_info(ef_cshort)
            return size
        end
        t:add(c.replica, h(o, 1))
        o = o + 1
    else
        text, used = tree_address(h, o)
        if not text then
            t:add_proto_expert_info(ef_cshort)
            return size
        end
        t:add(c.dst_address, h(o, used), text)
        o = o + used
    end
    if h:len() < o + 2 then
        t:add_proto_expert_info(ef_cshort)
        return size
    end
    local length = t:add(c.length, h(o, 2))
    local payload = h:len() - o - 2
    if h(o, 2):uint() ~= payload then
        length:add_proto_expert_info(ef_clength)
        return size
    end
    local name = ctypes[type] or ("type " .. type)
    t:append_text(", " .. name .. ", TTL " .. h(3, 1):uint())
    pinfo.cols.info:append(" [CLOAK " .. name .. "]")
    if payload > 0 then
        local first = h(o + 2, 1):uint()
        if type == 1 and payload == 9 and path_types[first] then
            -- CloakTransport's path validation: a challenge or its echo, not MUSEs
            t:add(c.path_type, h(o + 2, 1))
            t:add(c.path_token, h(o + 3, 8))
            pinfo.cols.info:append(" [" .. path_types[first] .. "]")
        elseif type == 1 then
            dissect_muses(h(o + 2, payload):tvb(), pinfo, t:add(muses, h(o + 2, payload)))
        else
            t:add(c.payload, h(o + 2, payload))
        end
    end
    return size
end

function cloak.dissector(tvb, pinfo, tree)
    dissect_tcp_pdus(tvb, tree, 2, pdu_length, dissect_cloak_pdu, true)
    return tvb:len()
end

DissectorTable.get("tcp.port"):add(7200, cloak)
