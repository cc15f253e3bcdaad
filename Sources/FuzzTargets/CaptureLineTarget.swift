import Engine
import Journal
import Research

extension FuzzTarget {
    /// Capture files for `mm-replay import`: raw WebSocket lines (`hl-ws`) and
    /// Hyperliquid's archive (`hl-archive`), or a reference venue file (`--reference`:
    /// raw Binance frames or Tardis CSV) merged with a two-book Hyperliquid capture.
    /// Input: one byte of options (bit 0: archive, bit 1: `--strict`, bit 2: the bytes are
    /// a reference file), then the file's bytes.
    ///
    /// Properties: no trap; an import either fails with a typed error and leaves nothing
    /// at the output path, or writes a journal that reads back to a closed ending, whose
    /// every record decodes inside ``Limits`` with non-decreasing times, and which holds
    /// exactly the events its summary counts.
    public static let captureLine = FuzzTarget(
        name: "capture-line",
        summary: "capture files (hl-ws, hl-archive) imported: output atomic, valid, within limits, as counted",
        seeds: { root in
            let lines = try sampleLines(root, "Tests/Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt")
            var seeds: [[UInt8]] = []
            for (start, count) in [(0, 3), (10, 8), (40, 20)] where start + count <= lines.count {
                let chunk = lines[start..<(start + count)]
                seeds.append([0] + Array(chunk.joined(separator: [0x0A])) + [0x0A])
                // The same frames without receive stamps.
                seeds.append([0] + Array(chunk.map(frameOfCaptureLine).joined(separator: [0x0A])))
                // As archive lines: book snapshots wrapped with an ISO time, trades as node trades.
                var archive: [String] = []
                for (index, line) in chunk.enumerated() {
                    let frame = String(decoding: frameOfCaptureLine(line), as: UTF8.self)
                    let iso = "2025-01-26T19:14:\(10 + index).\(100_000_000 + index * 7_919)"
                    if frame.contains("\"l2Book\"") {
                        archive.append(#"{"time":"\#(iso)","ver_num":1,"raw":\#(frame)}"#)
                    } else {
                        archive.append(#"{"coin":"BTC","side":"B","time":"\#(iso)","px":"105056.0","sz":"0.001","hash":"0xab","tid":\#(index)}"#)
                    }
                }
                seeds.append([1] + Array(archive.joined(separator: "\n").utf8))
            }
            // Reference files: raw Binance frames, a Tardis CSV file (gzip too).
            let binance = try sampleLines(root, "Tests/Fixtures/binance/binance_futures_btcusdt_raw.txt")
            for (start, count) in [(0, 6), (10, 12), (30, 20)] where start + count <= binance.count {
                seeds.append([4] + Array(binance[start..<(start + count)].joined(separator: [0x0A])) + [0x0A])
            }
            let tardis = try sampleLines(root, "Tests/Fixtures/binance/tardis_binance-futures_trades_BTCUSDT.csv")
            seeds.append([4] + Array(tardis.prefix(12).joined(separator: [0x0A])) + [0x0A])
            seeds.append([4] + (try sampleBytes(root, "Tests/Fixtures/binance/tardis_binance-futures_book_ticker_BTCUSDT.csv.gz")))
            return seeds
        },
        check: { bytes in
            guard let options = bytes.first else { return .refused }
            var format: CaptureImporter.Format = options & 1 == 0 ? .webSocket : .archive
            var importer = CaptureImporter()
            importer.strict = options & 2 != 0
            var input = FuzzScratch.write(Array(bytes.dropFirst()), named: "capture.txt")
            if options & 4 != 0 {
                importer.references = [input]
                input = FuzzScratch.write(Array(Self.referenceMarket.utf8), named: "market.txt")
                format = .webSocket
            }
            let output = FuzzScratch.path("imported.mmj")
            let summary: ImportSummary
            do { summary = try importer.importCaptures([input], format: format, to: output) } catch {
                if FuzzScratch.exists(output) { return .failed(FuzzFinding("a failed import (\(error)) left a file at the output path")) }
                return .refused
            }
            let (records, readError) = readAll(output)
            if let readError { return .failed(FuzzFinding("the imported journal does not read back: \(readError)")) }
            var lastTime = Int64.min
            for record in records {
                let decoded: EngineRecord
                do { decoded = try record.decode() } catch { return .failed(FuzzFinding("imported record \(record.seq) does not decode: \(error)")) }
                guard case .input(let event) = decoded else { return .failed(FuzzFinding("the import wrote a command (\(decoded.typeName))")) }
                if let problem = event.limitProblem { return .failed(FuzzFinding("imported record \(record.seq) lies outside the limits: \(problem)")) }
                if record.time < lastTime { return .failed(FuzzFinding("imported record \(record.seq) goes back in time")) }
                lastTime = record.time
            }
            if UInt64(records.count) != summary.events {
                return .failed(FuzzFinding("the summary counts \(summary.events) events but the journal holds \(records.count) records"))
            }
            return .accepted
        })

    /// The Hyperliquid capture a reference file is merged with: two BTC books 30 s apart,
    /// around the shipped Binance samples' times.
    static let referenceMarket = """
    1737918843893903000 {"channel":"l2Book","data":{"coin":"BTC","time":1737918843542,"levels":[[{"px":"105055.0","sz":"3.03622","n":5}],[{"px":"105056.0","sz":"1.2","n":2}]]}}
    1737918873893903000 {"channel":"l2Book","data":{"coin":"BTC","time":1737918873542,"levels":[[{"px":"105060.0","sz":"1.5","n":3}],[{"px":"105061.0","sz":"0.4","n":1}]]}}

    """
}
