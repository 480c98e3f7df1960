import Wire

/// A point in time with nanosecond resolution, as captures record it.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Nanoseconds since the Unix epoch (UTC).
    public let nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Seconds since the epoch.
    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// Milliseconds from `origin` to `self`.
    public func milliseconds(since origin: Timestamp) -> Double {
        Double(nanoseconds &- origin.nanoseconds) / 1e6
    }
}

/// One frame of a capture file with its own bytes (the reader copies them out of its buffer;
/// the analyzer reads plain RTP in the buffer itself, see `CaptureAnalyzer+FastPath.swift`).
public struct CapturedPacket: Sendable {
    /// 1-based frame number, as Wireshark numbers frames.
    public let frame: Int
    /// pcapng interface id (0 for classic pcap).
    public let interfaceID: Int
    public let linkType: LinkType
    public let timestamp: Timestamp
    /// The length of the frame on the wire; more than `data.count` when the snap length cut it.
    public let originalLength: Int
    public let data: ArraySlice<UInt8>
    /// Byte offset of the frame's record in the file.
    public let fileOffset: Int

    public init(frame: Int, interfaceID: Int, linkType: LinkType, timestamp: Timestamp,
                originalLength: Int, data: ArraySlice<UInt8>, fileOffset: Int) {
        self.frame = frame
        self.interfaceID = interfaceID
        self.linkType = linkType
        self.timestamp = timestamp
        self.originalLength = originalLength
        self.data = data
        self.fileOffset = fileOffset
    }
}
