extension Rule {
    /// Every rule RTCScope knows, across all tools, in id order.
    ///
    /// Each area declares its rules in its own `Catalogue+Area.swift` file in this module;
    /// this list joins them. Tests assert that ids are unique and well formed.
    public static let catalogue: [Rule] = (sdpRules + inputRules + captureRules + captureSignallingRules + captureStreamRules + captureBoundRules + renegotiationRules + profileRules + loopbackRules + negotiationRules).sorted { $0.id < $1.id }

    /// Looks a rule up by id.
    public static func named(_ id: String) -> Rule? {
        catalogue.first { $0.id == id }
    }
}
