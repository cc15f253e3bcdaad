import Engine
import Foundation
@testable import HLSim
import Journal
import SimulatedExchange
import TestSupport
import Testing

@Suite(.tags(.integration)) struct MarketFeedTests {
    @Test func aJournalFeedPlaysBooksAndTradesAndLoopsForward() throws {
        let path = temporaryPath("hlsim-feed", suffix: ".mmj")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 9, coins: ["BTC"])
        var written: [Int64] = []
        for _ in 0..<40 {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
            written.append(time)
        }
        _ = try writer.append(Event.tick, time: written.last! + 1)  // not market data: skipped
        try writer.close()

        let feed = try JournalFeed(path: path)
        var times: [Int64] = []
        while times.count < 100, let (time, event) = try feed.next() {
            switch event {
            case .book, .trades: times.append(time)
            default: Issue.record("fed a non-market event \(event)")
            }
        }
        #expect(Array(times.prefix(40)) == written)
        #expect(times == times.sorted(), "time never goes back across laps")
        #expect(feed.laps == 2)
        #expect(times[40] == written.last! + 1_000_000_000, "the next lap starts a second after the last event")
        #expect(try JournalFeed.coins(in: path).map(\.name) == ["BTC"])
    }

    @Test func aVenueOnAJournalServesItsBooks() throws {
        let path = temporaryPath("hlsim-venue", suffix: ".mmj")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["ETH"]), options: JournalWriterOptions(fsync: .never))
        var market = SyntheticMarket(seed: 2, coins: ["ETH"])
        for _ in 0..<200 {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        let venue = SimVenue(configuration: SimConfiguration(coins: try JournalFeed.coins(in: path)), feed: try JournalFeed(path: path))
        _ = try venue.advance(to: 1_000_000_000_000_000_000)
        _ = try venue.advance(to: 1_000_000_002_000_000_000)
        let answer = venue.info(body: Array(#"{"type":"l2Book","coin":"ETH"}"#.utf8), now: 1_000_000_002_000_000_000)
        #expect(answer.status == 200)
        #expect(answer.body.hasPrefix(#"{"coin":"ETH","time":1000000002"#))
    }
}

extension MarketFeedTests {
    /// A journal recorded with the reference feed: its reference events are served when
    /// asked for, and the Hyperliquid side is the same either way.
    @Test func aJournalsReferenceEventsAreServedWhenAsked() throws {
        let path = temporaryPath("hlsim-reference", suffix: ".mmj")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]), options: JournalWriterOptions(fsync: .never))
        var market = LeadingReferenceMarket(seed: 3, coins: ["BTC"], lead: 300_000_000)
        for _ in 0..<300 {
            let (time, event) = market.next()
            _ = try writer.append(event, time: time)
        }
        try writer.close()
        func run(includeReference: Bool) throws -> (hyperliquid: [String], reference: [String]) {
            var configuration = SimConfiguration(coins: try JournalFeed.coins(in: path))
            configuration.referenceFromJournal = includeReference
            let venue = SimVenue(configuration: configuration, feed: try JournalFeed(path: path, includeReference: includeReference))
            var session = WebSocketSession(openedAt: 0)
            _ = venue.handle(message: #"{"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}}"#, session: &session, now: 0)
            venue.openReference(ReferenceRoute(path: "/binance/ws/btcusdt@bookTicker/btcusdt@aggTrade")!, session: &session)
            var frames: (hyperliquid: [String], reference: [String]) = ([], [])
            var now: Int64 = 1_000_000_000_000_000_000
            for _ in 0..<500 {
                now += 10_000_000
                for push in try venue.advance(to: now) where session.follows(push.topic) {
                    if push.topic.hasPrefix("binance:") { frames.reference.append(push.text) } else { frames.hyperliquid.append(push.text) }
                }
            }
            return frames
        }
        let with = try run(includeReference: true)
        let without = try run(includeReference: false)
        #expect(with.reference.count > 30)
        #expect(with.reference.contains { $0.hasPrefix(#"{"e":"bookTicker""#) } && with.reference.contains { $0.hasPrefix(#"{"e":"aggTrade""#) })
        #expect(without.reference.isEmpty)
        #expect(!with.hyperliquid.isEmpty && with.hyperliquid == without.hyperliquid)
    }
}

@Suite(.tags(.integration)) struct FailingFeedTests {
    struct BrokenFeed: MarketFeed {
        var served = 0
        struct Corrupt: Error {}
        mutating func next() throws -> (time: Int64, event: Event)? {
            served += 1
            if served > 50 { throw Corrupt() }
            return (Int64(served) * 100_000_000, .tick)
        }
    }

    @Test func aFailingFeedStopsOnceAndTheVenueKeepsServing() throws {
        let venue = SimVenue(configuration: SimConfiguration(coins: [SimulatedCoin(name: "BTC", sizeDecimals: 5, maxLeverage: 40)]), feed: BrokenFeed())
        _ = try venue.advance(to: 1_000_000_000_000)
        _ = try venue.advance(to: 1_010_000_000_000)
        #expect(venue.marketEnded)
        #expect(venue.feedFailure is BrokenFeed.Corrupt)
        _ = try venue.advance(to: 1_020_000_000_000)  // not read again, no throw
        #expect(venue.info(body: Array(#"{"type":"meta"}"#.utf8), now: 1_020_000_000_000).status == 200)
    }
}
