// One plain function per variadic GLib call the loop-back engine needs.
//
// Swift cannot call C variadic functions such as g_signal_emit_by_name and g_object_set,
// so each action signal of webrtcbin (and the few property writes) gets a fixed signature here.
// Nothing else lives in this target: all logic stays in Swift.
#ifndef RTCSCOPE_GSTSHIM_H
#define RTCSCOPE_GSTSHIM_H

#ifndef GST_USE_UNSTABLE_API
#define GST_USE_UNSTABLE_API 1
#endif
#include <gst/gst.h>
#include <gst/webrtc/webrtc.h>

/// Emits webrtcbin's "create-offer"; the reply arrives on `promise`.
void rtc_webrtc_create_offer(GstElement *webrtc, GstPromise *promise);
/// Emits webrtcbin's "create-answer"; the reply arrives on `promise`.
void rtc_webrtc_create_answer(GstElement *webrtc, GstPromise *promise);
/// Emits "set-local-description". A NULL reply means success; a failure sets `error`.
void rtc_webrtc_set_local_description(GstElement *webrtc, GstWebRTCSessionDescription *desc, GstPromise *promise);
/// Emits "set-remote-description". A NULL reply means success; a failure sets `error`.
void rtc_webrtc_set_remote_description(GstElement *webrtc, GstWebRTCSessionDescription *desc, GstPromise *promise);
/// Emits "add-ice-candidate" for the m-line `mline_index`.
void rtc_webrtc_add_ice_candidate(GstElement *webrtc, guint mline_index, const gchar *candidate);
/// Emits "create-data-channel"; returns the channel (caller owns the reference) or NULL.
GObject *rtc_webrtc_create_data_channel(GstElement *webrtc, const gchar *label, GstStructure *options);
/// Emits "add-transceiver"; returns the transceiver (caller owns the reference) or NULL.
GObject *rtc_webrtc_add_transceiver(GstElement *webrtc, GstWebRTCRTPTransceiverDirection direction, GstCaps *caps);
/// Emits "get-transceiver"; returns the transceiver at `index` (caller owns the reference) or NULL.
GObject *rtc_webrtc_get_transceiver(GstElement *webrtc, gint index);
/// Emits a data channel's "send-string".
void rtc_data_channel_send_string(GObject *channel, const gchar *text);
/// Emits a data channel's "close".
void rtc_data_channel_close(GObject *channel);

/// g_object_set of one property of type gboolean.
void rtc_object_set_bool(gpointer object, const gchar *name, gboolean value);
/// g_object_set of one property of type guint.
void rtc_object_set_uint(gpointer object, const gchar *name, guint value);
/// g_object_set of one property of type gint or an enum (by value).
void rtc_object_set_int(gpointer object, const gchar *name, gint value);
/// g_object_set of one property of an enum type, by the enum value's nick (e.g. "max-bundle").
/// Returns FALSE when the property or the nick does not exist.
gboolean rtc_object_set_enum_nick(gpointer object, const gchar *name, const gchar *nick);

#endif
