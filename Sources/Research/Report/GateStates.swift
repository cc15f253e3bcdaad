/// The quote-gate states a report shades on the time axis, from the `reason` of the
/// engine's quote-cycle decisions.
public enum GateState: String, Sendable, CaseIterable {
    case warmup = "warm-up"
    case stale
    case crossed
    case oneSided = "one-sided"
    case pulled
    case paused
    case killed

    /// The state a cycle's reason puts the coin in; `nil` for quoting (and the minor
    /// reasons: inventory limit, back-off, no edge, awaiting cancels).
    public init?(reason: String) {
        switch reason {
        case "warmup", "no_data": self = .warmup
        case "stale_data": self = .stale
        case "crossed_book": self = .crossed
        case "one_sided_book", "empty_book", "one_sided": self = .oneSided
        case "risk_pull", "cascade", "toxic_flow", "quota_exhausted": self = .pulled
        case "manual": self = .paused
        case "killed": self = .killed
        default: return nil
        }
    }

    /// The CSS class of its band: `gate-stale`, `gate-one-sided`, ...
    public var cssClass: String { "gate-" + (self == .warmup ? "warmup" : self.rawValue) }

    /// The band's color.
    public var color: String {
        switch self {
        case .warmup: return "#9ecae1"
        case .stale: return "#fdae6b"
        case .crossed: return "#e377c2"
        case .oneSided: return "#bcbd22"
        case .pulled: return "#fd8d3c"
        case .paused: return "#bdbdbd"
        case .killed: return "#d62728"
        }
    }
}

/// One coin's gate state over a stretch of time.
public struct GateInterval: Sendable, Equatable {
    /// The coin whose cycles were in this state.
    public var coin: String
    /// The state.
    public var state: GateState
    /// The first cycle in it (nanoseconds).
    public var start: Int64
    /// The first cycle out of it, or the journal's end.
    public var end: Int64
}

/// Turns each coin's stream of quote-cycle reasons into intervals of gate states: a
/// state starts at the first cycle in it and ends at the first cycle out of it.
public struct GateIntervalBuilder: Sendable {
    /// The intervals closed so far.
    public private(set) var intervals: [GateInterval] = []
    private var current: [String: (state: GateState?, since: Int64)] = [:]
    private var coins: [String] = []

    /// An empty builder.
    public init() {}

    /// A quote cycle of `coin` at `time` ended with `reason`.
    public mutating func cycle(coin: String, reason: String, at time: Int64) {
        let state = GateState(reason: reason)
        guard let open = self.current[coin] else {
            self.coins.append(coin)
            self.current[coin] = (state, time)
            return
        }
        guard open.state != state else { return }
        if let previous = open.state { self.intervals.append(GateInterval(coin: coin, state: previous, start: open.since, end: time)) }
        self.current[coin] = (state, time)
    }

    /// Every interval, those still open ending at `end`, ordered by start.
    public func finished(at end: Int64) -> [GateInterval] {
        var intervals = self.intervals
        for coin in self.coins {
            if let open = self.current[coin], let state = open.state, end > open.since {
                intervals.append(GateInterval(coin: coin, state: state, start: open.since, end: end))
            }
        }
        return intervals.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
    }
}
