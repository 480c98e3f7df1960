#!/usr/bin/python3
"""Runs every (offerer, answerer, scenario) negotiation and writes Corpus/.

Started by scripts/corpus/generate inside namespace A (it talks to the mailbox
on A's veth address). Offerers always run in namespace A, answerers in B.
Browsers are started once per namespace and fed jobs through the mailbox;
webrtcbin and aiortc peers are one process per negotiation.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PRODUCERS = ["chromium", "firefox", "webrtcbin", "aiortc"]
BROWSERS = ("chromium", "firefox")
SCENARIOS = ["audio-video", "audio-only", "datachannel", "recvonly", "simulcast", "h264", "candidates", "renegotiation",
             "max-compat", "max-bundle", "ice-restart", "ipv6", "bundle-none", "opus-no-channels"]
# ipv6: only while these sessions run, the veths also carry these ULA addresses (on-link /64, no route)
IP6 = {"A": "fd72:7463:6f72::1", "B": "fd72:7463:6f72::2"}
TWO_ROUNDS = ("renegotiation", "ice-restart")
# what each producer can do as the OFFERER (answering is attempted for every scenario)
COMMON = SCENARIOS[:12]
OFFERS = {
    "chromium": COMMON,
    "firefox": COMMON,
    # bundle-none: webrtcbin's own default bundle-policy (its other scenarios use max-bundle, so no max-bundle here)
    # webrtcbin 1.22 cannot send simulcast; opus-no-channels: OPUS caps without encoding-params (a common
    # webrtcbin caps string), which gives "a=rtpmap:111 OPUS/48000"
    # (webrtcbin 1.22 and aiortc have no ICE restart offer: they only answer ice-restart)
    "webrtcbin": [s for s in SCENARIOS if s not in ("simulcast", "max-bundle", "ice-restart")],
    # aiortc: no simulcast send, no trickle, no ICE restart offer
    "aiortc": [s for s in COMMON if s not in ("simulcast", "candidates", "ice-restart")],
}

A = None  # parsed args


def log(*a):
    print(time.strftime("%H:%M:%S"), "orchestrate:", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- mailbox client
def mb_put(path, obj):
    req = urllib.request.Request(A.mailbox + path, data=json.dumps(obj).encode(), method="POST")
    urllib.request.urlopen(req, timeout=10).read()


def mb_list(key, timeout=0.0):
    deadline = time.monotonic() + timeout
    while True:
        t = max(0.0, min(20.0, deadline - time.monotonic()))
        url = "%s/get/%s?from=0&timeout=%.1f" % (A.mailbox, urllib.parse.quote(key, safe=""), t)
        with urllib.request.urlopen(url, timeout=t + 10) as r:
            if r.status == 200:
                return json.loads(r.read().decode("utf-8"))
        if time.monotonic() >= deadline:
            return []


def mb_get(key, timeout=0.0):
    items = mb_list(key, timeout)
    return items[0] if items else None


# ---------------------------------------------------------------- processes
class Procs:
    def __init__(self):
        self.procs = []

    def start(self, name, argv, logname, env=None):
        lf = open(os.path.join(A.work, "logs", logname + ".log"), "ab")
        p = subprocess.Popen(argv, stdout=lf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True, env=env)
        lf.close()
        self.procs.append((name, p))
        log("started", name, "pid", p.pid)
        return p

    @staticmethod
    def stop(p, grace=5.0):
        if p.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(p.pid, sig)  # the process group this script created for p (start_new_session)
            except ProcessLookupError:
                return
            try:
                p.wait(wait)
                return
            except subprocess.TimeoutExpired:
                pass

    def stop_all(self):
        for _name, p in self.procs:
            self.stop(p)
        self.procs = []


PROCS = Procs()


def ns_for(role):
    return A.ns_a if role == "offerer" else A.ns_b


def ip_for(role):
    return A.ip_a if role == "offerer" else A.ip_b


def clean_env(home):
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TERM")}
    env["HOME"] = home
    os.makedirs(home, exist_ok=True)
    return env


FIREFOX_PREFS = """\
user_pref("media.navigator.streams.fake", true);
user_pref("media.navigator.permission.disabled", true);
user_pref("media.devices.insecure.enabled", true);
user_pref("media.getusermedia.insecure.enabled", true);
user_pref("media.peerconnection.ice.obfuscate_host_addresses", false);
user_pref("media.autoplay.default", 0);
user_pref("media.gmp-manager.updateEnabled", false);
user_pref("media.gmp-manager.url", "");
user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.normandy.enabled", false);
user_pref("app.shield.optoutstudies.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("browser.startup.page", 0);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.discovery.enabled", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.downloads.remote.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("browser.safebrowsing.provider.google4.updateURL", "");
user_pref("browser.safebrowsing.provider.google.updateURL", "");
user_pref("browser.safebrowsing.provider.mozilla.updateURL", "");
user_pref("browser.search.update", false);
user_pref("browser.region.network.url", "");
user_pref("browser.region.update.enabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("toolkit.telemetry.server", "");
user_pref("toolkit.telemetry.archive.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("network.predictor.enabled", false);
user_pref("network.trr.mode", 5);
user_pref("network.proxy.type", 0);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("extensions.systemAddon.update.enabled", false);
user_pref("services.settings.server", "");
user_pref("services.sync.enabled", false);
user_pref("identity.fxaccounts.enabled", false);
user_pref("security.OCSP.enabled", 0);
user_pref("security.remote_settings.crlite_filters.enabled", false);
user_pref("messaging-system.rsexperimentloader.enabled", false);
user_pref("dom.push.enabled", false);
user_pref("geo.enabled", false);
"""


def start_browser(kind, side):
    """side 'A' (offerer, namespace A) or 'B' (answerer, namespace B)."""
    worker = "%s-%s" % (kind, side)
    ns = A.ns_a if side == "A" else A.ns_b
    url = "%s/web/peer.html?worker=%s" % (A.mailbox, worker)
    home = os.path.join(A.work, "home-" + worker)
    shutil.rmtree(home, ignore_errors=True)
    profile = os.path.join(home, "profile")
    os.makedirs(profile)
    if kind == "chromium":
        argv = ["ip", "netns", "exec", ns, "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps", "--disable-breakpad", "--disable-domain-reliability",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--unsafely-treat-insecure-origin-as-secure=" + A.mailbox,
                "--user-data-dir=" + profile, url]
    else:
        with open(os.path.join(profile, "user.js"), "w") as f:
            f.write(FIREFOX_PREFS)
        argv = ["ip", "netns", "exec", ns, "firefox-esr", "--headless", "--no-remote", "-profile", profile, url]
    PROCS.start(worker, argv, worker, env=clean_env(home))
    return worker


RUNNING_WORKERS = []


def wait_ready(worker, timeout=60):
    r = mb_get("ready/" + worker, timeout)
    if r is not None:
        RUNNING_WORKERS.append(worker)
    return r


def version_of(prod):
    try:
        if prod == "chromium":
            out = subprocess.run(["ip", "netns", "exec", A.ns_a, "chromium", "--version"], capture_output=True,
                                 text=True, timeout=30).stdout
            return re.search(r"Chromium ([\d.]+)", out).group(1)
        if prod == "firefox":
            out = subprocess.run(["ip", "netns", "exec", A.ns_a, "firefox-esr", "--version"], capture_output=True,
                                 text=True, timeout=30, env=clean_env(os.path.join(A.work, "home-version"))).stdout
            return re.search(r"Firefox ([\w.]+)", out).group(1)
        if prod == "webrtcbin":
            out = subprocess.run(["/usr/bin/python3", "-c", "import gi; gi.require_version('Gst','1.0');"
                                  "from gi.repository import Gst; Gst.init(None); print('%d.%d.%d' % Gst.version()[:3])"],
                                 capture_output=True, text=True, timeout=30).stdout
            return out.strip()
        if prod == "aiortc":
            out = subprocess.run([A.venv_python, "-c", "from importlib.metadata import version; print(version('aiortc'))"],
                                 capture_output=True, text=True, timeout=30).stdout
            return out.strip()
    except Exception as e:  # noqa: BLE001
        log("version of", prod, "failed:", e)
    return "unknown"


def set_ipv6(on):
    for side, ns, dev in (("A", A.ns_a, A.if_a), ("B", A.ns_b, A.if_b)):
        argv = ["ip", "-n", ns, "addr", "add" if on else "del", IP6[side] + "/64", "dev", dev]
        if on:
            argv.append("nodad")
        subprocess.run(argv, check=False)
    log("ipv6 addresses", "added" if on else "removed")
    time.sleep(3)  # let the browsers notice the address change, then check that each worker still answers
    for w in list(RUNNING_WORKERS):
        token = "%s-%d" % ("v6on" if on else "v6off", int(time.time() * 1000))
        mb_put("/job/" + w, {"ping": token})
        if mb_get("pong/%s/%s" % (w, token), 60) is None:
            log("worker", w, "did not answer a ping after the address change")


def start_peer(prod, role, scenario, sid):
    side = "A" if role == "offerer" else "B"
    if prod in BROWSERS:
        mb_put("/job/%s-%s" % (prod, side), {"sid": sid, "role": role, "scenario": scenario})
        return None
    ns = ns_for(role)
    common = ["--role", role, "--scenario", scenario, "--sid", sid, "--mailbox", A.mailbox]
    if prod == "webrtcbin":
        argv = ["ip", "netns", "exec", ns, "/usr/bin/python3", os.path.join(HERE, "webrtcbin_peer.py")] + common + \
               ["--local-ip", ip_for(role)]
        if scenario == "ipv6":
            argv += ["--local-ip", IP6["A" if role == "offerer" else "B"]]
    else:
        argv = ["ip", "netns", "exec", ns, A.venv_python, os.path.join(HERE, "aiortc_peer.py")] + common
    env = clean_env(os.path.join(A.work, "home-" + prod))
    env["GST_DEBUG"] = "1"
    logname = sid.replace("/", "_") + "." + role
    return PROCS.start("%s-%s" % (prod, role), argv, logname, env=env)


# ---------------------------------------------------------------- one negotiation
def run_session(off, ans, sc):
    sid = "%s/%s-%s/%s" % (A.run, off, ans, sc)
    log("session", sid)
    t0 = time.monotonic()
    pa = start_peer(ans, "answerer", sc, sid)
    po = start_peer(off, "offerer", sc, sid)
    limit = 120 if sc in TWO_ROUNDS else 90
    r_off = mb_get(sid + "/result-offerer", limit)
    r_ans = mb_get(sid + "/result-answerer", max(5.0, limit - (time.monotonic() - t0)))
    for p in (pa, po):
        if p is not None:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                log("peer", p.pid, "did not exit; stopping it")
            Procs.stop(p)
    keys = ["offer", "answer", "srd-answer", "offer2", "answer2", "srd-answer2"]
    got = {k: mb_get(sid + "/" + k) for k in keys}
    got["cand-offerer"] = mb_list(sid + "/cand-offerer")
    got["cand-answerer"] = mb_list(sid + "/cand-answerer")
    got["result-offerer"] = r_off
    got["result-answerer"] = r_ans
    for role, prod in (("offerer", off), ("answerer", ans)):
        got["logErrors-" + role] = scrape_log(sid.replace("/", "_") + "." + role) if prod not in BROWSERS else []
    log("  -> offerer connected=%s answerer connected=%s (%.1fs)" % (
        (r_off or {}).get("connected"), (r_ans or {}).get("connected"), time.monotonic() - t0))
    return got


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def scrape_log(logname):
    """TLS/DTLS error lines a webrtcbin/aiortc peer logged (GST_DEBUG=1 prints GStreamer ERRORs)."""
    path = os.path.join(A.work, "logs", logname + ".log")
    out = []
    try:
        with open(path, errors="replace") as f:
            for line in f:
                line = ANSI.sub("", line)
                m = re.search(r"(ssl error: .*|SSL routines:.*)", line)
                if m and m.group(1).strip() not in out:
                    out.append(m.group(1).strip())
    except OSError:
        pass
    return out[:5]


def conn_error(result, log_errors):
    """The consumer's own error text when a connection failed (None if it reported none)."""
    if log_errors:
        return log_errors[0]
    for be in (result or {}).get("busErrors") or []:
        if "dtls" in be.lower() or "ssl" in be.lower() or "ice" in be.lower():
            return be
    return (result or {}).get("error")


# ---------------------------------------------------------------- corpus writing
def write_bytes(rel, text):
    path = os.path.join(A.out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))  # the string exactly as the producer returned it


def rd_outcome(consumer_msg):
    """(remoteDescription, error) from a {'accepted':..., 'error':...} record."""
    if not consumer_msg or consumer_msg.get("accepted") is None:
        return None, (consumer_msg or {}).get("error")
    return ("accepted" if consumer_msg["accepted"] else "rejected"), consumer_msg.get("error")


def entries_for(off, ans, sc, got, versions):
    pair = "%s-%s/%s" % (off, ans, sc)
    base = "pairs/%s-%s/%s" % (off, ans, sc)
    cons = {"offerer": "%s %s" % (off, versions[off]), "answerer": "%s %s" % (ans, versions[ans])}
    r_off, r_ans = got["result-offerer"] or {}, got["result-answerer"] or {}
    both = bool(r_off.get("connected")) and bool(r_ans.get("connected"))
    out = []

    def entry(path, prod, role, consumer, rd, error, conn):
        out.append({"path": path, "producer": prod, "version": versions[prod], "role": role, "scenario": sc,
                    "pair": pair, "observed": {"consumer": consumer, "remoteDescription": rd, "error": error,
                                               "connection": conn}})

    def round_files(suffix, offer_msg, answer_msg, srd_answer, conn_if_ok):
        # errors of the connection phase, as each consumer reported them
        ans_conn_err = conn_error(r_ans, got.get("logErrors-answerer")) if conn_if_ok == "not-connected" else None
        off_conn_err = conn_error(r_off, got.get("logErrors-offerer")) if conn_if_ok == "not-connected" else None
        if not offer_msg or not offer_msg.get("sdp"):
            return False
        write_bytes(base + ".offer%s.sdp" % suffix, offer_msg["sdp"])
        # the offer, as consumed by the answerer
        if answer_msg is None:
            err = r_ans.get("error") or "no answer within the time limit"
            rd, conn = None, None
        else:
            rd, err = rd_outcome(answer_msg.get("srd"))
            if answer_msg.get("error") and not err:
                err = answer_msg["error"]
            conn = None
        negotiated = answer_msg is not None and bool(answer_msg.get("sdp"))
        a_rd, a_err = rd_outcome(srd_answer)
        if negotiated and a_rd == "accepted":
            conn = conn_if_ok
            err = err or ans_conn_err
            a_err = a_err or off_conn_err
        entry(base + ".offer%s.sdp" % suffix, off, "offer", cons["answerer"] if answer_msg is not None else None,
              rd, err, conn)
        if negotiated:
            write_bytes(base + ".answer%s.sdp" % suffix, answer_msg["sdp"])
            entry(base + ".answer%s.sdp" % suffix, ans, "answer", cons["offerer"] if srd_answer else None,
                  a_rd, a_err, conn)
        return True

    if sc in TWO_ROUNDS:
        first = r_off.get("firstRound") or {}
        conn1 = "connected" if first.get("connected") else "not-connected"
        round_files("", got["offer"], got["answer"], got["srd-answer"], conn1)
        if got["offer2"] and got["offer2"].get("sdp"):
            round_files("2", got["offer2"], got["answer2"], got["srd-answer2"],
                        "connected" if both else "not-connected")
    else:
        round_files("", got["offer"], got["answer"], got["srd-answer"], "connected" if both else "not-connected")
    for role in ("offerer", "answerer"):
        if got["cand-" + role]:
            path = os.path.join(A.out, base + ".%s.candidates.json" % ("offer" if role == "offerer" else "answer"))
            with open(path, "w") as f:
                json.dump(got["cand-" + role], f, indent=1)
                f.write("\n")
    return out


def main():
    global A
    ap = argparse.ArgumentParser()
    ap.add_argument("--mailbox", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--ns-a", required=True)
    ap.add_argument("--ns-b", required=True)
    ap.add_argument("--ip-a", required=True)
    ap.add_argument("--ip-b", required=True)
    ap.add_argument("--if-a", required=True)
    ap.add_argument("--if-b", required=True)
    ap.add_argument("--venv-python", required=True)
    ap.add_argument("--only", default="", help="comma list of producers; both sides of a pair must be in it")
    ap.add_argument("--scenarios", default="", help="comma list of scenarios")
    ap.add_argument("--run", default=time.strftime("run%H%M%S"))
    A = ap.parse_args()
    # SIGTERM (from generate's cleanup or timeout) must still run the finally below that stops the browsers
    # (GNU timeout forwards the signal to its whole group, so it can arrive twice: ignore the repeats,
    # otherwise the second one would interrupt the cleanup)
    def on_term(*_):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sys.exit(143)
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    os.makedirs(os.path.join(A.work, "logs"), exist_ok=True)
    only = [p for p in A.only.split(",") if p] or PRODUCERS
    for p in only:
        if p not in PRODUCERS:
            raise SystemExit("unknown producer " + p)
    scenarios = [s for s in A.scenarios.split(",") if s] or SCENARIOS
    versions = {p: version_of(p) for p in PRODUCERS}
    log("versions", versions)

    try:
        for kind in BROWSERS:
            if kind in only:
                for side in ("A", "B"):
                    start_browser(kind, side)
        for kind in BROWSERS:
            if kind in only:
                for side in ("A", "B"):
                    w = "%s-%s" % (kind, side)
                    if not wait_ready(w):
                        raise SystemExit("browser worker %s did not load the page" % w)
                    log("ready", w)

        pairs = [(o, a) for o in only for a in only]
        results = {}
        for sc in scenarios:
            if sc == "ipv6":
                set_ipv6(True)
            try:
                for (o, a) in pairs:
                    if sc not in OFFERS[o]:
                        continue
                    results[(o, a, sc)] = run_session(o, a, sc)
            finally:
                if sc == "ipv6":
                    set_ipv6(False)
    finally:
        for kind in BROWSERS:
            if kind in only:
                for side in ("A", "B"):
                    try:
                        mb_put("/job/%s-%s" % (kind, side), {"quit": True})
                    except BaseException:  # noqa: BLE001 - mailbox may be gone already
                        pass
        time.sleep(1)
        PROCS.stop_all()

    # merge into Corpus/: replace everything that belongs to the pairs we ran
    man_path = os.path.join(A.out, "manifest.json")
    obs_path = os.path.join(A.out, "observations.json")
    old = {"files": []}
    old_obs = {}
    if os.path.exists(man_path):
        with open(man_path) as f:
            old = json.load(f)
    if os.path.exists(obs_path):
        with open(obs_path) as f:
            old_obs = json.load(f)
    ran_pairs = {"%s-%s" % (o, a) for (o, a, _s) in results}
    ran_ids = {"%s-%s/%s" % k for k in results}
    keep = [e for e in old.get("files", []) if e.get("pair") not in ran_ids]
    keep_obs = {k: v for k, v in old_obs.get("sessions", {}).items() if k not in ran_ids}
    for pr in ran_pairs:
        d = os.path.join(A.out, "pairs", pr)
        if os.path.isdir(d):
            for fn in os.listdir(d):
                if any(fn.startswith(s + ".") for s in scenarios):
                    os.remove(os.path.join(d, fn))
    files = list(keep)
    sessions = dict(keep_obs)
    for (o, a, sc), got in results.items():
        files += entries_for(o, a, sc, got, versions)
        sessions["%s-%s/%s" % (o, a, sc)] = {
            "offerer": o, "answerer": a, "scenario": sc,
            "offererResult": got["result-offerer"], "answererResult": got["result-answerer"],
            "offererLogErrors": got.get("logErrors-offerer") or [], "answererLogErrors": got.get("logErrors-answerer") or [],
        }
    files.sort(key=lambda e: e["path"])
    manifest = {"schema": 1, "generated": datetime.date.today().isoformat(), "files": files}
    with open(man_path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    with open(obs_path, "w") as f:
        json.dump({"generated": manifest["generated"], "versions": {**old_obs.get("versions", {}), **versions},
                   "sessions": dict(sorted(sessions.items()))}, f, indent=1, sort_keys=False)
        f.write("\n")
    log("wrote", len(files), "manifest entries")


if __name__ == "__main__":
    main()
