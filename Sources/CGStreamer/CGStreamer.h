// The GStreamer 1.22 and libnice C APIs that the loop-back engine uses.
// Only the Loopback and GstShim targets import this module.
#ifndef RTCSCOPE_CGSTREAMER_H
#define RTCSCOPE_CGSTREAMER_H

// The webrtc headers are marked unstable API and warn on every include without this.
#ifndef GST_USE_UNSTABLE_API
#define GST_USE_UNSTABLE_API 1
#endif

#include <gst/gst.h>
#include <gst/sdp/sdp.h>
#include <gst/webrtc/webrtc.h>
#include <nice/agent.h>

#endif
