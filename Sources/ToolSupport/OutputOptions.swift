import ArgumentParser
import Report

/// Output format shared by every tool.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// When to colour text output.
public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never
}

/// `--format` and `--color`, shared by every subcommand that prints findings.
public struct OutputOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "Output format: text or json.")
    public var format: OutputFormat = .text

    @Option(name: .long, help: "Colour: auto (only on a terminal, honours NO_COLOR), always, never.")
    public var color: ColorChoice = .auto

    public init() {}

    /// Whether standard output gets ANSI colours.
    public var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.wantsColor(fd: 1)
        }
    }
}
