import Charts
import Foundation

/// Real time series for the tests: packet arrival times of the capture fixtures
/// (Tests/CaptureTests/Fixtures, recorded from real GStreamer sessions on loopback,
/// some with netem impairment), read here directly from the pcap/pcapng record headers.
enum RealSeries {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("CaptureTests/Fixtures")
    }

    /// Arrival times in seconds of every record of a little-endian pcap or pcapng file.
    static func arrivalTimes(_ name: String) throws -> [Double] {
        let bytes = [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
        func u32(_ o: Int) -> UInt32 {
            guard o + 4 <= bytes.count else { return 0 }
            return UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
        }
        var times: [Double] = []
        if u32(0) == 0xA1B2_C3D4 {
            var o = 24
            while o + 16 <= bytes.count {
                times.append(Double(u32(o)) + Double(u32(o + 4)) / 1e6)
                o += 16 + Int(u32(o + 8))
            }
        } else if u32(0) == 0x0A0D_0D0A {
            var o = 0
            while o + 12 <= bytes.count {
                let type = u32(o), length = Int(u32(o + 4))
                guard length >= 12 else { break }
                if type == 6 {  // Enhanced Packet Block, default microsecond resolution
                    let ticks = UInt64(u32(o + 12)) << 32 | UInt64(u32(o + 16))
                    times.append(Double(ticks) / 1e6)
                }
                o += length
            }
        }
        return times
    }

    /// Inter-arrival delta in milliseconds over capture time in seconds.
    static func interArrival(_ name: String) throws -> [ChartPoint] {
        let t = try arrivalTimes(name)
        guard let start = t.first else { return [] }
        return zip(t, t.dropFirst()).map { ChartPoint(x: $1 - start, y: ($1 - $0) * 1000) }
    }
}
