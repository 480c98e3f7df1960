#!/usr/bin/python3
"""Two GStreamer webrtcbin peers in one process, connected over 127.0.0.1, for rtpdump's
WebRTC fixture: STUN connectivity checks, DTLS handshake, SRTP (Opus + VP8) and SRTCP on one
bundled 5-tuple.

libnice is pinned to 127.0.0.1 with UPnP and ICE-TCP off, so nothing leaves loopback
(run it inside the fixture script's private network namespace anyway).

Writes OUTDIR/PREFIX-offer.sdp and OUTDIR/PREFIX-answer.sdp exactly as exchanged.

    /usr/bin/python3 webrtc-pair.py OUTDIR SECONDS [PREFIX [both-active|wrong-pwd]]

With `both-active`, the answer given to the offerer says a=setup:passive although the
answerer is active, so both peers act as DTLS clients (a real failure to capture).
With `wrong-pwd`, the offer given to the answerer carries another a=ice-pwd, so the
answerer keys its checks with a password the offerer does not have. The SDPs written
are the ones each peer generated (the true passwords).
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

OUT, SECONDS = sys.argv[1], float(sys.argv[2])
PREFIX = sys.argv[3] if len(sys.argv) > 3 else "webrtc"
MODE = sys.argv[4] if len(sys.argv) > 4 else ""
BOTH_ACTIVE = MODE == "both-active"
WRONG_PWD = MODE == "wrong-pwd"
Gst.init(None)

SENDER = (
    "webrtcbin name=w bundle-policy=max-bundle "
    "audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! opusenc ! rtpopuspay pt=111 "
    "! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! w. "
    "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=15/1 ! vp8enc deadline=1 "
    "target-bitrate=40000 ! rtpvp8pay pt=96 ! application/x-rtp,media=video,encoding-name=VP8,payload=96 ! w. "
)


def pin_to_loopback(webrtc):
    ice = webrtc.get_property("ice-agent")
    ice.set_property("ice-tcp", False)
    agent = ice.get_property("agent")
    agent.set_property("upnp", False)
    address = Nice.Address.new()
    address.set_from_string("127.0.0.1")
    agent.add_local_address(address)
    return ice, agent


class Peer:
    def __init__(self, name, launch):
        self.name = name
        parsed = Gst.parse_launch(launch)
        if isinstance(parsed, Gst.Pipeline):
            self.pipe, self.w = parsed, parsed.get_by_name("w")
        else:  # a single element comes back as itself, not inside a pipeline
            self.pipe, self.w = Gst.Pipeline.new(name), parsed
            self.pipe.add(parsed)
        self.keep = pin_to_loopback(self.w)
        self.other = None
        self.w.connect("on-ice-candidate", self.on_candidate)
        self.w.connect("pad-added", self.on_pad)

    def on_candidate(self, _w, mline, candidate):
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
    offerer = Peer("offerer", SENDER)
    answerer = Peer("answerer", "webrtcbin name=w bundle-policy=max-bundle")
    offerer.other, answerer.other = answerer, offerer
    loop = GLib.MainLoop()
    threading.Thread(target=loop.run, daemon=True).start()
    # The offer can only be made once the sources' caps are known: webrtcbin says so.
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
    given = offer_text
    if WRONG_PWD:
        given = "\n".join("a=ice-pwd:" + "0123456789abcdefABCDEF0123456789" if line.startswith("a=ice-pwd:") else line
                          for line in offer_text.replace("\r\n", "\n").split("\n")).replace("\n", "\r\n")
    _, msg = GstSdp.SDPMessage.new_from_text(given)
    call(answerer.w, "set-remote-description", GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.OFFER, msg))
    answer = call(answerer.w, "create-answer", None).get_value("answer")
    answer_text = answer.sdp.as_text()
    call(answerer.w, "set-local-description", answer)
    if BOTH_ACTIVE:
        answer_text = answer_text.replace("a=setup:active", "a=setup:passive")
    _, msg = GstSdp.SDPMessage.new_from_text(answer_text)
    call(offerer.w, "set-remote-description", GstWebRTC.WebRTCSessionDescription.new(GstWebRTC.WebRTCSDPType.ANSWER, msg))
    with open(f"{OUT}/{PREFIX}-offer.sdp", "w") as f:
        f.write(offer_text)
    with open(f"{OUT}/{PREFIX}-answer.sdp", "w") as f:
        f.write(answer_text)

    time.sleep(SECONDS)
    state = offerer.w.get_property("connection-state")
    print("offerer connection-state", state.value_nick, file=sys.stderr)
    for peer in (offerer, answerer):
        peer.pipe.set_state(Gst.State.NULL)
    loop.quit()


main()
