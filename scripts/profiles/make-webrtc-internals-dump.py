#!/usr/bin/python3
"""Produces a real chrome://webrtc-internals dump with headless Chromium, for `sdpcheck dump`.

Chromium runs in a fresh network namespace with only a loopback interface (`unshare -n`,
so nothing can leave the machine), driven over the DevTools protocol on a pipe
(--remote-debugging-pipe). One tab opens chrome://webrtc-internals; another runs a page
with two RTCPeerConnections that negotiate audio + video + a data channel (offer,
answer, then a second offer adding a video transceiver). The dump is the file the
internals page's own 'Download the "webrtc-internals dump"' control writes: since
Chromium ~120 a gzip-compressed JSON (webrtc_internals_dump.gz), whose description
events carry JSON values {"type":…,"sdp":…} (measured with Chromium 156).

    /usr/bin/python3 scripts/profiles/make-webrtc-internals-dump.py OUT.json
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

PAGE = """<!doctype html><meta charset=utf-8><title>dump</title><script>
async function run() {
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
  stream.getTracks().forEach(t => a.addTrack(t, stream));
  a.createDataChannel('chat');
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  a.addTransceiver('video', {direction: 'recvonly'});
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  document.title = 'negotiated';
}
run().catch(e => document.title = 'error ' + e);
</script>"""


class DevTools:
    """The DevTools protocol over --remote-debugging-pipe: NUL-terminated JSON on fds 3/4."""

    def __init__(self, proc, write_fd, read_fd):
        self.proc, self.w, self.r = proc, write_fd, read_fd
        self.next_id = 0
        self.buffer = b""
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            reply = self.read()
            if reply.get("id") == want:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        msg, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(msg)

    def evaluate(self, session, expression):
        result = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session)
        return result.get("result", {}).get("value")


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "webrtc-internals-dump.json")
    work = tempfile.mkdtemp(prefix="rtcscope-dump-")
    page = os.path.join(work, "page.html")
    with open(page, "w") as f:
        f.write(PAGE)
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    # fds: chromium reads commands on 3, writes replies on 4.
    cmd_r, cmd_w = os.pipe()
    rep_r, rep_w = os.pipe()
    # Move the child's ends above 3 and 4 so that the redirections below cannot clash.
    for name in ("cmd_r", "rep_w"):
        fd = locals()[name]
        high = os.dup2(fd, 100 if name == "cmd_r" else 101)
        os.close(fd)
        if name == "cmd_r":
            cmd_r = high
        else:
            rep_w = high
    args = ["unshare", "-n", "/usr/lib/chromium/chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream", "--user-data-dir=" + os.path.join(work, "profile"),
            "--remote-debugging-pipe", "about:blank"]

    # The shell moves the pipe ends to fds 3 and 4, where chromium looks for them.
    shell = 'exec "$@" 3<&%d 4>&%d %d<&- %d>&-' % (cmd_r, rep_w, cmd_r, rep_w)
    proc = subprocess.Popen(["bash", "-c", shell, "bash"] + args, pass_fds=(cmd_r, rep_w),
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "chromium.log"), "w"))
    os.close(cmd_r)
    os.close(rep_w)
    dt = DevTools(proc, cmd_w, rep_r)
    try:
        dt.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True})
        internals = dt.send("Target.createTarget", {"url": "chrome://webrtc-internals"})["targetId"]
        s_int = dt.send("Target.attachToTarget", {"targetId": internals, "flatten": True})["sessionId"]
        time.sleep(1.0)
        target = dt.send("Target.createTarget", {"url": "file://" + page})["targetId"]
        s_page = dt.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        deadline = time.monotonic() + 20
        title = None
        while time.monotonic() < deadline:
            title = dt.evaluate(s_page, "document.title")
            if title and title != "dump":
                break
            time.sleep(0.2)
        print("page:", title, flush=True)
        time.sleep(1.5)  # let webrtc-internals receive the updates
        # The internals page's own download control (a <button> inside an <a> in "Create a WebRTC-Internals dump").
        clicked = dt.evaluate(s_int, """(() => {
            const details = [...document.querySelectorAll('details, summary')];
            details.forEach(d => { if (d.tagName === 'DETAILS') d.open = true; });
            const buttons = [...document.querySelectorAll('button')];
            const b = buttons.find(x => /webrtc-internals dump|PeerConnection updates and stats/i.test(x.textContent));
            if (!b) return 'no button: ' + buttons.map(x => x.textContent.trim()).join(' | ');
            b.click();
            return 'clicked: ' + b.textContent.trim();
        })()""")
        print("internals:", clicked, flush=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            files = [f for f in os.listdir(downloads) if not f.endswith(".crdownload")]
            if files:
                break
            time.sleep(0.2)
        files = [f for f in os.listdir(downloads) if not f.endswith(".crdownload")]
        if not files:
            raise SystemExit("no dump downloaded; see " + work)
        shutil.copy(os.path.join(downloads, files[0]), out)
        print("wrote", out, "from", files[0])
    finally:
        try:
            dt.send("Browser.close")
        except Exception:  # noqa: BLE001
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
