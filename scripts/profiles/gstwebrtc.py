"""Small helpers to drive GStreamer 1.22 webrtcbin from /usr/bin/python3 (gi).

Network rule: every webrtcbin made here is pinned to 127.0.0.1 (libnice: ICE-TCP off,
UPnP off, 127.0.0.1 added as the only local address), so nothing is sent beyond
loopback. Used by measure-webrtcbin.py and make-diff-fixtures.py.
"""
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("Nice", "0.1")
from gi.repository import Gst, GstSdp, GstWebRTC, Nice  # noqa: E402

Gst.init(None)

BUNDLE_POLICIES = {
    "none": GstWebRTC.WebRTCBundlePolicy.NONE,
    "balanced": GstWebRTC.WebRTCBundlePolicy.BALANCED,
    "max-compat": GstWebRTC.WebRTCBundlePolicy.MAX_COMPAT,
    "max-bundle": GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE,
}


class Bin:
    """One webrtcbin in its own pipeline, pinned to loopback."""

    def __init__(self, name="w", bundle_policy=None):
        self.pipe = Gst.Pipeline.new(name)
        self.w = Gst.ElementFactory.make("webrtcbin", name)
        if bundle_policy is not None:
            self.w.set_property("bundle-policy", BUNDLE_POLICIES[bundle_policy])
        self.pipe.add(self.w)
        # Keep the wrappers alive: dropping the PyGObject wrapper of the private
        # GstWebRTCNice type unrefs it under webrtcbin.
        self.ice = self.w.get_property("ice-agent")
        self.ice.set_property("ice-tcp", False)
        self.agent = self.ice.get_property("agent")
        self.agent.set_property("upnp", False)
        addr = Nice.Address.new()
        addr.set_from_string("127.0.0.1")
        self.agent.add_local_address(addr)
        self.candidates = []
        self.lock = threading.Lock()
        self.w.connect("on-ice-candidate", self._on_candidate)
        self.w.connect("pad-added", self._on_pad)
        self.pads = []

    def _on_candidate(self, _w, mline, cand):
        with self.lock:
            self.candidates.append((mline, cand))

    def _on_pad(self, _w, pad):
        if pad.get_direction() != Gst.PadDirection.SRC:
            return
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("async", False)
        self.pipe.add(sink)
        sink.sync_state_with_parent()
        pad.link(sink.get_static_pad("sink"))
        caps = pad.get_current_caps() or pad.query_caps(None)
        self.pads.append(caps.to_string())

    def start(self):
        self.pipe.set_state(Gst.State.PLAYING)

    def stop(self):
        self.pipe.set_state(Gst.State.NULL)

    def promise(self, signal, *args, timeout=10):
        """Emits an action signal with a promise; returns (reply, error text)."""
        done = threading.Event()
        p = Gst.Promise.new_with_change_func(lambda *_: done.set())
        self.w.emit(signal, *args, p)
        if not done.wait(timeout):
            p.interrupt()
            return None, "%s: no reply within %ss" % (signal, timeout)
        reply = p.get_reply()
        if reply is not None and reply.has_field("error"):
            err = reply.get_value("error")
            return reply, getattr(err, "message", None) or str(err)
        return reply, None

    def create_offer(self):
        reply, err = self.promise("create-offer", None)
        if err:
            raise RuntimeError(err)
        return copy_desc(reply.get_value("offer"))

    def create_answer(self):
        reply, err = self.promise("create-answer", None)
        if err:
            return None, err
        if reply is None or not reply.has_field("answer"):
            return None, "create-answer gave no answer"
        return copy_desc(reply.get_value("answer")), None

    def set_local(self, desc):
        _, err = self.promise("set-local-description", desc)
        return err

    def set_remote(self, sdp_text, typ):
        """Parses `sdp_text` with GStreamer's parser and sets it; returns the error text or None."""
        res, msg = GstSdp.SDPMessage.new_from_text(sdp_text)
        if res != GstSdp.SDPResult.OK:
            return "gst_sdp_message_parse_buffer failed: %s" % res
        t = GstWebRTC.WebRTCSDPType.OFFER if typ == "offer" else GstWebRTC.WebRTCSDPType.ANSWER
        _, err = self.promise("set-remote-description", GstWebRTC.WebRTCSessionDescription.new(t, msg))
        return err

    def add_candidates_from(self, other):
        with other.lock:
            items = list(other.candidates)
        for mline, cand in items:
            self.w.emit("add-ice-candidate", mline, cand)

    def state(self, prop):
        return self.w.get_property(prop).value_nick

    def wait_gathered(self, timeout=5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.w.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE:
                return True
            time.sleep(0.02)
        return False

    def local_text(self):
        return self.w.get_property("local-description").sdp.as_text()


def copy_desc(desc):
    """A copy that outlives the promise reply owning `desc` (the reply frees it)."""
    _, msg = GstSdp.SDPMessage.new_from_text(desc.sdp.as_text())
    return GstWebRTC.WebRTCSessionDescription.new(desc.type, msg)


def sdp_text(desc):
    return desc.sdp.as_text()


def add_source(b, kind, codec="VP8", pt=96, extmaps=()):
    """Adds a live test source of `kind` to webrtcbin `b` (sendrecv transceiver).

    `extmaps` is a list of (id, uri): written into the payloader caps as `extmap-<id>`,
    which webrtcbin turns into a=extmap lines."""
    ext = "".join(",extmap-%d=(string)%s" % (i, uri) for i, uri in extmaps)
    if kind == "audio":
        desc = ("audiotestsrc is-live=true wave=sine volume=0.1 ! audioconvert ! audioresample ! opusenc ! "
                "rtpopuspay pt=%d ! capsfilter caps=application/x-rtp,media=audio,encoding-name=OPUS,payload=%d,clock-rate=48000%s" % (pt, pt, ext))
    elif codec == "VP8":
        desc = ("videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=10/1 ! videoconvert ! "
                "vp8enc deadline=1 ! rtpvp8pay pt=%d ! capsfilter caps=application/x-rtp,media=video,encoding-name=VP8,payload=%d,clock-rate=90000%s" % (pt, pt, ext))
    else:
        raise ValueError(codec)
    src = Gst.parse_bin_from_description(desc, True)
    b.pipe.add(src)
    pad = b.w.request_pad_simple("sink_%u")
    src.get_static_pad("src").link(pad)
    src.sync_state_with_parent()
    return src
