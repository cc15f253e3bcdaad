import Engine

/// One of our fills as the report marks it: what it was, how the engine booked it and
/// how late it came.
public struct ReportFill: Sendable, Equatable {
    /// How the engine took it (the `reason` of its decision record).
    public enum Kind: String, Sendable {
        case live = "fill"
        case late = "late_fill"
        case orphan = "orphan_fill"
        case baseline = "fill_in_baseline"
        /// Seen before (same trade id): not booked again.
        case duplicate
    }

    /// The coin.
    public var coin: String
    /// When it was received (nanoseconds).
    public var time: Int64
    /// Our side: `.bid` when we bought.
    public var side: Side
    /// The fill price.
    public var price: Price
    /// The size filled.
    public var size: Size
    /// Our client order id, when the order had one.
    public var clientOrderID: ClientOrderID?
    /// The exchange's order id.
    public var orderID: UInt64
    /// How the engine booked it.
    public var kind: Kind
    /// Its exchange time is before an earlier fill's of the same coin.
    public var outOfOrder = false
    /// Receive time minus the exchange's stamp, nanoseconds.
    public var feedLatency: Int64
    /// How long its order had rested (since placement or its last modify), if known.
    public var restingFor: Int64?
    /// Whether we crossed the spread.
    public var taker: Bool

    /// Late, orphan and out-of-order fills are drawn apart.
    public var isFlagged: Bool { self.kind == .late || self.kind == .orphan || self.outOfOrder }

    /// `fill fill-buy fill-late ...`: the classes of its dot.
    public var cssClass: String {
        var classes = ["fill", self.side == .bid ? "fill-buy" : "fill-sell"]
        if self.kind == .late { classes.append("fill-late") }
        if self.kind == .orphan { classes.append("fill-orphan") }
        if self.outOfOrder { classes.append("fill-out-of-order") }
        return classes.joined(separator: " ")
    }

    /// "buy 0.001 @ 104889", the side, size and price.
    public var trade: String { "\(self.side == .bid ? "buy" : "sell") \(self.size) @ \(self.price)" }

    /// The order it filled: "order 0x4d4d… (oid 1000000)".
    public var order: String {
        "order " + (self.clientOrderID.map { "\($0) (oid \(self.orderID))" } ?? "oid \(self.orderID) (no client id)")
    }

    /// The hover text: side, price, size, order, latency, how it was booked.
    public var details: String {
        var parts = ["\(self.coin) \(self.trade)", self.order, "at \(ClockText.timeOfDay(self.time, milliseconds: true))"]
        parts.append(self.taker ? "taker" : "maker")
        switch self.kind {
        case .live: break
        case .late: parts.append("LATE fill (order already cancelled or being cancelled)")
        case .orphan: parts.append("ORPHAN fill (an order we did not place)")
        case .baseline: parts.append("already in the position baseline (not booked)")
        case .duplicate: parts.append("duplicate (not booked)")
        }
        if self.outOfOrder { parts.append("OUT OF ORDER (exchange time before an earlier fill's)") }
        parts.append("latency \(Self.duration(self.feedLatency)) exchange to receipt")
        if let restingFor { parts.append("order rested \(Self.duration(restingFor))") }
        return parts.joined(separator: " · ")
    }

    /// "12 ms", "3.20 s".
    static func duration(_ nanoseconds: Int64) -> String {
        let magnitude = nanoseconds.magnitude
        if magnitude < UInt64(Nanoseconds.perSecond) { return "\(Nanoseconds(nanoseconds).milliseconds) ms" }
        return String(format: "%.2f s", Nanoseconds(nanoseconds).seconds)
    }
}

/// Classifies fills as the report reads them: the engine's decision for the fill's
/// trade id says how it was booked; exchange times going backwards mark it out of order.
struct FillClassifier {
    private var latestExchangeTime: [String: Int64] = [:]

    /// The report's view of `fill`, received at `time`, given the commands the engine
    /// emitted for it and the order it filled.
    mutating func classify(_ fill: Fill, at time: Int64, commands: [Command], order: RestingOrder?) -> ReportFill {
        var kind = ReportFill.Kind.duplicate
        for case .decision(let record) in commands where record.coin == fill.coin {
            guard case .fill(let booked) = record.decision, booked.tradeID == fill.tradeID else { continue }
            switch booked.kind {
            case .fill: kind = .live
            case .late: kind = .late
            case .orphan: kind = .orphan
            case .inBaseline: kind = .baseline
            }
        }
        let exchangeNanos = fill.exchangeTime &* Nanoseconds.perMillisecond
        let outOfOrder = self.latestExchangeTime[fill.coin].map { exchangeNanos < $0 } ?? false
        self.latestExchangeTime[fill.coin] = max(self.latestExchangeTime[fill.coin] ?? .min, exchangeNanos)
        let placed = order?.steps.last { $0.time <= time }?.time
        return ReportFill(coin: fill.coin, time: time, side: fill.side, price: fill.price, size: fill.size,
                          clientOrderID: fill.clientOrderID, orderID: fill.orderID, kind: kind, outOfOrder: outOfOrder,
                          feedLatency: time &- exchangeNanos, restingFor: placed.map { time - $0 }, taker: fill.crossed)
    }
}
