#!/usr/bin/python3
"""Measures how GStreamer webrtcbin answers real offers, for `sdpcheck --answerer webrtcbin`.

Feeds every corpus offer that was given to webrtcbin (Corpus/pairs/*-webrtcbin/*.offer.sdp),
and minimal edits of some of them, to a fresh webrtcbin answerer without local media,
under bundle-policy none (webrtcbin's default) and max-bundle, and records per case
whether set-remote-description accepted the offer (or its error text) and what the
answer contains. Two webrtcbin peers then connect on loopback with a wrong fingerprint
in the offer, and with the right one as a control, to see whether webrtcbin verifies the
remote certificate.

The claims derived from the cases, each with its evidence counts, are written as data to
Sources/AnswererProfiles/Resources/webrtcbin-1.22.json; the offers and the real answers
of a few cases become test fixtures (Tests/AnswererProfilesTests/Fixtures).

Network: every webrtcbin is pinned to 127.0.0.1 (libnice ICE-TCP off, UPnP off, only
127.0.0.1 as local address; see gstwebrtc.py). Run with Debian's /usr/bin/python3:

    /usr/bin/python3 scripts/profiles/measure-webrtcbin.py [--corpus Corpus] [--out .]
"""
import argparse
import datetime
import glob
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gstwebrtc import Bin, Gst, GstWebRTC  # noqa: E402

AUXILIARY = ("rtx", "red", "ulpfec", "flexfec-03", "flexfec")
POLICIES = ("none", "max-bundle")
# Cases whose offer and real answers are kept as fixtures (a few KB each).
FIXTURE_CASES = {
    "chromium/audio-video", "chromium/simulcast", "chromium/datachannel", "chromium/h264", "chromium/recvonly",
    "firefox/audio-video", "firefox/simulcast", "firefox/datachannel", "aiortc/audio-video",
    "webrtcbin/audio-video", "chromium/datachannel+legacy-sctpmap",
}


# ------------------------------------------------------------------ SDP summaries
def sections(text):
    """Splits SDP text into (session lines, [media lines])."""
    lines = [l for l in text.replace("\r\n", "\n").split("\n") if l]
    session, media = [], []
    for line in lines:
        if line.startswith("m="):
            media.append([line])
        elif media:
            media[-1].append(line)
        else:
            session.append(line)
    return session, media


def attr(lines, name):
    prefix = "a=" + name
    return [l[len(prefix) + 1:] if l.startswith(prefix + ":") else "" for l in lines
            if l == prefix or l.startswith(prefix + ":")]


def summarize(text):
    """What the claims are about, per m-section, read from SDP text."""
    session, media = sections(text)
    groups = [g.split() for g in attr(session, "group")]
    bundle = next((g[1:] for g in groups if g and g[0] == "BUNDLE"), None)
    out = {"bundleGroup": bundle, "sections": []}
    for m in media:
        fields = m[0][2:].split()
        kind, port, proto, formats = fields[0], int(fields[1]), fields[2], fields[3:]
        rtpmap = {}
        for value in attr(m, "rtpmap"):
            pt, _, enc = value.partition(" ")
            rtpmap[pt] = enc.strip()
        codecs = [{"pt": int(f), "encoding": rtpmap.get(f, "")} for f in formats if f.isdigit()]
        direction = next((d for d in ("sendrecv", "sendonly", "recvonly", "inactive") if attr(m, d)), None)
        if direction is None:
            direction = next((d for d in ("sendrecv", "sendonly", "recvonly", "inactive") if attr(session, d)), "sendrecv")
        mid = attr(m, "mid")
        out["sections"].append({
            "kind": kind, "port": port, "protocol": proto, "formats": formats,
            "mid": mid[0] if mid else None,
            "codecs": codecs,
            "direction": direction,
            "extmaps": len(attr(m, "extmap")),
            "rids": len(attr(m, "rid")),
            "simulcast": bool(attr(m, "simulcast")),
            "ssrcGroups": len(attr(m, "ssrc-group")),
            "sctpPort": (attr(m, "sctp-port") or [None])[0],
            "sctpmap": (attr(m, "sctpmap") or [None])[0],
            "maxMessageSize": (attr(m, "max-message-size") or [None])[0],
            "bundleOnly": bool(attr(m, "bundle-only")),
            "setup": (attr(m, "setup") or attr(session, "setup") or [None])[0],
        })
    return out


def primary(codecs):
    return [c for c in codecs if c["encoding"].split("/")[0].lower() not in AUXILIARY]


def compact(case):
    """The stored form of one case: what webrtcbin did, in a few strings per section."""
    obs = case["observed"]
    out = {"case": case["case"], "bundlePolicy": obs["bundlePolicy"],
           "result": "answered" if "answer" in case else "refused"}
    if obs.get("error"):
        out["error"] = obs["error"]
    if "answer" in case:
        out["bundleGroup"] = case["answer"]["bundleGroup"]
        out["sections"] = ["%s %d %s %s" % (a["kind"], a["port"], " ".join("%d %s" % (c["pt"], c["encoding"]) for c in a["codecs"]) or a["protocol"], a["direction"])
                           for a in case["answer"]["sections"]]
    return out


# ------------------------------------------------------------------ edits of real offers
def drop_lines(prefix):
    return lambda text: "".join(l for l in text.splitlines(True) if not l.startswith(prefix))


def legacy_sctpmap(text):
    """The pre-RFC 8841 data channel form: m=application <port> DTLS/SCTP 5000 + a=sctpmap."""
    out = []
    for line in text.splitlines(True):
        eol = "\r\n" if line.endswith("\r\n") else "\n"
        if line.startswith("m=application"):
            f = line.split()
            out.append("m=application %s DTLS/SCTP 5000%s" % (f[1], eol))
            out.append("a=sctpmap:5000 webrtc-datachannel 1024%s" % eol)
        elif line.startswith("a=sctp-port") or line.startswith("a=max-message-size"):
            continue
        else:
            out.append(line)
    return "".join(out)


def to_session_level(prefix):
    """Moves the first `prefix` line to session level (before the first m=) and drops the
    media-level copies: RFC 8839 §5.4 / RFC 4145 allow session-level values."""
    def edit(text):
        lines = text.splitlines(True)
        first = next((l for l in lines if l.startswith(prefix)), None)
        if first is None:
            return text
        kept = [l for l in lines if not l.startswith(prefix)]
        m = next(i for i, l in enumerate(kept) if l.startswith("m="))
        return "".join(kept[:m] + [first] + kept[m:])
    return edit


def reject_video(text):
    """Port 0 on the video m-line and the video mid taken out of the BUNDLE group."""
    out = []
    video_mid = None
    for line in text.splitlines(True):
        if line.startswith("m=video"):
            f = line.split(" ")
            f[1] = "0"
            line = " ".join(f)
            video_mid = ""
        elif video_mid == "" and line.startswith("a=mid:"):
            video_mid = line[6:].strip()
        out.append(line)
    text = "".join(out)
    if video_mid:
        text = re.sub(r"(a=group:BUNDLE[^\r\n]*?) %s(?=[ \r\n])" % re.escape(video_mid), r"\1", text)
    return text


EDITS = [
    # (name, base case, edit, what it shows)
    ("missing-ice-ufrag", "chromium/audio-video", drop_lines("a=ice-ufrag"), "set-remote error for a missing ice-ufrag"),
    ("missing-ice-pwd", "chromium/audio-video", drop_lines("a=ice-pwd"), "set-remote error for a missing ice-pwd"),
    ("missing-fingerprint", "chromium/audio-video", drop_lines("a=fingerprint"), "set-remote error for a missing fingerprint"),
    ("missing-setup", "chromium/audio-video", drop_lines("a=setup"), "whether a missing a=setup is refused"),
    ("missing-mid", "chromium/audio-video", lambda t: drop_lines("a=group")(drop_lines("a=mid")(t)), "whether sections without a=mid are accepted"),
    ("no-rtcp-mux", "chromium/audio-video", drop_lines("a=rtcp-mux"), "whether an offer without rtcp-mux is accepted"),
    ("legacy-sctpmap", "chromium/datachannel", legacy_sctpmap, "legacy DTLS/SCTP + sctpmap data channel offer"),
    ("legacy-sctpmap", "firefox/datachannel", legacy_sctpmap, "legacy DTLS/SCTP + sctpmap data channel offer"),
    ("no-bundle-group", "chromium/audio-video", drop_lines("a=group:BUNDLE"), "answer of an offer without BUNDLE"),
    ("session-level-ice", "chromium/audio-video", lambda t: to_session_level("a=ice-pwd")(to_session_level("a=ice-ufrag")(t)), "whether session-level ICE credentials are accepted"),
    ("session-level-setup", "chromium/audio-video", to_session_level("a=setup"), "whether a session-level a=setup is accepted"),
    ("session-level-fingerprint", "chromium/audio-video", to_session_level("a=fingerprint"), "whether a session-level fingerprint is accepted"),
    ("sendonly", "chromium/audio-video", lambda t: t.replace("a=sendrecv", "a=sendonly"), "answer direction to sendonly"),
    ("inactive", "chromium/audio-video", lambda t: t.replace("a=sendrecv", "a=inactive"), "answer direction to inactive"),
    ("rejected-video", "chromium/audio-video", reject_video, "answer to an offer with a rejected (port 0) section"),
    ("unknown-video-codec", "chromium/audio-video", lambda t: t.replace(" VP8/90000", " XV8/90000"), "whether a codec GStreamer has no element for is chosen"),
]


# ------------------------------------------------------------------ running webrtcbin
def answer_offer(text, policy):
    """Gives `text` to a fresh webrtcbin answerer; returns the observation."""
    b = Bin("answerer", None if policy == "none" else policy)
    b.start()
    started = time.monotonic()
    obs = {"bundlePolicy": policy}
    try:
        err = b.set_remote(text, "offer")
        obs["setRemoteMs"] = round((time.monotonic() - started) * 1000, 1)
        obs["setRemoteDescription"] = "accepted" if err is None else "error"
        if err is not None:
            obs["error"] = err
            return obs, None
        answer, err = b.create_answer()
        if err is not None:
            obs["createAnswer"] = "error"
            obs["error"] = err
            return obs, None
        obs["createAnswer"] = "ok"
        answer_text = answer.sdp.as_text()
        err = b.set_local(answer)
        obs["setLocalDescription"] = "accepted" if err is None else err
        return obs, answer_text
    finally:
        b.stop()


def connect_with_fingerprint(wrong):
    """Two webrtcbin peers with a data channel on 127.0.0.1; the answerer gets the offer
    with its fingerprint digest replaced when `wrong`. Returns the observed states."""
    a, b = Bin("offerer", "max-bundle"), Bin("answerer", "max-bundle")
    a.start()
    b.start()
    opened = []
    channel = a.w.emit("create-data-channel", "probe", None)
    channel.connect("on-open", lambda _c: opened.append(True))
    try:
        offer = a.create_offer()
        a.set_local(offer)
        a.wait_gathered()
        text = a.local_text()
        if wrong:
            text = re.sub(r"(a=fingerprint:sha-256 )([0-9A-F:]+)",
                          lambda m: m.group(1) + ":".join(["AB"] * 32), text)
        obs = {"fingerprintReplaced": wrong}
        err = b.set_remote(text, "offer")
        obs["setRemoteDescription"] = "accepted" if err is None else err
        if err:
            return obs
        answer, err = b.create_answer()
        b.set_local(answer)
        b.wait_gathered()
        a.set_remote(b.local_text(), "answer")
        a.add_candidates_from(b)
        b.add_candidates_from(a)
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            if b.state("connection-state") in ("connected", "failed") and a.state("connection-state") in ("connected", "failed") and (opened or a.state("connection-state") == "failed"):
                break
            time.sleep(0.05)
        obs["answererConnectionState"] = b.state("connection-state")
        obs["offererConnectionState"] = a.state("connection-state")
        obs["dataChannelOpened"] = bool(opened)
        return obs
    finally:
        a.stop()
        b.stop()


# ------------------------------------------------------------------ claims
def derive_claims(cases):
    accepted = [c for c in cases if c["observed"].get("createAnswer") == "ok"]
    claims = {}

    def evidence(items):
        return {"cases": len(items)}

    # One codec per RTP m-section in the answer.
    rtp = [(c, o, a) for c in accepted for o, a in zip(c["offer"]["sections"], c["answer"]["sections"])
           if "RTP" in a["protocol"] and a["port"] != 0 or ("RTP" in a["protocol"] and a["codecs"])]
    counts = sorted({len(a["codecs"]) for _, _, a in rtp})
    claims["codecsPerSection"] = {"value": max(counts) if counts else None, "observedCounts": counts, **evidence(rtp)}
    # Which codec: the offer's first primary codec, same payload type?
    first = [(c, o, a) for c, o, a in rtp if a["codecs"] and primary(o["codecs"])]
    same = [x for x in first if x[2]["codecs"][0]["pt"] == primary(x[1]["codecs"])[0]["pt"]]
    claims["codecChoice"] = {"value": "first-offered" if len(same) == len(first) else "other",
                             "matchingFirstOffered": len(same), **evidence(first),
                             "exceptions": [x[0]["case"] for x in first if x not in same]}
    same_name = [x for x in first if x[2]["codecs"][0]["encoding"] == primary(x[1]["codecs"])[0]["encoding"]]
    case_only = all(primary(x[1]["codecs"])[0]["encoding"].upper() == x[2]["codecs"][0]["encoding"].upper() for x in first)
    upper = all(x[2]["codecs"][0]["encoding"].split("/")[0] == x[2]["codecs"][0]["encoding"].split("/")[0].upper() for x in first)
    claims["answerEncodingUppercased"] = {"value": case_only and upper, **evidence(first)}
    claims["codecEncodingAsOffered"] = {"value": len(same_name) == len(first), "matching": len(same_name), **evidence(first),
                                        "differences": sorted({"%s -> %s" % (primary(x[1]["codecs"])[0]["encoding"], x[2]["codecs"][0]["encoding"]) for x in first if x not in same_name})}
    for name in AUXILIARY[:3]:
        offered = [(c, o, a) for c, o, a in rtp if any(k["encoding"].split("/")[0].lower() == name for k in o["codecs"])]
        kept = [x for x in offered if any(k["encoding"].split("/")[0].lower() == name for k in x[2]["codecs"])]
        claims["keeps_" + name] = {"value": bool(kept), "kept": len(kept), **evidence(offered)}
    for key in ("extmaps", "rids", "ssrcGroups"):
        offered = [(c, o, a) for c, o, a in rtp if o[key]]
        kept = [x for x in offered if x[2][key]]
        claims["keeps_" + key] = {"value": bool(kept), "kept": len(kept), **evidence(offered)}
    offered = [(c, o, a) for c, o, a in rtp if o["simulcast"]]
    claims["keeps_simulcast"] = {"value": any(a["simulcast"] for _, _, a in offered), **evidence(offered)}
    # Directions: offer -> answer without local media.
    directions = {}
    for _, o, a in rtp:
        directions.setdefault(o["direction"], set()).add(a["direction"])
    claims["answerDirection"] = {"value": {k: sorted(v)[0] if len(v) == 1 else sorted(v) for k, v in sorted(directions.items())}, **evidence(rtp)}
    # BUNDLE in the answer, per policy, for offers that have a BUNDLE group.
    for policy in POLICIES:
        grouped = [c for c in accepted if c["observed"]["bundlePolicy"] == policy and c["offer"]["bundleGroup"]]
        with_group = [c for c in grouped if c["answer"]["bundleGroup"]]
        claims["bundleGroupInAnswer_" + policy.replace("-", "")] = {
            "value": len(with_group) == len(grouped) and bool(grouped) if with_group else False,
            "withGroup": len(with_group), **evidence(grouped)}
    # Data channels.
    dc = [(c, o, a) for c in accepted for o, a in zip(c["offer"]["sections"], c["answer"]["sections"]) if o["kind"] == "application"]
    legacy = [(c, o, a) for c, o, a in dc if o["protocol"] == "DTLS/SCTP"]
    claims["legacyDataChannel"] = {
        "value": "accepted" if legacy else None,
        "answerProtocols": sorted({a["protocol"] for _, _, a in legacy}),
        "answerFormats": sorted({" ".join(a["formats"]) for _, _, a in legacy}),
        "answerSctpPort": sorted({a["sctpPort"] or "none" for _, _, a in legacy}),
        "answerSctpmap": sorted({a["sctpmap"] or "none" for _, _, a in legacy}), **evidence(legacy)}
    offered = [(c, o, a) for c, o, a in dc if o["maxMessageSize"]]
    claims["keeps_maxMessageSize"] = {"value": any(a["maxMessageSize"] for _, _, a in offered), **evidence(offered)}
    # Rejected bundle-only sections under the default policy.
    def ports(pairs):
        seen = {}
        for c, o, a in pairs:
            key = "%s/%s" % (c["observed"]["bundlePolicy"], "application" if o["kind"] == "application" else "rtp")
            seen.setdefault(key, set()).add(a["port"])
        return {k: sorted(v)[0] if len(v) == 1 else sorted(v) for k, v in sorted(seen.items())}
    bo = [(c, o, a) for c in accepted for o, a in zip(c["offer"]["sections"], c["answer"]["sections"]) if o["bundleOnly"]]
    claims["bundleOnlyAnswerPort"] = {"value": ports(bo), **evidence(bo)}
    rejected = [(c, o, a) for c in accepted for o, a in zip(c["offer"]["sections"], c["answer"]["sections"]) if o["port"] == 0 and not o["bundleOnly"]]
    claims["rejectedSectionAnswerPort"] = {"value": ports(rejected), **evidence(rejected)}
    # Opus channel count written in the answer.
    opus = [(c, o, a) for c, o, a in rtp if a["codecs"] and a["codecs"][0]["encoding"].lower().startswith("opus")]
    claims["opusEncodingInAnswer"] = {"value": sorted({a["codecs"][0]["encoding"] for _, _, a in opus}), **evidence(opus)}
    # Setup role the answerer takes.
    claims["answerSetup"] = {"value": sorted({a["setup"] or "none" for c in accepted for a in c["answer"]["sections"]}), **evidence(accepted)}
    return claims


def corpus_answers(corpus):
    """The answers webrtcbin gave in the corpus runs (Corpus/pairs/*-webrtcbin), where the
    answering application had local media: evidence that the codec choice does not depend
    on the answerer having media, and what the directions are then."""
    first, directions = [], {}
    for offer_path in sorted(glob.glob(os.path.join(corpus, "pairs", "*-webrtcbin", "*.offer.sdp"))):
        answer_path = offer_path[:-len(".offer.sdp")] + ".answer.sdp"
        if not os.path.exists(answer_path):
            continue
        offer, answer = summarize(open(offer_path).read()), summarize(open(answer_path).read())
        name = "%s/%s" % (os.path.basename(os.path.dirname(offer_path)).split("-")[0], os.path.basename(offer_path)[:-10])
        for o, a in zip(offer["sections"], answer["sections"]):
            if "RTP" not in a["protocol"] or not a["codecs"] or not primary(o["codecs"]):
                continue
            first.append((name, a["codecs"][0]["pt"] == primary(o["codecs"])[0]["pt"]))
            directions.setdefault(o["direction"], set()).add(a["direction"])
    return {"value": all(ok for _, ok in first), "cases": len(first),
            "exceptions": sorted({n for n, ok in first if not ok}),
            "answerDirections": {k: sorted(v) for k, v in sorted(directions.items())},
            "source": "Corpus/pairs/*-webrtcbin answers (scripts/corpus: the answering webrtcbin adds local sources for the offered media)"}


def depayloadable_encodings():
    """Encoding names some installed RTP depayloader accepts (what a webrtcbin
    application can decode at all; it depends on the installed plugins)."""
    names = set()
    for factory in Gst.Registry.get().get_feature_list(Gst.ElementFactory):
        if "Depayloader" not in (factory.get_metadata("klass") or ""):
            continue
        for template in factory.get_static_pad_templates():
            if template.direction != Gst.PadDirection.SINK:
                continue
            caps = template.get_caps()
            for i in range(caps.get_size()):
                st = caps.get_structure(i)
                if st.get_name() != "application/x-rtp" or not st.has_field("encoding-name"):
                    continue
                value = st.get_value("encoding-name")
                for name in ([value] if isinstance(value, str) else list(value)):
                    names.add(name.upper())
    return sorted(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default="Corpus")
    parser.add_argument("--out", default=".")
    parser.add_argument("--no-connect", action="store_true", help="skip the fingerprint connection runs")
    args = parser.parse_args()
    offers = {}
    for path in sorted(glob.glob(os.path.join(args.corpus, "pairs", "*-webrtcbin", "*.offer.sdp"))):
        producer = os.path.basename(os.path.dirname(path)).split("-")[0]
        scenario = os.path.basename(path)[:-len(".offer.sdp")]
        offers["%s/%s" % (producer, scenario)] = open(path, newline="").read()
    if not offers:
        raise SystemExit("no offers under %s/pairs/*-webrtcbin" % args.corpus)
    inputs = [(name, None, text, "corpus offer") for name, text in offers.items()]
    for edit, base, fn, why in EDITS:
        if base in offers:
            inputs.append(("%s+%s" % (base, edit), edit, fn(offers[base]), why))
    cases = []
    stored = []
    fixtures = os.path.join(args.out, "Tests", "AnswererProfilesTests", "Fixtures")
    os.makedirs(fixtures, exist_ok=True)
    for name, edit, text, why in inputs:
        for policy in POLICIES:
            observed, answer = answer_offer(text, policy)
            case = {"case": name, "edit": edit, "purpose": why, "observed": observed, "offer": summarize(text)}
            if answer is not None:
                case["answer"] = summarize(answer)
            cases.append(case)
            stored.append(compact(case))
            print("%-45s %-10s %s" % (name, policy, observed.get("error") or observed.get("createAnswer")), flush=True)
            if name in FIXTURE_CASES:
                stem = name.replace("/", "-").replace("+", "-")
                with open(os.path.join(fixtures, stem + ".offer.sdp"), "w", newline="") as f:
                    f.write(text)
                if answer is not None:
                    with open(os.path.join(fixtures, "%s.answer.%s.sdp" % (stem, policy)), "w", newline="") as f:
                        f.write(answer)
    claims = derive_claims(cases)
    errors = {}
    for c in cases:
        if c["edit"] and c["observed"].get("error"):
            errors.setdefault(c["edit"], set()).add(c["observed"]["error"])
    claims["setRemoteErrors"] = {"value": {k: sorted(v) for k, v in sorted(errors.items())},
                                 "acceptedEdits": sorted({c["edit"] for c in cases if c["edit"] and c["observed"].get("setRemoteDescription") == "accepted"})}
    if not args.no_connect:
        control = connect_with_fingerprint(False)
        wrong = connect_with_fingerprint(True)
        print("fingerprint control:", control, "\nwrong fingerprint:", wrong, flush=True)
        verified = not (wrong.get("answererConnectionState") == "connected" and wrong.get("dataChannelOpened"))
        claims["verifiesRemoteFingerprint"] = {
            "value": verified if control.get("dataChannelOpened") else None,
            "control": control, "wrongFingerprint": wrong}
    claims["codecChoiceWithLocalMedia"] = corpus_answers(args.corpus)
    claims["depayloadableEncodings"] = {"value": depayloadable_encodings(),
                                        "source": "RTP depayloaders in this machine's GStreamer registry (gstreamer1.0-plugins-base/good/bad)"}
    profile = {
        "answerer": "webrtcbin",
        "gstreamer": Gst.version_string().replace("GStreamer ", ""),
        "measured": datetime.date.today().isoformat(),
        "measuredBy": "scripts/profiles/measure-webrtcbin.py",
        "conditions": "fresh webrtcbin answerer per case, no local media (transceivers come from the offer), "
                      "libnice pinned to 127.0.0.1; bundle-policy none (the default) and max-bundle",
        "claims": claims,
        "cases": stored,
    }
    out = os.path.join(args.out, "Sources", "AnswererProfiles", "Resources")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "webrtcbin-1.22.json"), "w") as f:
        json.dump(profile, f, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(claims, indent=1, sort_keys=True, default=str)[:6000])


if __name__ == "__main__":
    main()
