// libFuzzer target: capture files (scripts/fuzz capture SECONDS). The input is a whole pcap
// or pcapng file; it is analysed the way `rtpdump --packets` does: CaptureReader (both
// formats, every block type) and CaptureAnalyzer (link layers, IP fragments, UDP,
// STUN/ICE, DTLS, RTP statistics, RTCP). The reader takes a path and streams the file,
// so the input is written to a file in /dev/shm (memory) first: the fuzzer exercises the
// same buffered read path as a real file.
#if canImport(Glibc)
import Glibc
#endif
import Capture

private let path: String = {
    let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    return "\(directory)/rtcscope-fuzz-capture-\(getpid()).pcap"
}()

private let options: AnalysisOptions = {
    var options = AnalysisOptions()
    options.keepPackets = true
    options.recordLimit = 1000
    // Tests/CaptureTests/Fixtures/webrtc-{offer,answer}.sdp, so webrtc.pcapng seeds verify.
    options.icePasswords = [
        "LuFasc9RbNiz3GIwjZ3qdnLBiUG/94Rt": "CRd+c5R57Hn6a8ve2RxgSUai/Ncys+5W",
        "S7eQmdLf5DExDzNlQfFQVmKs+/FNrjvb": "9kjgIvCNk2ePKWW9z1NGJxFwa5emNbhd",
    ]
    return options
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot create \(path)") }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        guard n > 0 else { fatalError("cannot write \(path)") }
        written += n
    }
    close(fd)
    guard let report = try? CaptureAnalyzer.analyze(path: path, options: options) else {
        fatalError("no filter was given, so none can fail to compile")
    }
    _ = report
    return 0
}
