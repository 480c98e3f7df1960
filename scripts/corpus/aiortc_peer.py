#!/usr/bin/env python3
"""One aiortc peer (offerer or answerer) for the corpus generator.

Runs with the virtualenv in .corpus-work/venv (aiortc from PyPI), inside one of
the generator's network namespaces, with RTCConfiguration(iceServers=[]) so no
STUN server is ever asked. aiortc gathers during setLocalDescription, so its
localDescription always carries the candidates (it does not trickle).
"""
import argparse
import asyncio
import json
import sys
import time
import traceback
from importlib.metadata import version

from aiortc import (RTCBundlePolicy, RTCConfiguration, RTCPeerConnection, RTCRtpSender,
                    RTCSessionDescription)
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack

from mailbox_client import Mailbox

ARGS = None


def log(*a):
    print(time.strftime("%H:%M:%S"), "aiortc", ARGS.role, *a, file=sys.stderr, flush=True)


MAILBOX = None  # mailbox_client.Mailbox, set in main()


async def put(key, obj):
    await asyncio.to_thread(MAILBOX.put, key, obj)


async def get(key, timeout):
    return await asyncio.to_thread(MAILBOX.get, key, timeout)


async def wait_for(pred, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        await asyncio.sleep(step)
    return bool(pred())


def err(e):
    return "%s: %s" % (type(e).__name__, e)


class State:
    def __init__(self):
        self.media_in = {}
        self.dc_open = False
        self.dc_in = 0
        self.tasks = []


def wire_dc(dc, st):
    @dc.on("open")
    def _open():
        st.dc_open = True
        dc.send("hello from aiortc")

    @dc.on("message")
    def _msg(_m):
        st.dc_in += 1

    if dc.readyState == "open":
        _open()


def new_pc(st, bundle_policy=None):
    if bundle_policy:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy(bundle_policy)))
    else:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))

    @pc.on("track")
    def _track(track):
        async def consume():
            try:
                while True:
                    await track.recv()
                    st.media_in[track.kind] = st.media_in.get(track.kind, 0) + 1
            except MediaStreamError:
                pass
            except Exception:  # noqa: BLE001
                pass
        st.tasks.append(asyncio.ensure_future(consume()))

    @pc.on("datachannel")
    def _dc(ch):
        wire_dc(ch, st)

    return pc


def prefer_h264(tr):
    codecs = RTCRtpSender.getCapabilities("video").codecs
    h264 = [c for c in codecs if c.mimeType.lower() == "video/h264"]
    rest = [c for c in codecs if c.mimeType.lower() != "video/h264"]
    tr.setCodecPreferences(h264 + rest)


async def attach_answer_tracks(pc):
    for t in pc.getTransceivers():
        if t.stopped or t.sender.track is not None or t.kind not in ("audio", "video"):
            continue
        if t.direction not in ("sendrecv", "recvonly", "sendonly"):
            continue
        track = AudioStreamTrack() if t.kind == "audio" else VideoStreamTrack()
        pc.addTrack(track)


async def observe(pc, st, want_data, expect, timeout=15):
    t0 = time.monotonic()
    ok = await wait_for(lambda: pc.connectionState == "connected", timeout)
    t_conn = time.monotonic() - t0
    if ok:
        await wait_for(lambda: all(st.media_in.get(k, 0) > 0 for k in expect) and (not want_data or st.dc_in > 0), 8, 0.25)
    return {
        "connectionState": pc.connectionState, "iceConnectionState": pc.iceConnectionState,
        "connected": ok, "msToConnected": int(t_conn * 1000) if ok else None,
        "expectMedia": sorted(expect), "mediaIn": {k + "Frames": v for k, v in st.media_in.items()},
        "dataChannel": {"open": st.dc_open, "messagesIn": st.dc_in} if want_data else None,
    }


def sections(sdp):
    """[(kind, active, [lines])] per m-line; port 0 counts as active with a=bundle-only."""
    out = []
    for line in sdp.splitlines():
        if line.startswith("m="):
            parts = line[2:].split()
            out.append([parts[0], parts[1] != "0", []])
        elif out:
            out[-1][2].append(line.strip())
            if line.strip() == "a=bundle-only":
                out[-1][1] = True
    return out


def sending_kinds(sdp, flags):
    kinds = set()
    for kind, act, lines in sections(sdp):
        if not act or kind not in ("audio", "video"):
            continue
        d = next((l[2:] for l in lines if l in ("a=sendrecv", "a=sendonly", "a=recvonly", "a=inactive")), "sendrecv")
        if d in flags:
            kinds.add(kind)
    return kinds


async def run_offerer():
    sid, sc = ARGS.sid, ARGS.scenario
    st = State()
    pc = new_pc(st, sc if sc in ("max-compat", "max-bundle") else None)
    res = {"side": "offerer", "worker": "aiortc", "version": version("aiortc")}
    want_data = False
    try:
        if sc in ("audio-video", "audio-only", "h264", "renegotiation", "candidates", "max-compat", "max-bundle", "ipv6"):
            pc.addTrack(AudioStreamTrack())
        if sc in ("audio-video", "max-compat", "max-bundle"):
            pc.addTrack(VideoStreamTrack())
        if sc == "h264":
            s = pc.addTrack(VideoStreamTrack())
            prefer_h264(next(t for t in pc.getTransceivers() if t.sender is s))
        if sc == "recvonly":
            pc.addTransceiver("audio", direction="recvonly")
            pc.addTransceiver("video", direction="recvonly")
        if sc in ("datachannel", "candidates", "max-compat", "max-bundle", "ipv6"):
            wire_dc(pc.createDataChannel("corpus"), st)
            want_data = True
        await pc.setLocalDescription(await pc.createOffer())
        await put(sid + "/offer", {"type": "offer", "sdp": pc.localDescription.sdp})
        if sc == "candidates":
            await put(sid + "/cand-offerer", {"end": True})
        ans = await get(sid + "/answer", 40)
        if ans is None:
            res["error"] = "timeout waiting for answer"
            return pc, st, res
        if ans.get("error"):
            res["peerError"] = ans["error"]
            return pc, st, res
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=ans["sdp"], type="answer"))
            res["srd"] = {"accepted": True}
        except Exception as e:  # noqa: BLE001
            res["srd"] = {"accepted": False, "error": err(e)}
            await put(sid + "/srd-answer", res["srd"])
            return pc, st, res
        await put(sid + "/srd-answer", res["srd"])
        if sc == "candidates":
            asyncio.ensure_future(pump_candidates(pc, sid + "/cand-answerer"))
        last = ans["sdp"]
        if sc == "renegotiation":
            r1 = await wait_for(lambda: pc.connectionState == "connected", 15)
            res["firstRound"] = {"connected": r1}
            if not r1:
                await put(sid + "/offer2", {"skipped": "first round not connected"})
            else:
                pc.addTrack(VideoStreamTrack())
                await pc.setLocalDescription(await pc.createOffer())
                await put(sid + "/offer2", {"type": "offer", "sdp": pc.localDescription.sdp})
                a2 = await get(sid + "/answer2", 30)
                if a2 is None:
                    res["error"] = "timeout waiting for answer2"
                elif a2.get("error"):
                    res["peerError2"] = a2["error"]
                else:
                    try:
                        await pc.setRemoteDescription(RTCSessionDescription(sdp=a2["sdp"], type="answer"))
                        res["srd2"] = {"accepted": True}
                        last = a2["sdp"]
                    except Exception as e:  # noqa: BLE001
                        res["srd2"] = {"accepted": False, "error": err(e)}
                await put(sid + "/srd-answer2", res.get("srd2") or {"accepted": None})
        res.update(await observe(pc, st, want_data, sending_kinds(last, ("sendrecv", "sendonly"))))
    except Exception as e:  # noqa: BLE001
        res["error"] = err(e)
        log(traceback.format_exc())
    return pc, st, res


async def pump_candidates(pc, key):
    from aiortc.sdp import candidate_from_sdp
    i = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        items = await asyncio.to_thread(MAILBOX.get_list, key, i, deadline - time.monotonic())
        for it in items:
            i += 1
            if it.get("end"):
                return
            c = it.get("candidate") or ""
            if not c:
                continue
            try:
                cand = candidate_from_sdp(c.split(":", 1)[1] if c.startswith("candidate:") else c)
                cand.sdpMid = it.get("sdpMid")
                cand.sdpMLineIndex = it.get("sdpMLineIndex")
                if cand.sdpMid is None:
                    tr = pc.getTransceivers()
                    idx = it.get("sdpMLineIndex") or 0
                    cand.sdpMid = tr[idx].mid if idx < len(tr) else "0"
                await pc.addIceCandidate(cand)
            except Exception as e:  # noqa: BLE001
                log("addIceCandidate", err(e))


async def run_answerer():
    sid, sc = ARGS.sid, ARGS.scenario
    st = State()
    pc = new_pc(st)
    res = {"side": "answerer", "worker": "aiortc", "version": version("aiortc")}
    try:
        off = await get(sid + "/offer", 40)
        if off is None:
            res["error"] = "timeout waiting for offer"
            return pc, st, res
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=off["sdp"], type="offer"))
            res["srd"] = {"accepted": True}
        except Exception as e:  # noqa: BLE001
            res["srd"] = {"accepted": False, "error": err(e)}
            await put(sid + "/answer", {"error": "setRemoteDescription(offer): " + err(e), "srd": res["srd"]})
            return pc, st, res
        try:
            await attach_answer_tracks(pc)
            await pc.setLocalDescription(await pc.createAnswer())
        except Exception as e:  # noqa: BLE001
            res["error"] = err(e)
            await put(sid + "/answer", {"error": "createAnswer/setLocalDescription: " + err(e), "srd": res["srd"]})
            return pc, st, res
        if sc == "candidates":
            asyncio.ensure_future(pump_candidates(pc, sid + "/cand-offerer"))
        await put(sid + "/answer", {"type": "answer", "sdp": pc.localDescription.sdp, "srd": res["srd"]})
        if sc == "candidates":
            await put(sid + "/cand-answerer", {"end": True})
        srd_a = await get(sid + "/srd-answer", 40)
        if not srd_a or not srd_a.get("accepted"):
            res["peerRejected"] = srd_a
            return pc, st, res
        last = off["sdp"]
        if sc in ("renegotiation", "ice-restart"):
            o2 = await get(sid + "/offer2", 40)
            if o2 and o2.get("sdp"):
                try:
                    await pc.setRemoteDescription(RTCSessionDescription(sdp=o2["sdp"], type="offer"))
                    res["srd2"] = {"accepted": True}
                    await attach_answer_tracks(pc)
                    await pc.setLocalDescription(await pc.createAnswer())
                    await put(sid + "/answer2", {"type": "answer", "sdp": pc.localDescription.sdp, "srd": res["srd2"]})
                    last = o2["sdp"]
                    await get(sid + "/srd-answer2", 20)
                except Exception as e:  # noqa: BLE001
                    res.setdefault("srd2", {"accepted": False, "error": err(e)})
                    await put(sid + "/answer2", {"error": err(e), "srd": res["srd2"]})
            else:
                res["offer2"] = o2
        has_app = any(k == "application" and act for k, act, _l in sections(last))
        res.update(await observe(pc, st, has_app, sending_kinds(last, ("sendrecv", "sendonly"))))
    except Exception as e:  # noqa: BLE001
        res["error"] = err(e)
        log(traceback.format_exc())
    return pc, st, res


async def amain():
    pc, st, res = await (run_offerer() if ARGS.role == "offerer" else run_answerer())
    await put(ARGS.sid + "/result-" + ARGS.role, res)
    other = "answerer" if ARGS.role == "offerer" else "offerer"
    await get(ARGS.sid + "/result-" + other, 20)
    log("done", json.dumps(res)[:300])
    for t in st.tasks:
        t.cancel()
    try:
        await asyncio.wait_for(pc.close(), 5)
    except Exception:  # noqa: BLE001
        pass


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--role", choices=["offerer", "answerer"], required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--sid", required=True)
    ap.add_argument("--mailbox", required=True)
    ARGS = ap.parse_args()
    global MAILBOX
    MAILBOX = Mailbox(ARGS.mailbox, log)
    asyncio.run(amain())


if __name__ == "__main__":
    main()
