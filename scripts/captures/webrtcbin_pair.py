"""Two GStreamer webrtcbin peers in one process, negotiated by hand (no signalling server),
shared by the capture scripts webrtc-pair.py and webrtc-turn-pair.py.

libnice is pinned to 127.0.0.1 with UPnP off, so nothing leaves loopback (the calling
scripts run inside their fixture script's private network namespace anyway).
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

Gst.init(None)

RECEIVER = "webrtcbin name=w bundle-policy=max-bundle"


def sender(audio="opusenc", video=True):
    """A webrtcbin sending Opus (and VP8 when video) from test sources."""
    launch = (
        "webrtcbin name=w bundle-policy=max-bundle "
        f"audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! {audio} ! rtpopuspay pt=111 "
        "! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! w. "
    )
    if video:
        launch += (
            "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=15/1 ! vp8enc deadline=1 "
            "target-bitrate=40000 ! rtpvp8pay pt=96 ! application/x-rtp,media=video,encoding-name=VP8,payload=96 ! w. "
        )
    return launch


def pin_to_loopback(webrtc, ice_tcp=False, ice_udp=True):
    ice = webrtc.get_property("ice-agent")
    ice.set_property("ice-tcp", ice_tcp)
    ice.set_property("ice-udp", ice_udp)
    agent = ice.get_property("agent")
    agent.set_property("upnp", False)
    address = Nice.Address.new()
    address.set_from_string("127.0.0.1")
    agent.add_local_address(address)
    return ice, agent


class Peer:
    def __init__(self, name, launch, ice_tcp=False, ice_udp=True):
        self.name = name
        parsed = Gst.parse_launch(launch)
        if isinstance(parsed, Gst.Pipeline):
            self.pipe, self.w = parsed, parsed.get_by_name("w")
        else:  # a single element comes back as itself, not inside a pipeline
            self.pipe, self.w = Gst.Pipeline.new(name), parsed
            self.pipe.add(parsed)
        self.keep = pin_to_loopback(self.w, ice_tcp, ice_udp)
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


def _description(kind, text):
    _, msg = GstSdp.SDPMessage.new_from_text(text)
    return GstWebRTC.WebRTCSessionDescription.new(kind, msg)


def run(offerer, answerer, out, prefix, seconds, offer_given=lambda t: t, answer_given=lambda t: t):
    """Negotiates offerer -> answerer, writes OUT/PREFIX-offer.sdp and -answer.sdp (the offer as
    the offerer made it; the answer as the offerer received it), lets the session run for
    `seconds`, reports each peer's connection state and candidates on stderr, and tears down.
    `offer_given`/`answer_given` edit what the other peer is given (to capture real failures)."""
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
    call(answerer.w, "set-remote-description", _description(GstWebRTC.WebRTCSDPType.OFFER, offer_given(offer_text)))
    answer = call(answerer.w, "create-answer", None).get_value("answer")
    call(answerer.w, "set-local-description", answer)
    answer_text = answer_given(answer.sdp.as_text())
    call(offerer.w, "set-remote-description", _description(GstWebRTC.WebRTCSDPType.ANSWER, answer_text))
    with open(f"{out}/{prefix}-offer.sdp", "w") as f:
        f.write(offer_text)
    with open(f"{out}/{prefix}-answer.sdp", "w") as f:
        f.write(answer_text)

    time.sleep(seconds)
    for peer in (offerer, answerer):
        print(peer.name, "connection-state", peer.w.get_property("connection-state").value_nick,
              "candidates", peer.candidates, file=sys.stderr)
    for peer in (offerer, answerer):
        peer.pipe.set_state(Gst.State.NULL)
    loop.quit()
