import Binance
import Engine
import EngineJournal
import Journal
@testable import Live
import TestSupport
import Testing

/// The reference feed (Binance) in the live driver on virtual time: its frames take the
/// Hyperliquid feed's path (stamp, journal, engine), it has its own connection health and
/// silence supervision with the runbook's backoff, and coins without a listing (or
/// `--reference none`) never subscribe.
@Suite(.tags(.integration)) struct ReferenceFeedTests {
    static let second: Int64 = 1_000_000_000
    static let feed = ReferenceFeedSettings.feedName

    static func reference(coins: [String] = ["BTC"], overrides: [String] = []) throws -> ReferenceFeedSettings {
        ReferenceFeedSettings(symbols: try BinanceSymbolMap(coins: coins, overrides: try overrides.map { try BinanceSymbolOverride(parsing: $0) }),
                              baseURL: "ws://127.0.0.1:9/binance")
    }

    static func bookTicker(time: Int64, bid: String = "100000.5", ask: String = "100001.5") -> String {
        #"{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"E":\#(time + 1),"T":\#(time),"s":"BTCUSDT","b":"\#(bid)","B":"2.5","a":"\#(ask)","A":"1.25"}}"#
    }

    static func aggTrade(time: Int64, id: Int) -> String {
        #"{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":\#(time + 1),"s":"BTCUSDT","a":\#(id),"p":"100001.5","q":"0.010","f":1,"l":2,"T":\#(time),"m":false}}"#
    }

    /// Every record of the harness's journal so far: engine inputs and outputs, and the
    /// wire errors' reasons.
    static func records(_ h: DriverHarness) throws -> [(time: Int64, record: EngineRecord?, wireError: WireErrorRecord?)] {
        try h.driver.session.journalCommands()
        try h.writer.flush()
        let reader = try JournalReader(path: h.journal, follow: nil)
        var out: [(Int64, EngineRecord?, WireErrorRecord?)] = []
        while let record = try reader.next() {
            if record.type == EngineRecord.wireErrorTag {
                out.append((record.time, nil, try WireErrorRecord(payload: record.payload)))
            } else if record.type != EngineRecord.snapshotTag {
                out.append((record.time, try record.decode(), nil))
            }
        }
        return out
    }

    static func referenceConnections(_ h: DriverHarness) throws -> [ConnectionState] {
        try Self.records(h).compactMap { entry in
            if case .input(.connection(let event))? = entry.record, event.feed == Self.feed { return event.state }
            return nil
        }
    }

    static func connects(_ h: DriverHarness) -> [String] {
        h.effects.compactMap { if case .connectReference(let urls) = $0 { urls.joined(separator: " ") } else { nil } }
    }

    /// Quotes and trades are journaled as engine inputs at their receive time, in arrival
    /// order with the Hyperliquid feed's frames, before the engine runs on them; an
    /// undecodable frame is kept as a wire error; the journal verifies.
    @Test func referenceFramesAreJournaledBeforeTheEngine() throws {
        let h = try DriverHarness(mode: .paper, reference: try Self.reference())
        h.send(.start)
        #expect(Self.connects(h) == ["ws://127.0.0.1:9/binance/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade"])
        h.send(.feedConnected, after: 1_000_000)
        h.send(.referenceConnected, after: 1_000_000)
        h.send(.frame(h.bookFrame(bid: "100000", ask: "100001")), after: 1_000_000)
        let inputsBefore = h.driver.session.inputs
        let quoteAt = h.now + 2_000_000
        h.send(.referenceFrame(Self.bookTicker(time: 1_800_000_000_100)), after: 2_000_000)
        #expect(h.driver.session.inputs == inputsBefore + 1, "journaled and given to the engine in the same step")
        h.send(.referenceFrame(Self.aggTrade(time: 1_800_000_000_200, id: 77)), after: 1_000_000)
        h.send(.referenceFrame(#"{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","s":"BTCUSDT","b":"1e5","B":"1","a":"2","A":"1"}}"#), after: 1_000_000)
        h.send(.referenceFrame(#"{"result":null,"id":1}"#), after: 1_000_000)
        h.send(.frame(h.bookFrame(bid: "100000", ask: "100001")), after: 1_000_000)
        #expect(h.driver.counters.referenceFrames == 4)
        #expect(h.driver.counters.referenceDecodeErrors == 1)
        #expect(h.driver.counters.referenceIgnored == 1)
        #expect(h.driver.lastReferenceData["BTC"] == quoteAt + 1_000_000)

        let records = try Self.records(h)
        let kinds: [String] = records.compactMap { entry in
            if let wire = entry.wireError { return "wire_error: " + wire.reason }
            guard case .input(let event)? = entry.record else { return nil }
            switch event {
            case .connection(let connection): return "connection \(connection.feed)"
            case .book: return "book"
            case .referenceQuote: return "referenceQuote"
            case .referenceTrades: return "referenceTrades"
            default: return nil
            }
        }
        #expect(kinds == ["connection ws", "connection \(Self.feed)", "book", "referenceQuote", "referenceTrades",
                          #"wire_error: binance bookTicker: data.b = "1e5": invalid character at offset 1 in decimal string "1e5" (expected digits, one '.', an optional leading '-')"#,
                          "book"])
        let quote = try #require(records.first { if case .input(.referenceQuote) = $0.record { true } else { false } })
        #expect(quote.time == quoteAt)
        #expect(quote.record == .input(.referenceQuote(ReferenceQuote(source: "binance", coin: "BTC", bidPrice: try Price(parsing: "100000.5"), bidSize: try Size(parsing: "2.5"),
                                                                      askPrice: try Price(parsing: "100001.5"), askSize: try Size(parsing: "1.25"), exchangeTime: 1_800_000_000_100))))
        let trades = try #require(records.first { if case .input(.referenceTrades) = $0.record { true } else { false } })
        #expect(trades.record == .input(.referenceTrades(ReferenceTrades(source: "binance", coin: "BTC", trades: [
            Trade(side: .bid, price: try Price(parsing: "100001.5"), size: try Size(parsing: "0.01"), exchangeTime: 1_800_000_000_200, tradeID: 77)]))))
        #expect(try h.verifies())
    }

    /// A connected reference feed that brings nothing for `staleAfter` is closed and
    /// reconnected after 1 s, then 2 s, 4 s (the backoff restarts only once data flows);
    /// each drop is journaled under the reference feed's name; the Hyperliquid feed is
    /// untouched.
    @Test func aSilentReferenceFeedReconnectsWithBackoff() throws {
        let h = try DriverHarness(mode: .paper, reference: try Self.reference())
        h.send(.start)
        h.send(.feedConnected, after: 1_000_000)
        var gaps: [Int64] = []
        var closedAt = h.now
        for round in 0..<3 {
            h.send(.referenceConnected, after: 1_000_000)
            if round > 0 { gaps.append(h.now - 1_000_000 - closedAt) }
            h.run(seconds: 15.5)
            #expect(h.effects.filter { if case .closeReference = $0 { true } else { false } }.count == round + 1, "closed after 15 s of silence")
            h.send(.referenceClosed(reason: "closed by us"), after: 1_000_000)
            closedAt = h.now
            let before = Self.connects(h).count
            h.run(seconds: Double(1 << round) - 0.01)
            #expect(Self.connects(h).count == before, "not before the backoff")
            h.run(seconds: 0.02)
            #expect(Self.connects(h).count == before + 1, "reconnect after \(1 << round) s")
        }
        #expect(h.driver.counters.referenceReconnects == 3)
        // The Hyperliquid feed is closed only for its own reasons (here: unanswered pings).
        #expect(h.effects.allSatisfy { if case .closeFeed(let reason) = $0 { reason == "ping timeout" } else { true } })
        #expect(try Self.referenceConnections(h) == [
            .connected, .disconnected(reason: "closed by us"), .reconnecting(attempt: 1),
            .connected, .disconnected(reason: "closed by us"), .reconnecting(attempt: 2),
            .connected, .disconnected(reason: "closed by us"), .reconnecting(attempt: 3),
        ])
        // Data on the next connection restarts the backoff from 1 s.
        h.send(.referenceConnected, after: 1_000_000)
        h.send(.referenceFrame(Self.bookTicker(time: 1_800_000_000_100)), after: 1_000_000)
        h.run(seconds: 14)
        #expect(h.effects.filter { if case .closeReference = $0 { true } else { false } }.count == 3, "data keeps it open")
        h.send(.referenceClosed(reason: "server went away"), after: 1_000_000)
        let before = Self.connects(h).count
        h.run(seconds: 1.01)
        #expect(Self.connects(h).count == before + 1)
        #expect(try Self.referenceConnections(h).suffix(2) == [.disconnected(reason: "server went away"), .reconnecting(attempt: 1)])
    }

    /// A connection stuck opening (a socket that never finishes its set-up) is closed
    /// after the silence limit and retried, instead of waiting for good.
    @Test func aConnectThatHangsIsClosedAndRetried() throws {
        let h = try DriverHarness(mode: .paper, reference: try Self.reference())
        h.send(.start)
        h.send(.feedConnected, after: 1_000_000)
        #expect(Self.connects(h).count == 1)
        h.run(seconds: 14)
        #expect(!h.effects.contains { if case .closeReference = $0 { true } else { false } }, "not before the limit")
        h.run(seconds: 1.5)
        #expect(h.effects.contains { if case .closeReference(let reason) = $0 { reason.hasPrefix("not connected within") } else { false } })
        h.send(.referenceClosed(reason: "closed by us"), after: 1_000_000)
        h.run(seconds: 1.01)
        #expect(Self.connects(h).count == 2, "retried after the backoff")
    }

    /// Past ten failed attempts the engine hears the reference feed failed, the session
    /// goes on (an optional feed), and retries continue every 60 s.
    @Test func aReferenceFeedThatNeverConnectsFailsWithoutStoppingTheSession() throws {
        let h = try DriverHarness(mode: .paper, reference: try Self.reference())
        h.send(.start)
        h.send(.feedConnected, after: 1_000_000)
        for _ in 0..<11 {
            h.send(.referenceClosed(reason: "connect failed: refused"), after: 1_000_000)
            h.run(seconds: 61)
        }
        #expect(Self.connects(h).count == 12)
        let states = try Self.referenceConnections(h)
        #expect(states.filter { if case .reconnecting = $0 { true } else { false } }.count == 10)
        #expect(states.last == .failed(reason: "10 reconnect attempts failed"))
        #expect(!h.driver.isFinished)
        #expect(h.effects.contains { if case .log(.error, let text) = $0 { text.contains("quoting goes on without it") } else { false } })
        #expect(!h.effects.contains { if case .log(_, let text) = $0 { text.contains("shutting down") } else { false } })
    }

    /// `--reference none`, or no traded coin with a listing: no connection, no reference
    /// connection event, one log line saying so. A coin without a listing is left out of
    /// the subscription (and said once), the others are subscribed.
    @Test func unlistedCoinsAndNoneNeverSubscribe() throws {
        let none = try DriverHarness(mode: .paper)
        none.send(.start)
        none.send(.feedConnected, after: 1_000_000)
        none.run(seconds: 20)
        #expect(Self.connects(none).isEmpty)
        #expect(try Self.referenceConnections(none).isEmpty)
        #expect(none.effects.contains { if case .log(.info, let text) = $0 { text.contains("reference feed: none") } else { false } })

        let unlisted = try DriverHarness(mode: .paper, reference: try Self.reference(overrides: ["BTC=none"]))
        unlisted.send(.start)
        unlisted.send(.feedConnected, after: 1_000_000)
        unlisted.run(seconds: 20)
        #expect(Self.connects(unlisted).isEmpty)
        #expect(try Self.referenceConnections(unlisted).isEmpty)
        #expect(!unlisted.driver.hasReferenceFeed)
        let lines = unlisted.effects.compactMap { if case .log(_, let text) = $0, text.hasPrefix("reference feed") { text } else { nil } }
        #expect(lines == ["reference feed: BTC has no Binance listing (--reference-symbol BTC=none); its cross-venue signals are off",
                          "reference feed: no traded coin has a Binance listing; not connecting"])
        // A frame for it anyway (a server sending what was not asked for) is ignored.
        unlisted.send(.referenceFrame(Self.bookTicker(time: 1_800_000_000_100)))
        #expect(unlisted.driver.counters.referenceIgnored == 1)
        #expect(unlisted.driver.lastReferenceData.isEmpty)

        let mixed = try DriverHarness(mode: .paper, reference: try Self.reference(coins: ["BTC", "xyz:TSLA"]))
        mixed.send(.start)
        #expect(Self.connects(mixed) == ["ws://127.0.0.1:9/binance/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade"])
        #expect(mixed.effects.contains { if case .log(.info, let text) = $0 { text.contains("xyz:TSLA has no Binance listing (a HIP-3 DEX coin") } else { false } })
    }
}
