#!/usr/bin/python3
"""Rewrites a classic pcap of raw IP packets (LINKTYPE_IPV4/IPV6/RAW) with a BSD loopback
header, as captured on macOS/BSD `lo0`: LINKTYPE_NULL (address family in the capturing
host's byte order, here little-endian) or LINKTYPE_LOOP (network byte order).

    pcap-relink.py IN.pcap OUT.pcap null|loop FAMILY

FAMILY is the AF_ value to write: 2 (AF_INET), 30 (AF_INET6 on Darwin), 24, 28, 10 …
"""
import struct
import sys

src, dst, kind, family = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = open(src, "rb").read()
magic = data[:4]
order = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
header = list(struct.unpack(order + "IHHiIII", data[:24]))
header[6] = 0 if kind == "null" else 108
prefix = struct.pack("<I" if kind == "null" else ">I", family)
out = bytearray(struct.pack(order + "IHHiIII", *header))
pos = 24
while pos + 16 <= len(data):
    ts, frac, incl, orig = struct.unpack(order + "IIII", data[pos:pos + 16])
    out += struct.pack(order + "IIII", ts, frac, incl + 4, orig + 4)
    out += prefix + data[pos + 16:pos + 16 + incl]
    pos += 16 + incl
open(dst, "wb").write(out)
