import CGStreamer
import CMalloc
#if canImport(Glibc)
import Glibc
#endif

/// What this process holds at one moment: the figures a leak check compares before and after many cases.
///
/// Threads, descriptors and RSS come from `/proc/self` (Linux); the heap in use from glibc's allocator
/// statistics. GstObjects and GstMiniObjects (elements, pads, transports, buffers, caps, events, messages) are
/// counted by GStreamer's `leaks` tracer (see ``GstObjectTracker``). Plain GObjects (libnice's agent and
/// sockets, data channels) have no counter here: GLib counts instances only in builds with `G_ENABLE_DEBUG`
/// (`GOBJECT_DEBUG=instance-count` reads 0 on Debian's GLib 2.74), so their memory shows in the heap figure.
/// A figure that cannot be had is `nil`.
public struct ResourceSample: Sendable, Hashable, Codable {
    /// Entries of `/proc/self/task`.
    public let threads: Int?
    /// Entries of `/proc/self/fd` (the directory's own descriptor not counted).
    public let fileDescriptors: Int?
    /// `VmRSS` of `/proc/self/status`, in KiB.
    public let residentKiB: Int?
    /// Bytes malloc has handed out and not had back (glibc `mallinfo2().uordblks`, all arenas), in KiB:
    /// what the program holds, without the freed memory glibc keeps (which RSS includes).
    public let heapInUseKiB: Int?

    public init(threads: Int?, fileDescriptors: Int?, residentKiB: Int?, heapInUseKiB: Int?) {
        self.threads = threads
        self.fileDescriptors = fileDescriptors
        self.residentKiB = residentKiB
        self.heapInUseKiB = heapInUseKiB
    }
}

/// Reads a ``ResourceSample`` of this process.
public enum ResourceProbe {
    /// The figures now.
    public static func sample() -> ResourceSample {
        ResourceSample(
            threads: entries(of: "/proc/self/task"),
            fileDescriptors: entries(of: "/proc/self/fd").map { $0 - 1 },
            residentKiB: residentKiB(),
            heapInUseKiB: heapInUseKiB())
    }

    /// The number of entries in a directory, without `.` and `..`.
    static func entries(of path: String) -> Int? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDot { count += 1 }
        }
        return count
    }

    /// Hands the allocator's free memory back to the kernel (`malloc_trim(0)`: the top of each heap and, since
    /// glibc 2.8, free pages inside every arena), so that RSS shows what is held rather than what glibc keeps.
    public static func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }

    /// Ends the threads GLib's thread pools keep idle (`g_thread_pool_stop_unused_threads`; GStreamer's task pool
    /// and libnice keep some for up to 15 s), then waits until the thread count has not changed for 0.2 s (at most
    /// 2 s: a torn-down pair's streaming threads end asynchronously), so that the count shows the threads in use
    /// rather than the pools' timing.
    public static func stopUnusedThreads() {
        GStreamerRuntime.ensureInitialized()
        var last = entries(of: "/proc/self/task")
        var unchanged = 0
        for _ in 0..<40 where unchanged < 4 {
            g_thread_pool_stop_unused_threads()
            usleep(50_000)
            let now = entries(of: "/proc/self/task")
            unchanged = now == last ? unchanged + 1 : 0
            last = now
        }
    }

    /// glibc's count of bytes allocated and not freed, in KiB.
    static func heapInUseKiB() -> Int? {
        #if canImport(Glibc)
        return Int(mallinfo2().uordblks / 1024)
        #else
        return nil
        #endif
    }

    /// `VmRSS` from `/proc/self/status`, in KiB.
    public static func residentKiB() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(cString: line)
            guard text.hasPrefix("VmRSS:") else { continue }
            return text.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}

/// Net GstObject and GstMiniObject creation per type, from GStreamer's `leaks` tracer (1.18+).
///
/// The tracer's `activity-start-tracking` / `activity-get-checkpoint` action signals list, per checkpoint, the
/// objects created and the objects destroyed since the previous one (type name and address only; unlike
/// `get-live-objects`, no reference to a live object changes hands). Created minus destroyed, added up from the
/// start of tracking, is how many more objects of each type are alive than when tracking started.
///
/// Exists only when the process started with `GST_TRACERS` naming `leaks` (read by `gst_init`).
public final class GstObjectTracker: @unchecked Sendable {
    private let tracer: UnsafeMutablePointer<GObject>
    private var net: [String: Int] = [:]

    /// Finds the active leaks tracer and starts tracking; `nil` when the tracer is not active.
    public init?() {
        GStreamerRuntime.ensureInitialized()
        guard let list = gst_tracing_get_active_tracers() else { return nil }
        defer { g_list_free_full(list, { gst_object_unref($0) }) }
        var found: UnsafeMutablePointer<GObject>?
        var node: UnsafeMutablePointer<GList>? = list
        while let current = node {
            if let data = current.pointee.data {
                let object = data.assumingMemoryBound(to: GObject.self)
                if let name = g_type_name(Self.type(of: object)), String(cString: name) == "GstLeaksTracer" {
                    found = object
                    break
                }
            }
            node = current.pointee.next
        }
        guard let found else { return nil }
        g_object_ref(found)
        tracer = found
        emit("activity-start-tracking", returning: nil)
    }

    deinit {
        emit("activity-stop-tracking", returning: nil)
        g_object_unref(tracer)
    }

    /// Objects alive now minus objects alive when tracking started, per type name (zero entries left out).
    public func liveSinceStart() -> [String: Int] {
        var reply = GValue()
        g_value_init(&reply, gst_structure_get_type())
        defer { g_value_unset(&reply) }
        emit("activity-get-checkpoint", returning: &reply)
        if let boxed = g_value_get_boxed(&reply) {
            let checkpoint = boxed.assumingMemoryBound(to: GstStructure.self)
            for (field, sign) in [("objects-created-list", 1), ("objects-removed-list", -1)] {
                guard let list = gst_structure_get_value(checkpoint, field) else { continue }
                for index in 0..<gst_value_list_get_size(list) {
                    guard let item = gst_value_list_get_value(list, index),
                          let entry = gst_value_get_structure(item),
                          let name = gst_structure_get_string(entry, "type-name") else { continue }
                    net[String(cString: name), default: 0] += sign
                }
            }
        }
        net = net.filter { $0.value != 0 }
        return net
    }

    /// Emits a tracer action signal without arguments through `g_signal_emitv` (`g_signal_emit_by_name` is variadic).
    private func emit(_ signal: String, returning reply: UnsafeMutablePointer<GValue>?) {
        let type = Self.type(of: tracer)
        let id = g_signal_lookup(signal, type)
        guard id != 0 else { return }
        var instance = GValue()
        g_value_init(&instance, type)
        g_value_set_object(&instance, tracer)
        defer { g_value_unset(&instance) }
        g_signal_emitv(&instance, id, 0, reply)
    }

    private static func type(of object: UnsafeMutablePointer<GObject>) -> GType {
        object.pointee.g_type_instance.g_class.pointee.g_type
    }
}
