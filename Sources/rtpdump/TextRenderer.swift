import Capture
import Diagnostics
import Report

/// The default text report: flows, ICE checks, RTP streams (tshark-like columns), RTCP, findings.
struct TextRenderer {
    let findingRenderer: FindingRenderer
    let showPackets: Bool

    init(color: Bool, showPackets: Bool) {
        findingRenderer = FindingRenderer(color: color)
        self.showPackets = showPackets
    }

    func render(_ r: CaptureReport) -> String {
        var out = "== \(r.file)"
        if let format = r.format {
            out += " (\(format), \(r.frames) frames, \(r.linkTypes.joined(separator: "+")), \(fixed(r.durationSeconds, 3)) s)"
        }
        out += "\n"
        if let packets = r.packets, showPackets {
            out += "\nPackets\n"
            for p in packets {
                out += "\(pad(String(p.frame), 6)) \(pad(fixed(p.time, 6), 11)) \(p.source) → \(p.destination) \(p.summary)\n"
            }
        }
        if !r.flows.isEmpty {
            out += "\nFlows\n"
            // A Transport column only when something did not come over plain UDP (TCP, TURN).
            let transports = r.flows.contains { $0.transport != .udp }
            let widths = transports ? [22, 22, 9, 7, 9, 0] : [22, 22, 7, 9, 0]
            out += row(["Source", "Destination"] + (transports ? ["Transport"] : []) + ["Pkts", "Bytes", "Content"], widths)
            for f in r.flows {
                let kinds = f.kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                out += row([f.source, f.destination] + (transports ? [f.transport.rawValue] : [])
                           + [String(f.packets), String(f.bytes), kinds], widths)
            }
        }
        if !r.turn.isEmpty {
            out += "\nTURN allocations\n"
            for a in r.turn {
                out += "\(a.client) → \(a.server) (\(a.transport)): "
                out += a.relayed.map { "relayed \($0)" + (a.lifetime.map { ", lifetime \($0) s" } ?? "") } ?? "NO relayed address"
                out += "; \(a.allocateRequests) Allocate"
                if !a.errors.isEmpty { out += " (errors: \(a.errors.joined(separator: ", ")))" }
                if !a.permissions.isEmpty { out += "; permissions \(a.permissions.joined(separator: ", "))" }
                if !a.channels.isEmpty { out += "; channels \(a.channels.joined(separator: ", "))" }
                if !a.refusals.isEmpty { out += "; REFUSED \(a.refusals.joined(separator: ", "))" }
                out += "\n"
            }
        }
        if !r.iceChecks.isEmpty {
            out += "\nICE checks (per candidate pair, as sent by the checking agent)\n"
            let widths = [22, 22, 12, 5, 5, 5, 5, 10, 22]
            out += row(["Local", "Remote", "Role", "Req", "OK", "Err", "Nom", "RTT(ms)", "Username"], widths)
            for p in r.iceChecks {
                let rtt = p.meanRttMs.map { fixed($0, 3) } ?? "-"
                let errors = p.errorCodes.isEmpty ? String(p.errors) : "\(p.errors) (\(p.errorCodes.map(String.init).joined(separator: ",")))"
                out += row([p.local, p.remote, p.role, String(p.requests), String(p.successes), errors,
                            p.nominated ? "yes" : "no", rtt, p.username ?? "-"], widths)
            }
        }
        if !r.stun.isEmpty, showPackets == false {
            let verified = r.stun.filter { $0.integrity == "valid" }.count
            let failed = r.stun.filter { $0.integrity == "invalid" }.count
            let unverified = r.stun.filter { $0.integrity == "unverified" }.count
            let badFingerprints = r.stun.filter { $0.fingerprintValid == false }.count
            out += "\nSTUN: \(r.stun.count) messages; MESSAGE-INTEGRITY \(verified) valid, \(failed) invalid, \(unverified) unverified; "
            out += "FINGERPRINT \(badFingerprints) bad\n"
        }
        for d in r.dtls {
            out += "\nDTLS \(d.client ?? "?") (client) → \(d.server ?? "?") (server): "
            out += d.completed ? "handshake completed" : "handshake NOT completed"
            if let version = d.version { out += ", \(version)" }
            out += "\n"
            if !d.offeredCipherSuites.isEmpty {
                out += "  offered: \(d.offeredCipherSuites.count) suites; SRTP \(d.offeredSrtpProfiles.joined(separator: ", "))\n"
            }
            if let suite = d.cipherSuite { out += "  chosen:  \(suite); SRTP \(d.srtpProfile ?? "none")\n" }
            out += "  messages: " + d.handshake.map { "\($0.type)#\($0.frame)" }.joined(separator: " ") + "\n"
            for c in d.certificates where c.index == 0 {
                out += "  certificate from \(c.sender) (frame \(c.frame)): sha-256 \(c.certificateSha256)\n"
                if let x = c.x509 {
                    let key = [x.publicKeyAlgorithm, x.curve, x.keySizeBits.map { "\($0) bit" }].compactMap { $0 }.joined(separator: " ")
                    out += "    X.509 \(x.subject)" + (x.selfSigned ? " (self-signed)" : ", issued by \(x.issuer)")
                    out += "; serial \(x.serialNumber); valid \(x.notValidBefore) to \(x.notValidAfter); \(key); \(x.signatureAlgorithm)\n"
                } else if let reason = c.x509Error {
                    out += "    X.509: does not decode (\(reason))\n"
                }
                if let v = c.sdpVerdict {
                    out += v.matches ? "    matches a=fingerprint of \(v.sdpFile):\(v.line)\n"
                        : "    does NOT match a=fingerprint of \(v.sdpFile):\(v.line) (\(v.expected))\n"
                }
            }
            for a in d.alerts {
                out += "  alert from \(a.sender) (frame \(a.frame)): \(a.level)\(a.description.map { " " + $0 } ?? "")\n"
            }
            out += "  application data records: \(d.applicationDataRecords)\n"
        }
        if !r.streams.isEmpty {
            out += "\nRTP streams\n"
            let widths = [22, 22, 10, 4, 6, 14, 7, 10, 10, 10, 10, 10, 10, 0]
            let transports = r.streams.contains { $0.transport != .udp }
            out += row(["Source", "Destination", "SSRC", "PT", "Pkts", "Lost", "SeqErr", "MinΔ(ms)", "MeanΔ(ms)", "MaxΔ(ms)",
                        "MinJit(ms)", "MeanJit(ms)", "MaxJit(ms)", transports ? "Transport" : ""], widths)
            for s in r.streams {
                out += row([s.source, s.destination, s.ssrc, String(s.payloadType), String(s.packets),
                            "\(s.lost) (\(fixed(s.lostPercent, 1))%)", String(s.sequenceErrors),
                            fixed(s.minDeltaMs, 3), fixed(s.meanDeltaMs, 3), fixed(s.maxDeltaMs, 3),
                            fixed(s.minJitterMs, 3), fixed(s.meanJitterMs, 3), fixed(s.maxJitterMs, 3),
                            transports ? s.transport.rawValue : ""], widths)
            }
        }
        if !r.rtcp.isEmpty {
            out += "\nRTCP\n"
            for c in r.rtcp {
                var line = "\(pad(String(c.frame), 6)) \(pad(fixed(c.time, 6), 11)) \(c.source) → \(c.destination)"
                for p in c.packets {
                    line += " \(p.type)"
                    if let ssrc = p.ssrc { line += " \(ssrc)" }
                    for b in p.reports ?? [] {
                        line += " [\(b.ssrc) lost \(b.cumulativeLost) frac \(fixed(b.fractionLost * 100, 1))% jitter \(b.jitter)]"
                    }
                    if let f = p.feedback { line += " \(f)" }
                }
                if c.cutBySnapLength { line += " (cut by the snap length)" }
                if c.encrypted {
                    line += " (SRTCP: rest encrypted"
                    if let index = c.srtcpIndex { line += ", index \(index)\(c.srtcpEncryptedFlag == true ? ", E" : "")" }
                    line += ")"
                }
                out += line + "\n"
            }
        }
        if !r.findings.isEmpty {
            out += "\n"
            for f in r.findings { out += findingRenderer.render(f, sources: SourceTable()) }
        }
        out += findingRenderer.summary(r.findings, files: 1, unusable: r.error == nil ? 0 : 1) + "\n"
        return out
    }

    private func row(_ cells: [String], _ widths: [Int]) -> String {
        var line = ""
        for (cell, width) in zip(cells, widths) {
            line += width == 0 ? cell : pad(cell, width) + " "
        }
        return line.trimmingTrailingSpaces() + "\n"
    }
}

func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

/// `value` with `digits` decimals (no Foundation formatting).
func fixed(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let negative = value < 0
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    var fraction = String(Int(scaled) - whole * Int(scale))
    fraction = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
    return (negative && scaled != 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fraction : "")
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
