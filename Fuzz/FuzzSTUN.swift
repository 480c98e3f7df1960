// libFuzzer target: STUN/TURN (scripts/fuzz stun SECONDS). Each datagram of the input
// (FuzzInput.datagrams) is decoded with every typed attribute accessor, FINGERPRINT and
// MESSAGE-INTEGRITY verified with a fixed key, then fed to the ICE check table, which
// matches transactions across datagrams and verifies integrity with the ICE passwords.
@testable import Capture
import Wire

/// The ICE credentials of Tests/CaptureTests/Fixtures/webrtc-{offer,answer}.sdp, so that
/// seeds from webrtc.pcapng take the MESSAGE-INTEGRITY "matches" branch too.
private let passwords = [
    "LuFasc9RbNiz3GIwjZ3qdnLBiUG/94Rt": "CRd+c5R57Hn6a8ve2RxgSUai/Ncys+5W",
    "S7eQmdLf5DExDzNlQfFQVmKs+/FNrjvb": "9kjgIvCNk2ePKWW9z1NGJxFwa5emNbhd",
]
private let fixedKey = Array("9kjgIvCNk2ePKWW9z1NGJxFwa5emNbhd".utf8)
private let a = Endpoint(address: .v4(0x0A00_0001), port: 50_000)
private let b = Endpoint(address: .v4(0x0A00_0002), port: 3478)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSTUN(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var ice = ICEAnalyzer(passwords: passwords)
    for (index, datagram) in FuzzInput.datagrams(bytes[...]).enumerated() {
        if let message = STUNMessage(datagram.payload) {
            if message.bytes.count > datagram.payload.count { fatalError("message longer than its datagram") }
            _ = (message.transactionIDHex, message.methodName, message.messageClass)
            _ = (message.username, message.software, message.realm, message.nonce)
            _ = (message.priority, message.useCandidate, message.iceControlling, message.iceControlled)
            _ = (message.lifetime, message.channelNumber, message.errorCode)
            _ = (message.xorMappedAddress?.description, message.xorPeerAddress?.description,
                 message.xorRelayedAddress?.description, message.mappedAddress?.description)
            _ = message.attributes.map(\.name)
            _ = message.fingerprintMatches
            _ = message.integrityMatches(key: fixedKey)
        }
        let (source, destination) = datagram.reverse ? (b, a) : (a, b)
        _ = ice.add(datagram.payload, frame: index + 1, time: Double(index) * 10, source: source,
                    destination: destination, file: "fuzz.pcap")
    }
    _ = ice.finish(file: "fuzz.pcap")
    return 0
}
