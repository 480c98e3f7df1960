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

from webrtcbin_pair import RECEIVER, Peer, run, sender

OUT, SECONDS = sys.argv[1], float(sys.argv[2])
PREFIX = sys.argv[3] if len(sys.argv) > 3 else "webrtc"
MODE = sys.argv[4] if len(sys.argv) > 4 else ""


def wrong_pwd(offer_text):
    lines = offer_text.replace("\r\n", "\n").split("\n")
    return "\r\n".join("a=ice-pwd:0123456789abcdefABCDEF0123456789" if line.startswith("a=ice-pwd:") else line
                         for line in lines)


run(Peer("offerer", sender()), Peer("answerer", RECEIVER), OUT, PREFIX, SECONDS,
    offer_given=wrong_pwd if MODE == "wrong-pwd" else (lambda t: t),
    answer_given=(lambda t: t.replace("a=setup:active", "a=setup:passive")) if MODE == "both-active" else (lambda t: t))
