/// How a journal was made: the `mode` of its header.
///
/// Stored as its string, so the header bytes are those older builds wrote. A string this
/// build does not know reads as ``other(_:)`` (kept, and written back as it was) rather
/// than failing: the mode describes a journal and never changes how its records read, so
/// `journal cat`, `verify` and `replay` keep working on a journal from a newer build or a
/// tool of its own; code that acts on a mode matches the cases it knows.
public enum JournalMode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `mm-live record`: market data only, no orders.
    case record
    /// `mm-live paper`: live market data, simulated exchange.
    case paper
    /// `mm-live run` (and `mm-live simulate`'s sessions): live trading.
    case run
    /// `mm-replay replay --out`: a journal's inputs run again, with the new commands.
    case replay
    /// `mm-replay backtest --out`: captures run against the simulated exchange.
    case backtest
    /// `mm-replay scenario`: a scripted incident.
    case scenario
    /// `mm-replay import`: captures of the venue's feed turned into a journal.
    case `import`
    /// `mm-replay journal synth`: synthetic market data.
    case synthetic
    /// A mode this build does not know, kept as written.
    case other(String)

    /// Every mode this build knows, in the order above.
    public static let known: [JournalMode] = [.record, .paper, .run, .replay, .backtest, .scenario, .import, .synthetic]

    /// The mode of a header string: a known one, else ``other(_:)``.
    public init(_ text: String) {
        self = Self.known.first { $0.text == text } ?? .other(text)
    }

    /// The string stored in the header.
    public var text: String {
        switch self {
        case .record: return "record"
        case .paper: return "paper"
        case .run: return "run"
        case .replay: return "replay"
        case .backtest: return "backtest"
        case .scenario: return "scenario"
        case .import: return "import"
        case .synthetic: return "synthetic"
        case .other(let text): return text
        }
    }

    public var description: String { self.text }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.text)
    }
}
