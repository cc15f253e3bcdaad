import Engine
import SimulatedExchange

/// One address's account on hl-sim: balance, positions, orders (a ``SimExchange`` of
/// its own, fed the shared market data), fills, leverage and the dead man's switch.
struct SimAccount {
    /// The lowercased address.
    let address: String
    /// Deposited USDC plus realized PnL, minus fees, minus funding paid.
    var cash: Double
    var exchange: SimExchange
    var ledgers: [String: PositionLedger] = [:]
    /// Leverage per coin (cross); the exchange's default is 20x or the coin's maximum.
    var leverage: [String: Int] = [:]
    var isCross: [String: Bool] = [:]
    /// Fills, oldest first (the most recent 2,000 are kept, as `userFills` returns).
    var fills: [FillRecord] = []
    /// `scheduleCancel` deadline (ms) and how many times it fired today.
    var scheduledCancel: Int64?
    var scheduledCancelTriggers: [Int64: Int] = [:]
    var nextAnonymousOrder: UInt64 = 1
    /// What the exchange remembers of each open order beyond the matching state, by oid.
    var openOrders: [UInt64: OrderFacts] = [:]
    /// Final states of closed orders (for `orderStatus`), by oid; the last 1,000.
    var closedOrders: [UInt64: (facts: OrderFacts, status: String, time: Int64)] = [:]
    var closedOrderQueue: [UInt64] = []

    init(address: String, balance: Amount, exchange: SimExchange) {
        self.address = address
        self.cash = balance.doubleValue
        self.exchange = exchange
    }

    /// A fresh internal client id for an order sent without one.
    mutating func anonymousOrderID() -> ClientOrderID {
        let id = ClientOrderID(high: Self.anonymousHigh, low: self.nextAnonymousOrder)
        self.nextAnonymousOrder += 1
        return id
    }

    /// The high half of internal ids of orders sent without a cloid (never shown to the
    /// user). Recognised by this prefix, so nothing per order is remembered.
    static let anonymousHigh: UInt64 = 0xFFFF_FFFF_0000_0000

    /// How many orders may rest at once: 1000, plus one per 5M USDC traded, at most
    /// 5000 (the exchange's rule).
    var openOrderLimit: Int {
        let extra = Int64(saturating: self.exchange.tradedVolume / 5_000_000)
        return 1_000 + Int(min(max(extra, 0), 4_000))
    }

    /// The cloid to show for `id`, or nil for orders placed without one.
    func visibleClientID(_ id: ClientOrderID?) -> ClientOrderID? {
        guard let id, id.high != Self.anonymousHigh else { return nil }
        return id
    }

    func leverage(for coin: SimulatedCoin) -> Int { self.leverage[coin.name] ?? min(20, coin.maxLeverage) }
}

/// A fill as the account's history keeps it (the `userFills` row).
struct FillRecord: Sendable {
    var fill: Fill
    var visibleClientID: ClientOrderID?
    var closedPnl: Double
    var direction: String
    var fee: Double
}

/// The parts of an order the matching state does not keep.
struct OrderFacts: Sendable {
    var coin: String
    var side: Side
    var price: Price
    var originalSize: Int64
    var remaining: Int64
    var placedAt: Int64
    var clientID: ClientOrderID?
    var timeInForce: TimeInForce
    var reduceOnly: Bool
}
