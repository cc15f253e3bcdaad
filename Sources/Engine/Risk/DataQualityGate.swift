/// Blocks quoting on bad data, before any spread is computed.
public enum DataQualityGate {
    /// Why quotes are gated.
    public enum Reason: Sendable, Equatable {
        /// No book for this coin yet (start-up).
        case noDataReceived
        /// The book is older than the gate's threshold.
        case staleData(ageSeconds: Double, thresholdSeconds: Double)
        /// Best bid at or above best ask.
        case crossedBook(bestBid: Price, bestAsk: Price)

        /// The name in decisions.
        public var name: String {
            switch self {
            case .noDataReceived: return "no_data"
            case .staleData: return "stale_data"
            case .crossedBook: return "crossed_book"
            }
        }
    }

    /// `nil` when the book may be quoted on; otherwise why not. Age strictly above the
    /// threshold gates.
    public static func check(_ book: BookState, at time: Int64, thresholdSeconds: Double) -> Reason? {
        guard book.isTwoSided, let bid = book.bestBid, let ask = book.bestAsk, let age = book.age(at: time) else { return .noDataReceived }
        let seconds = Double(age) / 1e9
        if seconds > thresholdSeconds { return .staleData(ageSeconds: seconds, thresholdSeconds: thresholdSeconds) }
        if bid.price >= ask.price { return .crossedBook(bestBid: bid.price, bestAsk: ask.price) }
        return nil
    }
}
