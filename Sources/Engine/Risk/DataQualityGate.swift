/// Blocks quoting on bad data, before any spread is computed.
package enum DataQualityGate {
    /// Why quotes are gated.
    package enum Reason: Sendable, Equatable {
        /// No book for this coin yet (start-up).
        case noDataReceived
        /// The book is older than the gate's threshold.
        case staleData(ageSeconds: Double, thresholdSeconds: Double)
        /// Best bid at or above best ask.
        case crossedBook(bestBid: Price, bestAsk: Price)
        /// One side of the book is empty (the missing side named).
        case oneSidedBook(missing: Side)
        /// Both sides are empty.
        case emptyBook

        /// The name in decisions.
        package var name: String {
            switch self {
            case .noDataReceived: return "no_data"
            case .staleData: return "stale_data"
            case .crossedBook: return "crossed_book"
            case .oneSidedBook: return "one_sided_book"
            case .emptyBook: return "empty_book"
            }
        }
    }

    /// `nil` when the book may be quoted on; otherwise why not. Age strictly above the
    /// threshold gates. Only `noDataReceived` (no book yet) leaves resting orders alone;
    /// every other reason cancels them (an empty side blinds the spread, the price
    /// velocity and the marking as much as a crossed book does).
    package static func check(_ book: BookState, at time: Int64, thresholdSeconds: Double) -> Reason? {
        guard let age = book.age(at: time) else { return .noDataReceived }
        let seconds = Double(age) / 1e9
        if seconds > thresholdSeconds { return .staleData(ageSeconds: seconds, thresholdSeconds: thresholdSeconds) }
        switch (book.bestBid, book.bestAsk) {
        case (nil, nil): return .emptyBook
        case (nil, _): return .oneSidedBook(missing: .bid)
        case (_, nil): return .oneSidedBook(missing: .ask)
        case (let bid?, let ask?):
            if bid.price >= ask.price { return .crossedBook(bestBid: bid.price, bestAsk: ask.price) }
            return nil
        }
    }
}
