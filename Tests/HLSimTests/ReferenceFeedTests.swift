import Engine
@testable import HLSim
import JSON
import SimulatedExchange
import TestSupport
import Testing

/// A venue on the synthetic BTC/ETH market with the reference feed, stepped through
/// virtual time, and one Hyperliquid and one reference session.
struct ReferenceVenue {
    static let start = VenueFixture.start
    /// The first `advance` (one step after `start`): the venue's start, where the
    /// market's first event is played.
    static let first = Self.start + 10_000_000
    let venue: SimVenue
    var now: Int64 = Self.start
    var hyperliquid = WebSocketSession(openedAt: Self.start)
    var reference = WebSocketSession(openedAt: Self.start)
    /// Every frame either session was pushed, with the `now` it was pushed at.
    var frames: [(now: Int64, push: Push)] = []

    init(lead: Int64? = 200, faults: FaultPlan = FaultPlan(), seed: UInt64 = 7,
         route: String = "/binance/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade/ethusdt@bookTicker/ethusdt@aggTrade") {
        var configuration = SimConfiguration(coins: [SimulatedCoin(name: "BTC", sizeDecimals: 5, maxLeverage: 40),
                                                     SimulatedCoin(name: "ETH", sizeDecimals: 4, maxLeverage: 25)])
        configuration.seed = seed
        configuration.faults = faults
        configuration.referenceLeadMilliseconds = lead
        self.venue = SimVenue(configuration: configuration, feed: SyntheticFeed(seed: seed, coins: ["BTC", "ETH"], referenceLeadMilliseconds: lead))
        for subscription in [#"{"type":"bbo","coin":"BTC"}"#, #"{"type":"l2Book","coin":"ETH"}"#, #"{"type":"trades","coin":"BTC"}"#] {
            _ = self.venue.handle(message: #"{"method":"subscribe","subscription":\#(subscription)}"#, session: &self.hyperliquid, now: self.now)
        }
        self.venue.openReference(ReferenceRoute(path: route)!, session: &self.reference)
    }

    /// Advances `milliseconds` in steps of `step`, keeping the sessions' frames.
    mutating func run(milliseconds: Int64, step: Int64 = 10) throws {
        let end = self.now + milliseconds * 1_000_000
        while self.now < end {
            self.now += step * 1_000_000
            for push in try self.venue.advance(to: self.now) where self.hyperliquid.follows(push.topic) || self.reference.follows(push.topic) {
                self.frames.append((self.now, push))
            }
        }
    }

    var referenceFrames: [(now: Int64, push: Push)] { self.frames.filter { $0.push.topic.hasPrefix("binance:") } }
    var hyperliquidFrames: [Push] { self.frames.map(\.push).filter { !$0.topic.hasPrefix("binance:") } }
}

@Suite(.tags(.unit)) struct ReferenceFeedTests {
    static func parse(_ text: String) throws -> OrderedJSON { try OrderedJSON(parsing: text) }

    static func keys(_ json: OrderedJSON?) -> [String] {
        guard case .object(let pairs)? = json else { return [] }
        return pairs.map(\.key)
    }

    static func decimal(_ json: OrderedJSON?) throws -> Int64 {
        guard case .string(let text)? = json else { throw DecimalExpected() }
        return try Price(parsing: text).rawValue
    }

    struct DecimalExpected: Error {}

    /// Was: hl-sim named kPEPE's market KPEPEUSDT while mm-live and import subscribe to
    /// 1000PEPEUSDT; the symbols now come from the one map.
    @Test func symbolsAreTheOnesMMLiveSubscribesTo() {
        #expect(BinanceWire.symbol(of: "BTC") == "BTCUSDT" && BinanceWire.streamPrefix(of: "BTC") == "btcusdt")
        #expect(BinanceWire.symbol(of: "kPEPE") == "1000PEPEUSDT" && BinanceWire.streamPrefix(of: "kPEPE") == "1000pepeusdt")
    }

    @Test func framesAreBinanceShapedWithTheCoinsSymbols() throws {
        var fixture = ReferenceVenue()
        try fixture.run(milliseconds: 3_000)
        var symbols: Set<String> = []
        var kinds: Set<String> = []
        for (_, push) in fixture.referenceFrames {
            let frame = try Self.parse(push.text)
            #expect(Self.keys(frame) == ["stream", "data"])
            guard case .string(let stream)? = frame["stream"], let data = frame["data"], case .string(let symbol)? = data["s"] else {
                Issue.record("not a combined frame: \(push.text)"); continue
            }
            symbols.insert(symbol)
            #expect(stream.hasPrefix(symbol.lowercased() + "@"), "\(push.text)")
            switch data["e"] {
            case .string("bookTicker")?:
                kinds.insert("bookTicker")
                #expect(stream.hasSuffix("@bookTicker"))
                #expect(Self.keys(data) == ["e", "u", "E", "T", "s", "b", "B", "a", "A"])
                #expect(try Self.decimal(data["b"]) < Self.decimal(data["a"]), "\(push.text)")
                #expect(try Self.decimal(data["B"]) > 0 && Self.decimal(data["A"]) > 0)
                guard case .string(let bid)? = data["b"], let point = bid.firstIndex(of: ".") else { Issue.record("\(push.text)"); continue }
                #expect(bid.distance(from: point, to: bid.endIndex) >= 3, "at least two decimals, as Binance prints prices")
            case .string("aggTrade")?:
                kinds.insert("aggTrade")
                #expect(stream.hasSuffix("@aggTrade"))
                #expect(Self.keys(data) == ["e", "E", "a", "s", "p", "q", "f", "l", "T", "m"])
                #expect(try Self.decimal(data["p"]) > 0 && Self.decimal(data["q"]) > 0)
                guard case .bool? = data["m"] else { Issue.record("m is not a bool: \(push.text)"); continue }
            default:
                Issue.record("unexpected frame \(push.text)")
            }
            guard case .integer(let time)? = data["E"] else { Issue.record("E is not an integer"); continue }
            #expect(time <= fixture.now / 1_000_000)
        }
        #expect(symbols == ["BTCUSDT", "ETHUSDT"])
        #expect(kinds == ["bookTicker", "aggTrade"])

        // The raw form: the data alone, for the one stream named in the path.
        var raw = ReferenceVenue(route: "/binance/ws/ETHUSDT@aggTrade")
        try raw.run(milliseconds: 3_000)
        #expect(!raw.referenceFrames.isEmpty)
        for (_, push) in raw.referenceFrames {
            let data = try Self.parse(push.text)
            #expect(data["e"] == .string("aggTrade") && data["s"] == .string("ETHUSDT"), "\(push.text)")
        }
    }

    /// The reference top of book at t is the Hyperliquid one at t + lead, times the 1 bp
    /// basis: the lead is real, to the millisecond.
    @Test(arguments: [Int64(0), 200, 750]) func theReferenceLeadsTheHyperliquidMarketByTheLead(lead: Int64) throws {
        var fixture = ReferenceVenue(lead: lead)
        try fixture.run(milliseconds: 5_000)
        var hyperliquid: [Int64: (bid: Int64, ask: Int64, pushedAt: Int64)] = [:]
        for (now, push) in fixture.frames where push.topic == "bbo:BTC" {
            let data = try #require(try Self.parse(push.text)["data"])
            let levels = data["bbo"]?.arrayValue ?? []
            hyperliquid[try #require(data["time"]?.integerValue)] = (try Self.decimal(levels[0]["px"]), try Self.decimal(levels[1]["px"]), now)
        }
        let basis = { (raw: Int64) in raw + raw / 10_000 }
        var matched = 0
        for (now, push) in fixture.referenceFrames where push.topic == "binance:stream:btcusdt@bookTicker" {
            let data = try #require(try Self.parse(push.text)["data"])
            let time = try #require(data["E"]?.integerValue)
            // Quotes due before the start (the first `lead` of the market) are clamped to it.
            guard time > ReferenceVenue.first / 1_000_000, let later = hyperliquid[time + lead] else { continue }
            #expect(try Self.decimal(data["b"]) == basis(later.bid), "reference bid at \(time) vs Hyperliquid at \(time + lead)")
            #expect(try Self.decimal(data["a"]) == basis(later.ask))
            #expect(now <= later.pushedAt, "the reference frame goes out no later than the Hyperliquid one it announces")
            if lead > 50 { #expect(later.pushedAt - now >= (lead - 20) * 1_000_000, "it goes out about `lead` earlier") }
            matched += 1
        }
        #expect(matched >= 35, "about ten BTC books a second for 5 s, every one announced")
    }

    @Test func theHyperliquidDataIsUnchangedWithTheReferenceOn() throws {
        var on = ReferenceVenue(lead: 200)
        var off = ReferenceVenue(lead: nil)
        try on.run(milliseconds: 4_000)
        try off.run(milliseconds: 4_000)
        #expect(off.referenceFrames.isEmpty, "no reference without the feed")
        #expect(on.hyperliquidFrames.count > 60)
        #expect(on.hyperliquidFrames == off.hyperliquidFrames)

        var plain = SyntheticFeed(seed: 3, coins: ["BTC", "SOL"])
        var leading = SyntheticFeed(seed: 3, coins: ["BTC", "SOL"], referenceLeadMilliseconds: 200)
        var references = 0
        for _ in 0..<500 {
            let expected = try #require(try plain.next())
            while true {
                let next = try #require(try leading.next())
                if case .referenceQuote = next.event { references += 1; continue }
                if case .referenceTrades = next.event { references += 1; continue }
                #expect(next.time == expected.time && next.event == expected.event)
                break
            }
        }
        #expect(references > 100)
    }

    @Test func theArbitrageurAddsHyperliquidTradesOnly() throws {
        var plain = SyntheticFeed(seed: 5, coins: ["BTC"], referenceLeadMilliseconds: 200)
        var arbitraged = SyntheticFeed(seed: 5, coins: ["BTC"], referenceLeadMilliseconds: 200, arbitrage: true)
        func hyperliquid(_ feed: inout SyntheticFeed, count: Int) throws -> [Event] {
            var events: [Event] = []
            while events.count < count, let (_, event) = try feed.next() {
                if case .book = event { events.append(event) }
                if case .trades = event { events.append(event) }
            }
            return events
        }
        let without = try hyperliquid(&plain, count: 2_000)
        let with = try hyperliquid(&arbitraged, count: 2_300)
        let sweeps = with.filter { if case .trades(let batch) = $0 { batch.trades.allSatisfy { $0.tradeID > 900_000_000_000_000 } } else { false } }
        #expect(sweeps.count > 20)
        #expect(Array(with.filter { event in !sweeps.contains(event) }.prefix(1_500)) == Array(without.prefix(1_500)), "the market's own events are the same")
    }

    @Test func aStalledReferenceIsSilentThenResumesOnTimeWhileHyperliquidGoesOn() throws {
        var faults = FaultPlan()
        faults.stallReferenceAfterMilliseconds = 1_000
        faults.stallReferenceForMilliseconds = 1_500
        var fixture = ReferenceVenue(faults: faults)
        try fixture.run(milliseconds: 4_000)
        let first = ReferenceVenue.first
        func count(_ frames: [(now: Int64, push: Push)], from: Int64, to: Int64) -> Int {
            frames.filter { $0.now >= first + from * 1_000_000 && $0.now < first + to * 1_000_000 }.count
        }
        #expect(count(fixture.referenceFrames, from: 0, to: 1_000) > 10)
        // (Frames due just before 1 s go out in the step that ends at 1 s.)
        #expect(count(fixture.referenceFrames, from: 1_010, to: 2_500) == 0, "silent while stalled")
        #expect(count(fixture.referenceFrames, from: 2_500, to: 4_000) > 10, "resumes")
        #expect(count(fixture.frames.filter { !$0.push.topic.hasPrefix("binance:") }, from: 1_000, to: 2_500) > 10, "Hyperliquid is not stalled")
        // After the stall it resumes at the current time (no burst of old quotes): the lead holds.
        let resumed = try #require(fixture.referenceFrames.first { $0.now >= first + 2_500 * 1_000_000 })
        let time = try #require(try Self.parse(resumed.push.text)["data"]?["E"]?.integerValue)
        #expect(time * 1_000_000 >= first + 2_500 * 1_000_000 - 1_000_000)
        #expect(!fixture.venue.isReferenceDown(at: first + 1_500 * 1_000_000), "stalled is not down: connections stay")
    }

    /// `--stall-feed-after` pauses the market itself: the reference venue, generated from
    /// it, is silent too, and both resume together with the lead intact.
    @Test func aStalledMarketPausesTheReferenceToo() throws {
        var faults = FaultPlan()
        faults.stallFeedAfterMilliseconds = 1_000
        faults.stallFeedForMilliseconds = 1_000
        var fixture = ReferenceVenue(faults: faults)
        try fixture.run(milliseconds: 3_500)
        let first = ReferenceVenue.first
        let during = fixture.frames.filter { $0.now >= first + 1_010_000_000 && $0.now < first + 2_000_000_000 }
        #expect(during.isEmpty, "neither Hyperliquid nor the reference sends while the market is stalled")
        #expect(fixture.referenceFrames.filter { $0.now >= first + 2_000_000_000 }.count > 10)
        // After the pause the Hyperliquid book at t + lead is still the reference quote at t.
        var hyperliquid: [Int64: Int64] = [:]
        for (_, push) in fixture.frames where push.topic == "bbo:BTC" {
            let data = try #require(try Self.parse(push.text)["data"])
            hyperliquid[try #require(data["time"]?.integerValue)] = try Self.decimal(data["bbo"]?.arrayValue.first?["px"])
        }
        var checked = 0
        for (now, push) in fixture.referenceFrames where push.topic == "binance:stream:btcusdt@bookTicker" && now >= first + 2_000_000_000 {
            let data = try #require(try Self.parse(push.text)["data"])
            guard let bid = hyperliquid[try #require(data["E"]?.integerValue) + 200] else { continue }
            #expect(try Self.decimal(data["b"]) == bid + bid / 10_000)
            checked += 1
        }
        #expect(checked > 5)
    }

    @Test func aDroppedReferenceIsDownForItsWindowAndSendsNothing() throws {
        var faults = FaultPlan()
        faults.dropReferenceAfterMilliseconds = 1_000
        faults.dropReferenceForMilliseconds = 2_000
        var fixture = ReferenceVenue(faults: faults)
        let first = ReferenceVenue.first
        #expect(!fixture.venue.isReferenceDown(at: first))
        try fixture.run(milliseconds: 4_000)
        #expect(!fixture.venue.isReferenceDown(at: first + 999_000_000))
        #expect(fixture.venue.isReferenceDown(at: first + 1_000_000_000), "connections are dropped and refused from 1 s")
        #expect(fixture.venue.isReferenceDown(at: first + 2_999_000_000))
        #expect(!fixture.venue.isReferenceDown(at: first + 3_000_000_000), "and taken again after 2 s")
        let during = fixture.referenceFrames.filter { $0.now >= first + 1_010_000_000 && $0.now < first + 3_000_000_000 }
        #expect(during.isEmpty)
        #expect(fixture.referenceFrames.contains { $0.now >= first + 3_000_000_000 })

        var forGood = FaultPlan()
        forGood.dropReferenceAfterMilliseconds = 0
        #expect(ReferenceVenue(faults: forGood).venue.isReferenceDown(at: first + 86_400_000_000_000))
        #expect(ReferenceVenue(lead: nil).venue.isReferenceDown(at: first), "not served: always down")
    }

    @Test func malformedFramesComeAtTheirShareFromTheirOwnPicks() throws {
        var faults = FaultPlan()
        faults.malformedReferenceShare = 0.25
        var fixture = ReferenceVenue(faults: faults)
        try fixture.run(milliseconds: 6_000)
        let frames = fixture.referenceFrames.map(\.push.text)
        let malformed = frames.filter { (try? OrderedJSON(parsing: $0)) == nil }
        let share = Double(malformed.count) / Double(frames.count)
        #expect(frames.count > 150)
        #expect(share > 0.15 && share < 0.35, "\(malformed.count) of \(frames.count)")
        var again = ReferenceVenue(faults: faults)
        try again.run(milliseconds: 6_000)
        #expect(again.referenceFrames.map(\.push.text) == frames, "deterministic")
        var clean = ReferenceVenue()
        try clean.run(milliseconds: 6_000)
        #expect(clean.hyperliquidFrames == fixture.hyperliquidFrames, "the fault touches the reference only")
        #expect(clean.referenceFrames.allSatisfy { (try? OrderedJSON(parsing: $0.push.text)) != nil })
    }

    @Test func liveRequestsSubscribeUnsubscribeAndList() throws {
        var fixture = ReferenceVenue(route: "/binance/stream")
        let venue = fixture.venue
        func send(_ text: String) -> [String] {
            venue.handleReference(message: text, parsed: try? OrderedJSON(parsing: text), form: .combined, session: &fixture.reference, now: fixture.now)
        }
        #expect(send(#"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","ETHUSDT@bookTicker"],"id":1}"#) == [#"{"result":null,"id":1}"#])
        #expect(send(#"{"method":"LIST_SUBSCRIPTIONS","id":3}"#) == [#"{"result":["btcusdt@aggTrade","ethusdt@bookTicker"],"id":3}"#])
        try fixture.run(milliseconds: 2_000)
        let streams = Set(fixture.referenceFrames.compactMap { frame -> String? in
            guard case .string(let stream)? = try? Self.parse(frame.push.text)["stream"] else { return nil }
            return stream
        })
        #expect(streams == ["btcusdt@aggTrade", "ethusdt@bookTicker"])
        #expect(send(#"{"method":"UNSUBSCRIBE","params":["btcusdt@aggTrade"],"id":"x"}"#) == [#"{"result":null,"id":"x"}"#])
        #expect(send(#"{"method":"LIST_SUBSCRIPTIONS","id":4}"#) == [#"{"result":["ethusdt@bookTicker"],"id":4}"#])
        #expect(send("nope").first?.hasPrefix(#"{"code":3,"msg":"Invalid JSON"#) == true)
        #expect(send(#"{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"]}"#).first?.hasPrefix(#"{"code":2,"#) == true)
        #expect(send(#"{"method":"FOO","id":5}"#).first?.contains(#""id":5"#) == true)
        #expect(send(#"{"method":"SUBSCRIBE","params":[1],"id":6}"#).first?.hasPrefix(#"{"code":1,"#) == true)
        venue.close(fixture.reference)
        #expect(!venue.isFollowed("binance:stream:ethusdt@bookTicker"), "a closed connection's streams are forgotten")
    }

    @Test func routes() {
        #expect(ReferenceRoute(path: "/binance/stream?streams=btcusdt@bookTicker/ethusdt%40aggTrade")
                == ReferenceRoute(form: .combined, streams: ["btcusdt@bookTicker", "ethusdt@aggTrade"]))
        #expect(ReferenceRoute(path: "/binance/stream") == ReferenceRoute(form: .combined, streams: []))
        #expect(ReferenceRoute(path: "/binance/ws/BTCUSDT@BOOKTICKER") == ReferenceRoute(form: .raw, streams: ["btcusdt@bookTicker"]))
        #expect(ReferenceRoute(path: "/binance/ws") == ReferenceRoute(form: .raw, streams: []))
        #expect(ReferenceRoute(path: "/ws") == nil)
        #expect(ReferenceRoute(path: "/binance/streams") == nil)
        #expect(BinanceWire.decimal(9_712_340 * 1_000_000, atLeast: 2) == "97123.40")
        #expect(BinanceWire.decimal(12_345_678, atLeast: 3) == "0.12345678")
        #expect(BinanceWire.decimal(300_000_000, atLeast: 3) == "3.000")
    }
}
