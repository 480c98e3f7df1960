@testable import Negotiation
import SDP
import Testing

@Suite("H.264 profile-level-id classification (RFC 6184 §8.1, table 5)")
struct H264ProfileTests {
    @Test("profile_idc and profile-iop select the profile; hex is case-insensitive", arguments: [
        ("42e01f", H264Profile.constrainedBaseline), ("42E01F", .constrainedBaseline), ("42c02a", .constrainedBaseline),
        ("4de01f", .constrainedBaseline), ("42001f", .baseline), ("42000a", .baseline), ("4d001f", .main),
        ("58a01f", .baseline), ("58001f", .extended), ("64001f", .high), ("640c1f", .constrainedHigh), ("f4001f", .predictiveHigh444),
    ])
    func profile(_ text: String, _ expected: H264Profile) throws {
        let id = try #require(H264ProfileLevelID(Array(text.utf8), 0..<6))
        #expect(H264Profile(id) == expected)
    }

    @Test("level names: level_idc/10, and 1b for Baseline level_idc 11 with constraint_set3")
    func levels() {
        #expect(H264Configuration.levelName(31) == "3.1")
        #expect(H264Configuration.levelName(10) == "1")
        #expect(H264Configuration.levelName(10.5) == "1b")
    }
}
