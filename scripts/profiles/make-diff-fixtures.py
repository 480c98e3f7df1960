#!/usr/bin/python3
"""Writes real renegotiation SDPs from GStreamer 1.22 webrtcbin for the SDPDiff tests.

Two webrtcbin peers in this process, pinned to 127.0.0.1 (see gstwebrtc.py). Peer A
offers audio + video + a data channel (max-bundle), B answers; then A adds a recvonly
video transceiver and makes its second offer of the same session.

    /usr/bin/python3 scripts/profiles/make-diff-fixtures.py Tests/SDPDiffTests/Fixtures
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gstwebrtc import Bin, Gst, GstWebRTC, add_source  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    a = Bin("a", "max-bundle")
    add_source(a, "audio", pt=111, extmaps=[(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level")])
    add_source(a, "video", pt=96, extmaps=[(2, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
                                           (3, "urn:ietf:params:rtp-hdrext:toffset")])
    a.start()
    a.channel = a.w.emit("create-data-channel", "chat", None)
    b = Bin("b")
    b.start()
    offer = a.create_offer()
    a.set_local(offer)
    a.wait_gathered()
    offer1 = a.local_text()
    err = b.set_remote(offer1, "offer")
    if err:
        raise SystemExit("B set-remote-description(offer): " + err)
    answer, err = b.create_answer()
    if err:
        raise SystemExit("B create-answer: " + err)
    b.set_local(answer)
    b.wait_gathered()
    answer1 = b.local_text()
    err = a.set_remote(answer1, "answer")
    if err:
        raise SystemExit("A set-remote-description(answer): " + err)
    # Second offer of the same session: one more (receive-only) video transceiver.
    caps = Gst.Caps.from_string("application/x-rtp,media=video,encoding-name=VP8,payload=97,clock-rate=90000")
    a.w.emit("add-transceiver", GstWebRTC.WebRTCRTPTransceiverDirection.RECVONLY, caps)
    offer2 = a.create_offer()
    err = a.set_local(offer2)
    if err:
        raise SystemExit("A set-local-description(offer 2): " + err)
    offer2_text = a.local_text()
    for name, text in (("webrtcbin-session.offer1.sdp", offer1), ("webrtcbin-session.answer1.sdp", answer1),
                       ("webrtcbin-session.offer2.sdp", offer2_text)):
        with open(os.path.join(out, name), "w", newline="") as f:
            f.write(text.replace("\r\n", "\n").replace("\n", "\r\n"))
        print("wrote", os.path.join(out, name))
    a.stop()
    b.stop()


if __name__ == "__main__":
    main()
