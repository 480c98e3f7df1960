#!/usr/bin/env python3
"""Tiny HTTP mailbox for exchanging SDPs between peers (stdlib only).

Runs inside the generator's network namespace on its veth address; never on a
host interface. Every key holds an append-only list of JSON bodies.

  GET  /web/<file>                     static files from scripts/corpus/web/
  POST /put/<key>                      append the request body to list <key>
  GET  /get/<key>?from=N&timeout=S     items N.. of <key> as a JSON array; waits
                                       up to S seconds (max 25) for len > N, else 204
  POST /job/<worker>  GET /job/<worker>?timeout=S   a FIFO queue per worker (204 if empty)
  POST /log/<name>                     append one line to <logdir>/<name>.log
"""
import argparse
import json
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WEB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "web")
CTYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

cond = threading.Condition()
store = {}   # key -> list[bytes]
jobs = {}    # worker -> list[bytes]
LOGDIR = "."


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep stderr quiet
        pass

    def _send(self, code, body=b"", ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _parts(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        kind, _, key = u.path.lstrip("/").partition("/")
        return kind, urllib.parse.unquote(key), q

    def do_GET(self):
        kind, key, q = self._parts()
        timeout = min(float(q.get("timeout", ["0"])[0]), 25.0)
        deadline = time.monotonic() + timeout
        if kind == "web":
            path = os.path.join(WEB_DIR, os.path.basename(key))
            if not os.path.isfile(path):
                return self._send(404, b"not found", "text/plain")
            with open(path, "rb") as f:
                data = f.read()
            return self._send(200, data, CTYPES.get(os.path.splitext(path)[1], "application/octet-stream"))
        if kind == "get":
            start = int(q.get("from", ["0"])[0])
            with cond:
                while len(store.get(key, [])) <= start:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return self._send(204)
                    cond.wait(left)
                items = store[key][start:]
            return self._send(200, b"[" + b",".join(items) + b"]")
        if kind == "job":
            with cond:
                while not jobs.get(key):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return self._send(204)
                    cond.wait(left)
                item = jobs[key].pop(0)
            return self._send(200, item)
        return self._send(404, b"not found", "text/plain")

    def do_POST(self):
        kind, key, _ = self._parts()
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n) if n else b""
        if kind in ("put", "job"):
            try:
                json.loads(body.decode("utf-8"))
            except Exception as e:  # noqa: BLE001
                return self._send(400, json.dumps({"error": str(e)}).encode(), "application/json")
            with cond:
                (store if kind == "put" else jobs).setdefault(key, []).append(body)
                cond.notify_all()
            return self._send(200, b"{}")
        if kind == "log":
            name = os.path.basename(key) or "log"
            with open(os.path.join(LOGDIR, name + ".log"), "ab") as f:
                f.write(time.strftime("%H:%M:%S ").encode() + body.rstrip(b"\n") + b"\n")
            return self._send(200, b"{}")
        return self._send(404, b"not found", "text/plain")


def main():
    global LOGDIR
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--logdir", default=".")
    a = ap.parse_args()
    if not (a.host.startswith("10.250.") or a.host.startswith("127.")):
        raise SystemExit("mailbox: refusing to listen outside the generator's namespace addresses")
    LOGDIR = a.logdir
    os.makedirs(LOGDIR, exist_ok=True)
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.daemon_threads = True
    srv.serve_forever()


if __name__ == "__main__":
    main()
