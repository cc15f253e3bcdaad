import Engine
import Foundation
import Journal
@testable import Research
import TestSupport
import Testing

/// `import --reference`: Binance USD-M futures captures (the hftbacktest collector's raw
/// frames, Tardis.dev CSV) merged by receive time with a Hyperliquid capture.
@Suite(.tags(.integration)) struct ReferenceImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures").standardized.path
    static let hyperliquid = fixtures + "/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt"
    static let raw = fixtures + "/binance/binance_futures_btcusdt_raw.txt"
    static let tardisTrades = fixtures + "/binance/tardis_binance-futures_trades_BTCUSDT.csv"
    static let tardisQuotes = fixtures + "/binance/tardis_binance-futures_book_ticker_BTCUSDT.csv.gz"

    static func px(_ text: String) -> Price { try! Price(parsing: text) }
    static func sz(_ text: String) -> Size { try! Size(parsing: text) }

    static func importing(_ references: [String], hyperliquid: [String] = [Self.hyperliquid], to out: String,
                          configure: (inout CaptureImporter) -> Void = { _ in }) throws -> ImportSummary {
        var importer = CaptureImporter()
        importer.references = references
        configure(&importer)
        return try importer.importWebSocket(hyperliquid, to: out)
    }

    /// The raw capture's 52 lines: 16 bookTickers and 16 trades (8 aggTrade, 8 trade)
    /// imported, and one or more bad lines of each reason.
    @Test func theCollectorsRawFramesImportWithBadLinesCountedByReason() throws {
        let scratch = Scratch()
        let summary = try Self.importing([Self.raw], to: scratch.file("raw.mmj"))
        let reference = try #require(summary.reference)
        #expect(reference.lines == 52)
        #expect(reference.quotes == 16)
        #expect(reference.trades == 16 && reference.tradePrints == 16)
        #expect(reference.skipped == [
            "bad_timestamp": 1,  // a receive stamp with a letter in it
            "coin_not_imported": 2,  // ETHUSDT, and a BTCUSDT quote before the first Hyperliquid book
            "crossed_quote": 1,
            "depth_not_used": 8,
            "duplicate": 1,  // an aggTrade id again
            "empty_line": 1,
            "invalid_value": 2,  // a bid of "abc", a quantity of 0
            "malformed_json": 1,
            "not_market_data": 1,  // the subscription reply
            "out_of_order": 1,  // a quote stamped 8.7 s behind
            "unknown_symbol": 1,  // BTCUSDT_250328 (a quarterly contract) is no coin's
        ])
        #expect(reference.files.map(\.format) == ["binance-raw"])
        // The Hyperliquid side is imported as without the reference.
        #expect(summary.books == 46 && summary.trades == 9 && summary.skipped.isEmpty && summary.coins == ["BTC"])
        #expect(summary.events == 46 + 9 + 16 + 16)

        let records = try ImportTests.records(scratch.file("raw.mmj"))
        #expect(records.count == 87)
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time }, "merged in time order")
        let quotes = records.compactMap { record -> (Int64, ReferenceQuote)? in
            if case .referenceQuote(let quote) = record.event { return (record.time, quote) }
            return nil
        }
        let trades = records.compactMap { record -> (Int64, ReferenceTrades)? in
            if case .referenceTrades(let batch) = record.event { return (record.time, batch) }
            return nil
        }
        #expect(quotes.count == 16 && trades.count == 16)
        // The first bookTicker, stamped with its receive time, its transaction time kept.
        let (time, quote) = try #require(quotes.first)
        #expect(time == 1_737_918_844_363_529_162)
        #expect(quote == ReferenceQuote(source: "binance", coin: "BTC", bidPrice: Self.px("105012.1"), bidSize: Self.sz("7.172"),
                                        askPrice: Self.px("105012.2"), askSize: Self.sz("4.924"), exchangeTime: 1_737_918_844_361))
        // aggTrade with m true: the buyer was the maker, the seller the aggressor.
        #expect(trades[0].0 == 1_737_918_844_457_081_316)
        #expect(trades[0].1.trades == [Trade(side: .ask, price: Self.px("105012.2"), size: Self.sz("0.251"), exchangeTime: 1_737_918_844_455, tradeID: 2_512_345_601)])
        // trade (X MARKET) with m false: the buyer lifted the offer.
        #expect(trades[1].1.trades == [Trade(side: .bid, price: Self.px("105012.0"), size: Self.sz("0.003"), exchangeTime: 1_737_918_845_535, tradeID: 5_812_345_603)])
        // Interleaved with the market's records, not appended after them.
        let firstReference = try #require(records.firstIndex { if case .referenceQuote = $0.event { true } else { false } })
        #expect(records[firstReference...].contains { if case .book = $0.event { true } else { false } })
    }

    /// Tardis.dev CSV: a trades file (plain) and a book_ticker file (gzip), stamped with
    /// `local_timestamp` (µs); each bad row counted by reason.
    @Test func tardisCSVFilesImportPlainAndGzip() throws {
        let scratch = Scratch()
        let summary = try Self.importing([Self.tardisTrades, Self.tardisQuotes], to: scratch.file("tardis.mmj"))
        let reference = try #require(summary.reference)
        #expect(reference.files.map(\.format) == ["tardis-trades", "tardis-quotes"])
        #expect(reference.lines == 36 + 24, "data rows, not the headers")
        #expect(reference.trades == 24 && reference.quotes == 20)
        #expect(reference.skipped == [
            "bad_timestamp": 1,  // timestamp "abc"
            "coin_not_imported": 1,  // ETHUSDT
            "crossed_quote": 1,  // bid 105012.5 over ask 105012.0
            "duplicate": 1,  // a trade id again
            "invalid_value": 5,  // price abc, amount -0.004, side unknown; an empty ask price, a bid amount of 0
            "malformed_csv": 2,  // a quoted field, an empty symbol
            "out_of_order": 1,  // local_timestamp 9 s behind
            "unknown_symbol": 1,  // BTCUSDT_250328
            "unsupported_exchange": 1,  // bybit
            "wrong_column_count": 2,
        ])
        let records = try ImportTests.records(scratch.file("tardis.mmj"))
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time })
        let firstTrade = try #require(records.first { if case .referenceTrades = $0.event { true } else { false } })
        // binance-futures,BTCUSDT,1737918844651677,1737918844654659,5812345704,buy,105012.2,0.1
        #expect(firstTrade.time == 1_737_918_844_654_659_000)
        #expect(firstTrade.event == .referenceTrades(ReferenceTrades(source: "binance", coin: "BTC", trades: [
            Trade(side: .bid, price: Self.px("105012.2"), size: Self.sz("0.1"), exchangeTime: 1_737_918_844_651, tradeID: 5_812_345_704),
        ])))
        let firstQuote = try #require(records.first { if case .referenceQuote = $0.event { true } else { false } })
        // binance-futures,BTCUSDT,1737918844915923,1737918844919838,8.379,105012.6,105012.5,5.072
        #expect(firstQuote.time == 1_737_918_844_919_838_000)
        #expect(firstQuote.event == .referenceQuote(ReferenceQuote(source: "binance", coin: "BTC", bidPrice: Self.px("105012.5"), bidSize: Self.sz("5.072"),
                                                                   askPrice: Self.px("105012.6"), askSize: Self.sz("8.379"), exchangeTime: 1_737_918_844_915)))
    }

    /// Every reference format at once: one journal in time order, the header naming the
    /// reference files; and the same journal, byte for byte, when imported again.
    @Test func severalReferenceFilesMergeDeterministically() throws {
        let scratch = Scratch()
        let files = [Self.raw, Self.tardisTrades, Self.tardisQuotes]
        let summary = try Self.importing(files, to: scratch.file("a.mmj"))
        _ = try Self.importing(files, to: scratch.file("b.mmj"))
        #expect(summary.reference?.quotes == 36 && summary.reference?.trades == 40)
        let records = try ImportTests.records(scratch.file("a.mmj"))
        #expect(records.count == 46 + 9 + 36 + 40)
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.time <= $1.time })
        let a = try Data(contentsOf: URL(fileURLWithPath: scratch.file("a.mmj")))
        let b = try Data(contentsOf: URL(fileURLWithPath: scratch.file("b.mmj")))
        #expect(a == b, "importing twice gives the same journal")
        let header = try JournalReader(path: scratch.file("a.mmj")).metadata
        #expect(header.coins == ["BTC"])
        #expect(header.extra?["reference_source"] == "binance")
        #expect(header.extra?["reference_files"] == "binance_futures_btcusdt_raw.txt (binance-raw), tardis_binance-futures_trades_BTCUSDT.csv (tardis-trades), "
            + "tardis_binance-futures_book_ticker_BTCUSDT.csv.gz (tardis-quotes)")
        #expect(header.sources == ["hftbacktest_btc_20250126_ws_raw.txt"] + files.map { String($0.split(separator: "/").last!) })
        // Without references the header is as before.
        _ = try Self.importing([], to: scratch.file("plain.mmj"))
        #expect(try JournalReader(path: scratch.file("plain.mmj")).metadata.extra == ["format": "hl-ws"])
    }

    /// Records on equal times: the Hyperliquid captures first, then the reference files
    /// in the order given.
    @Test func tiesGoHyperliquidFirstThenReferencesInArgumentOrder() throws {
        let scratch = Scratch()
        let stamp: Int64 = 1_737_918_843_907_660_000  // the capture's second book
        let quote = #"{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"105012.1","B":"1.000","a":"105012.2","A":"2.000","T":1737918843905,"E":1737918843906}}"#
        try "\(stamp) \(quote)\n".write(toFile: scratch.file("one.txt"), atomically: true, encoding: .utf8)
        let header = TardisCSV.Kind.trades.header
        try "\(header)\nbinance-futures,BTCUSDT,1737918843905000,\(stamp / 1000),7,sell,105012.1,0.5\n"
            .write(toFile: scratch.file("two.csv"), atomically: true, encoding: .utf8)
        for (order, expected) in [([scratch.file("one.txt"), scratch.file("two.csv")], ["book", "referenceQuote", "referenceTrades"]),
                                  ([scratch.file("two.csv"), scratch.file("one.txt")], ["book", "referenceTrades", "referenceQuote"])] {
            let out = scratch.file("tie-\(expected[1]).mmj")
            _ = try Self.importing(order, to: out)
            let atStamp = try ImportTests.records(out).filter { $0.time == stamp }.map { "\($0.event.kind)" }
            #expect(atStamp == expected)
        }
    }

    @Test func aByteOrderMarkAndCRLFLineEndsAreRead() throws {
        let scratch = Scratch()
        let text = try String(contentsOfFile: Self.tardisTrades, encoding: .utf8).replacingOccurrences(of: "\n", with: "\r\n")
        try ("\u{FEFF}" + text).write(toFile: scratch.file("bom.csv"), atomically: true, encoding: .utf8)
        let summary = try Self.importing([scratch.file("bom.csv")], to: scratch.file("bom.mmj"))
        #expect(summary.reference?.trades == 24 && summary.reference?.files.map(\.format) == ["tardis-trades"])
    }

    @Test func aCSVHeaderOfAnotherKindIsRefusedNamingFileAndHeader() throws {
        let scratch = Scratch()
        let header = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount"
        try "\(header)\nbinance-futures,BTCUSDT,1737918844000000,1737918844000100,true,bid,105012.1,1.5\n"
            .write(toFile: scratch.file("book.csv"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Self.importing([scratch.file("book.csv")], to: scratch.file("out.mmj"))
        } throws: { error in
            guard case ImportError.unknownHeader(let file, let shown) = error else { return false }
            return file.hasSuffix("book.csv") && shown == header && "\(error)".contains("book.csv: unknown CSV header \"\(header)\"")
        }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out.mmj")), "nothing is left at --out")
    }

    @Test func strictStopsAtTheFirstBadReferenceLineButNotAtUnusedOnes() throws {
        let scratch = Scratch()
        #expect {
            _ = try Self.importing([Self.raw], to: scratch.file("strict.mmj")) { $0.strict = true }
        } throws: { error in
            // Lines 1-2 (a subscription reply, a quote before the first book) are not bad lines.
            "\(error)".contains("binance_futures_btcusdt_raw.txt:") && "\(error)".contains("(--strict)")
                && !"\(error)".contains("not_market_data") && !"\(error)".contains("coin_not_imported")
        }
    }

    @Test func anExplicitMappingReplacesTheCoinsDefaultSymbol() throws {
        let scratch = Scratch()
        func aggTrade(_ stamp: Int64, _ symbol: String, id: Int) -> String {
            let frame = #"{"stream":"\#(symbol.lowercased())@aggTrade","data":{"e":"aggTrade","E":1737918850001,"a":\#(id),"s":"\#(symbol)","p":"105012.4","q":"0.010","f":1,"l":2,"T":1737918850000,"m":false}}"#
            return "\(stamp) \(frame)\n"
        }
        try (aggTrade(1_737_918_850_000_000_000, "BTCUSDC", id: 9) + aggTrade(1_737_918_850_100_000_000, "BTCUSDT", id: 10))
            .write(toFile: scratch.file("ref.txt"), atomically: true, encoding: .utf8)
        let byDefault = try Self.importing([scratch.file("ref.txt")], to: scratch.file("d.mmj"))
        #expect(byDefault.reference?.trades == 1 && byDefault.reference?.skipped == ["unknown_symbol": 1], "BTCUSDC is no coin's by default")
        let mapped = try Self.importing([scratch.file("ref.txt")], to: scratch.file("m.mmj")) {
            $0.referenceSymbols = try! ReferenceSymbols(parsing: ["BTC=BTCUSDC"])
        }
        #expect(mapped.reference?.trades == 1 && mapped.reference?.skipped == ["unknown_symbol": 1], "BTCUSDT is no longer BTC's")
        let trades = try ImportTests.records(scratch.file("m.mmj")).compactMap { record -> UInt64? in
            if case .referenceTrades(let batch) = record.event { return batch.trades[0].tradeID }
            return nil
        }
        #expect(trades == [9])
        #expect(try JournalReader(path: scratch.file("m.mmj")).metadata.extra?["reference_symbols"] == "BTC=BTCUSDC")
    }

    @Test func symbolsMapAsTheLiveFeedsDoOrExplicitly() throws {
        let symbols = ReferenceSymbols()
        #expect(symbols.coin(of: "BTCUSDT") == "BTC")
        #expect(symbols.coin(of: "ethusdt") == "ETH")
        #expect(symbols.coin(of: "1000PEPEUSDT") == "kPEPE", "per-thousand contracts are Hyperliquid's k-coins")
        #expect(symbols.coin(of: "1INCHUSDT") == "1INCH")
        #expect(symbols.coin(of: "BTCUSDC") == nil)
        #expect(symbols.coin(of: "BTCUSDT_250328") == nil)
        #expect(symbols.coin(of: "USDT") == nil)
        let explicit = try ReferenceSymbols(parsing: ["XBT=btcusdt", "ETH=none", "SOL=SOLUSDC"])
        #expect(explicit.coin(of: "BTCUSDT") == "XBT", "an explicit mapping wins over the rule")
        #expect(explicit.coin(of: "ETHUSDT") == nil, "ETH has no reference")
        #expect(explicit.coin(of: "SOLUSDC") == "SOL")
        #expect(explicit.coin(of: "SOLUSDT") == nil, "SOL's reference is SOLUSDC")
        #expect(explicit.coin(of: "DOGEUSDT") == "DOGE")
        #expect(explicit.headerText == "XBT=BTCUSDT,ETH=none,SOL=SOLUSDC")
        #expect(throws: ImportError.self) { try ReferenceSymbols(parsing: ["BTCUSDT"]) }
        #expect(throws: ImportError.self) { try ReferenceSymbols(parsing: ["=BTCUSDT"]) }
        #expect(throws: ImportError.self) { try ReferenceSymbols(parsing: ["BTC=BTCUSDT", "XBT=BTCUSDT"]) }
        #expect(throws: ImportError.self) { try ReferenceSymbols(parsing: ["BTC=BTCUSDT", "BTC=BTCUSDC"]) }
    }

    @Test func theSummaryListsReferenceCountsInTextAndJSON() throws {
        let scratch = Scratch()
        let summary = try Self.importing([Self.raw], to: scratch.file("s.mmj"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(summary.json.utf8)) as? [String: Any])
        let reference = try #require(json["reference"] as? [String: Any])
        #expect(reference["quotes"] as? Int == 16 && reference["trades"] as? Int == 16 && reference["lines"] as? Int == 52)
        #expect((reference["skipped"] as? [String: Int])?["depth_not_used"] == 8)
        #expect((reference["files"] as? [[String: String]])?.first?["format"] == "binance-raw")
        let text = summary.text(output: "s.mmj", gapSeconds: 60)
        #expect(text.hasPrefix("imported 87 records (46 books, 9 trades of 64 prints, 16 reference quotes, 16 reference trades) from 55 lines"), "\(text)")
        #expect(text.contains("reference: 16 quotes, 16 trades of 16 prints from 52 lines"))
        #expect(text.contains("depth_not_used 8"))
        // No reference object without reference files.
        let plain = try Self.importing([], to: scratch.file("p.mmj"))
        #expect(!plain.json.contains("reference"))
    }
}
