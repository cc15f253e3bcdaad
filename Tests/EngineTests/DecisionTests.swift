@testable import Engine
import TestSupport
import Testing

/// Typed decisions: the generic fields are their only rendering, journals keep the
/// names they have always had, and a record decodes to the kind it was.
@Suite(.tags(.unit)) struct DecisionTests {
    static let cycle = QuoteCycleDecision(
        reason: "quote", gate: .quote, riskAction: .warn, riskMonitor: "velocity",
        model: .init(mid: 100_000.5, sigma: 0.0002, kappaEffective: 1.5, kappaMarket: 0, halfSpreadBps: 2.5, skewBps: -0.25, inventory: 1),
        multipliers: .init(toxicity: 1, defensive: 1.2, staleness: 1, model: 1, breaker: 1, rateLimit: 1, total: 1.2, shadowBps: 0, additiveBps: 0.5),
        toxicity: 0.1, headroom: 0.9, tier: .full, probe: false, bids: 3, asks: 2, position: Size("0.001")!)

    static func roundTrip(_ record: DecisionRecord) throws -> DecisionRecord {
        var writer = BinaryWriter()
        record.encode(to: &writer)
        return try writer.bytes.withUnsafeBytes { buffer throws(BinaryDecodingError) in
            var reader = BinaryReader(buffer, context: "decision")
            return try DecisionRecord(from: &reader)
        }
    }

    /// The names journals, reports and dashboards know: a renamed field fails here
    /// rather than leaving recorded journals' cycles unread.
    @Test func aQuoteCycleKeepsItsRecordedFieldNames() {
        #expect(Decision.quoteCycle(Self.cycle).fields.map(\.name) == [
            "reason", "gate", "risk_action", "risk_monitor", "mid", "sigma", "kappa_eff", "kappa_market", "half_spread_bps",
            "skew_bps", "inventory", "mult_toxicity", "mult_defensive", "mult_staleness", "mult_model", "mult_breaker",
            "mult_rate_limit", "mult_total", "shadow_bps", "additive_bps", "toxicity", "headroom", "tier", "probe", "bids", "asks",
            "position",
        ])
        let bare = QuoteCycleDecision(reason: "warmup", gate: .noQuote, riskAction: .normal, riskMonitor: "all", model: nil, multipliers: nil,
                                      toxicity: 0, headroom: 1, tier: .full, probe: false, bids: 0, asks: 0, position: .zero)
        #expect(Decision.quoteCycle(bare).fields.map(\.name) == [
            "reason", "gate", "risk_action", "risk_monitor", "toxicity", "headroom", "tier", "probe", "bids", "asks", "position",
        ])
    }

    /// Every kind decodes from its bytes as itself: a field renamed on one side only
    /// (rendering or parsing) makes the record a note here, which the report, story
    /// and metrics would skip.
    @Test func everyKindDecodesAsItself() throws {
        let kinds: [Decision] = [
            .quoteCycle(Self.cycle),
            .fill(FillDecision(kind: .late, clientOrderID: "0x01", tradeID: .max, exchangeTime: 46_000, booked: true, position: Size("-0.001")!)),
            .fill(FillDecision(kind: .inBaseline, clientOrderID: "none", tradeID: 7, exchangeTime: 1, booked: false, position: nil)),
            .killSwitch(KillSwitchDecision(trigger: "Manual: drill", reasons: ["Manual", "RateLimit"])),
            .killSwitchReset(KillSwitchResetDecision(cleared: "Manual: drill", trippedAt: 5, forced: true, despite: "BTC position")),
            .killSwitchReset(KillSwitchResetDecision(cleared: "Manual: drill", trippedAt: 5, forced: false, despite: nil)),
            .positionBaseline(PositionBaselineDecision(position: Size("0.008")!, exchangeTime: 3)),
            .positionMismatch(PositionMismatchDecision(ours: .zero, exchange: Size("-0.008")!, exchangeTime: 4)),
            .note(reason: "feed_stale", details: [DecisionField("age_s", .real(12.5))]),
            .unlabeled([DecisionField("gate", .text("quote"))]),
        ]
        for decision in kinds {
            let record = DecisionRecord(coin: "BTC", decision)
            #expect(try Self.roundTrip(record) == record, "\(decision)")
            #expect(DecisionRecord(coin: "BTC", fields: record.fields) == record)
        }
    }

    /// A cycle whose fields are not exactly the current layout (a renamed or missing
    /// field) stays a note and re-encodes to its own bytes: verify and digests see the
    /// journal as it is.
    @Test func anUnknownLayoutIsANoteWithItsBytes() throws {
        var fields = Decision.quoteCycle(Self.cycle).fields
        fields[1].name = "quote_gate"
        let record = DecisionRecord(coin: "BTC", fields: fields)
        #expect(record.decision.quoteCycle == nil && record.reason == "quote")
        #expect(record.fields == fields)
        #expect(try Self.roundTrip(record) == record)
    }

    /// The engine's cycles are typed: the chain and the gate are read by name, not found
    /// by searching fields.
    @Test func theEngineEmitsTypedCycles() {
        var s = Script()
        let commands = s.send(Script.book(bid: "100000", ask: "100001"))
        let cycle = commands.cycles.first
        #expect(cycle?.gate == .quote && cycle?.multipliers != nil && cycle?.model != nil)
    }
}

/// The time type and its one formatter.
@Suite(.tags(.unit)) struct TimeTests {
    @Test func conversionsAndArithmetic() {
        #expect(Nanoseconds.seconds(2) == Nanoseconds.milliseconds(2_000))
        #expect(Nanoseconds.minutes(1).rawValue == 60_000_000_000)
        #expect(Nanoseconds.truncating(seconds: 1.5).rawValue == 1_500_000_000)
        #expect(Nanoseconds.truncating(seconds: 1e12).rawValue == .max && Nanoseconds.truncating(seconds: .nan) == .zero)
        #expect(Nanoseconds.rounding(seconds: 0.0000000015).rawValue == 2)
        #expect(Timestamp(5_000_000_000) - Timestamp(2_000_000_000) == .seconds(3))
        #expect(Timestamp(-1).day == -1 && Timestamp(-1).milliseconds == -1 && Timestamp(Nanoseconds.day.rawValue).day == 1)
        #expect(Timestamp(milliseconds: .max) == nil && Timestamp(milliseconds: 46_000) == Timestamp(46_000_000_000))
        #expect(Nanoseconds.milliseconds(1_500).description == "1.5 s" && Nanoseconds.milliseconds(250).description == "250 ms")
        #expect(Nanoseconds.microseconds(40).description == "40 us" && Nanoseconds(-7).description == "-7 ns")
    }

    @Test func oneFormatter() {
        // 2023-09-16T09:00:00.085Z
        let time = Timestamp(1_694_854_800_085_378_327)
        #expect(time.iso8601() == "2023-09-16T09:00:00.085Z")
        #expect(time.timeOfDay() == "09:00:00" && time.timeOfDay(milliseconds: true) == "09:00:00.085")
        #expect(Timestamp(-1).timeOfDay(milliseconds: true) == "23:59:59.999" && Timestamp(-1).iso8601() == "1969-12-31T23:59:59.999Z")
        #expect(ClockText.timeOfDay(46_000_000_000) == "00:00:46")
        for days: Int64 in [-719_468, -1, 0, 1, 19_616, 47_482] {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 2000, month: 2, day: 29).daysSinceEpoch == 11_016)
    }
}
