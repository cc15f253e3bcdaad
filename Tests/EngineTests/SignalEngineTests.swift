import Engine
import TestSupport
import Testing

/// The signals inside the engine: staleness only for a signal that was ever warm (the
/// runbook's incidents 5c and 5d), an optional reference feed that never kills, and the
/// decision records that make it all explainable.
@Suite(.tags(.unit)) struct SignalEngineTests {
    static let ms: Int64 = 1_000_000

    static func quote(bid: String, ask: String) -> Event {
        .referenceQuote(ReferenceQuote(source: "binance", coin: "BTC", bidPrice: try! Price(parsing: bid), bidSize: try! Size(parsing: "1"),
                                       askPrice: try! Price(parsing: ask), askSize: try! Size(parsing: "1"), exchangeTime: 0))
    }

    /// Books and reference quotes every 50 ms for `seconds`, both mids wiggling.
    static func feed(_ s: inout Script, seconds: Int) -> [Command] {
        var all: [Command] = []
        for i in 0..<(seconds * 20) {
            let price = 100_000 + (i % 7)
            all += s.send(Script.book(bid: "\(price)", ask: "\(price + 1)"), after: 25 * Self.ms)
            all += s.send(Self.quote(bid: "\(price + 3)", ask: "\(price + 4)"), after: 25 * Self.ms)
        }
        return all
    }

    /// Our books only, every 500 ms, for `seconds`; the staleness of each cycle.
    static func booksOnly(_ s: inout Script, seconds: Int) -> [(age: Double, staleness: Double)] {
        var seen: [(Double, Double)] = []
        for i in 1...(seconds * 2) {
            let commands = s.send(Script.book(bid: "100000", ask: "100001"), after: 500 * Self.ms)
            if let m = commands.cycles.last?.multipliers { seen.append((Double(i) / 2, m.staleness)) }
        }
        return seen
    }

    /// Warm, then the reference stops: 1 up to 5 s, 1.5 at 7.5 s, 2.0 from 10 s.
    @Test func aWarmSignalGoesStaleAsTheRunbookSays() throws {
        var s = Script()
        let warm = Self.feed(&s, seconds: 12)
        let signals = try #require(warm.cycles.last?.signals)
        #expect(signals.referenceQuotes >= 200 && signals.referenceAgeSeconds < 0.05, "\(signals)")
        let after = Self.booksOnly(&s, seconds: 12)
        for (age, staleness) in after {
            let expected = age <= 5 ? 1.0 : min(2.0, 1 + (age - 5) / 5)
            #expect(abs(staleness - expected) < 0.011, "age \(age): staleness \(staleness), want \(expected)")
        }
        #expect(after.contains { $0.age == 7.5 && abs($0.staleness - 1.5) < 0.011 })
        #expect(after.last?.staleness == 2.0)
    }

    /// A reference that arrived but never warmed up (5 s of quotes, warm-up 10 s; no
    /// trades) is disabled, not stale: the runbook's cold-start staleness bug (5d).
    @Test func aSignalThatNeverWarmedIsNeverStale() throws {
        var s = Script()
        _ = Self.feed(&s, seconds: 5)
        let after = Self.booksOnly(&s, seconds: 20)
        #expect(!after.isEmpty && after.allSatisfy { $0.staleness == 1 }, "\(after)")
    }

    /// Signals switched off (the runbook's disable_binance_signals, e.g. by an operator
    /// config change) never go stale, warm or not (5c).
    @Test func disabledSignalsAreNeverStale() throws {
        var s = Script()
        _ = Self.feed(&s, seconds: 12)
        _ = s.send(.operator(.configChange(path: "signals.lead_lag", value: "false")))
        _ = s.send(.operator(.configChange(path: "signals.cross_venue_flow", value: "false")))
        let after = Self.booksOnly(&s, seconds: 15)
        #expect(after.allSatisfy { $0.staleness == 1 })
    }

    /// The reference feed failing does not kill or pull quotes (it is optional); the
    /// market-data feed failing does.
    @Test func aFailedReferenceFeedNeverKills() throws {
        var s = Script()
        _ = Self.feed(&s, seconds: 12)
        _ = s.send(.connection(ConnectionEvent(feed: "reference:binance", state: .failed(reason: "10 attempts"))))
        let cycles = Self.booksOnly(&s, seconds: 2)
        #expect(s.engine.state.killReason == nil && cycles.count == 4)
        _ = s.send(.connection(ConnectionEvent(feed: "ws", state: .failed(reason: "10 attempts"))))
        _ = Self.booksOnly(&s, seconds: 1)
        #expect(s.engine.state.killReason != nil)
    }

    /// Without reference data, quote cycles carry no signals part (recordings of the
    /// Hyperliquid feed alone keep their records).
    @Test func noReferenceNoSignalsRecord() {
        var s = Script()
        let commands = s.send(Script.book(bid: "100000", ask: "100001"))
        #expect(commands.cycles.first.map { $0.signals == nil } == true)
    }

    /// A fill is measured: judged at 1 s for the defensive multiplier, and a
    /// `fill_markout` record once its 60 s markout is known.
    @Test func aFillGetsItsMarkoutRecord() throws {
        var s = Script()
        _ = s.send(Script.book(bid: "100000", ask: "100002"))
        _ = s.send(Script.fill(nil, side: .bid, price: "100000", size: "0.001", tid: 1))
        var records: [FillMarkoutDecision] = []
        var defensive: [Double] = []
        for i in 1...130 {
            let price = i < 10 ? 99_990 : 100_010  // falls 1 bp under us, then rises
            let commands = s.send(Script.book(bid: "\(price)", ask: "\(price + 2)"), after: 500 * Self.ms)
            records += commands.decisions.compactMap { if case .fillMarkout(let m) = $0.decision { m } else { nil } }
            if let d = commands.cycles.last?.multipliers?.defensive { defensive.append(d) }
        }
        let record = try #require(records.first)
        #expect(records.count == 1 && record.side == .bid && record.price == 100_000)
        #expect(abs(record.grossEdgeBps - 0.1) < 1e-6)          // mid 100001 at the fill
        #expect(abs(record.markout1sBps - -0.9) < 1e-6)          // mid 99991 one second later
        #expect(abs(record.markout60sBps - 1.1) < 1e-6)          // mid 100011 a minute later
        #expect(defensive.first == 1 && defensive.dropFirst(2).first.map { $0 > 1 } == true, "adverse at 1 s: \(defensive.prefix(4))")
        let fields = Decision.fillMarkout(record).fields
        #expect(Decision(fields: fields) == .fillMarkout(record))
    }

    /// Was: a fill at a hostile price (1e-8 against a mid of 1000) stored an adverse
    /// selection of Int64.max and the next quote cycle's sum overflowed.
    @Test func hostileFillPricesDoNotOverflowTheAdverseSelection() {
        var s = Script()
        _ = s.send(Script.book(bid: "1000", ask: "1001"))
        _ = s.send(Script.fill(nil, side: .ask, price: "0.00000001", size: "0.001", tid: 1))
        _ = s.send(Script.fill(nil, side: .ask, price: "0.00000001", size: "0.001", tid: 2))
        var adverse: [Double] = []
        for _ in 0..<6 {
            adverse += s.send(Script.book(bid: "1000", ask: "1001"), after: 500 * Self.ms).cycles.compactMap(\.adverseBps)
        }
        #expect(!adverse.isEmpty && adverse.allSatisfy { $0.isFinite && $0 <= 100_000 })
    }

    /// Was: while our book was gated (crossed) and the reference kept moving, every
    /// reference quote ran an unscheduled cycle (a decision and cancels per message).
    @Test func aGatedBookDoesNotRequoteAtEveryReferenceQuote() {
        var s = Script()
        _ = Self.feed(&s, seconds: 12)
        _ = s.send(Script.book(bid: "100010", ask: "100000"))  // crossed: gated
        var cycles = 0
        for i in 0..<100 {  // 5 s of reference quotes swinging 20 bps
            let price = i % 2 == 0 ? 100_200 : 99_800
            cycles += s.send(Self.quote(bid: "\(price)", ask: "\(price + 1)"), after: 50 * Self.ms).cycles.count
        }
        #expect(cycles <= 12, "\(cycles) cycles in 5 s (10 scheduled)")
    }

    /// Was: with the signals switched off but reference data arriving, model gating
    /// waited for a calibration that could never come (1.5 for good).
    @Test func switchedOffSignalsLeaveModelGatingToTheWarmup() throws {
        var s = Script { $0.signals.leadLag = false; $0.signals.crossVenueFlow = false }
        var last: QuoteCycleDecision?
        for i in 0..<(40 * 20) {
            let price = 100_000 + (i % 7)
            last = s.send(.trades(TradeBatch(coin: "BTC", trades: [Trade(side: i % 2 == 0 ? .bid : .ask, price: try Price(parsing: "\(price + (i % 2))"),
                                                                      size: try Size(parsing: "0.01"), exchangeTime: 0, tradeID: UInt64(i + 1))])),
                       after: 10 * Self.ms).cycles.last ?? last
            last = s.send(Script.book(bid: "\(price)", ask: "\(price + 1)"), after: 15 * Self.ms).cycles.last ?? last
            last = s.send(Self.quote(bid: "\(price + 3)", ask: "\(price + 4)"), after: 25 * Self.ms).cycles.last ?? last
        }
        let cycle = try #require(last)
        #expect(cycle.signals != nil && cycle.multipliers?.model == 1, "\(String(describing: cycle.multipliers))")
    }
}
