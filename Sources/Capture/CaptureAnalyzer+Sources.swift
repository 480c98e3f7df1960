import Diagnostics
import Wire

/// Inputs other than pcap/pcapng files: rtptools dump files and live interfaces; and what
/// `rtpdump` adds on the way (an rtpdump recording of one SSRC, RTP header extension names).
extension CaptureAnalyzer {
    /// Analyses an rtptools dump file (`#!rtpplay1.0`), or returns `nil` when `path` is not one.
    func analyzeRTPDumpIfPresent(path: String) throws(PacketFilter.CompileError) -> CaptureReport? {
        let reader: RTPDumpFileReader
        do {
            guard try RTPDumpFile.sniff(path: path) else { return nil }
            reader = try RTPDumpFileReader(path: path)
        } catch let error {
            return finish(formatName: "rtpdump", error: error)
        }
        return try analyze(reader)
    }

    /// Analyses a live capture until it is stopped (signal, duration, frame count).
    /// The BPF filter belongs to the capture (compiled into the kernel): `options.filter`
    /// should be `nil`. Pass `analyzer` to keep it for its ``recorder``.
    public static func analyze(live capture: LiveCapture, options: AnalysisOptions,
                               analyzer given: CaptureAnalyzer? = nil) throws(PacketFilter.CompileError) -> CaptureReport {
        let analyzer: CaptureAnalyzer
        if let given { analyzer = given } else { analyzer = try CaptureAnalyzer(file: capture.interface, options: options) }
        defer { capture.close() }
        return try analyzer.analyze(capture)
    }

    private func analyze(_ source: some PacketSource) throws(PacketFilter.CompileError) -> CaptureReport {
        let progress = options.progress
        do {
            while let packet = try source.next() {
                try process(packet)
                if let progress, frames & 0x3FFF == 0 { progress(source.bytesRead, source.fileSize) }
            }
        } catch let error as InputError {
            return finish(formatName: source.formatName, error: error)
        } catch let error as PacketFilter.CompileError {
            throw error
        } catch {
            return finish(formatName: source.formatName, error: InputError(.unreadable, "\(error)", at: .file(file)))
        }
        return finish(formatName: source.formatName, error: nil)
    }

    /// `--packets` text for the RTP header extension elements, named by the signalled extmap
    /// (RFC 8285 §5): ` ext[mid=0 abs-send-time=123456]`; empty without elements.
    func headerExtensionSummary(_ rtp: RTPPacket) -> String {
        let records = HeaderExtensionRecord.records(rtp, names: options.signalled.headerExtensions)
        guard !records.isEmpty else { return "" }
        return " ext[" + records.map { "\($0.name ?? "id\($0.id)")=\($0.value)" }.joined(separator: " ") + "]"
    }
}

extension RTPDumpFile {
    /// Whether the file at `path` starts with the rtpdump magic.
    static func sniff(path: String) throws(InputError) -> Bool {
        let source = try ByteSource(path: path)
        return isRTPDump(try source.copy(at: 0, count: magic.count))
    }
}

/// Records the RTP and RTCP packets of one SSRC into an rtpdump file while the capture is
/// analysed (`--write-rtpdump FILE --ssrc X`). The address is the first packet's destination.
public final class RTPDumpRecorder {
    public let ssrc: UInt32
    public private(set) var writer: RTPDumpWriter?
    /// Recording start: the capture's first frame, so that offsets are capture times.
    private var start: Timestamp?

    public init(ssrc: UInt32) { self.ssrc = ssrc }

    func record(_ payload: ArraySlice<UInt8>, kind: DatagramKind, rtp: RTPPacket?, destination: Endpoint,
                time: Timestamp, captureStart: Timestamp) {
        let isRTP: Bool
        switch kind {
        case .rtp:
            guard rtp?.ssrc == ssrc else { return }
            isRTP = true
        case .rtcp:
            guard payload.uint32(at: 4) == ssrc else { return }
            isRTP = false
        default:
            return
        }
        if writer == nil {
            writer = RTPDumpWriter(address: destination.address, port: destination.port, start: captureStart)
        }
        writer?.append(payload, at: time, isRTP: isRTP)
    }
}

/// One RTP header extension element for `--packets` and JSON: its id, the extmap URI's short
/// name when signalled, and its value decoded for the common extensions.
public struct HeaderExtensionRecord: Encodable, Sendable, Hashable {
    public let id: Int
    /// The extmap URI (`urn:ietf:params:rtp-hdrext:sdes:mid`), when an `--sdp` maps the id.
    public let uri: String?
    /// A short name: `mid`, `rid`, `abs-send-time`, `transport-wide-cc`, `audio-level`, …
    public let name: String?
    /// Text for mid/rid, a number for abs-send-time and transport-wide-cc, `-N dBov[, voice]`
    /// for audio-level, otherwise hex.
    public let value: String

    static func records(_ rtp: RTPPacket, names: [UInt8: String]) -> [HeaderExtensionRecord] {
        guard let elements = rtp.headerExtension?.elements else { return [] }
        return elements.map { element in
            let uri = names[element.id]
            let name = uri.map(shortName)
            return HeaderExtensionRecord(id: Int(element.id), uri: uri, name: name, value: describe(element.value, name: name))
        }
    }

    static func shortName(_ uri: String) -> String {
        switch uri {
        case "urn:ietf:params:rtp-hdrext:sdes:mid": "mid"
        case "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id": "rid"
        case "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id": "repaired-rid"
        case "urn:ietf:params:rtp-hdrext:ssrc-audio-level": "audio-level"
        case "urn:ietf:params:rtp-hdrext:toffset": "toffset"
        case "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time": "abs-send-time"
        case "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01": "transport-wide-cc"
        default:
            // The last path or URN component names most other extensions.
            String(uri.split(whereSeparator: { $0 == "/" || $0 == ":" }).last ?? Substring(uri))
        }
    }

    static func describe(_ value: ArraySlice<UInt8>, name: String?) -> String {
        switch name {
        case "mid", "rid", "repaired-rid":
            return String(decoding: value, as: UTF8.self)
        case "abs-send-time" where value.count == 3:
            // 6.18 fixed point seconds (24 bits).
            let raw = value.reduce(0) { $0 << 8 | Int($1) }
            return String(raw)
        case "transport-wide-cc" where value.count >= 2:
            return String(value.uint16(at: 0) ?? 0)
        case "audio-level" where value.count >= 1:
            // RFC 6464 §3: V flag and level in -dBov.
            let byte = value[value.startIndex]
            return "-\(byte & 0x7F) dBov" + (byte & 0x80 != 0 ? ", voice" : "")
        default:
            return value.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined()
        }
    }
}
