-- SPDX-License-Identifier: GPL-2.0-only
--
-- Wireshark dissector for MUSEs (Mobile User Secured Session) as the ns-3 muses module
-- sends it over its StaticTransport: TCP port 7100, frames of a 2-byte length then the
-- bytes; the dialer's first frame is a hello ("MUSE" and its 8-byte name), every other
-- frame is one MUSEs packet: the 50-byte MUSEs header, then the ciphertext and the ICV
-- (opaque: the keys are not here). The CLOAK overlay's routing header will be added here
-- when the overlay exists.
--
-- Use: wireshark -X lua_script:utils/wireshark/muses.lua file.pcap
--      tshark -X lua_script:utils/wireshark/muses.lua -r file.pcap -Y muses

local muses = Proto("muses", "MUSEs (Mobile User Secured Session)")

local types = {
    [1] = "HELLO", [2] = "HELLO_REPLY", [3] = "FINISHED", [4] = "DATA", [5] = "ACK",
    [6] = "REHELLO", [7] = "REHELLO_REPLY", [8] = "CLOSE",
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

local ef_length = ProtoExpert.new("muses.bad_length", "Length field does not match the frame",
                                  expert.group.MALFORMED, expert.severity.ERROR)
local ef_short = ProtoExpert.new("muses.short", "Frame shorter than a MUSEs header",
                                 expert.group.MALFORMED, expert.severity.ERROR)
muses.experts = { ef_length, ef_short }

local HEADER = 50

local function dissect_pdu(tvb, pinfo, tree)
    local size = tvb:len()
    local body = size - 2
    pinfo.cols.protocol = "MUSEs"
    local t = tree:add(muses, tvb(0, size))
    t:add(f.frame_length, tvb(0, 2))
    if body == 12 and tvb(2, 4):string() == "MUSE" then
        t:add(f.hello_name, tvb(6, 8))
        t:append_text(", transport hello")
        pinfo.cols.info:append(" [MUSEs hello from " .. tostring(tvb(6, 8):uint64()) .. "]")
        return size
    end
    if body < HEADER then
        t:add_proto_expert_info(ef_short)
        return size
    end
    local h = tvb(2, HEADER)
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
    if body > HEADER then
        t:add(f.sealed, tvb(2 + HEADER, body - HEADER))
    end
    local name = types[type] or ("type " .. type)
    t:append_text(", " .. name .. ", SeqNBR " .. tostring(h(40, 8):uint64()))
    pinfo.cols.info:append(" [MUSEs " .. name .. " " .. tostring(h(40, 8):uint64()) .. "]")
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
