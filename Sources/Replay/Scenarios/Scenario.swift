import ConfigFile
import Engine
import EngineJournal
import Foundation
import Journal
import SimulatedExchange

/// Deterministic incident scenarios: synthetic BTC market data with an incident
/// scripted into it, run through the engine and ``SimExchange`` and journaled with every
/// command, so `mm-replay verify` reproduces them bit for bit and CI can assert what the
/// engine must do.
public enum Scenario: String, CaseIterable, Sendable {
    case cancelFillRace = "cancel-fill-race"
    case liquidationCascade = "liquidation-cascade"
    case flashCrash = "flash-crash"
    case staleFeed = "stale-feed"
    case rateLimitExhaustion = "rate-limit-exhaustion"
    case killSwitchRestart = "kill-switch-restart"
    case crossedBook = "crossed-book"
    case orphanFill = "orphan-fill"
    case liquidationDetected = "liquidation-detected"
    case coldStart = "cold-start"
    case spreadCompounding = "spread-compounding"

    /// What happens, and what the engine must do (the runbooks' thresholds).
    public var summary: (happens: String, engineMust: String) {
        switch self {
        case .cancelFillRace: return ("the book crosses at 40 s; the engine cancels its bids, but a sell sweep trades through them 10 ms later, before the cancels arrive (40 ms)", "count the late fill once (late_fill), keep |position| within max_inventory")
        case .liquidationCascade: return ("liquidations arrive every 0.5 s from 30 s", "pull quotes at severity 0.8, trip the kill switch (CascadeDetected) at 5.0")
        case .flashCrash: return ("the mid falls 20% within one second at 30 s", "pull at 5%/s and trip the kill switch (PriceVelocity) at 15%/s")
        case .staleFeed: return ("market data stops at 30 s for 45 s", "gate quotes when the book is older than 15 s (stale_data), trip the kill switch (StaleData) past 30 s (10 s with the production profile)")
        case .rateLimitExhaustion: return ("the address has a 200-request budget; the engine's requests exhaust it", "move down the headroom tiers, trip the kill switch (RateLimit) at 3 rejections")
        case .killSwitchRestart: return ("the engine starts from a checkpoint tripped an hour earlier (Manual); the operator resets it at 20 s", "stay killed until the reset event, then quote")
        case .crossedBook: return ("the book is crossed from 30 s to 33 s", "gate (crossed_book) and cancel while crossed, quote again after")
        case .orphanFill: return ("a fill for an order the engine never placed arrives at 30 s", "flag it (orphan_fill), count it, move the position by it")
        case .liquidationDetected: return ("quoting is paused at 20 s; an account snapshot at 30 s shows a position 80% of max_inventory that no fill explains", "trip the kill switch (LiquidationDetected)")
        case .coldStart: return ("the feed connects at 0 s but the first book arrives at 5 s; nothing fills", "quote once 10 s of market data passed (warm-up), without waiting for fills")
        case .spreadCompounding: return ("one-sided buying, a reference feed that goes stale, and a high funding rate at once", "compose the multipliers (toxicity × staleness × breaker ≥ 3x) and cap the total at 10x")
        }
    }

    static let second: Int64 = 1_000_000_000

    /// The engine config scenarios run with: BTC only, the defaults otherwise.
    public static var config: EngineConfig {
        var config = EngineConfig()
        config.coins = [config.coins[0]]
        return config
    }

    /// Generates the scenario's journal at `output` (seeded: same seed, same bytes).
    @discardableResult
    public func generate(seed: UInt64, output: String) throws -> BacktestSummary {
        let script = self.script(seed: seed)
        let provenance = JournalProvenance(mode: .scenario, checkpoint: script.checkpoint,
                                           details: ["scenario": self.rawValue, "seed": String(seed)])
        let runner = BacktestRunner(config: script.config, exchange: script.exchange)
        return try runner.run(source: .array(script.events), provenance: provenance, output: output)
    }

    struct Script {
        var events: [(Int64, Event)]
        var config = Scenario.config
        var exchange = SimExchangeConfig()
        var checkpoint: KillSwitchCheckpoint?
    }

    /// `seconds` of synthetic BTC market data from the scenario's start.
    static func market(seed: UInt64, seconds: Int64, skipping skip: (Int64) -> Bool = { _ in false }) -> [(Int64, Event)] {
        var market = SyntheticMarket(seed: seed, coins: ["BTC"])
        var events: [(Int64, Event)] = []
        let end = SyntheticMarket.startTime + seconds * Self.second
        while true {
            let (time, event) = market.next()
            if time > end { break }
            if !skip(time - SyntheticMarket.startTime) { events.append((time, event)) }
        }
        return events
    }

    static func at(_ seconds: Double) -> Int64 { SyntheticMarket.startTime + Int64(seconds * 1e9) }

    /// Merges extra events into a time-ordered list (extras after market events at the
    /// same time).
    static func merge(_ base: [(Int64, Event)], _ extra: [(Int64, Event)]) -> [(Int64, Event)] {
        var all = base.enumerated().map { ($0.element.0, 0, $0.offset, $0.element.1) }
        all += extra.enumerated().map { ($0.element.0, 1, $0.offset, $0.element.1) }
        all.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        return all.map { ($0.0, $0.3) }
    }

    static func lastBook(before time: Int64, in events: [(Int64, Event)]) -> BookSnapshot? {
        var book: BookSnapshot?
        for (t, event) in events where t <= time { if case .book(let b) = event { book = b } }
        return book
    }

    /// A copy of `book` with every price scaled by `factor` and snapped to the BTC grid.
    static func scaled(_ book: BookSnapshot, by factor: Double) -> BookSnapshot {
        let rules = PriceRules(sizeDecimals: 5)
        func move(_ levels: [BookLevel], down: Bool) -> [BookLevel] {
            levels.map { level in
                let raw = Int64(level.price.doubleValue * factor * Double(FixedPoint.scale))
                let price = (down ? rules.priceAtOrBelow(raw: raw) : rules.priceAtOrAbove(raw: raw)) ?? level.price
                return BookLevel(price: price, size: level.size, orders: level.orders)
            }
        }
        return BookSnapshot(coin: book.coin, exchangeTime: book.exchangeTime, bids: move(book.bids, down: true), asks: move(book.asks, down: false))
    }
}
