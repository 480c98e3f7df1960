#!/usr/bin/python3
"""Sends the Ethernet frames of a classic pcap out of an interface with VLAN tags inserted,
keeping the original spacing, so that a capture on the veth peer records tagged frames.

    vlan-replay.py IN.pcap IFACE

Odd frames get one IEEE 802.1Q tag (VID 100); even frames get an 802.1ad service tag
(VID 200) outside an 802.1Q tag (VID 100), as QinQ carries them. Run it only inside a
network namespace made for the purpose (make-vlan-fixture does): the frames go nowhere else.
"""
import socket
import struct
import sys
import time

src, iface = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
order = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
nanos = data[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
if struct.unpack(order + "I", data[20:24])[0] != 1:
    sys.exit("vlan-replay: %s is not an Ethernet capture" % src)

sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((iface, 0))
pos, number, start_wall, start_ts = 24, 0, None, None
while pos + 16 <= len(data):
    sec, frac, incl, _ = struct.unpack(order + "IIII", data[pos:pos + 16])
    frame = data[pos + 16:pos + 16 + incl]
    pos += 16 + incl
    number += 1
    ts = sec + frac / (1e9 if nanos else 1e6)
    if start_ts is None:
        start_ts, start_wall = ts, time.monotonic()
    delay = (ts - start_ts) - (time.monotonic() - start_wall)
    if delay > 0:
        time.sleep(delay)
    ctag = struct.pack(">HH", 0x8100, 100)
    tags = ctag if number % 2 else struct.pack(">HH", 0x88A8, 200) + ctag
    sock.send(frame[:12] + tags + frame[12:])
