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
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("Nice", "0.1")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC, Nice  # noqa: E402

OUT, SECONDS, TURN, USER, PASSWORD = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
PREFIX = sys.argv[6] if len(sys.argv) > 6 else "turn"
ICE_TCP = TURN == "ice-tcp"
Gst.init(None)

SENDER = (
    "webrtcbin name=w bundle-policy=max-bundle "
    "audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! opusenc frame-size=60 ! rtpopuspay pt=111 "
    "! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! w. "
)


def pin_to_loopback(webrtc):
    ice = webrtc.get_property("ice-agent")
    ice.set_property("ice-tcp", ICE_TCP)
    ice.set_property("ice-udp", not ICE_TCP)
    agent = ice.get_property("agent")
    agent.set_property("upnp", False)
    address = Nice.Address.new()
    address.set_from_string("127.0.0.1")
    agent.add_local_address(address)
    return ice, agent


class Peer:
    def __init__(self, name, launch, transport):
        self.name = name
        parsed = Gst.parse_launch(launch)
        if isinstance(parsed, Gst.Pipeline):
            self.pipe, self.w = parsed, parsed.get_by_name("w")
        else:  # a single element comes back as itself, not inside a pipeline
            self.pipe, self.w = Gst.Pipeline.new(name), parsed
            self.pipe.add(parsed)
        self.keep = pin_to_loopback(self.w)
        if not ICE_TCP:
            self.w.set_property("ice-transport-policy", GstWebRTC.WebRTCICETransportPolicy.RELAY)
            self.w.set_property("turn-server", f"turn://{USER}:{PASSWORD}@{TURN}?transport={transport}")
        self.other = None
        self.candidates = []
        self.w.connect("on-ice-candidate", self.on_candidate)
        self.w.connect("pad-added", self.on_pad)

    def on_candidate(self, _w, mline, candidate):
        self.candidates.append(candidate)
        if " 127.0.0.1 " in candidate:
            GLib.idle_add(lambda: self.other.w.emit("add-ice-candidate", mline, candidate) and False)

    def on_pad(self, _w, pad):
        if pad.direction != Gst.PadDirection.SRC:
            return
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("async", False)
        self.pipe.add(sink)
        sink.sync_state_with_parent()
        pad.link(sink.get_static_pad("sink"))


KEEP = []


def call(element, signal, *args):
    """Emits an action signal taking a promise and returns the reply (kept alive with its promise)."""
    done = threading.Event()
    promise = Gst.Promise.new_with_change_func(lambda *_: done.set())
    element.emit(signal, *args, promise)
    if not done.wait(10):
        raise SystemExit(f"{signal}: no reply")
    reply = promise.get_reply()
    KEEP.append((promise, reply))
    if reply is not None and reply.has_field("error"):
        raise SystemExit(f"{signal}: {reply.get_value('error')}")
    return reply


def main():
    offerer = Peer("offerer", SENDER, "tcp")
    answerer = Peer("answerer", "webrtcbin name=w bundle-policy=max-bundle", "udp")
    offerer.other, answerer.other = answerer, offerer
    loop = GLib.MainLoop()
    threading.Thread(target=loop.run, daemon=True).start()
    ready = threading.Event()
    offerer.w.connect("on-negotiation-needed", lambda _w: ready.set())
    offerer.pipe.set_state(Gst.State.PLAYING)
    answerer.pipe.set_state(Gst.State.PLAYING)
    if not ready.wait(10):
        raise SystemExit("webrtcbin never asked for negotiation")
    time.sleep(0.5)

    offer = call(offerer.w, "create-offer", None).get_value("offer")
    offer_text = offer.sdp.as_text()
    call(offerer.w, "set-local-description", offer)
    _, msg = GstSdp.SDPMessage.new_from_text(offer_text)
    call(answerer.w, "set-remote-description", GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.OFFER, msg))
    answer = call(answerer.w, "create-answer", None).get_value("answer")
    answer_text = answer.sdp.as_text()
    call(answerer.w, "set-local-description", answer)
    _, msg = GstSdp.SDPMessage.new_from_text(answer_text)
    call(offerer.w, "set-remote-description", GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, msg))
    with open(f"{OUT}/{PREFIX}-offer.sdp", "w") as f:
        f.write(offer_text)
    with open(f"{OUT}/{PREFIX}-answer.sdp", "w") as f:
        f.write(answer_text)

    time.sleep(SECONDS)
    for peer in (offerer, answerer):
        print(peer.name, "connection-state", peer.w.get_property("connection-state").value_nick,
              "candidates", peer.candidates, file=sys.stderr)
    for peer in (offerer, answerer):
        peer.pipe.set_state(Gst.State.NULL)
    loop.quit()


main()
