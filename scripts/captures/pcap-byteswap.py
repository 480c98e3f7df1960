#!/usr/bin/python3
"""Rewrites a classic pcap file in the opposite byte order (as written on a big-endian host).

editcap always writes the host's byte order; this swaps the file header and each record
header so that readers' handling of swapped magic numbers is tested on real packets.
"""
import struct
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
magic = data[:4]
le = magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
i, o = ("<", ">") if le else (">", "<")
out = bytearray()
out += struct.pack(o + "IHHiIII", *struct.unpack(i + "IHHiIII", data[:24]))
pos = 24
while pos + 16 <= len(data):
    ts, frac, incl, orig = struct.unpack(i + "IIII", data[pos:pos + 16])
    out += struct.pack(o + "IIII", ts, frac, incl, orig)
    out += data[pos + 16:pos + 16 + incl]
    pos += 16 + incl
open(dst, "wb").write(out)
