/// The pure engine: events in, commands out.
///
/// No I/O, no clocks, no threads: time comes only from the events' stamps, randomness
/// only from the seeded generator in the state. `mm-live`, replay and backtests call the
/// same ``handle(_:)``; two engines with equal configs fed equal events emit equal
/// commands, on any machine.
///
/// Each quote cycle (every `general.quote_interval_s` of virtual time, run on the first
/// event at or after its due time, usually a `tick` or a book) computes, per coin, the
/// GLFT half-spread and skew from the estimators, lays out a ladder of `quoting.levels`
/// orders per side on the exchange's tick and lot grid, reconciles it with the orders it
/// has (placing, modifying only past `quoting.min_change_bps`, cancelling), and emits a
/// `decision` record saying why.
public struct Engine: Sendable {
    public let config: EngineConfig
    var coins: [CoinEngine]
    var random: Xoshiro256StarStar
    var output: [Command] = []
    var time: Int64 = .min
    var events: UInt64 = 0
    var paused = false
    var killed: String?
    var accountValue: Amount?
    var dayIndex: Int64?
    var dayStartPnL = 0.0
    var peakPnL = 0.0
    var reconcileMismatches: UInt64 = 0

    /// Creates an engine; throws every problem of an invalid config.
    public init(config: EngineConfig) throws(ConfigError) {
        let issues = config.validate()
        if !issues.isEmpty { throw ConfigError(issues: issues) }
        self.config = config
        self.coins = config.coins.enumerated().map { CoinEngine(config: $0.element, index: $0.offset, engine: config) }
        self.random = Xoshiro256StarStar(seed: UInt64(config.general.seed))
        self.output.reserveCapacity(64)
    }

    func coinIndex(_ name: String) -> Int? {
        for i in self.coins.indices where self.coins[i].config.name == name { return i }
        return nil
    }

    /// Handles one event and returns the commands it leads to (often none).
    ///
    /// The returned array reuses the engine's buffer: drop it before the next call and
    /// steady-state handling allocates nothing.
    public mutating func handle(_ stamped: Stamped<Event>) -> [Command] {
        self.output.removeAll(keepingCapacity: true)
        self.time = max(self.time, stamped.time)
        self.events &+= 1
        switch stamped.event {
        case .book(let book):
            if let i = self.coinIndex(book.coin) {
                self.coins[i].book.apply(book, at: self.time)
                if let mid = self.coins[i].book.mid, !self.coins[i].book.isCrossed {
                    self.coins[i].volatility.observe(mid: mid, at: self.time)
                }
            }
        case .trades(let batch):
            if let i = self.coinIndex(batch.coin) { self.observe(batch, coin: i) }
        case .fill(let fill):
            if let i = self.coinIndex(fill.coin) { self.apply(fill, coin: i) }
        case .orderUpdate(let update):
            if let i = self.coinIndex(update.coin) { self.coins[i].orders.apply(update) }
        case .orderResponse(let response):
            if let i = self.coinIndex(response.coin) { self.coins[i].orders.apply(response) }
        case .account(let account):
            self.reconcile(account)
        case .userEvent(let event):
            self.apply(event)
        case .connection, .rateLimit, .referencePrice, .tick:
            break
        case .operator(let action):
            self.apply(action)
        }
        self.rollDay()
        for i in self.coins.indices where self.time >= self.coins[i].nextCycle {
            self.runQuoteCycle(coin: i)
        }
        return self.output
    }

    private mutating func observe(_ batch: TradeBatch, coin i: Int) {
        let mid = self.coins[i].book.mid
        for trade in batch.trades {
            self.coins[i].tape.record(trade, at: self.time)
            let price = trade.price.doubleValue
            if let mid { self.coins[i].kappa.observe(tradePrice: price, mid: mid, at: self.time) }
            self.coins[i].toxicity.observe(side: trade.side, notional: price * trade.size.doubleValue)
        }
    }

    private mutating func apply(_ fill: Fill, coin i: Int) {
        let kind = self.coins[i].orders.apply(fill)
        guard kind != .duplicate, !fill.isSnapshot else { return }
        self.coins[i].pnl.applyFill(side: fill.side, price: fill.price, size: fill.size, fee: fill.fee)
        if kind == .orphan || kind == .late {
            self.record(coin: i, reason: kind == .orphan ? "orphan_fill" : "late_fill", extra: [
                DecisionField("cloid", .text(fill.clientOrderID?.description ?? "none")),
                DecisionField("tid", .integer(Int64(bitPattern: fill.tradeID))),
                DecisionField("position", .size(self.coins[i].pnl.position)),
            ])
        }
    }

    private mutating func apply(_ event: UserEvent) {
        switch event {
        case .funding(let coin, let amount, _, _):
            if let i = self.coinIndex(coin) { self.coins[i].pnl.applyFunding(amount) }
        case .nonUserCancel(let coin, let orderID):
            if let i = self.coinIndex(coin) { self.coins[i].orders.removeOrder(orderID: orderID) }
        case .liquidation:
            break  // acted on by the risk system
        }
    }

    private mutating func apply(_ action: OperatorAction) {
        switch action {
        case .pause: self.paused = true
        case .resume: self.paused = false
        case .kill(let reason): self.killed = reason
        case .resetKillSwitch: self.killed = nil
        case .configChange: break
        }
    }

    /// Adopts the exchange's positions when they differ from ours, and reconciles open
    /// orders when the snapshot lists them: orders we believe rest but the exchange does
    /// not list are dropped; listed orders we do not know are cancelled. A decision
    /// records each mismatch.
    private mutating func reconcile(_ account: AccountSnapshot) {
        self.accountValue = account.accountValue
        if let listed = account.openOrders {
            for i in self.coins.indices {
                let name = self.coins[i].config.name
                let mine = listed.filter { $0.coin == name }
                let dropped = self.coins[i].orders.dropMissing(from: mine)
                if !dropped.isEmpty {
                    self.record(coin: i, reason: "order_missing", extra: [
                        DecisionField("count", .integer(Int64(dropped.count))),
                        DecisionField("first_cloid", .text(dropped[0].description)),
                    ])
                }
                for order in mine where !self.coins[i].orders.tracks(order) {
                    self.output.append(.cancel(coin: name, order: .exchange(order.orderID)))
                    self.record(coin: i, reason: "unknown_order", extra: [
                        DecisionField("oid", .integer(Int64(bitPattern: order.orderID))),
                        DecisionField("cloid", .text(order.clientOrderID?.description ?? "none")),
                    ])
                }
            }
        }
        for i in self.coins.indices {
            let name = self.coins[i].config.name
            let exchange = account.positions.first { $0.coin == name }?.size ?? .zero
            let ours = self.coins[i].pnl.position
            guard exchange != ours else { continue }
            self.reconcileMismatches += 1
            let entry = account.positions.first { $0.coin == name }?.entryPrice?.doubleValue ?? self.coins[i].book.mid ?? 0
            self.coins[i].pnl.adoptPosition(exchange, entry: entry)
            self.record(coin: i, reason: "position_mismatch", extra: [
                DecisionField("ours", .size(ours)),
                DecisionField("exchange", .size(exchange)),
            ])
        }
    }

    /// Starts a new PnL day at UTC midnight of the virtual clock.
    private mutating func rollDay() {
        let day = self.time >= 0 ? self.time / 86_400_000_000_000 : (self.time + 1) / 86_400_000_000_000 - 1
        if day != self.dayIndex {
            self.dayIndex = day
            self.dayStartPnL = self.totalPnL
        }
        self.peakPnL = max(self.peakPnL, self.totalPnL)
    }

    /// Emits a decision record that is not a quote cycle (a fill or reconciliation note).
    mutating func record(coin i: Int, reason: String, extra: [DecisionField]) {
        var fields = [DecisionField("reason", .text(reason))]
        fields += extra
        self.output.append(.decision(DecisionRecord(coin: self.coins[i].config.name, fields: fields)))
    }
}
