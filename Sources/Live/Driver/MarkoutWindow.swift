import Engine

/// A coin's latest fill markouts (the engine's `fill_markout` decision records), for
/// `/metrics`: how many were seen and the mean markout per horizon over the last
/// ``capacity``.
public struct MarkoutWindow: Sendable, Equatable {
    /// How many of the latest records the means cover.
    public static let capacity = 100

    /// Markout records seen in the session.
    public private(set) var count: UInt64 = 0
    /// The latest records, oldest first.
    public private(set) var recent: [FillMarkoutDecision] = []

    public init() {}

    /// Keeps `markout` (dropping the oldest past ``capacity``).
    public mutating func append(_ markout: FillMarkoutDecision) {
        self.count += 1
        if self.recent.count == Self.capacity { self.recent.removeFirst() }
        self.recent.append(markout)
    }

    /// The mean markout (bps, positive in our favour) per horizon in seconds over
    /// ``recent``, shortest horizon first; empty before the first record.
    public var meanBps: [(seconds: Int, bps: Double)] {
        guard let first = self.recent.first else { return [] }
        var sums = first.markouts.map { ($0.seconds, 0.0) }
        for markout in self.recent {
            for (i, value) in markout.markouts.enumerated() { sums[i].1 += value.bps }
        }
        return sums.map { ($0.0, $0.1 / Double(self.recent.count)) }
    }
}
