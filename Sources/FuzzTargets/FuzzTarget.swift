/// One fuzz target: a decoder of outside bytes and the properties it must keep on any
/// input. `check` never traps on its own; it returns a ``FuzzFinding`` when a property
/// fails, and the driver (libFuzzer, or the regression tests replaying saved inputs)
/// decides what to do with it. A trap inside the code under test is a finding too: the
/// fuzzer saves the input that caused it.
public struct FuzzTarget: Sendable {
    /// The name used on the command line and as the corpus directory (`Fuzz/Corpus/<name>`).
    public let name: String
    /// What the target feeds its input to and which properties it checks.
    public let summary: String
    /// Checks one input: refused by the decoder, accepted with every property held, or
    /// a failed property.
    public let check: @Sendable ([UInt8]) -> FuzzOutcome
    /// The seed inputs for the corpus, built from the project's real samples (recordings,
    /// captured frames, signing vectors, shipped configs) under `root`, the project's directory.
    public let seeds: @Sendable (_ root: String) throws -> [[UInt8]]

    public init(name: String, summary: String,
                seeds: @escaping @Sendable (_ root: String) throws -> [[UInt8]],
                check: @escaping @Sendable ([UInt8]) -> FuzzOutcome) {
        self.name = name
        self.summary = summary
        self.seeds = seeds
        self.check = check
    }
}

/// A property a fuzz target checks that did not hold, with what was expected.
public struct FuzzFinding: Error, Sendable, Equatable, CustomStringConvertible {
    /// The property that failed, in a sentence naming the values involved.
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// What one input did to a target.
public enum FuzzOutcome: Sendable, Equatable {
    /// The decoder refused the input with a typed error (what most random bytes get).
    case refused
    /// The decoder accepted the input and every property held.
    case accepted
    /// A property failed.
    case failed(FuzzFinding)

    /// `.accepted` when there is no finding.
    init(_ finding: FuzzFinding?) { self = finding.map(Self.failed) ?? .accepted }

    /// The failed property, if any.
    public var finding: FuzzFinding? {
        if case .failed(let finding) = self { return finding }
        return nil
    }
}

extension FuzzTarget {
    /// Every target, in the order `scripts/fuzz` runs them.
    public static let all: [FuzzTarget] = [
        .journalFile, .engineRecord, .wireFrame, .captureLine, .tomlText, .hlSimRequest, .signing,
    ]

    /// The target called `name`, or nil.
    public static func named(_ name: String) -> FuzzTarget? { self.all.first { $0.name == name } }
}
