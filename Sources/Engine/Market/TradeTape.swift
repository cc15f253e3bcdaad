/// The most recent public trades of one coin, in a fixed-size ring (no allocation per
/// trade once full).
package struct TradeTape: Sendable, Codable {
    /// One remembered trade.
    package struct Entry: Sendable, Equatable, Codable {
        package var time: Int64
        package var side: Side
        package var price: Price
        package var size: Size
    }

    private var entries: [Entry]
    private var next = 0
    /// Trades seen in all.
    package private(set) var count: UInt64 = 0
    /// Virtual time of the latest trade.
    package private(set) var lastTime: Int64?

    /// A tape remembering the last `capacity` trades.
    package init(capacity: Int = 256) {
        self.entries = [Entry](repeating: Entry(time: 0, side: .bid, price: .zero, size: .zero), count: max(1, capacity))
    }

    package mutating func record(_ trade: Trade, at time: Int64) {
        self.entries[self.next] = Entry(time: time, side: trade.side, price: trade.price, size: trade.size)
        self.next = (self.next + 1) % self.entries.count
        self.count &+= 1
        self.lastTime = time
    }

    /// The remembered trades, oldest first.
    package var recent: [Entry] {
        let n = Int(min(self.count, UInt64(self.entries.count)))
        return (0..<n).map { self.entries[(self.next - n + $0 + self.entries.count) % self.entries.count] }
    }
}

extension TradeTape {
    /// Why this restored tape is inconsistent with `fresh`, or `nil`.
    func restoreProblem(against fresh: TradeTape) -> String? {
        guard self.entries.count == fresh.entries.count, (0..<self.entries.count).contains(self.next) else {
            return "trade tape holds \(self.entries.count) entries at position \(self.next), expected \(fresh.entries.count)"
        }
        if let last = self.lastTime, !Limits.isValidTime(last) { return "trade tape time \(last) is outside the valid range" }
        return nil
    }
}
