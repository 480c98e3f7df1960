// libFuzzer target: DTLS (scripts/fuzz dtls SECONDS). Each datagram of the input
// (FuzzInput.datagrams) is split into records (RFC 6347 §4.1, RFC 9147 §4 unified headers),
// and fed to the capture's DTLS analyzer, which reassembles handshake messages across
// fragments, records and datagrams (RFC 6347 §4.2.3), decodes ClientHello, ServerHello,
// Certificate and Alert, and builds the per-association report and findings.
@testable import Capture
import Wire

private let a = Endpoint(address: .v4(0x0A00_0001), port: 50_000)
private let b = Endpoint(address: .v4(0x0A00_0002), port: 50_001)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var dtls = DTLSAnalyzer()
    for (index, datagram) in FuzzInput.datagrams(bytes[...]).enumerated() {
        let (records, _) = DTLSRecord.records(in: datagram.payload)
        for record in records {
            if record.fragment.count > datagram.payload.count { fatalError("record longer than its datagram") }
            _ = record.contentTypeName
        }
        let (source, destination) = datagram.reverse ? (b, a) : (a, b)
        _ = dtls.add(datagram.payload, frame: index + 1, source: source, destination: destination)
    }
    _ = dtls.finish(file: "fuzz.pcap")
    return 0
}
