import Engine
import Foundation
import Hyperliquid
import Journal

/// What an import read, wrote and skipped.
public struct ImportSummary: Sendable {
    public var files = 0
    public var lines: UInt64 = 0
    public var bytes: UInt64 = 0
    /// Records written (books + trade batches).
    public var events: UInt64 = 0
    public var books: UInt64 = 0
    /// `trades` records (one per coin per frame) and the prints they hold.
    public var trades: UInt64 = 0
    public var tradePrints: UInt64 = 0
    /// Lines not written, by reason.
    public var skipped: [String: UInt64] = [:]
    /// Jumps of more than the gap threshold between consecutive records.
    public var gaps: UInt64 = 0
    /// Records earlier than the previous one by less than the tolerance, kept and
    /// stamped at the previous record's time.
    public var reordered: UInt64 = 0
    public var coins: [String] = []
    public var firstTime: Int64?
    public var lastTime: Int64?
    public var seconds = 0.0

    /// One JSON object with every figure (sorted keys).
    public var json: String {
        let skipped = self.skipped.keys.sorted().map { "\"\($0)\":\(self.skipped[$0]!)" }.joined(separator: ",")
        let rate = self.seconds > 0 ? Double(self.bytes) / 1e6 / self.seconds : 0
        return "{\"books\":\(self.books),\"bytes\":\(self.bytes),\"coins\":[\(self.coins.map { "\"\($0)\"" }.joined(separator: ","))],"
            + "\"events\":\(self.events),\"files\":\(self.files),\"first_time\":\(self.firstTime.map(String.init) ?? "null"),\"gaps\":\(self.gaps),"
            + "\"last_time\":\(self.lastTime.map(String.init) ?? "null"),\"lines\":\(self.lines),\"mb_per_s\":\((rate * 10).rounded() / 10),\"reordered\":\(self.reordered),"
            + "\"skipped\":{\(skipped)},\"trade_prints\":\(self.tradePrints),\"trades\":\(self.trades)}"
    }
}

/// Turns raw Hyperliquid WebSocket captures into a journal of `book` and `trades` events.
///
/// Lines are JSON frames, optionally preceded by the local receive time in nanoseconds
/// and a space (the hftbacktest collector's `<ns> <json>`); files may be gzip-compressed.
/// Records are stamped with the receive time when there is one, else the exchange's
/// time. Malformed lines, bad values, frames that are not market data, duplicates
/// (the coin's previous book again with the same receive stamp, trades whose ids were
/// seen) and lines more than 5 s earlier than the last record are skipped and counted by
/// reason; lines slightly earlier (a trade's exchange time before the last book's) are
/// kept, stamped at the last record's time (the journal's time only goes forward) and
/// counted as reordered; jumps longer than `gapSeconds` are counted as gaps. With `strict`
/// the first skipped line (other than non-market frames such as acks) stops the import.
public struct CaptureImporter {
    public var strict = false
    public var gapSeconds = 60.0
    /// Lines at most this much earlier than the last record are kept (re-stamped);
    /// earlier ones are skipped as out of order.
    public var reorderTolerance: Int64 = 5_000_000_000

    public init() {}

    /// The capture formats.
    public enum Format: String, Sendable {
        /// Raw WebSocket frames, `[<ns> ]<json>` per line.
        case webSocket = "hl-ws"
        /// Hyperliquid's archive: `{"time","ver_num","raw":<frame>}` l2Book lines and
        /// node trade lines (`{"coin","side","time","px","sz","hash",…}`).
        case archive = "hl-archive"
    }

    /// Imports raw WebSocket captures (see ``Format/webSocket``).
    public func importWebSocket(_ paths: [String], to output: String, progress: ((UInt64) -> Void)? = nil) throws -> ImportSummary {
        try self.importCaptures(paths, format: .webSocket, to: output, progress: progress)
    }

    /// Imports captures of `format` into a new journal at `output`.
    public func importCaptures(_ paths: [String], format: Format, to output: String, progress: ((UInt64) -> Void)? = nil) throws -> ImportSummary {
        let started = Date()
        var summary = ImportSummary()
        summary.files = paths.count
        summary.coins = try Self.coins(in: paths)
        guard !summary.coins.isEmpty else { throw ImportError.noMarketData }
        var metadata = JournalMetadata(coins: summary.coins)
        metadata.venue = "hyperliquid"
        metadata.mode = "import"
        metadata.extra = ["format": format.rawValue, "sources": paths.map { String($0.split(separator: "/").last ?? Substring($0)) }.joined(separator: ",")]
        let writer = try JournalWriter(creating: output, metadata: metadata, options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var normalizer = MarketInputNormalizer()
        var lastTime: Int64?
        let gap = Int64(self.gapSeconds * 1e9)

        // The files are merged by time (each is in time order): an hour's book and trade
        // archive files, or consecutive capture segments, give one ordered stream.
        var cursors = try paths.map { try FileCursor(path: $0, format: format) }
        var heads: [(time: Int64, receivedAt: Int64?, frame: InboundFrame)?] = []
        func skip(_ cursor: FileCursor, _ reason: String, fatal: Bool) throws {
            summary.skipped[reason, default: 0] += 1
            if self.strict && fatal { throw ImportError.strict(file: cursor.path, line: cursor.lineNumber, reason: reason) }
        }
        func advance(_ index: Int) throws {
            while true {
                guard let item = try cursors[index].next() else { heads[index] = nil; return }
                summary.lines += 1
                if summary.lines & 0xFFFF == 0 { progress?(summary.lines) }
                switch item {
                case .skip(let reason, let fatal): try skip(cursors[index], reason, fatal: fatal)
                case .frame(let receivedAt, let frame, let time):
                    heads[index] = (time, receivedAt, frame)
                    return
                }
            }
        }
        heads = Array(repeating: nil, count: cursors.count)
        for index in cursors.indices { try advance(index) }
        while true {
            var pick: Int?
            for (index, head) in heads.enumerated() {
                guard let head else { continue }
                if pick.map({ head.time < heads[$0]!.time }) ?? true { pick = index }
            }
            guard let index = pick, let (_, receivedAt, frame) = heads[index] else { break }
            let cursor = cursors[index]
            var events: [(Int64, Event)] = []
            switch frame {
            case .book, .trades:
                // Duplicated books (the same frame twice) and resent trades (a
                // resubscribe's replay) are dropped exactly as the live path drops them.
                for event in normalizer.events(of: frame, receivedAt: receivedAt) {
                    let time: Int64
                    switch event {
                    case .book(let book): time = receivedAt ?? book.exchangeTime &* 1_000_000
                    case .trades(let batch): time = receivedAt ?? batch.trades[0].exchangeTime &* 1_000_000
                    default: continue
                    }
                    events.append((time, event))
                }
                if events.isEmpty {
                    try skip(cursor, "duplicate", fatal: false)
                    try advance(index)
                    continue
                }
            default:
                try skip(cursor, "not_market_data", fatal: false)
                try advance(index)
                continue
            }
            if let last = lastTime, events[0].0 < last - self.reorderTolerance {
                try skip(cursor, "out_of_order", fatal: true)
                try advance(index)
                continue
            }
            for (stamp, event) in events {
                var time = stamp
                if let last = lastTime, time < last {
                    // Slightly early (a trade's exchange time before the last book's):
                    // kept, stamped at the last time, counted.
                    summary.reordered += 1
                    time = last
                }
                if let last = lastTime, time - last > gap { summary.gaps += 1 }
                _ = try writer.append(event, time: time)
                lastTime = time
                summary.firstTime = summary.firstTime ?? time
                summary.lastTime = time
                summary.events += 1
                switch event {
                case .book: summary.books += 1
                case .trades(let batch): summary.trades += 1; summary.tradePrints += UInt64(batch.trades.count)
                default: break
                }
            }
            try advance(index)
        }
        summary.bytes = cursors.reduce(0) { $0 + $1.bytesRead }
        try writer.close()
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// One input file's lines, decoded.
    final class FileCursor {
        enum Item {
            case skip(String, fatal: Bool)
            /// A frame, its receive stamp if the line had one, and its time for merging.
            case frame(Int64?, InboundFrame, time: Int64)
        }

        let path: String
        let format: Format
        private let source: LineSource
        private(set) var lineNumber: UInt64 = 0
        var bytesRead: UInt64 { self.source.bytesRead }

        init(path: String, format: Format) throws {
            self.path = path
            self.format = format
            self.source = try LineSource(path: path)
        }

        func next() throws -> Item? {
            guard var line = try self.source.next() else { return nil }
            self.lineNumber += 1
            if line.last == 0x0D { line = line.dropLast() }
            guard !line.isEmpty else { return .skip("empty_line", fatal: false) }
            switch self.format == .archive ? ArchiveLine.decode(line) : CaptureImporter.decodeWebSocket(line) {
            case .failure(let failure): return .skip(failure.reason, fatal: failure.fatal)
            case .success(let (receivedAt, frame)):
                var time = receivedAt ?? Int64.max
                if receivedAt == nil {
                    switch frame {
                    case .book(let book): time = book.exchangeTime * 1_000_000
                    case .trades(let batches): time = (batches.first?.trades.first?.exchangeTime ?? 0) * 1_000_000
                    default: time = Int64.min  // acks and the like: handled (skipped) at once
                    }
                }
                return .frame(receivedAt, frame, time: time)
            }
        }
    }

    /// Why a line was not imported.
    struct LineFailure: Error {
        var reason: String
        var fatal = true
    }

    /// `[<ns> ]<json frame>`.
    static func decodeWebSocket(_ bytes: ArraySlice<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        var line = bytes
        var receivedAt: Int64?
        if let first = line.first, first >= 0x30 && first <= 0x39, let space = line.firstIndex(of: 0x20) {
            var value: Int64 = 0
            for byte in line[line.startIndex..<space] {
                guard byte >= 0x30 && byte <= 0x39, value < Int64.max / 10 else { return .failure(LineFailure(reason: "bad_timestamp")) }
                value = value * 10 + Int64(byte - 0x30)
            }
            receivedAt = value
            line = line[(space + 1)...]
        }
        do { return .success((receivedAt, try InboundFrame(decoding: String(decoding: line, as: UTF8.self)))) } catch {
            if case .malformedJSON = error { return .failure(LineFailure(reason: "malformed_json")) }
            return .failure(LineFailure(reason: "invalid_value"))
        }
    }

    /// The coins named in the captures' `"coin":"…"` fields, in order of appearance (a
    /// quick scan: the header lists them before any record is written).
    static func coins(in paths: [String]) throws -> [String] {
        var coins: [String] = []
        let needle = Array(#""coin":""#.utf8)
        for path in paths {
            let source = try LineSource(path: path)
            while let line = try source.next() {
                var index = line.startIndex
                while let found = Self.find(needle, in: line, from: index) {
                    let start = found + needle.count
                    guard let end = line[start...].firstIndex(of: 0x22) else { break }
                    let coin = String(decoding: line[start..<end], as: UTF8.self)
                    if !coin.isEmpty, coin.count <= 32, !coins.contains(coin) { coins.append(coin) }
                    index = end
                }
            }
        }
        return coins
    }

    static func find(_ needle: [UInt8], in line: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard needle.count <= line.endIndex - start else { return nil }
        var i = start
        while i <= line.endIndex - needle.count {
            if line[i] == needle[0] {
                var match = true
                for k in 1..<needle.count where line[i + k] != needle[k] { match = false; break }
                if match { return i }
            }
            i += 1
        }
        return nil
    }
}
