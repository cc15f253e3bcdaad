/// What is wrong with a book's levels as market data (as opposed to values outside
/// ``Limits``): a book can hold only valid prices and sizes and still be one no exchange
/// would publish. The engine keeps such books and gates quoting on them (as live);
/// importers and tools count them with ``BookSnapshot/qualityIssues``.
public struct BookQualityIssues: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    /// Creates a set of issues from its bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The best bid is at or above the best ask (the engine's `BookState.isCrossed`).
    public static let crossed = BookQualityIssues(rawValue: 1 << 0)
    /// Bids not in descending or asks not in ascending price order.
    public static let unsorted = BookQualityIssues(rawValue: 1 << 1)
    /// One side lists the same price more than once.
    public static let duplicatePrice = BookQualityIssues(rawValue: 1 << 2)
}

extension BookSnapshot {
    /// The book's data-quality issues, empty for a well-formed book: each side strictly
    /// ordered from its best price (bids descending, asks ascending, no price twice) and
    /// the best bid below the best ask. One pass over the levels.
    public var qualityIssues: BookQualityIssues {
        var issues = Self.sideIssues(self.bids, descending: true).union(Self.sideIssues(self.asks, descending: false))
        if let bid = self.bids.first, let ask = self.asks.first, bid.price >= ask.price { issues.insert(.crossed) }
        return issues
    }

    private static func sideIssues(_ levels: [BookLevel], descending: Bool) -> BookQualityIssues {
        guard levels.count > 1 else { return [] }
        var issues: BookQualityIssues = []
        var previous = levels[0].price.rawValue
        for index in 1..<levels.count {
            let price = levels[index].price.rawValue
            if price == previous {
                issues.insert(.duplicatePrice)
            } else if descending ? price > previous : price < previous {
                issues.insert(.unsorted)
            }
            previous = price
        }
        // Out of order, a repeated price need not be next to its twin.
        if issues == .unsorted {
            var seen = Set<Int64>(minimumCapacity: levels.count)
            for level in levels where !seen.insert(level.price.rawValue).inserted {
                issues.insert(.duplicatePrice)
                break
            }
        }
        return issues
    }
}
