import Engine
import Foundation
@testable import Hyperliquid
import TestSupport
import Testing
import JSON

@Suite(.tags(.unit)) struct InboundFrameTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/hyperliquid").standardized.path

    /// The mainnet capture: "<receive ns> <frame>" per line.
    static func mainnetFrames() throws -> [String] {
        let text = try String(contentsOfFile: fixtures + "/hftbacktest_btc_20250126_ws_raw.txt", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: " ").map { String(line[line.index(after: $0)...]) }
        }
    }

    /// The testnet capture's WebSocket frames, by name.
    static func testnetFrames() throws -> [(name: String, frame: String)] {
        let text = try String(contentsOfFile: fixtures + "/testnet_frames_2026-07-28/frames.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").compactMap { line in
            let entry = try OrderedJSON(parsing: String(line))
            guard case .string(let kind)? = entry["kind"], kind == "ws", case .string(let name)? = entry["name"], let frame = entry["frame"] else { return nil }
            return (name, frame.text)
        }
    }

    /// Every real mainnet l2Book and trades frame translates, with exact values.
    @Test func everyMainnetFrameTranslates() throws {
        let frames = try Self.mainnetFrames()
        #expect(frames.count == 55)
        var books = 0, trades = 0
        for frame in frames {
            switch try InboundFrame(decoding: frame) {
            case .book(let book):
                books += 1
                #expect(book.coin == "BTC")
                #expect(book.bids.count == 20 && book.asks.count == 20)
                #expect(zip(book.bids, book.bids.dropFirst()).allSatisfy { $0.price > $1.price }, "bids descend")
                #expect(zip(book.asks, book.asks.dropFirst()).allSatisfy { $0.price < $1.price }, "asks ascend")
                #expect(book.exchangeTime > 1_737_900_000_000)
            case .trades(let batches):
                trades += 1
                #expect(batches.count == 1 && batches[0].coin == "BTC" && !batches[0].trades.isEmpty)
            default:
                Issue.record("unexpected frame kind for \(frame.prefix(60))")
            }
        }
        #expect(books == 46 && trades == 9)
        // The first book's best levels, exactly as sent.
        guard case .book(let first) = try InboundFrame(decoding: frames[0]) else { Issue.record("the first frame is not a book: \(frames[0].prefix(60))"); return }
        #expect(first.bids[0] == BookLevel(price: try Price(parsing: "105055.0"), size: try Size(parsing: "3.03622"), orders: 5))
    }

    /// The first mainnet trade, field by field.
    @Test func tradeFieldsAreExact() throws {
        let frame = try #require(try Self.mainnetFrames().first { $0.contains("\"trades\"") })
        guard case .trades(let batches) = try InboundFrame(decoding: frame) else { Issue.record("not trades"); return }
        let trade = batches[0].trades[0]
        #expect(trade == Trade(side: .bid, price: try Price(parsing: "105056.0"), size: try Size(parsing: "0.00219"),
                               exchangeTime: 1_737_918_794_873, tradeID: 121_451_470_284_048))
    }

    /// The testnet capture: fast l2Book, trades replay, acks, pong without data, the error
    /// frame; the user channels are recognised and left to their own decoders.
    @Test func everyTestnetFrameIsRecognised() throws {
        let frames = try Self.testnetFrames()
        #expect(frames.count >= 10)
        for (name, frame) in frames {
            let decoded = try InboundFrame(decoding: frame)
            switch decoded {
            case .book(let book): #expect(name.hasPrefix("L2BOOK") && book.bids.count == 5 && book.exchangeTime == (name.hasSuffix("_1") ? 1_785_251_521_889 : book.exchangeTime))
            case .trades(let batches): #expect(name.hasPrefix("TRADES") && batches[0].trades.count == 2)
            case .pong: #expect(name == "PONG")
            case .serverError(let message): #expect(name == "ERROR_FRAME" && message.contains("noSuchType"))
            case .subscriptionAcknowledged(let text): #expect(text.contains("subscribe"))
            case .notTranslated(let channel): #expect(channel == "bbo", "\(name)")
            case .fills(let fills): #expect(name == "USER_FILLS_EMPTY_SNAPSHOT" && fills.isEmpty)
            case .orderUpdates(let updates):
                #expect(name.hasPrefix("ORDER_UPDATE") && updates.count == 1)
                let update = updates[0]
                #expect(update.coin == "BTC" && update.side == .bid && update.orderID == 57_118_842_019)
                #expect(try update.limitPrice == (try Price(parsing: "31795")) && update.size == (try Size(parsing: "0.00037")))
                #expect(update.clientOrderID == ClientOrderID(hex: "0xa1f0cddc17303d07f3fd128d5b35071d"))
                #expect(update.status == (name.hasSuffix("OPEN") ? .open : .canceled) && update.orderTime == 1_785_261_289_146)
            case .userEvents: Issue.record("no user events in the capture")
            case .account, .openOrders: Issue.record("no account channel frames in the capture")
            case .greeting: Issue.record("no greeting in the capture")
            }
        }
        #expect(try InboundFrame(decoding: "Websocket connection established.") == .greeting)
    }

    /// Malformed variants name the channel and field; NaN-like, negative and zero numbers
    /// are refused.
    @Test func malformedFramesNameWhatIsWrong() throws {
        let book = #"{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"100.0","sz":"1.5","n":2}],[{"px":"101.0","sz":"2","n":1}]]}}"#
        #expect(try InboundFrame(decoding: book) != .pong)
        let cases: [(String, String)] = [
            (book.replacingOccurrences(of: #""sz":"1.5""#, with: #""sz":"NaN""#), "data.levels[0][0].sz"),
            (book.replacingOccurrences(of: #""sz":"1.5""#, with: #""sz":"-1.5""#), "data.levels[0][0].sz"),
            (book.replacingOccurrences(of: #""px":"101.0""#, with: #""px":"0""#), "data.levels[1][0].px"),
            (book.replacingOccurrences(of: #""px":"101.0""#, with: #""px":101.0"#), "data.levels[1][0].px"),
            (book.replacingOccurrences(of: #""px":"101.0""#, with: #""px":"inf""#), "data.levels[1][0].px"),
            (book.replacingOccurrences(of: #","n":1"#, with: ""), "data.levels[1][0].n"),
            (book.replacingOccurrences(of: #""coin":"BTC","#, with: ""), "data.coin"),
            (book.replacingOccurrences(of: #","time":1"#, with: #","time":"x""#), "data.time"),
            (#"{"channel":"trades","data":[{"coin":"BTC","side":"X","px":"1","sz":"1","time":1,"tid":1}]}"#, "data[0].side"),
            (#"{"channel":"trades","data":[{"coin":"BTC","side":"B","px":"1","sz":"1","time":1,"tid":-1}]}"#, "data[0].tid"),
            (#"{"channel":"trades","data":{"coin":"BTC"}}"#, "data"),
        ]
        for (frame, path) in cases {
            #expect(throws: WireError.self) { try InboundFrame(decoding: frame) }
            do { _ = try InboundFrame(decoding: frame); Issue.record("accepted: \(frame)") } catch {
                #expect(error.description.contains(path), "\(error) should name \(path)")
            }
        }
        #expect(throws: WireError.unknownChannel("l3Book")) { try InboundFrame(decoding: #"{"channel":"l3Book","data":{}}"#) }
        #expect(throws: WireError.missingChannel) { try InboundFrame(decoding: #"{"data":{}}"#) }
        #expect((try? InboundFrame(decoding: "{\"channel\":")) == nil)
    }

    /// Every prefix of every real frame, and thousands of seeded byte corruptions, give a
    /// frame or a WireError, never a trap.
    @Test func truncatedAndCorruptedFramesNeverTrap() throws {
        let frames = try Self.mainnetFrames().prefix(4) + Self.testnetFrames().map(\.frame)
        var errors = 0
        for frame in frames {
            let bytes = Array(frame.utf8)
            for cut in stride(from: 0, to: bytes.count, by: 7) {
                if (try? InboundFrame(decoding: String(decoding: bytes[..<cut], as: UTF8.self))) == nil { errors += 1 }
            }
        }
        var random = SplitMix64(seed: 6)
        let alphabet = Array(#"{}[]",:0-9.eE-+nNaA "tx\"#.utf8)
        for _ in 0..<5_000 {
            var bytes = Array(frames[Int(random.next() % UInt64(frames.count))].utf8)
            for _ in 0..<3 {
                let at = Int(random.next() % UInt64(bytes.count))
                bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            if (try? InboundFrame(decoding: String(decoding: bytes, as: UTF8.self))) == nil { errors += 1 }
        }
        #expect(errors > 1_000)
    }

    /// The fast path and the general path agree on every real frame, on reordered keys and
    /// spacing, and on thousands of corrupted variants: same value, or both refuse.
    @Test func fastPathAgreesWithTheGeneralPath() throws {
        let frames = try Self.mainnetFrames() + Self.testnetFrames().map(\.frame)
        var fast = 0
        func check(_ frame: String) {
            let general = try? InboundFrame(decodingGenerally: frame)
            // Both without the Limits check: this compares the parsers (limits are checked after either).
            let decoded = try? InboundFrame(decodingWithoutLimitCheck: frame)
            #expect(decoded == general, "\(frame.prefix(120))")
            if MarketDataFastPath.decode(frame) != nil { fast += 1 }
        }
        for frame in frames {
            check(frame)
            check(frame.replacingOccurrences(of: ",", with: " ,\n "))
            check(frame.replacingOccurrences(of: #""n":"#, with: #""q":0,"n":"#))
            check(frame.replacingOccurrences(of: #".0""#, with: #".000000000""#))
            check(frame.replacingOccurrences(of: #""px":"1"#, with: #""px":"01"#))
        }
        #expect(fast >= 55 * 2, "the fast path takes the real frames")
        var random = SplitMix64(seed: 61)
        let alphabet = Array(#"{}[]",:0123456789.eE-+nNaAB "tx\"#.utf8)
        for _ in 0..<10_000 {
            var bytes = Array(frames[Int(random.next() % UInt64(frames.count))].utf8)
            for _ in 0..<Int(1 + random.next() % 2) {
                let at = Int(random.next() % UInt64(bytes.count))
                bytes[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The `user` channel's liquidation fill (nautilus_trader's fixture) and fills with
    /// cloids from an /info userFills response, field by field.
    @Test func userFillsTranslateExactly() throws {
        let ws = try String(contentsOfFile: Self.fixtures + "/nautilus_trader/ws_user_fill_liquidation.json", encoding: .utf8)
        guard case .fills(let fills) = try InboundFrame(decoding: ws) else { Issue.record("not fills"); return }
        let fill = try #require(fills.first)
        #expect(try fill.coin == "BTC" && fill.side == .ask && fill.price == (try Price(parsing: "66653")) && fill.size == (try Size(parsing: "0.001")))
        #expect(try fill.startPosition == (try Size(parsing: "-0.0213")) && fill.fee == (try Amount(parsing: "0.009997")) && !fill.crossed)
        #expect(fill.orderID == 55_030_848_197 && fill.tradeID == 745_210_434_703_679 && !fill.isSnapshot)
        #expect(fill.clientOrderID == ClientOrderID(hex: "0xe8d5fd7ebbb4c3cff4d1803472a11463"))
        #expect(fill.liquidation == FillLiquidation(liquidatedUser: "0x360878d351f05975e25f1807a27895e1e5e004fb", markPrice: try Price(parsing: "66607"), method: "market"))

        // The same objects arrive on userFills; wrap the REST response's fills as a snapshot.
        let rest = try String(contentsOfFile: Self.fixtures + "/nautilus_trader/http_user_fills_with_cloid.json", encoding: .utf8)
        let frame = #"{"channel":"userFills","data":{"isSnapshot":true,"user":"0x0000000000000000000000000000000000000001","fills":"# + rest + "}}"
        guard case .fills(let snapshot) = try InboundFrame(decoding: frame) else { Issue.record("not fills"); return }
        #expect(snapshot.count >= 2 && snapshot.allSatisfy { $0.isSnapshot && $0.clientOrderID != nil })
        let rebate = try Amount(parsing: "-0.012639")
        #expect(snapshot[0].fee == rebate, "a maker rebate is a negative fee")
    }

    /// Funding, liquidation and exchange-side cancels on the `user` channel (the documented
    /// shapes: no capture of them is public), and their malformed variants.
    @Test func userEventsTranslate() throws {
        let funding = #"{"channel":"user","data":{"funding":{"time":1,"coin":"ETH","usdc":"-1.25","szi":"0.5","fundingRate":"0.0000125"}}}"#
        #expect(try InboundFrame(decoding: funding) == .userEvents([.funding(coin: "ETH", amount: try Amount(parsing: "-1.25"), positionSize: try Size(parsing: "0.5"), rate: FundingRate(0.0000125))]))
        let liquidation = #"{"channel":"user","data":{"liquidation":{"lid":7,"liquidator":"0xa","liquidated_user":"0xb","liquidated_ntl_pos":"1000.5","liquidated_account_value":"20"}}}"#
        #expect(try InboundFrame(decoding: liquidation) == .userEvents([.liquidation(id: 7, liquidator: "0xa", liquidatedUser: "0xb", notionalPosition: try Amount(parsing: "1000.5"), accountValue: try Amount(parsing: "20"))]))
        let cancels = #"{"channel":"user","data":{"nonUserCancel":[{"coin":"BTC","oid":12},{"coin":"ETH","oid":13}]}}"#
        #expect(try InboundFrame(decoding: cancels) == .userEvents([.nonUserCancel(coin: "BTC", orderID: 12), .nonUserCancel(coin: "ETH", orderID: 13)]))
        for (bad, path) in [
            (funding.replacingOccurrences(of: "0.0000125", with: "NaN"), "funding.fundingRate"),
            (funding.replacingOccurrences(of: #""usdc":"-1.25""#, with: #""usdc":-1.25"#), "funding.usdc"),
            (cancels.replacingOccurrences(of: #""oid":13"#, with: #""oid":"13""#), "nonUserCancel[1].oid"),
            (#"{"channel":"orderUpdates","data":[{"order":{"coin":"BTC","side":"B","limitPx":"1","sz":"-1","oid":1,"timestamp":1,"origSz":"1"},"status":"open","statusTimestamp":1}]}"#, "data[0].order.sz"),
            (#"{"channel":"userFills","data":{"fills":[{"coin":"BTC","px":"1","sz":"1","side":"B","time":1,"oid":1,"tid":1,"fee":"0","crossed":"no","startPosition":"0","closedPnl":"0"}]}}"#, "fills[0].crossed"),
        ] {
            do { _ = try InboundFrame(decoding: bad); Issue.record("accepted: \(bad)") } catch {
                #expect(error.description.contains(path), "\(error) should name \(path)")
            }
        }
    }
}
