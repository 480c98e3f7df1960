import CPcap
import Wire

/// A BPF filter expression (`udp port 5004`), compiled by libpcap once per link type and
/// matched against each frame with `pcap_offline_filter`, exactly as tcpdump would.
public final class PacketFilter {
    public let expression: String
    private var programs: [UInt32: UnsafeMutablePointer<bpf_program>] = [:]

    /// Compiles `expression` for Ethernet to validate it up front.
    ///
    /// - Throws: ``PacketFilter/CompileError`` with libpcap's message.
    public init(_ expression: String) throws(CompileError) {
        self.expression = expression
        _ = try program(for: .ethernet)
    }

    deinit {
        for program in programs.values {
            pcap_freecode(program)
            program.deallocate()
        }
    }

    public struct CompileError: Error, CustomStringConvertible {
        public let expression: String
        public let linkType: LinkType
        public let message: String
        public var description: String { "cannot compile filter '\(expression)' for \(linkType.name): \(message)" }
    }

    /// Whether the frame passes the filter.
    public func matches(_ packet: CapturedPacket) throws(CompileError) -> Bool {
        let program = try program(for: packet.linkType)
        var header = pcap_pkthdr()
        header.caplen = bpf_u_int32(packet.data.count)
        header.len = bpf_u_int32(max(packet.originalLength, packet.data.count))
        return packet.data.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return pcap_offline_filter(program, &header, base) != 0
        }
    }

    private func program(for linkType: LinkType) throws(CompileError) -> UnsafeMutablePointer<bpf_program> {
        if let program = programs[linkType.rawValue] { return program }
        guard let handle = pcap_open_dead(Int32(bitPattern: linkType.rawValue), 262_144) else {
            throw CompileError(expression: expression, linkType: linkType, message: "pcap_open_dead failed")
        }
        defer { pcap_close(handle) }
        let program = UnsafeMutablePointer<bpf_program>.allocate(capacity: 1)
        program.initialize(to: bpf_program())
        if pcap_compile(handle, program, expression, 1, PCAP_NETMASK_UNKNOWN) != 0 {
            let message = String(cString: pcap_geterr(handle))
            program.deallocate()
            throw CompileError(expression: expression, linkType: linkType, message: message)
        }
        programs[linkType.rawValue] = program
        return program
    }
}
