import Engine
@testable import Replay
import TestSupport
import Testing

@Suite(.tags(.integration)) struct StoryTests {
    /// One trip is recorded once per coin; the story and `backtest --json`'s
    /// `kill_switch_triggers` list it once (before: once per coin, same seq and reason).
    @Test func aTripIsListedOnce() {
        var story = StoryBuilder(config: EngineConfig())
        for coin in ["BTC", "ETH"] {
            story.observe(.decision(DecisionRecord(coin: coin, .killSwitch(KillSwitchDecision(trigger: "Manual: drill", reasons: ["Manual"])))),
                          seq: 7, time: 70)
        }
        #expect(story.killSwitchTriggers.map(\.what) == ["Manual: drill"])
        #expect(story.entries.filter { $0.what.contains("KILL SWITCH") }.count == 1)
        // Fills and baselines are notes, not quote cycles.
        story.observe(.decision(DecisionRecord(coin: "BTC", .fill(FillDecision(kind: .fill, clientOrderID: "none", tradeID: 1, exchangeTime: 0,
                                                                               booked: true, position: .zero)))), seq: 8, time: 80)
        #expect(!story.entries.contains { $0.what.contains("quoting") })
    }

    static func cycle(_ reason: String, risk: RiskAction, monitor: String = "all") -> Command {
        .decision(DecisionRecord(coin: "BTC", .quoteCycle(QuoteCycleDecision(
            reason: reason, gate: .noQuote, riskAction: risk, riskMonitor: monitor, model: nil, multipliers: nil, toxicity: 0, headroom: 1,
            tier: .full, probe: false, bids: 0, asks: 0, position: .zero))))
    }

    /// The story answers the next question: when the feed came back, what the late fill
    /// was (side, price, size, order), the mismatch's two positions; and it does not
    /// claim risk went back to normal while the kill switch is latched (the monitors are
    /// not consulted then).
    @Test func linesSayWhatAReaderAsksNext() {
        let second: Int64 = 1_000_000_000
        var story = StoryBuilder(config: EngineConfig())
        let book = BookSnapshot(coin: "BTC", exchangeTime: 0, bids: [BookLevel(price: Price("99")!, size: Size("1")!, orders: 1)],
                                asks: [BookLevel(price: Price("101")!, size: Size("1")!, orders: 1)])
        story.observe(.book(book), seq: 1, time: 0)
        story.observe(.book(book), seq: 2, time: 46 * second)
        #expect(story.entries.last?.what == "BTC: market data back after 46.0 s without a book (last at 00:00:00.000)")

        let id = ClientOrderID(high: 0, low: 5)
        let fill = Fill(coin: "BTC", side: .ask, price: Price("100.5")!, size: Size("0.001")!, exchangeTime: 46_000, orderID: 9,
                        clientOrderID: id, tradeID: 77, fee: .zero, feeToken: "USDC", crossed: false, startPosition: .zero,
                        closedPnl: .zero, liquidation: nil, isSnapshot: false)
        story.observe(.fill(fill), seq: 3, time: 47 * second)
        story.observe(.decision(DecisionRecord(coin: "BTC", .fill(FillDecision(
            kind: .late, clientOrderID: id.description, tradeID: 77, exchangeTime: 46_000, booked: true, position: Size("-0.001")!)))),
                      seq: 3, time: 47 * second)
        #expect(story.entries.last?.what == "BTC: late fill: sell 0.001 @ 100.5, order \(id) (oid 9), booked; position now -0.001")

        story.observe(.decision(DecisionRecord(coin: "BTC", .positionMismatch(PositionMismatchDecision(
            ours: .zero, exchange: Size("-0.008")!, exchangeTime: 48_000)))), seq: 4, time: 48 * second)
        #expect(story.entries.last?.what == "BTC: position mismatch: ours 0, exchange -0.008; the exchange's adopted")

        story.observe(Self.cycle("cascade", risk: .pullQuotes, monitor: "cascade"), seq: 5, time: 49 * second)
        #expect(story.entries.last?.what == "BTC: risk normal -> pull_quotes (cascade)")
        story.observe(.decision(DecisionRecord(coin: "BTC", .killSwitch(KillSwitchDecision(trigger: "CascadeDetected", reasons: ["CascadeDetected"])))),
                      seq: 6, time: 50 * second)
        story.observe(Self.cycle("killed", risk: .normal), seq: 7, time: 50 * second)
        story.observe(Self.cycle("killed", risk: .normal), seq: 8, time: 51 * second)
        #expect(!story.entries.contains { $0.what.contains("-> normal") }, "\(story.entries.map(\.what))")
        #expect(story.entries.contains { $0.what.hasPrefix("KILL SWITCH CascadeDetected") && $0.what.contains("latched") })
    }
}
