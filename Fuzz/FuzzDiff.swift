// libFuzzer target: `sdpcheck diff` (scripts/fuzz diff SECONDS). The input is two
// descriptions concatenated (the second starts at a line beginning with "v="); both are
// parsed and, when both parse, diffed with the renegotiation rules.
import SDP
import SDPDiff

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDiff(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (first, second) = FuzzInput.pair(Array(UnsafeBufferPointer(start: data, count: size)))
    guard let before = try? SessionDescription.parse(first, source: "before.sdp"),
          let after = try? SessionDescription.parse(second, source: "after.sdp") else { return 0 }
    let diff = SessionDiff(before: before, after: after)
    _ = diff.allChanges
    // A description compared with itself has no changes.
    if first == second, !diff.isEmpty {
        fatalError("a description differs from itself: \(diff.allChanges.count) changes")
    }
    return 0
}
