import Engine
import Journal
import Research

extension FuzzTarget {
    /// Capture files for `mm-replay import`: raw WebSocket lines (`hl-ws`) and
    /// Hyperliquid's archive (`hl-archive`). Input: one byte of options (bit 0: archive,
    /// bit 1: `--strict`), then the file's bytes.
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
            return seeds
        },
        check: { bytes in
            guard let options = bytes.first else { return .refused }
            let format: CaptureImporter.Format = options & 1 == 0 ? .webSocket : .archive
            var importer = CaptureImporter()
            importer.strict = options & 2 != 0
            let input = FuzzScratch.write(Array(bytes.dropFirst()), named: "capture.txt")
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
}
