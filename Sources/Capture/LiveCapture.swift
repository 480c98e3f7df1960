import CPcap
import Diagnostics
import Synchronization
import Wire

/// Frames captured live from a network interface by libpcap (`rtpdump -i lo`), optionally
/// filtered in the kernel by a BPF expression and saved to a pcap file as they arrive.
///
/// ``next()`` blocks until a frame arrives and returns `nil` once ``stop()`` was called (from a
/// signal handler's queue or a timer) or the frame limit was reached.
public final class LiveCapture: PacketSource, @unchecked Sendable {
    // @unchecked Sendable: only `stop()` may be called from another thread; it touches the
    // atomic flag and `pcap_breakloop`, which libpcap documents as callable from another
    // thread or a signal handler (it wakes a blocked read through an eventfd on Linux).
    public let interface: String
    public let linkType: LinkType
    private let handle: OpaquePointer
    private var dumper: OpaquePointer?
    private let stopped = Atomic<Bool>(false)
    private let limit: Int?
    /// Nanoseconds per unit of `ts.tv_usec`: 1 when libpcap granted nanosecond precision, else 1000.
    private let subsecondScale: Int64
    private var frames = 0
    private var bytes = 0

    var formatName: String { "live" }
    var fileSize: Int { 0 }
    var bytesRead: Int { bytes }

    /// Opens `interface` for capture (root or CAP_NET_RAW required).
    ///
    /// - Parameters:
    ///   - filter: a BPF expression compiled for the interface and applied in the kernel.
    ///   - count: stop after this many frames (that pass the filter).
    ///   - writeTo: also save every frame to this pcap file.
    /// - Throws: `InputError` `.unreadable` with libpcap's message (no such interface, no
    ///   permission, a filter that does not compile, an unwritable file).
    public init(interface: String, filter: String?, count: Int?, writeTo path: String?) throws(InputError) {
        self.interface = interface
        self.limit = count
        var errorBuffer = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errorBuffer) else {
            throw InputError(.unreadable, "cannot open interface \(interface): \(String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))", at: .file(interface))
        }
        pcap_set_snaplen(handle, 262_144)
        pcap_set_promisc(handle, 0)
        // Wake at least every 100 ms so that a stop request is seen even without traffic.
        pcap_set_timeout(handle, 100)
        pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(handle)
        if status < 0 {
            let message = String(cString: pcap_geterr(handle))
            pcap_close(handle)
            throw InputError(.unreadable, "cannot capture on \(interface): \(message.isEmpty ? String(cString: pcap_statustostr(status)) : message)",
                             at: .file(interface))
        }
        self.handle = handle
        self.subsecondScale = pcap_get_tstamp_precision(handle) == Int32(PCAP_TSTAMP_PRECISION_NANO) ? 1 : 1000
        self.linkType = LinkType(rawValue: UInt32(bitPattern: pcap_datalink(handle)))
        if let filter {
            var program = bpf_program()
            guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                let message = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw InputError(.unreadable, "cannot compile filter '\(filter)' for \(interface): \(message)", at: .file(interface))
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(handle, &program) == 0 else {
                let message = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw InputError(.unreadable, "cannot set filter on \(interface): \(message)", at: .file(interface))
            }
        }
        if let path {
            guard let dumper = pcap_dump_open(handle, path) else {
                let message = String(cString: pcap_geterr(handle))
                pcap_close(handle)
                throw InputError(.unreadable, "cannot write \(path): \(message)", at: .file(path))
            }
            self.dumper = dumper
        }
    }

    deinit {
        close()
        pcap_close(handle)
    }

    /// Ends the capture: the blocked or next ``next()`` returns `nil`. Safe from any thread.
    public func stop() {
        stopped.store(true, ordering: .sequentiallyConsistent)
        pcap_breakloop(handle)
    }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { stopped.load(ordering: .sequentiallyConsistent) }

    /// The next frame; `nil` after ``stop()`` or at the frame limit.
    ///
    /// - Throws: `InputError` `.unreadable` when libpcap reports a read error (interface gone).
    func next() throws(InputError) -> CapturedPacket? {
        while true {
            if isStopped { return nil }
            if let limit, frames >= limit { return nil }
            var header: UnsafeMutablePointer<pcap_pkthdr>?
            var data: UnsafePointer<UInt8>?
            let status = pcap_next_ex(handle, &header, &data)
            switch status {
            case 1:
                guard let header, let data else { continue }
                frames += 1
                let length = Int(header.pointee.caplen)
                bytes += length
                if let dumper { pcap_dump(UnsafeMutablePointer<UInt8>(dumper), header, data) }
                let copied = Array(UnsafeBufferPointer(start: data, count: length))
                // With nanosecond precision granted, tv_usec carries nanoseconds.
                let nanoseconds = Int64(header.pointee.ts.tv_sec) * 1_000_000_000 + Int64(header.pointee.ts.tv_usec) * subsecondScale
                return CapturedPacket(frame: frames, interfaceID: 0, linkType: linkType,
                                      timestamp: Timestamp(nanoseconds: nanoseconds),
                                      originalLength: Int(header.pointee.len), data: copied[...], fileOffset: 0)
            case 0:
                continue  // buffer timeout without packets: look at the stop flag again
            case PCAP_ERROR_BREAK:
                return nil
            default:
                throw InputError(.unreadable, "capture on \(interface) failed: \(String(cString: pcap_geterr(handle)))",
                                 at: .file(interface))
            }
        }
    }

    /// Flushes and closes the `--write` file (also done on deinit).
    public func close() {
        if let dumper {
            pcap_dump_flush(dumper)
            pcap_dump_close(dumper)
            self.dumper = nil
        }
    }

    /// Frames captured so far.
    public var frameCount: Int { frames }

    /// libpcap's counters (`pcap_stats`): packets the kernel received for this capture and
    /// dropped for lack of buffer space; `nil` when the platform does not report them.
    public var kernelStatistics: (received: Int, dropped: Int)? {
        var stats = pcap_stat()
        guard pcap_stats(handle, &stats) == 0 else { return nil }
        return (Int(stats.ps_recv), Int(stats.ps_drop))
    }
}
