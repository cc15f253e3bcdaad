/// The latest L2 book of one coin and what is derived from it.
package struct BookState: Sendable, Codable {
    /// The latest snapshot (empty before the first).
    package private(set) var snapshot = BookSnapshot(coin: "", exchangeTime: 0, bids: [], asks: [])
    /// Virtual time the latest snapshot arrived; `nil` before the first.
    package private(set) var receivedAt: Int64?
    /// Snapshots seen.
    package private(set) var updates: UInt64 = 0
    /// The mid of the latest two-sided, uncrossed snapshot: positions are still marked
    /// with it while the book is one-sided, empty or crossed.
    package private(set) var lastGoodMid: Double?

    package init() {}

    /// Takes a new snapshot. The levels are copied into this state's own arrays (in
    /// place: no allocation once they are large enough), so the event's arrays are only
    /// read, never retained: a replay decodes events on another core, and taking a
    /// reference would write their reference counts from this one.
    ///
    /// A resend of the current snapshot (the same nonzero exchange time and levels, as the
    /// exchange sends on every resubscribe) does not make the book any younger: the data
    /// is as old as it was, and a stalled market must still look stale.
    package mutating func apply(_ book: BookSnapshot, at time: Int64) {
        let resend = self.receivedAt != nil && book.exchangeTime != 0 && book.exchangeTime == self.snapshot.exchangeTime && book == self.snapshot
        self.snapshot.assign(book)
        if !resend { self.receivedAt = time }
        self.updates &+= 1
        if !self.isCrossed, let mid = self.mid { self.lastGoodMid = mid }
    }

    /// The mid to mark positions with: the current one, else the last good one.
    package var markMid: Double? { self.isCrossed ? self.lastGoodMid : (self.mid ?? self.lastGoodMid) }

    package var bestBid: BookLevel? { self.snapshot.bids.first }
    package var bestAsk: BookLevel? { self.snapshot.asks.first }

    /// Whether the book has both sides.
    package var isTwoSided: Bool { self.bestBid != nil && self.bestAsk != nil }

    /// Whether the best bid is at or above the best ask (an impossible book).
    package var isCrossed: Bool {
        guard let bid = self.bestBid, let ask = self.bestAsk else { return false }
        return bid.price >= ask.price
    }

    /// The mid price, as a double (for estimators and the spread model).
    package var mid: Double? {
        guard let bid = self.bestBid, let ask = self.bestAsk else { return nil }
        return (bid.price.doubleValue + ask.price.doubleValue) / 2
    }

    /// The size-weighted mid: leans toward the side with less size (the side likelier to
    /// be taken out).
    package var microprice: Double? {
        guard let bid = self.bestBid, let ask = self.bestAsk else { return nil }
        let bidSize = bid.size.doubleValue
        let askSize = ask.size.doubleValue
        let total = bidSize + askSize
        guard total > 0 else { return self.mid }
        return (bid.price.doubleValue * askSize + ask.price.doubleValue * bidSize) / total
    }

    /// Total size on one side within `bps` basis points of mid.
    package func depth(_ side: Side, withinBps bps: Double) -> Size {
        guard let mid = self.mid else { return .zero }
        let levels = side == .bid ? self.snapshot.bids : self.snapshot.asks
        var total = Size.zero
        for level in levels {
            let distance = (level.price.doubleValue - mid).magnitude / mid * 10_000
            if distance > bps { break }
            total = total + level.size  // saturates
        }
        return total
    }

    /// Nanoseconds since the last snapshot, or `nil` when none arrived yet.
    package func age(at time: Int64) -> Int64? { self.receivedAt.map { time - $0 } }
}
