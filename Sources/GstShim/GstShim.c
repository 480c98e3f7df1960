#include "GstShim.h"

void rtc_webrtc_create_offer(GstElement *webrtc, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "create-offer", NULL, promise);
}

void rtc_webrtc_create_answer(GstElement *webrtc, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "create-answer", NULL, promise);
}

void rtc_webrtc_set_local_description(GstElement *webrtc, GstWebRTCSessionDescription *desc, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "set-local-description", desc, promise);
}

void rtc_webrtc_set_remote_description(GstElement *webrtc, GstWebRTCSessionDescription *desc, GstPromise *promise) {
    g_signal_emit_by_name(webrtc, "set-remote-description", desc, promise);
}

void rtc_webrtc_add_ice_candidate(GstElement *webrtc, guint mline_index, const gchar *candidate) {
    g_signal_emit_by_name(webrtc, "add-ice-candidate", mline_index, candidate);
}

GObject *rtc_webrtc_create_data_channel(GstElement *webrtc, const gchar *label, GstStructure *options) {
    GObject *channel = NULL;
    g_signal_emit_by_name(webrtc, "create-data-channel", label, options, &channel);
    return channel;
}

GObject *rtc_webrtc_add_transceiver(GstElement *webrtc, GstWebRTCRTPTransceiverDirection direction, GstCaps *caps) {
    GObject *transceiver = NULL;
    g_signal_emit_by_name(webrtc, "add-transceiver", direction, caps, &transceiver);
    return transceiver;
}

GObject *rtc_webrtc_get_transceiver(GstElement *webrtc, gint index) {
    GObject *transceiver = NULL;
    g_signal_emit_by_name(webrtc, "get-transceiver", index, &transceiver);
    return transceiver;
}

void rtc_data_channel_send_string(GObject *channel, const gchar *text) {
    g_signal_emit_by_name(channel, "send-string", text);
}

void rtc_data_channel_close(GObject *channel) {
    g_signal_emit_by_name(channel, "close");
}

void rtc_object_set_bool(gpointer object, const gchar *name, gboolean value) {
    g_object_set(object, name, value, NULL);
}

void rtc_object_set_uint(gpointer object, const gchar *name, guint value) {
    g_object_set(object, name, value, NULL);
}

void rtc_object_set_int(gpointer object, const gchar *name, gint value) {
    g_object_set(object, name, value, NULL);
}

gboolean rtc_object_set_enum_nick(gpointer object, const gchar *name, const gchar *nick) {
    GParamSpec *spec = g_object_class_find_property(G_OBJECT_GET_CLASS(object), name);
    if (spec == NULL || !G_IS_PARAM_SPEC_ENUM(spec)) return FALSE;
    GEnumClass *klass = g_type_class_ref(spec->value_type);
    GEnumValue *value = g_enum_get_value_by_nick(klass, nick);
    gboolean found = value != NULL;
    if (found) g_object_set(object, name, value->value, NULL);
    g_type_class_unref(klass);
    return found;
}
