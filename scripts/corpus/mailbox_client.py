"""Client side of mailbox.py, shared by the corpus peers (aiortc_peer.py, webrtcbin_peer.py).

The mailbox runs inside the generator's network namespace; peers only ever talk to the
URL they are given on their command line.
"""
import json
import time
import urllib.parse
import urllib.request


class Mailbox:
    def __init__(self, base_url, log):
        self.base_url = base_url
        self.log = log

    def _url(self, verb, key):
        return "%s/%s/%s" % (self.base_url, verb, urllib.parse.quote(key, safe=""))

    def put(self, key, obj, attempts=5):
        """Appends obj (as JSON) to the list under key; retries briefly, then gives up with a log line."""
        data = json.dumps(obj).encode("utf-8")
        for _ in range(attempts):
            try:
                req = urllib.request.Request(self._url("put", key), data=data, method="POST")
                urllib.request.urlopen(req, timeout=10).read()
                return
            except Exception as e:  # noqa: BLE001 -- a peer must outlive a mailbox hiccup
                self.log("put failed", key, e)
                time.sleep(0.2)

    def get_list(self, key, start, timeout):
        """Items start.. of key, waiting up to timeout seconds for at least one; [] at the deadline."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            # Long-poll in slices: the server waits at most 25 s per request.
            t = min(20.0, max(0.1, left))
            try:
                url = "%s?from=%d&timeout=%.1f" % (self._url("get", key), start, t)
                with urllib.request.urlopen(url, timeout=t + 10) as r:
                    if r.status == 200:
                        return json.loads(r.read().decode("utf-8"))
            except Exception as e:  # noqa: BLE001
                self.log("get failed", key, e)
                time.sleep(0.2)

    def get(self, key, timeout):
        """The first item of key, or None at the deadline."""
        items = self.get_list(key, 0, timeout)
        return items[0] if items else None


def wait_for(pred, timeout, step=0.05):
    """Polls pred until it holds or timeout seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return bool(pred())
