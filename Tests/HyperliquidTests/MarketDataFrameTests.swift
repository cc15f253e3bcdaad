import Engine
import Foundation
@testable import Hyperliquid
import Testing

@Suite struct MarketDataFrameTests {
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
            switch try MarketDataFrame(decoding: frame) {
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
        guard case .book(let first) = try MarketDataFrame(decoding: frames[0]) else { return }
        #expect(first.bids[0] == BookLevel(price: try Price(parsing: "105055.0"), size: try Size(parsing: "3.03622"), orders: 5))
    }

    /// The first mainnet trade, field by field.
    @Test func tradeFieldsAreExact() throws {
        let frame = try #require(try Self.mainnetFrames().first { $0.contains("\"trades\"") })
        guard case .trades(let batches) = try MarketDataFrame(decoding: frame) else { Issue.record("not trades"); return }
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
            let decoded = try MarketDataFrame(decoding: frame)
            switch decoded {
            case .book(let book): #expect(name.hasPrefix("L2BOOK") && book.bids.count == 5 && book.exchangeTime == (name.hasSuffix("_1") ? 1_785_251_521_889 : book.exchangeTime))
            case .trades(let batches): #expect(name.hasPrefix("TRADES") && batches[0].trades.count == 2)
            case .pong: #expect(name == "PONG")
            case .serverError(let message): #expect(name == "ERROR_FRAME" && message.contains("noSuchType"))
            case .subscriptionAcknowledged(let text): #expect(text.contains("subscribe"))
            case .notTranslated(let channel): #expect(["bbo", "userFills", "orderUpdates"].contains(channel), "\(name)")
            case .greeting: Issue.record("no greeting in the capture")
            }
        }
        #expect(try MarketDataFrame(decoding: "Websocket connection established.") == .greeting)
    }

    /// Malformed variants name the channel and field; NaN-like, negative and zero numbers
    /// are refused.
    @Test func malformedFramesNameWhatIsWrong() throws {
        let book = #"{"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"100.0","sz":"1.5","n":2}],[{"px":"101.0","sz":"2","n":1}]]}}"#
        #expect(try MarketDataFrame(decoding: book) != .pong)
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
            #expect(throws: WireError.self) { try MarketDataFrame(decoding: frame) }
            do { _ = try MarketDataFrame(decoding: frame); Issue.record("accepted: \(frame)") } catch {
                #expect(error.description.contains(path), "\(error) should name \(path)")
            }
        }
        #expect(throws: WireError.unknownChannel("l3Book")) { try MarketDataFrame(decoding: #"{"channel":"l3Book","data":{}}"#) }
        #expect(throws: WireError.missingChannel) { try MarketDataFrame(decoding: #"{"data":{}}"#) }
        #expect((try? MarketDataFrame(decoding: "{\"channel\":")) == nil)
    }

    /// Every prefix of every real frame, and thousands of seeded byte corruptions, give a
    /// frame or a WireError, never a trap.
    @Test func truncatedAndCorruptedFramesNeverTrap() throws {
        let frames = try Self.mainnetFrames().prefix(4) + Self.testnetFrames().map(\.frame)
        var errors = 0
        for frame in frames {
            let bytes = Array(frame.utf8)
            for cut in stride(from: 0, to: bytes.count, by: 7) {
                if (try? MarketDataFrame(decoding: String(decoding: bytes[..<cut], as: UTF8.self))) == nil { errors += 1 }
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
            if (try? MarketDataFrame(decoding: String(decoding: bytes, as: UTF8.self))) == nil { errors += 1 }
        }
        #expect(errors > 1_000)
    }

    /// The fast path and the general path agree on every real frame, on reordered keys and
    /// spacing, and on thousands of corrupted variants: same value, or both refuse.
    @Test func fastPathAgreesWithTheGeneralPath() throws {
        let frames = try Self.mainnetFrames() + Self.testnetFrames().map(\.frame)
        var fast = 0
        func check(_ frame: String) {
            let general = try? MarketDataFrame(decodingGenerally: frame)
            let decoded = try? MarketDataFrame(decoding: frame)
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
}
