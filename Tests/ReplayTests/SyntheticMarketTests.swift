import Engine
import Foundation
import Journal
import SimulatedExchange
import TestSupport
import Testing

@Suite(.tags(.integration)) struct SyntheticMarketTests {
    @Test func sameSeedSameEventsDifferentSeedDifferentEvents() {
        var a = SyntheticMarket(seed: 7, coins: ["BTC", "ETH"])
        var b = SyntheticMarket(seed: 7, coins: ["BTC", "ETH"])
        var c = SyntheticMarket(seed: 8, coins: ["BTC", "ETH"])
        var differs = false
        for _ in 0..<5_000 {
            let x = a.next()
            let y = b.next()
            #expect(x.time == y.time && x.event == y.event)
            let z = c.next()
            if z.event != x.event { differs = true }
        }
        #expect(differs)
    }

    @Test func booksAreHyperliquidShaped() throws {
        var market = SyntheticMarket(seed: 3, coins: ["BTC", "ETH", "SOL", "DOGE"])
        var lastTime = Int64.min
        var books: [String: Int] = [:]
        var firstTime: Int64?
        for _ in 0..<40_000 {
            let (time, event) = market.next()
            #expect(time >= lastTime)
            lastTime = time
            if firstTime == nil { firstTime = time }
            switch event {
            case .book(let book):
                books[book.coin, default: 0] += 1
                let profile = CoinProfile.named(book.coin)
                #expect(book.bids.count == 20 && book.asks.count == 20)
                #expect(book.bids[0].price < book.asks[0].price, "crossed or locked book")
                for side in [book.bids, book.asks] {
                    for (i, level) in side.enumerated() {
                        #expect(level.size.rawValue > 0 && level.size.rawValue % profile.lotRaw == 0)
                        #expect(level.orders >= 1)
                        #expect(level.price.rawValue % profile.tickRaw(at: level.price) == 0 || level.price.rawValue % FixedPoint.scale == 0)
                        #expect(significantFigures(level.price) <= 5 || level.price.rawValue % FixedPoint.scale == 0)
                        if i > 0 {
                            #expect(side == book.bids ? level.price < side[i - 1].price : level.price > side[i - 1].price)
                        }
                    }
                }
            case .trades(let batch):
                #expect(!batch.trades.isEmpty)
                for trade in batch.trades { #expect(trade.size.rawValue > 0) }
            default:
                Issue.record("unexpected event \(event)")
            }
        }
        // About ten book updates per second of virtual time per coin.
        let seconds = Double(lastTime - firstTime!) / 1e9
        for coin in ["BTC", "ETH", "SOL", "DOGE"] {
            let rate = Double(books[coin] ?? 0) / seconds
            #expect(rate > 8 && rate < 12, "\(coin): \(rate) books/s")
        }
    }

    @Test func ticksFollowFiveSignificantFiguresAndDecimalLimits() throws {
        let btc = CoinProfile.named("BTC")
        #expect(btc.tickRaw(at: try Price(parsing: "105055")) == FixedPoint.scale)
        let eth = CoinProfile.named("ETH")
        #expect(eth.tickRaw(at: try Price(parsing: "3300.1")) == FixedPoint.scale / 10)
        let sol = CoinProfile.named("SOL")  // szDecimals 2: at most 4 decimals
        #expect(sol.tickRaw(at: try Price(parsing: "250.01")) == FixedPoint.scale / 100)
        #expect(sol.tickRaw(at: try Price(parsing: "0.5")) == FixedPoint.scale / 10_000)
        #expect(btc.lotRaw == 1000)
    }

    @Test func journalsOfTheSameSeedAreByteIdentical() throws {
        let dirScratch = Scratch("synth")
        let dir = dirScratch.path
        func make(_ name: String) throws -> Data {
            let path = dir + "/" + name
            let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"]),
                                           options: JournalWriterOptions(frameSize: 8192, flushInterval: nil, fsync: .never))
            var market = SyntheticMarket(seed: 5, coins: ["BTC"])
            for _ in 0..<3000 {
                let (time, event) = market.next()
                try writer.append(event, time: time)
            }
            try writer.close()
            return FileManager.default.contents(atPath: path)!
        }
        #expect(try make("a.mmj") == make("b.mmj"))
        // And every record decodes back to an engine event.
        let reader = try JournalReader(path: dir + "/a.mmj")
        var count = 0
        while let record = try reader.next() {
            guard case .input = try record.decode() else { Issue.record("not an event"); break }
            count += 1
        }
        #expect(count == 3000)
    }

    func significantFigures(_ price: Price) -> Int {
        var digits = Array(price.description.replacingOccurrences(of: ".", with: ""))
        while digits.first == "0" { digits.removeFirst() }
        while digits.last == "0" { digits.removeLast() }
        return digits.count
    }
}
