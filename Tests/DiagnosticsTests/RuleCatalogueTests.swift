import Testing
@testable import Diagnostics

@Suite("Rule catalogue")
struct RuleCatalogueTests {
    @Test("ids are unique")
    func idsAreUnique() {
        let ids = Rule.catalogue.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate ids: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
    }

    @Test("ids are AREA-TOPIC-NNN in upper case")
    func idsAreWellFormed() {
        for rule in Rule.catalogue {
            let parts = rule.id.split(separator: "-")
            #expect(parts.count >= 2, "\(rule.id)")
            #expect(parts.last.map { $0.count == 3 && $0.allSatisfy(\.isNumber) } == true, "\(rule.id)")
            #expect(rule.id == rule.id.uppercased(), "\(rule.id)")
            #expect(!rule.summary.isEmpty, "\(rule.id) has no summary")
        }
    }

    @Test("severity order is info < warning < error")
    func severityOrder() {
        #expect(Severity.info < .warning)
        #expect(Severity.warning < .error)
        #expect([Severity.warning, .error, .info].max() == .error)
    }

    @Test("a finding survives a JSON round trip")
    func findingCodable() throws {
        let finding = Rule.sdpSyntaxMalformedLine.finding(
            "bad", hint: "fix it", at: [.text(file: "a.sdp", line: 3, column: 1, length: 4), .frame(file: "c.pcap", frame: 7)])
        let data = try JSONEncoder().encode(finding)
        let back = try JSONDecoder().decode(Finding.self, from: data)
        #expect(back == finding)
    }
}

import Foundation
