#!/usr/bin/env python3
"""Writes the seed inputs of one libFuzzer target into a directory (scripts/fuzz calls this).

  Fuzz/seeds.py TARGET OUTDIR [--dict FILE]

Seeds are generated from the repository at run time, never committed:
- sdp: the SDP files of Corpus/ and the test fixtures;
- check, diff: two descriptions concatenated (offer + answer, or two descriptions of one
  session), from Corpus/pairs and the Negotiation/SDPDiff fixtures;
- capture: the captures of Tests/CaptureTests/Fixtures, whole and cut after a few packets;
- stun, dtls, rtp, rtcp, srtcp: the UDP payloads of those captures (read with tshark),
  classified by their first byte (RFC 7983), as FuzzInput.datagrams records
  ([direction bit + 15-bit length][payload], big-endian);
- channeldata: the captured ChannelData datagrams, and the other payloads wrapped in
  ChannelData messages (unpadded and padded);
- rfc4571: the captured TCP connections (ICE-TCP, TURN over TCP), and streams of the UDP
  payloads RFC 4571-framed and TURN-over-TCP framed.
With --dict, also a libFuzzer dictionary: for the SDP targets the line keys, attribute names
and tokens that recur in the corpus; for the binary ones the protocols' magic values.
"""
import hashlib
import os
import pathlib
import struct
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "Tests/CaptureTests/Fixtures"
SDP_DIRS = ["Corpus", "Tests/SDPTests/Fixtures", "Tests/SDPCheckTests/Fixtures", "Tests/NegotiationTests/Fixtures",
            "Tests/SDPDiffTests/Fixtures", "Tests/CaptureTests/Fixtures", "Tests/AnswererProfilesTests/Fixtures"]
PER_FILE = 16          # datagrams per multi-datagram seed
MAX_SEEDS = 400        # per target


def write(out, data):
    name = hashlib.sha1(data).hexdigest()
    (out / name).write_bytes(data)


def sdp_files():
    for d in SDP_DIRS:
        base = ROOT / d
        if base.is_dir():
            yield from sorted(p for p in base.rglob("*.sdp") if p.is_file())


def pairs():
    """(first, second) description pairs: offer/answer and successive descriptions."""
    by_dir = {}
    for p in sdp_files():
        by_dir.setdefault(p.parent, []).append(p)
    for directory, files in by_dir.items():
        names = {p.name: p for p in files}
        for p in files:
            if ".offer" in p.name:
                for other in (p.name.replace(".offer", ".answer"), p.name.replace(".offer1", ".offer2"),
                              p.name.replace("offer", "answer")):
                    if other != p.name and other in names:
                        yield p, names[other]
            elif p.name.endswith("offer.sdp"):
                other = p.name[: -len("offer.sdp")] + "answer.sdp"
                if other in names:
                    yield p, names[other]


def datagrams():
    """(capture, [(sender, payload)]) for every fixture capture, via tshark."""
    for capture in sorted(CAPTURES.glob("*.pcap*")):
        try:
            out = subprocess.run(["tshark", "-r", str(capture), "-Y", "udp", "-T", "fields", "-e", "ip.src",
                                  "-e", "ipv6.src", "-e", "udp.srcport", "-e", "udp.payload"],
                                 capture_output=True, text=True, timeout=120).stdout
        except (OSError, subprocess.SubprocessError):
            return
        rows = []
        for line in out.splitlines():
            fields = line.split("\t")
            if len(fields) < 4 or not fields[3]:
                continue
            rows.append(((fields[0] or fields[1], fields[2]), bytes.fromhex(fields[3].replace(":", ""))))
        yield capture, rows


KINDS = {
    "stun": lambda b: b[0] <= 3,
    "dtls": lambda b: 20 <= b[0] <= 63,
    "channeldata": lambda b: 64 <= b[0] <= 79,
    "rtp": lambda b: 128 <= b[0] <= 191 and len(b) > 1 and not 192 <= b[1] <= 223,
    "rtcp": lambda b: 128 <= b[0] <= 191 and len(b) > 1 and 192 <= b[1] <= 223,
}
KINDS["srtcp"] = KINDS["rtcp"]


def encode(records):
    out = bytearray()
    for reverse, payload in records:
        payload = payload[:0x7FFF]
        out += struct.pack(">H", (0x8000 if reverse else 0) | len(payload)) + payload
    return bytes(out)


def datagram_seeds(kind):
    match = KINDS[kind]
    for _, rows in datagrams():
        chosen = [(sender, payload) for sender, payload in rows if payload and match(payload)]
        if not chosen:
            continue
        first = chosen[0][0]
        records = [(sender != first, payload) for sender, payload in chosen]
        # Runs of consecutive datagrams (handshakes, transactions, sequence numbers), then
        # single datagrams spread over the capture.
        for start in range(0, min(len(records), PER_FILE * 8), PER_FILE):
            yield encode(records[start:start + PER_FILE])
        step = max(1, len(records) // 24)
        for r in records[::step]:
            yield encode([r])


def wrapped_datagrams():
    """Captured datagrams of every kind, a few per capture, in capture order."""
    for _, rows in datagrams():
        kinds = {}
        for _, payload in rows:
            kind = next((k for k in ("stun", "dtls", "rtp", "rtcp") if payload and KINDS[k](payload)), None)
            if kind and kinds.get(kind, 0) < 6:
                kinds[kind] = kinds.get(kind, 0) + 1
                yield payload


def channel_data(payload, padded):
    message = struct.pack(">HH", 0x4000, len(payload)) + payload
    return message + b"\0" * ((-len(payload)) % 4 if padded else 0)


def tcp_streams():
    """The payload bytes of every TCP connection direction in the fixture captures, via tshark."""
    for capture in sorted(CAPTURES.glob("*.pcap*")):
        try:
            out = subprocess.run(["tshark", "-r", str(capture), "-Y", "tcp.len > 0", "-T", "fields", "-e", "tcp.stream",
                                  "-e", "tcp.srcport", "-e", "tcp.payload"],
                                 capture_output=True, text=True, timeout=120).stdout
        except (OSError, subprocess.SubprocessError):
            return
        streams = {}
        for line in out.splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and fields[2]:
                streams.setdefault((fields[0], fields[1]), bytearray()).extend(bytes.fromhex(fields[2].replace(":", "")))
        yield from (bytes(b) for b in streams.values())


def channeldata_seeds():
    for _, rows in datagrams():
        real = [(i % 2 == 1, p) for i, (_, p) in enumerate(rows) if p and KINDS["channeldata"](p)]
        for start in range(0, min(len(real), 64), 4):
            yield encode(real[start:start + 4])
    payloads = list(wrapped_datagrams())
    for i in range(0, len(payloads), 4):
        group = payloads[i:i + 4]
        yield encode([(False, channel_data(p, False)) for p in group])
        yield encode([(True, channel_data(p, True)) for p in group])


def stream_seeds():
    """TCP streams: RFC 4571-framed datagrams, and TURN-over-TCP STUN + ChannelData messages;
    the first byte picks the segment size the fuzz target replays the stream in."""
    for i, stream in enumerate(tcp_streams()):
        # The captured connections (ICE-TCP, TURN over TCP), from their start and from a later frame.
        yield bytes([i % 16]) + stream[:4000]
        yield bytes([(i + 3) % 16]) + stream[len(stream) // 2:][:4000]
    payloads = list(wrapped_datagrams())
    for i in range(0, len(payloads), 6):
        group = payloads[i:i + 6]
        yield bytes([i % 16]) + b"".join(struct.pack(">H", len(p)) + p for p in group)
        yield bytes([(i + 7) % 16]) + b"".join(p if p[0] <= 3 else channel_data(p, True) for p in group)


def cut_capture(data, packets):
    """The capture's headers and its first `packets` packets."""
    if len(data) < 24:
        return data
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        endian = "<" if magic[0] in (0xD4, 0x4D) else ">"
        offset = 24
        for _ in range(packets):
            if offset + 16 > len(data):
                break
            offset += 16 + struct.unpack(endian + "I", data[offset + 8:offset + 12])[0]
        return data[:offset]
    if magic == b"\x0a\x0d\x0d\x0a":
        endian = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
        offset, seen, out = 0, 0, bytearray()
        while offset + 12 <= len(data) and seen < packets:
            block_type, length = struct.unpack(endian + "II", data[offset:offset + 8])
            if length < 12 or offset + length > len(data):
                break
            if block_type in (2, 3, 6):
                seen += 1
            out += data[offset:offset + length]
            offset += length
        return bytes(out)
    return data


def quote(token):
    return '"' + "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else "\\x%02X" % b for b in token) + '"'


# Values the decoders branch on, which random mutation rarely hits.
BINARY_DICT = {
    "stun": [b"\x21\x12\xa4\x42", b"\x00\x01", b"\x01\x01", b"\x01\x11", b"\x00\x03", b"\x00\x06\x00",
             b"\x00\x08\x00\x14", b"\x80\x28\x00\x04", b"\x00\x20\x00\x08", b"\x00\x24\x00\x04",
             b"\x80\x29\x00\x08", b"\x80\x2a\x00\x08", b"\x00\x25\x00\x00", b"\x00\x09", b"\x00\x1c\x00\x20",
             b"\x00\x12", b"\x00\x16", b"\x00\x0c\x00\x04"],
    "dtls": [b"\x16\xfe\xfd", b"\x16\xfe\xff", b"\x14\xfe\xfd", b"\x15\xfe\xfd", b"\x17\xfe\xfd", b"\x00\x0e",
             b"\x00\x0e\x00", b"\xc0\x2b", b"\x00\x01\x00\x00", b"\x30\x82", b"\x02\x28"],
    "rtp": [b"\xbe\xde", b"\x10\x00", b"\x90", b"\xa0", b"\x80\x60", b"\x80\x00"],
    "rtcp": [b"\x80\xc8\x00\x06", b"\x81\xc9\x00\x07", b"\x81\xca", b"\x81\xcb", b"\x8f\xce", b"\x81\xcd",
             b"\x8f\xcd", b"\x81\xcf"],
    "capture": [b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1", b"\x0a\x0d\x0d\x0a", b"\x4d\x3c\x2b\x1a",
                b"\x01\x00\x00\x00", b"\x06\x00\x00\x00", b"\x03\x00\x00\x00", b"\x08\x00\x45\x00",
                b"\x86\xdd", b"\x81\x00", b"\x11", b"\x09\x00\x01\x00", b"\x20\x00", b"\x40\x00"],
}
BINARY_DICT["srtcp"] = BINARY_DICT["rtcp"]
BINARY_DICT["channeldata"] = [b"\x40\x00", b"\x4f\xff", b"\x40\x01"] + BINARY_DICT["rtp"][:2]
BINARY_DICT["rfc4571"] = BINARY_DICT["channeldata"] + BINARY_DICT["stun"][:3] + BINARY_DICT["dtls"][:2]
BINARY_DICT["capture"] += BINARY_DICT["stun"][:3] + BINARY_DICT["dtls"][:2] + BINARY_DICT["rtcp"][:2]


def sdp_dictionary():
    """Line keys, attribute names and tokens found in at least three corpus descriptions."""
    counts = {}
    for p in sdp_files():
        tokens = set()
        for line in p.read_bytes().splitlines():
            if len(line) < 2 or line[1:2] != b"=":
                continue
            tokens.add(line[:2])
            if line.startswith(b"a="):
                tokens.add(line.split(b":", 1)[0] + (b":" if b":" in line else b""))
            for word in line[2:].replace(b":", b" ").replace(b";", b" ").replace(b"=", b" ").split():
                if 2 < len(word) <= 32:
                    tokens.add(word)
        for t in tokens:
            counts[t] = counts.get(t, 0) + 1
    common = sorted((t for t, n in counts.items() if n >= 3), key=lambda t: (-counts[t], t))
    return common[:600] + [b"\r\n", b"\nv=0\r\n"]


def main():
    target, out = sys.argv[1], pathlib.Path(sys.argv[2])
    if "--dict" in sys.argv:
        tokens = sdp_dictionary() if target in ("sdp", "check", "diff") else BINARY_DICT.get(target, [])
        pathlib.Path(sys.argv[sys.argv.index("--dict") + 1]).write_text("".join(quote(t) + "\n" for t in tokens))
    out.mkdir(parents=True, exist_ok=True)
    seeds = []
    if target == "sdp":
        seeds = [p.read_bytes() for p in sdp_files()]
    elif target in ("check", "diff"):
        seeds = [a.read_bytes() + (b"" if a.read_bytes().endswith(b"\n") else b"\r\n") + b.read_bytes() for a, b in pairs()]
    elif target == "capture":
        for capture in sorted(CAPTURES.glob("*.pcap*")):
            data = capture.read_bytes()
            seeds += [cut_capture(data, n) for n in (1, 4, 16)]
            if len(data) <= 65536:
                seeds.append(data)
    elif target == "channeldata":
        seeds = list(channeldata_seeds())
    elif target == "rfc4571":
        seeds = list(stream_seeds())
    elif target in KINDS:
        seeds = list(datagram_seeds(target))
    else:
        sys.exit(f"seeds.py: no seeds for target '{target}'")
    for data in seeds[:MAX_SEEDS]:
        write(out, data)
    print(f"{len(seeds[:MAX_SEEDS])} seeds for {target} in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
