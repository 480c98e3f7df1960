#!/usr/bin/python3
"""Writes Corpus/README.md from scripts/corpus/README.in.md plus tables built from
Corpus/manifest.json and Corpus/observations.json (so the prose never disagrees
with the data)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def flow(r):
    """What one side received: 'ok' when everything it expected arrived, else what did / did not."""
    if not r:
        return "no result"
    got = r.get("mediaIn") or {}
    kinds = [k for k in ("audio", "video") if any(key.startswith(k) and val > 0 for key, val in got.items())]
    missing = [k for k in (r.get("expectMedia") or []) if k not in kinds]
    dc = r.get("dataChannel")
    data_missing = dc is not None and not dc.get("messagesIn")
    if not missing and not data_missing and (kinds or dc is not None or not r.get("expectMedia")):
        return "ok" if (kinds or dc) else "nothing expected"
    parts = []
    if kinds:
        parts.append("+".join(kinds) + " in")
    if missing:
        parts.append("no " + "+".join(missing))
    if data_missing:
        parts.append("no data")
    return ", ".join(parts)


def main():
    out = sys.argv[1]
    with open(os.path.join(out, "manifest.json")) as f:
        man = json.load(f)
    with open(os.path.join(out, "observations.json")) as f:
        obs = json.load(f)
    by_pair = {}
    for e in man["files"]:
        by_pair.setdefault(e["pair"], []).append(e)

    versions = obs.get("versions", {})
    vtab = "\n".join("| %s | %s |" % (p, versions.get(p, "?")) for p in ("chromium", "firefox", "webrtcbin", "aiortc"))

    rows, failures = [], []
    n_conn = n_sess = 0
    order = {p: i for i, p in enumerate(["chromium", "firefox", "webrtcbin", "aiortc"])}

    def key(item):
        k, v = item
        return (v["scenario"], order.get(v["offerer"], 9), order.get(v["answerer"], 9))

    for sid, s in sorted(obs["sessions"].items(), key=key):
        n_sess += 1
        files = by_pair.get(sid, [])
        offers = [e for e in files if e["role"] == "offer"]
        answers = [e for e in files if e["role"] == "answer"]
        last_offer = offers[-1] if offers else None
        last_answer = answers[-1] if answers else None

        def rd(e):
            return e["observed"]["remoteDescription"] or "-" if e else "-"
        conn = (last_answer or last_offer or {}).get("observed", {}).get("connection") if files else None
        if conn == "connected":
            n_conn += 1
        o, a = s.get("offererResult") or {}, s.get("answererResult") or {}
        errs = [e["observed"]["error"] for e in files if e["observed"]["error"]]
        for side in (o, a):
            for be in side.get("busErrors") or []:
                if "dtls" in be.lower() or "ssl" in be.lower():
                    errs.append(be)
            if side.get("error") and side.get("error") not in errs and not side.get("error").startswith("timeout"):
                errs.append(side["error"])
        err = "; ".join(dict.fromkeys(errs))[:220].replace("|", "/")
        rounds = " (2 rounds)" if len(offers) > 1 else ""
        media = "offerer: %s; answerer: %s" % (flow(o), flow(a)) if conn else "-"
        rows.append("| %s | %s%s | %s | %s | %s | %s | %s |" % (
            s["offerer"] + " → " + s["answerer"], s["scenario"], rounds, rd(last_offer), rd(last_answer),
            conn or "not attempted", media, err))
        if conn != "connected" or "no " in media or "no result" in media:
            failures.append(rows[-1])

    head = ("| offerer → answerer | scenario | offer | answer | connection | media/data received | error |\n"
            "|---|---|---|---|---|---|---|")
    table = head + "\n" + "\n".join(rows)
    ftable = head + "\n" + "\n".join(failures) if failures else "(none)"
    counts = "%d negotiations, %d connected; %d SDP files in the manifest (%d offers, %d answers)." % (
        n_sess, n_conn, len(man["files"]), sum(e["role"] == "offer" for e in man["files"]),
        sum(e["role"] == "answer" for e in man["files"]))

    with open(os.path.join(HERE, "README.in.md")) as f:
        text = f.read()
    text = (text.replace("{{VERSIONS}}", vtab).replace("{{RESULTS}}", table).replace("{{FAILURES}}", ftable)
                .replace("{{COUNTS}}", counts).replace("{{GENERATED}}", man["generated"]))
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write(text)
    print("readme_table: " + counts)


if __name__ == "__main__":
    main()
