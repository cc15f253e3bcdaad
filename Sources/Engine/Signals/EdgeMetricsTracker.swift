/// The runbook's EdgeMetricsTracker: the quality of every fill. At the fill, its gross
/// edge (bps of the fill price, positive when we bought below / sold above the mid);
/// then its markouts, the mid's move in our favour measured from the fill price at
/// 1 s, 5 s, 30 s and 60 s (bps; markout = gross edge − adverse selection). The
/// defensive multiplier reads the sign of each fill's markout at `gates.defensive_horizon_s`
/// (the gross edge at 0); the quote gate reads the recent adverse selection.
struct EdgeMetricsTracker: Sendable, Codable, Equatable {
    /// The markout horizons, seconds (the `fill_markout` record's fields).
    static let horizons: [Int64] = [1, 5, 30, 60]

    /// A fill whose markouts are not all known yet.
    struct Pending: Sendable, Codable, Equatable {
        var time: Int64
        var clientOrderID: String
        var side: Side
        var price: Double
        var mid: Double
        var markouts: [Double?]
        var judged: Bool
    }

    /// A fill judged at the defensive horizon: its gross edge and markout there (bps).
    struct Judgement: Sendable, Equatable {
        /// The fill's virtual time (windows count fills by their age).
        var time: Int64
        var grossEdge: Double
        var markout: Double
    }

    /// A fill whose 60 s markout is known: the record the engine emits.
    struct Completed: Sendable, Equatable {
        var clientOrderID: String
        var side: Side
        var price: Double
        var mid: Double
        var grossEdgeBps: Double
        var markoutsBps: [Double]
    }

    private(set) var pending: [Pending] = []
    /// The totals, for summaries.
    private(set) var quality = FillQuality()
    /// Fills dropped unmeasured because too many were waiting.
    private(set) var dropped: Int64 = 0
    /// The earliest time anything pending is due.
    private var nextDue = Int64.max

    /// Whether a horizon of a pending fill has passed by `time` (a cheap check per event).
    @inline(__always)
    func isDue(at time: Int64) -> Bool { time >= self.nextDue }

    init() {}

    /// Our move in bps from `price` to `mid` for a fill on `side` (positive: in our favour).
    static func favourableMove(side: Side, from price: Double, to mid: Double) -> Double {
        guard price > 0 else { return 0 }
        let move = (mid - price) / price * 10_000
        return side == .bid ? move : -move
    }

    /// Starts measuring a fill at `time` with the mid then; a zero `defensiveHorizon`
    /// means the caller judged it at the fill.
    mutating func record(clientOrderID: String, side: Side, price: Double, mid: Double, at time: Int64, defensiveHorizon: Int64) {
        guard price > 0, mid > 0 else { return }
        if self.pending.count >= 1024 {
            self.pending.removeFirst()
            self.dropped &+= 1
        }
        self.quality.fills &+= 1
        self.quality.grossEdgeSum += Self.favourableMove(side: side, from: price, to: mid)
        self.pending.append(Pending(time: time, clientOrderID: clientOrderID, side: side, price: price, mid: mid,
                                    markouts: [nil, nil, nil, nil], judged: defensiveHorizon <= 0))
        self.nextDue = min(self.nextDue, time &+ (defensiveHorizon <= 0 ? 1_000_000_000 : min(defensiveHorizon, 1_000_000_000)))
    }

    /// Measures every horizon due by `time` with `mid` (the mid just before the first
    /// event at or after the horizon). Returns a judgement (gross edge, markout at the
    /// defensive horizon) for each fill whose defensive horizon passed, and the fills
    /// whose last markout is now known (in fill order).
    mutating func resolve(at time: Int64, mid: Double?, defensiveHorizon: Int64) -> (judged: [Judgement], completed: [Completed]) {
        guard let mid, mid > 0, time >= self.nextDue else { return ([], []) }
        var judged: [Judgement] = []
        var completed: [Completed] = []
        var finished = 0
        var nextDue = Int64.max
        for index in self.pending.indices {
            let fill = self.pending[index]
            let markout = Self.favourableMove(side: fill.side, from: fill.price, to: mid)
            if !fill.judged {
                if fill.time &+ defensiveHorizon <= time {
                    self.pending[index].judged = true
                    judged.append(Judgement(time: fill.time, grossEdge: Self.favourableMove(side: fill.side, from: fill.price, to: fill.mid), markout: markout))
                } else {
                    nextDue = min(nextDue, fill.time &+ defensiveHorizon)
                }
            }
            for (h, seconds) in Self.horizons.enumerated() where fill.markouts[h] == nil {
                let due = fill.time &+ seconds &* 1_000_000_000
                if due <= time {
                    self.pending[index].markouts[h] = markout
                    self.quality.markoutSums[h] += markout
                    self.quality.adverseSums[h] += Self.favourableMove(side: fill.side, from: fill.price, to: fill.mid) - markout
                    self.quality.counts[h] &+= 1
                } else {
                    nextDue = min(nextDue, due)
                    break
                }
            }
            let done = self.pending[index]
            if done.judged, let last = done.markouts.last, last != nil, index == finished {
                finished += 1
                completed.append(Completed(clientOrderID: done.clientOrderID, side: done.side, price: done.price, mid: done.mid,
                                   grossEdgeBps: Self.favourableMove(side: done.side, from: done.price, to: done.mid),
                                   markoutsBps: done.markouts.map { $0 ?? 0 }))
            }
        }
        self.pending.removeFirst(finished)
        self.nextDue = nextDue
        return (judged, completed)
    }

}

extension EdgeMetricsTracker {
    /// Why a restored tracker holds values out of range, or `nil`.
    func restoreProblem() -> String? {
        let q = self.quality
        guard self.pending.count <= 1024,
              self.pending.allSatisfy({ $0.markouts.count == Self.horizons.count && $0.price > 0 && $0.mid > 0 && $0.price.isFinite && $0.mid.isFinite
                                        && $0.markouts.allSatisfy { $0?.isFinite ?? true } }),
              q.counts.count == 4, q.markoutSums.count == 4, q.adverseSums.count == 4, (0...Int64.max / 2).contains(q.fills),
              q.counts.allSatisfy({ (0...Int64.max / 2).contains($0) }), q.grossEdgeSum.isFinite,
              (q.markoutSums + q.adverseSums).allSatisfy(\.isFinite) else {
            return "fill markouts: a count or value is out of range"
        }
        return nil
    }
}
