#!/usr/bin/python3
"""One GStreamer webrtcbin peer (offerer or answerer) for the corpus generator.

Must run with Debian's /usr/bin/python3 (python3-gst-1.0 / gi), inside one of
the generator's network namespaces. libnice is pinned to --local-ip (the
namespace's veth address), with UPnP and ICE-TCP off.

SDPs are posted exactly as gst_sdp_message_as_text() returns them.
"""
import argparse
import json
import os
import sys
import threading
import time
import traceback

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("Nice", "0.1")
from gi.repository import Gst, GstSdp, GstWebRTC, Nice  # noqa: E402

from mailbox_client import Mailbox, wait_for  # noqa: E402

ARGS = None


def log(*a):
    print(time.strftime("%H:%M:%S"), "webrtcbin", ARGS.role if ARGS else "", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- mailbox
MAILBOX = None  # mailbox_client.Mailbox, set in main()


def put(key, obj):
    MAILBOX.put(key, obj)


def get_list(key, start, timeout):
    return MAILBOX.get_list(key, start, timeout)


def get(key, timeout):
    return MAILBOX.get(key, timeout)


# ---------------------------------------------------------------- media branches
def source_desc(kind, codec, pt, offering):
    if kind == "audio" and codec == "OPUS-NOCHANNELS":
        return ("audiotestsrc is-live=true wave=sine volume=0.2 ! audioconvert ! audioresample ! queue ! opusenc ! "
                "rtpopuspay pt=%d ! capsfilter caps=application/x-rtp,media=audio,encoding-name=OPUS,payload=%d,clock-rate=48000" % (pt, pt))
    if kind == "audio":
        return ("audiotestsrc is-live=true wave=sine volume=0.2 ! audioconvert ! audioresample ! queue ! opusenc ! "
                "rtpopuspay pt=%d ! capsfilter caps=application/x-rtp,media=audio,encoding-name=OPUS,payload=%d,clock-rate=48000,encoding-params=(string)2" % (pt, pt))
    raw = ("videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=15/1 ! "
           "videoconvert ! queue ! ")
    if codec == "VP8":
        return raw + ("vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay pt=%d ! "
                      "capsfilter caps=application/x-rtp,media=video,encoding-name=VP8,payload=%d,clock-rate=90000" % (pt, pt))
    if codec == "H264":
        return raw + ("openh264enc ! video/x-h264,profile=constrained-baseline ! h264parse ! "
                      "rtph264pay pt=%d config-interval=-1 aggregate-mode=zero-latency ! "
                      "capsfilter caps=application/x-rtp,media=video,encoding-name=H264,payload=%d,clock-rate=90000,"
                      "packetization-mode=(string)1" % (pt, pt))
    raise ValueError(codec)


class Peer:
    def __init__(self):
        self.pipe = Gst.Pipeline.new("corpus")
        self.w = Gst.ElementFactory.make("webrtcbin", "w")
        policy = {"max-compat": GstWebRTC.WebRTCBundlePolicy.MAX_COMPAT,
                  "bundle-none": GstWebRTC.WebRTCBundlePolicy.NONE}.get(ARGS.scenario if ARGS.role == "offerer" else "",
                                                                        GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
        self.w.set_property("bundle-policy", policy)
        self.pipe.add(self.w)
        # keep both wrappers alive for the whole run: dropping the PyGObject wrapper
        # of the (private-typed) GstWebRTCNice unrefs it under webrtcbin's feet
        self.ice = ice = self.w.get_property("ice-agent")
        ice.set_property("ice-tcp", False)
        self.agent = agent = ice.get_property("agent")
        agent.set_property("upnp", False)
        for ip in ARGS.local_ip:
            addr = Nice.Address.new()
            if not addr.set_from_string(ip):
                raise SystemExit("bad --local-ip " + ip)
            agent.add_local_address(addr)
        self.lock = threading.Lock()
        self.media_in = {}
        self.dc = None
        self.dc_open = False
        self.dc_in = 0
        self.local_cands = []
        self.bus_errors = []
        self.w.connect("pad-added", self.on_pad_added)
        self.w.connect("on-ice-candidate", self.on_ice_candidate)
        self.w.connect("on-data-channel", lambda _w, ch: self.wire_dc(ch))
        self.pad_serial = 0
        self.keep = []

    # -- signals (streaming threads: never block here)
    def on_ice_candidate(self, _w, mline, cand):
        item = {"candidate": cand, "sdpMLineIndex": mline}
        with self.lock:
            self.local_cands.append(item)
        if ARGS.scenario == "candidates":
            threading.Thread(target=put, args=(ARGS.sid + "/cand-" + ARGS.role, item), daemon=True).start()

    def on_pad_added(self, _w, pad):
        if pad.get_direction() != Gst.PadDirection.SRC:
            return
        caps = pad.get_current_caps() or pad.query_caps(None)
        kind = caps.get_structure(0).get_string("media") or "unknown"
        sink = Gst.ElementFactory.make("fakesink")
        sink.set_property("sync", False)
        sink.set_property("async", False)
        self.pipe.add(sink)
        sink.sync_state_with_parent()
        pad.link(sink.get_static_pad("sink"))

        def probe(_pad, info):
            with self.lock:
                self.media_in[kind] = self.media_in.get(kind, 0) + info.get_buffer().get_size()
            return Gst.PadProbeReturn.OK

        pad.add_probe(Gst.PadProbeType.BUFFER, probe)

    def wire_dc(self, ch):
        self.dc = ch

        def on_open(c):
            self.dc_open = True
            c.emit("send-string", "hello from webrtcbin")

        def on_msg(_c, _m):
            self.dc_in += 1

        ch.connect("on-open", on_open)
        ch.connect("on-message-string", on_msg)
        ch.connect("on-message-data", lambda c, d: on_msg(c, d))
        if ch.get_property("ready-state") == GstWebRTC.WebRTCDataChannelState.OPEN:
            on_open(ch)

    # -- helpers
    def promise(self, signal, *args, timeout=10):
        ev = threading.Event()
        p = Gst.Promise.new_with_change_func(lambda *_: ev.set())
        self.w.emit(signal, *args, p)
        if not ev.wait(timeout):
            p.interrupt()
            raise RuntimeError("%s: promise timed out" % signal)
        reply = p.get_reply()
        self.keep.append((p, reply))  # the reply (and any description in it) is owned by the promise: keep both
        if reply is not None and reply.has_field("error"):
            err = reply.get_value("error")
            raise RuntimeError(getattr(err, "message", None) or str(err))
        return reply

    def add_source(self, kind, codec, pt, offering):
        b = Gst.parse_bin_from_description(source_desc(kind, codec, pt, offering), True)
        self.pipe.add(b)
        pad = self.w.request_pad_simple("sink_%d" % self.pad_serial)
        self.pad_serial += 1
        r = b.get_static_pad("src").link(pad)
        if r != Gst.PadLinkReturn.OK:
            raise RuntimeError("link %s/%s failed: %s" % (kind, codec, r))
        b.sync_state_with_parent()

    def add_recv(self, kind):
        caps = Gst.Caps.from_string(
            "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,encoding-params=(string)2" if kind == "audio" else
            "application/x-rtp,media=video,encoding-name=VP8,payload=96,clock-rate=90000")
        self.w.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY, caps)

    def sink_caps_ready(self):
        pads = [pd for pd in self.w.sinkpads]
        return all(pd.get_current_caps() is not None for pd in pads)

    def gathering_complete(self):
        return self.w.get_property("ice-gathering-state") == GstWebRTC.WebRTCICEGatheringState.COMPLETE

    def local_sdp(self):
        return self.w.get_property("local-description").sdp.as_text()

    def set_local(self, desc):
        self.promise("set-local-description", desc)

    def set_remote(self, sdp_text, typ):
        res, msg = GstSdp.SDPMessage.new_from_text(sdp_text)
        if res != GstSdp.SDPResult.OK:
            raise RuntimeError("gst_sdp_message_new_from_text: %s" % res)
        t = GstWebRTC.WebRTCSDPType.OFFER if typ == "offer" else GstWebRTC.WebRTCSDPType.ANSWER
        self.promise("set-remote-description", GstWebRTC.WebRTCSessionDescription.new(t, msg))

    def connected(self):
        return self.w.get_property("connection-state") == GstWebRTC.WebRTCPeerConnectionState.CONNECTED

    def state_names(self):
        return {
            "connectionState": self.w.get_property("connection-state").value_nick,
            "iceConnectionState": self.w.get_property("ice-connection-state").value_nick,
        }

    def poll_bus(self):
        bus = self.pipe.get_bus()
        while True:
            m = bus.pop_filtered(Gst.MessageType.ERROR | Gst.MessageType.WARNING)
            if m is None:
                return
            if m.type == Gst.MessageType.ERROR:
                e, dbg = m.parse_error()
            else:
                e, dbg = m.parse_warning()
            detail = (dbg or "").splitlines()[-1][:200] if dbg else ""
            self.bus_errors.append("%s from %s: %s%s" % (m.type.first_value_nick, m.src.get_name(), e.message,
                                                         (" (" + detail + ")") if detail else ""))

    def add_remote_candidates(self, key, timeout):
        def run():
            i = 0
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                items = get_list(key, i, deadline - time.monotonic())
                for it in items:
                    i += 1
                    if it.get("end"):
                        return
                    c = it.get("candidate") or ""
                    if not c:
                        continue
                    self.w.emit("add-ice-candidate", int(it.get("sdpMLineIndex") or 0), c)
        threading.Thread(target=run, daemon=True).start()

    def observe(self, want_data, expect, timeout=15):
        t0 = time.monotonic()
        ok = wait_for(self.connected, timeout)
        t_conn = time.monotonic() - t0
        if ok:
            wait_for(lambda: all(self.media_in.get(k, 0) > 0 for k in expect) and (not want_data or self.dc_in > 0), 8, 0.25)
        self.poll_bus()
        r = self.state_names()
        r.update({
            "connected": ok, "msToConnected": int(t_conn * 1000) if ok else None,
            "expectMedia": sorted(expect), "mediaIn": dict(self.media_in),
            "dataChannel": {"open": self.dc_open, "messagesIn": self.dc_in} if want_data else None,
            "busErrors": self.bus_errors[:10],
        })
        return r


def active(m):
    """An m-line is in use unless its port is 0 without a=bundle-only (RFC 8843)."""
    return m.get_port() != 0 or m.get_attribute_val("bundle-only") is not None


def offered_media(sdp_text):
    """[(index, kind, wants_to_receive, chosen (codec, pt) or None)] for the offer's m-lines."""
    res, msg = GstSdp.SDPMessage.new_from_text(sdp_text)
    out = []
    if res != GstSdp.SDPResult.OK:
        return out
    for i in range(msg.medias_len()):
        m = msg.get_media(i)
        kind = m.get_media()
        if kind not in ("audio", "video") or not active(m):
            out.append((i, kind, False, None))
            continue
        direction = "sendrecv"
        for d in ("sendrecv", "sendonly", "recvonly", "inactive"):
            if m.get_attribute_val(d) is not None:
                direction = d
        wants = direction in ("sendrecv", "recvonly")
        chosen = None
        for j in range(m.formats_len()):
            pt = int(m.get_format(j))
            caps = m.get_caps_from_media(pt)
            if caps is None:
                continue
            s = caps.get_structure(0)
            name = (s.get_string("encoding-name") or "").upper()
            if kind == "audio" and name == "OPUS":
                chosen = ("OPUS", pt)
            elif kind == "video" and name == "VP8":
                chosen = ("VP8", pt)
            elif kind == "video" and name == "H264":
                pm = s.get_string("packetization-mode") or "0"
                plid = (s.get_string("profile-level-id") or "42001f").lower()
                if pm == "1" and plid[:4] in ("42e0", "4200"):
                    chosen = ("H264", pt)
            if chosen:
                break
        out.append((i, kind, wants, chosen))
    return out


def run_offerer(p):
    sid, sc = ARGS.sid, ARGS.scenario
    res = {"side": "offerer", "worker": "webrtcbin", "version": Gst.version_string()}
    want_data = False
    try:
        if sc in ("audio-video", "audio-only", "h264", "candidates", "renegotiation", "max-compat", "bundle-none", "ipv6"):
            p.add_source("audio", "OPUS", 111, True)
        if sc == "opus-no-channels":
            p.add_source("audio", "OPUS-NOCHANNELS", 111, True)
        if sc in ("audio-video", "opus-no-channels", "max-compat", "bundle-none"):
            p.add_source("video", "VP8", 96, True)
        if sc == "h264":
            p.add_source("video", "H264", 102, True)
        if sc == "recvonly":
            p.add_recv("audio")
            p.add_recv("video")
        p.pipe.set_state(Gst.State.PLAYING)
        # like on-negotiation-needed apps: offer once the payloaders have negotiated caps
        # (opus-no-channels: offer at once, before caps are negotiated, as a create-offer right after
        # linking does: the SDP then comes from the capsfilter alone)
        if sc != "opus-no-channels":
            res["capsReady"] = wait_for(p.sink_caps_ready, 5)
        if sc in ("datachannel", "candidates", "max-compat", "bundle-none", "ipv6"):
            p.wire_dc(p.w.emit("create-data-channel", "corpus", None))
            want_data = True
        reply = p.promise("create-offer", None)
        offer = reply.get_value("offer")
        p.set_local(offer)
        if sc != "candidates":
            res["gatheringComplete"] = wait_for(p.gathering_complete, 10)
        put(sid + "/offer", {"type": "offer", "sdp": p.local_sdp()})
        if sc == "candidates":
            threading.Thread(target=lambda: (wait_for(p.gathering_complete, 10), put(sid + "/cand-offerer", {"end": True})), daemon=True).start()
        ans = get(sid + "/answer", 40)
        if ans is None:
            res["error"] = "timeout waiting for answer"
            return res
        if ans.get("error"):
            res["peerError"] = ans["error"]
            return res
        try:
            p.set_remote(ans["sdp"], "answer")
            res["srd"] = {"accepted": True}
        except Exception as e:  # noqa: BLE001
            res["srd"] = {"accepted": False, "error": str(e)}
            put(sid + "/srd-answer", res["srd"])
            return res
        put(sid + "/srd-answer", res["srd"])
        if sc == "candidates":
            p.add_remote_candidates(sid + "/cand-answerer", 20)
        expect = set()
        if sc == "renegotiation":
            r1 = wait_for(p.connected, 15)
            res["firstRound"] = {"connected": r1}
            if not r1:
                put(sid + "/offer2", {"skipped": "first round not connected"})
            else:
                p.add_source("video", "VP8", 96, True)
                time.sleep(0.3)
                offer2 = p.promise("create-offer", None).get_value("offer")
                p.set_local(offer2)
                wait_for(p.gathering_complete, 10)
                put(sid + "/offer2", {"type": "offer", "sdp": p.local_sdp()})
                a2 = get(sid + "/answer2", 30)
                if a2 is None:
                    res["error"] = "timeout waiting for answer2"
                elif a2.get("error"):
                    res["peerError2"] = a2["error"]
                else:
                    try:
                        p.set_remote(a2["sdp"], "answer")
                        res["srd2"] = {"accepted": True}
                    except Exception as e:  # noqa: BLE001
                        res["srd2"] = {"accepted": False, "error": str(e)}
                put(sid + "/srd-answer2", res.get("srd2") or {"accepted": None})
        # what we expect to receive: m-lines the answer sends on
        last_answer = get(sid + "/answer2", 0.1) if sc == "renegotiation" else ans
        if last_answer and last_answer.get("sdp"):
            res_, msg = GstSdp.SDPMessage.new_from_text(last_answer["sdp"])
            for i in range(msg.medias_len()):
                m = msg.get_media(i)
                if m.get_media() in ("audio", "video") and active(m) and \
                        (m.get_attribute_val("sendrecv") is not None or m.get_attribute_val("sendonly") is not None):
                    expect.add(m.get_media())
        res.update(p.observe(want_data, expect))
    except Exception as e:  # noqa: BLE001
        res["error"] = "%s: %s" % (type(e).__name__, e)
        log(traceback.format_exc())
    return res


def prepare_answer_sources(p, offer_sdp, already):
    for (i, kind, wants, chosen) in offered_media(offer_sdp):
        if i in already or not wants or chosen is None:
            continue
        p.add_source(kind, chosen[0], chosen[1], False)
        already.add(i)


def run_answerer(p):
    sid, sc = ARGS.sid, ARGS.scenario
    res = {"side": "answerer", "worker": "webrtcbin", "version": Gst.version_string()}
    try:
        off = get(sid + "/offer", 40)
        if off is None:
            res["error"] = "timeout waiting for offer"
            return res
        sent = set()
        prepare_answer_sources(p, off["sdp"], sent)
        p.pipe.set_state(Gst.State.PLAYING)
        try:
            p.set_remote(off["sdp"], "offer")
            res["srd"] = {"accepted": True}
        except Exception as e:  # noqa: BLE001
            res["srd"] = {"accepted": False, "error": str(e)}
            put(sid + "/answer", {"error": "set-remote-description(offer): %s" % e, "srd": res["srd"]})
            return res
        if sc == "candidates":
            p.add_remote_candidates(sid + "/cand-offerer", 20)
        try:
            answer = p.promise("create-answer", None).get_value("answer")
            if answer is None:
                raise RuntimeError("create-answer returned no answer")
            p.set_local(answer)
        except Exception as e:  # noqa: BLE001
            res["error"] = str(e)
            put(sid + "/answer", {"error": "create-answer/set-local-description: %s" % e, "srd": res["srd"]})
            return res
        if sc != "candidates":
            res["gatheringComplete"] = wait_for(p.gathering_complete, 10)
        put(sid + "/answer", {"type": "answer", "sdp": p.local_sdp(), "srd": res["srd"]})
        if sc == "candidates":
            threading.Thread(target=lambda: (wait_for(p.gathering_complete, 10), put(sid + "/cand-answerer", {"end": True})), daemon=True).start()
        srd_a = get(sid + "/srd-answer", 40)
        if not srd_a or not srd_a.get("accepted"):
            res["peerRejected"] = srd_a
            return res
        last_offer = off["sdp"]
        if sc in ("renegotiation", "ice-restart"):
            o2 = get(sid + "/offer2", 40)
            if o2 and o2.get("sdp"):
                try:
                    prepare_answer_sources(p, o2["sdp"], sent)
                    p.set_remote(o2["sdp"], "offer")
                    res["srd2"] = {"accepted": True}
                    a2 = p.promise("create-answer", None).get_value("answer")
                    p.set_local(a2)
                    wait_for(p.gathering_complete, 10)
                    put(sid + "/answer2", {"type": "answer", "sdp": p.local_sdp(), "srd": res["srd2"]})
                    last_offer = o2["sdp"]
                    get(sid + "/srd-answer2", 20)
                except Exception as e:  # noqa: BLE001
                    res.setdefault("srd2", {"accepted": False, "error": str(e)})
                    put(sid + "/answer2", {"error": str(e), "srd": res["srd2"]})
            else:
                res["offer2"] = o2
        expect = set()
        res_, msg = GstSdp.SDPMessage.new_from_text(last_offer)
        has_app = False
        for i in range(msg.medias_len()):
            m = msg.get_media(i)
            if m.get_media() == "application" and active(m):
                has_app = True
            if m.get_media() in ("audio", "video") and active(m) and \
                    (m.get_attribute_val("recvonly") is None and m.get_attribute_val("inactive") is None):
                expect.add(m.get_media())
        res.update(p.observe(has_app, expect))
    except Exception as e:  # noqa: BLE001
        res["error"] = "%s: %s" % (type(e).__name__, e)
        log(traceback.format_exc())
    return res


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--role", choices=["offerer", "answerer"], required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--sid", required=True)
    ap.add_argument("--mailbox", required=True)
    ap.add_argument("--local-ip", action="append", required=True, help="repeatable")
    ap.add_argument("--version", action="store_true")
    ARGS = ap.parse_args()
    global MAILBOX
    MAILBOX = Mailbox(ARGS.mailbox, log)
    Gst.init(None)
    p = Peer()
    res = run_offerer(p) if ARGS.role == "offerer" else run_answerer(p)
    res["localCandidates"] = len(p.local_cands)
    put(ARGS.sid + "/result-" + ARGS.role, res)
    other = "answerer" if ARGS.role == "offerer" else "offerer"
    get(ARGS.sid + "/result-" + other, 20)
    log("done", json.dumps(res)[:300])
    p.pipe.set_state(Gst.State.NULL)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown (PyGObject and the private ICE type disagree about refs)


if __name__ == "__main__":
    main()
