import CGStreamer
import Dispatch
import GstShim

/// Process-wide GStreamer set-up. `gst_init` must run once per process, before any element exists.
enum GStreamerRuntime {
    /// Initialises GStreamer on first use; later calls return at once (Swift `static let` is run once, thread-safely).
    static func ensureInitialized() { _ = initialized }

    private static let initialized: Bool = {
        gst_init(nil, nil)
        return true
    }()

    /// Whether the elements the engine builds exist in this installation.
    static func hasElement(_ factory: String) -> Bool {
        ensureInitialized()
        guard let found = gst_element_factory_find(factory) else { return false }
        gst_object_unref(UnsafeMutableRawPointer(found))
        return true
    }
}

// MARK: - Pointer casts that the C macros (G_OBJECT, GST_BIN, …) would do.

@inline(__always)
func gobject<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<GObject> {
    UnsafeMutablePointer(OpaquePointer(pointer))
}

@inline(__always)
func gstBin(_ pointer: UnsafeMutablePointer<GstElement>) -> UnsafeMutablePointer<GstBin> {
    UnsafeMutablePointer(OpaquePointer(pointer))
}

/// Takes a C string that GLib allocated, returns it as a Swift string and frees it.
func takeGString(_ pointer: UnsafeMutablePointer<gchar>?) -> String? {
    guard let pointer else { return nil }
    defer { g_free(pointer) }
    return String(cString: pointer)
}

// MARK: - Reading properties through GValue (g_object_get is variadic).

enum GProperty {
    /// The nick of an enum property, e.g. `connected` for `ice-connection-state`.
    static func enumNick(_ object: UnsafeMutablePointer<GObject>, _ name: String) -> String? {
        var value = GValue()
        g_object_get_property(object, name, &value)
        defer { g_value_unset(&value) }
        guard value.g_type != 0, let klass = g_type_class_ref(value.g_type) else { return nil }
        defer { g_type_class_unref(klass) }
        let enumClass = UnsafeMutablePointer<GEnumClass>(OpaquePointer(klass))
        guard let entry = g_enum_get_value(enumClass, g_value_get_enum(&value)) else { return nil }
        return String(cString: entry.pointee.value_nick)
    }

    /// An object property; the caller owns the returned reference (release with `g_object_unref`).
    static func object(_ object: UnsafeMutablePointer<GObject>, _ name: String) -> UnsafeMutablePointer<GObject>? {
        var value = GValue()
        g_object_get_property(object, name, &value)
        defer { g_value_unset(&value) }
        guard value.g_type != 0, let found = g_value_dup_object(&value) else { return nil }
        return found.assumingMemoryBound(to: GObject.self)
    }

    /// A string property.
    static func string(_ object: UnsafeMutablePointer<GObject>, _ name: String) -> String? {
        var value = GValue()
        g_object_get_property(object, name, &value)
        defer { g_value_unset(&value) }
        guard value.g_type != 0, let text = g_value_get_string(&value) else { return nil }
        return String(cString: text)
    }
}

// MARK: - Signals

/// The object a signal handler or pad probe receives as `user_data`.
///
/// It holds its peer weakly so that connected handlers never keep a peer alive; GLib releases the
/// retained context through ``releaseContext`` when the handler is disconnected or the object dies.
final class CallbackContext: @unchecked Sendable {
    weak var peer: Peer?
    /// What the handler is about (a stream name, a channel label).
    let tag: String

    init(peer: Peer, tag: String = "") {
        self.peer = peer
        self.tag = tag
    }

    static func from(_ pointer: gpointer?) -> CallbackContext? {
        guard let pointer else { return nil }
        return Unmanaged<CallbackContext>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// `GClosureNotify` and `GDestroyNotify` for a retained ``CallbackContext``.
let releaseContext: @convention(c) (gpointer?, UnsafeMutablePointer<GClosure>?) -> Void = { data, _ in
    guard let data else { return }
    Unmanaged<CallbackContext>.fromOpaque(data).release()
}

let releaseContextDestroy: @convention(c) (gpointer?) -> Void = { data in
    guard let data else { return }
    Unmanaged<CallbackContext>.fromOpaque(data).release()
}

/// Connects `handler` (a capture-free `@convention(c)` function cast to `GCallback`) to `signal`.
@discardableResult
func connectSignal(_ instance: gpointer, _ signal: String, _ handler: GCallback, _ context: CallbackContext) -> gulong {
    let data = Unmanaged.passRetained(context).toOpaque()
    return g_signal_connect_data(instance, signal, handler, data, releaseContext, GConnectFlags(0))
}

// MARK: - Promises with a deadline

/// A `GstPromise` whose reply is awaited with a deadline (`gst_promise_wait` has none).
final class PromiseWaiter: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    let promise: UnsafeMutablePointer<GstPromise>

    init() {
        let box = Unmanaged.passRetained(SemaphoreBox(semaphore)).toOpaque()
        promise = gst_promise_new_with_change_func({ _, data in
            guard let data else { return }
            Unmanaged<SemaphoreBox>.fromOpaque(data).takeUnretainedValue().semaphore.signal()
        }, box, { data in
            guard let data else { return }
            Unmanaged<SemaphoreBox>.fromOpaque(data).release()
        })
    }

    deinit { gst_promise_unref(promise) }

    enum Reply {
        /// Replied; the structure may be absent (a successful set-description replies NULL).
        case replied(UnsafePointer<GstStructure>?)
        /// The deadline passed first (the promise has been interrupted).
        case expired
        /// webrtcbin interrupted or expired the promise itself.
        case interrupted
    }

    /// Waits until the promise is answered or `deadline` passes. The structure is valid while `self` lives.
    func wait(until deadline: DispatchTime) -> Reply {
        if semaphore.wait(timeout: deadline) == .timedOut {
            gst_promise_interrupt(promise)
            return .expired
        }
        // Answered: gst_promise_wait returns at once now.
        let result = gst_promise_wait(promise)
        guard result == GST_PROMISE_RESULT_REPLIED else { return .interrupted }
        return .replied(gst_promise_get_reply(promise))
    }

    /// The error message of a reply's `error` field, if it carries one.
    static func errorMessage(_ reply: UnsafePointer<GstStructure>?) -> String? {
        guard let reply, gst_structure_has_field(reply, "error") != 0,
              let value = gst_structure_get_value(reply, "error"),
              let boxed = g_value_get_boxed(value) else { return nil }
        let error = boxed.assumingMemoryBound(to: GError.self)
        return error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    }

    /// A copy of the session description stored under `field` (`offer` or `answer`).
    static func description(_ reply: UnsafePointer<GstStructure>?, _ field: String) -> UnsafeMutablePointer<GstWebRTCSessionDescription>? {
        guard let reply, let value = gst_structure_get_value(reply, field),
              let boxed = g_value_get_boxed(value) else { return nil }
        return gst_webrtc_session_description_copy(boxed.assumingMemoryBound(to: GstWebRTCSessionDescription.self))
    }
}

private final class SemaphoreBox {
    let semaphore: DispatchSemaphore
    init(_ semaphore: DispatchSemaphore) { self.semaphore = semaphore }
}

// MARK: - SDP text

enum SDPText {
    /// The text of a webrtcbin session description.
    static func text(of description: UnsafeMutablePointer<GstWebRTCSessionDescription>) -> String {
        takeGString(gst_sdp_message_as_text(description.pointee.sdp)) ?? ""
    }

    /// A session description of `type` parsed by GStreamer's (lenient) SDP parser; `nil` if it refuses.
    static func description(_ text: String, type: GstWebRTCSDPType) -> UnsafeMutablePointer<GstWebRTCSessionDescription>? {
        var message: UnsafeMutablePointer<GstSDPMessage>?
        guard gst_sdp_message_new_from_text(text, &message) == GST_SDP_OK, let message else { return nil }
        return gst_webrtc_session_description_new(type, message)
    }
}
