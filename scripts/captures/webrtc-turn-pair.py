#!/usr/bin/python3
"""Two GStreamer webrtcbin peers that reach each other only through a TURN server on
127.0.0.1 (coturn, started by make-tcp-fixtures), for rtpdump's TURN fixture — or, with
TURN_HOSTPORT `ice-tcp`, directly over ICE-TCP (RFC 6544: host candidates of TCP type
active/passive, RFC 4571 framing) with ICE over UDP switched off.

Both peers use ice-transport-policy=relay, so the only candidates are relayed ones and every
STUN check, DTLS record and SRTP packet crosses the TURN server: the offerer's allocation is
over TCP (turn://…?transport=tcp: TURN-over-TCP framing, RFC 8656 §12.5), the answerer's over
UDP. libnice is pinned to 127.0.0.1 with UPnP and ICE-TCP off.

Writes OUTDIR/PREFIX-offer.sdp and OUTDIR/PREFIX-answer.sdp exactly as exchanged.

    /usr/bin/python3 webrtc-turn-pair.py OUTDIR SECONDS TURN_HOSTPORT USER PASS [PREFIX]
    /usr/bin/python3 webrtc-turn-pair.py OUTDIR SECONDS ice-tcp - - [PREFIX]
"""
import sys

from gi.repository import GstWebRTC

from webrtcbin_pair import RECEIVER, Peer, run, sender

OUT, SECONDS, TURN, USER, PASSWORD = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
PREFIX = sys.argv[6] if len(sys.argv) > 6 else "turn"
ICE_TCP = TURN == "ice-tcp"


def peer(name, launch, transport):
    p = Peer(name, launch, ice_tcp=ICE_TCP, ice_udp=not ICE_TCP)
    if not ICE_TCP:
        # Relayed candidates only: every check, DTLS record and SRTP packet crosses the TURN server.
        p.w.set_property("ice-transport-policy", GstWebRTC.WebRTCICETransportPolicy.RELAY)
        p.w.set_property("turn-server", f"turn://{USER}:{PASSWORD}@{TURN}?transport={transport}")
    return p


run(peer("offerer", sender(audio="opusenc frame-size=60", video=False), "tcp"), peer("answerer", RECEIVER, "udp"),
    OUT, PREFIX, SECONDS)
