#!/usr/bin/python3
"""A PCMU sender and a receiver (GStreamer rtpbin) whose RTCP goes both ways between one
pair of sockets, so SR and RR travel the same 5-tuple reversed (the way WebRTC sends RTCP
and the way Wireshark pairs an RR with its SR for rtcp.roundtrip-delay). For rtpdump's
RTCP round-trip fixture (scripts/captures/make-rtt-fixture runs it in a network namespace).

  sender 127.0.0.1:(any) --RTP-->  127.0.0.1:5004  receiver
         127.0.0.1:5007  <-RTCP->  127.0.0.1:5005

Impairments, each with GStreamer's netsim inside the pipelines:
  - RTP loses about 5 % of its packets (the RR's fraction lost and cumulative lost);
  - the sender's SRs are held 80-120 ms after being stamped (before they reach the wire);
  - the receiver's RRs are held 20-40 ms after being generated (after DLSR is stamped).
A capture on lo then shows an RTT of 20-40 ms plus the loopback time: the reporter's hold
counts (it is not in its DLSR), the sender's does not (it happens before the capture point).

    /usr/bin/python3 rtt-pair.py SECONDS
"""
import socket
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib, Gst  # noqa: E402

SECONDS = float(sys.argv[1])
Gst.init(None)

SENDER = (
    "rtpbin name=rb "
    "audiotestsrc is-live=true samplesperbuffer=320 ! audio/x-raw,rate=8000,channels=1 ! mulawenc "
    "! rtppcmupay ssrc=0x1234abcd ! rb.send_rtp_sink_0 "
    "rb.send_rtp_src_0 ! netsim drop-probability=0.05 ! udpsink name=rtp host=127.0.0.1 port=5004 "
    "rb.send_rtcp_src_0 ! netsim delay-probability=1.0 min-delay=80 max-delay=120 "
    "! udpsink name=rtcpout host=127.0.0.1 port=5005 sync=false async=false "
    "udpsrc name=rtcpin ! application/x-rtcp ! rb.recv_rtcp_sink_0"
)
RECEIVER = (
    "rtpbin name=rb "
    "udpsrc port=5004 address=127.0.0.1 caps=\"application/x-rtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0\" "
    "! rb.recv_rtp_sink_0 rb. ! rtppcmudepay ! fakesink "
    "udpsrc name=rtcpin ! application/x-rtcp ! rb.recv_rtcp_sink_0 "
    "rb.send_rtcp_src_0 ! netsim delay-probability=1.0 min-delay=20 max-delay=40 "
    "! udpsink name=rtcpout host=127.0.0.1 port=5007 sync=false async=false"
)


def shared_socket(pipeline, port):
    """One UDP socket on 127.0.0.1:port for both RTCP directions of a pipeline."""
    sock = Gio.Socket.new(Gio.SocketFamily.IPV4, Gio.SocketType.DATAGRAM, Gio.SocketProtocol.UDP)
    sock.bind(Gio.InetSocketAddress.new_from_string("127.0.0.1", port), False)
    for name in ("rtcpin", "rtcpout"):
        element = pipeline.get_by_name(name)
        element.set_property("socket", sock)
        element.set_property("close-socket", False)
    return sock


def fast_rtcp(pipeline):
    """RTCP every ~0.5 s instead of the RFC 3550 5 s minimum, so a short capture has several reports."""
    session = pipeline.get_by_name("rb").emit("get-internal-session", 0)
    session.set_property("rtcp-min-interval", 500 * Gst.MSECOND)


receiver = Gst.parse_launch(RECEIVER)
sender = Gst.parse_launch(SENDER)
sockets = [shared_socket(receiver, 5005), shared_socket(sender, 5007)]
for p in (receiver, sender):
    p.set_state(Gst.State.PLAYING)
for p in (receiver, sender):
    fast_rtcp(p)
loop = GLib.MainLoop()


def on_error(_bus, message):
    error, debug = message.parse_error()
    sys.stderr.write(f"rtt-pair: {error.message} ({debug})\n")
    loop.quit()
    sys.exit(1)


for p in (receiver, sender):
    bus = p.get_bus()
    bus.add_signal_watch()
    bus.connect("message::error", on_error)
GLib.timeout_add(int(SECONDS * 1000), loop.quit)
loop.run()
for p in (sender, receiver):
    p.set_state(Gst.State.NULL)
