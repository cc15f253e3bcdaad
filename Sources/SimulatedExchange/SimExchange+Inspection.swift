import Engine

extension SimExchange {
    /// An order resting on the simulated book, as the exchange would list it.
    public struct OpenOrder: Sendable, Equatable {
        public var coin: String
        public var side: Side
        public var price: Price
        /// Size still open.
        public var remaining: Size
        /// Size when placed or last modified.
        public var originalSize: Size
        public var orderID: UInt64
        public var clientOrderID: ClientOrderID
        /// Virtual time of placement (or the last modify), nanoseconds.
        public var placedAt: Int64
    }

    /// The resting orders, oldest first.
    public var openOrders: [OpenOrder] {
        self.resting.map {
            OpenOrder(coin: self.coins[$0.coin].name, side: $0.side, price: $0.price, remaining: Size(rawValue: $0.remaining),
                      originalSize: Size(rawValue: $0.originalSize), orderID: $0.oid, clientOrderID: $0.id, placedAt: $0.placedAt)
        }
    }

    /// The signed position in `coin` (zero for an unknown coin).
    public func position(in coin: String) -> Size {
        guard let c = self.coinIndex(coin) else { return .zero }
        return Size(rawValue: self.positions[c])
    }

    /// The last book the exchange saw for `coin`.
    public func book(of coin: String) -> BookSnapshot? {
        guard let c = self.coinIndex(coin) else { return nil }
        return self.books[c]
    }

    /// Requests counted against the address budget so far.
    public var requestsSpent: Int64 { self.requestsUsed }

    /// The address budget now: the initial allowance plus one request per USDC traded.
    public var requestCap: Int64 {
        let earned = self.cumulativeVolume * self.config.requestsPerUSDC
        return self.config.initialRequestBudget &+ (earned.isFinite && earned < 9e18 ? Int64(max(0, earned)) : Int64.max / 2)
    }

    /// Notional traded so far, in USDC.
    public var tradedVolume: Double { self.cumulativeVolume }
}
