#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engine
import EngineJournal
import Hyperliquid
import Journal
import JSON

/// Writes a journal's market data back as a raw WebSocket capture: one line per `book`
/// or `trades` record, `<receive ns> <frame>`, in the hftbacktest collector's format that
/// `import hl-ws` reads. Importing the export gives the same market records (times,
/// books, trades, order) and so the same replay.
///
/// What the journal does not hold cannot be written: trades get a zero `hash` and no
/// `users`. Other records (fills, account, connection events, commands) are counted and
/// left out. The output appears only when complete (written next to it, then renamed).
public struct CaptureExporter {
    /// What an export wrote.
    public struct Summary: Sendable, Equatable {
        /// `l2Book` lines written.
        public var books: UInt64 = 0
        /// `trades` lines written.
        public var trades: UInt64 = 0
        /// Records that are not market data (or of coins not asked for), left out.
        public var otherRecords: UInt64 = 0
        /// Bytes written.
        public var bytes: UInt64 = 0
        /// The journal's torn tail, when it has one (the records before it were exported).
        public var tornTail: TornTail?
    }

    /// Only these coins (nil: every coin).
    public var coins: Set<String>?
    /// Replace an existing output.
    public var overwrite = false

    public init() {}

    /// Exports the journal at `journal` to the file `output`.
    ///
    /// - Throws: ``ExportError`` when the output exists (without ``overwrite``) or cannot
    ///   be written, or the journal has no market data to export; the journal's own
    ///   errors (unreadable, corrupt) as they are. Nothing is left at `output` then.
    public func exportWebSocket(journal: String, to output: String, progress: ((UInt64) -> Void)? = nil) throws -> Summary {
        if !self.overwrite && access(output, F_OK) == 0 { throw ExportError.outputExists(output) }
        let reader = try JournalReader(path: journal)
        let partial = Self.partialPath(of: output)
        guard let file = fopen(partial, "wx") else { throw ExportError.output(path: output, reason: String(cString: strerror(errno))) }
        var summary = Summary()
        do {
            var buffer: [UInt8] = []
            while let record = try reader.next() {
                guard EngineRecord.isEventTag(record.type), EngineRecord.isKnown(tag: record.type),
                      case .input(let event) = try record.decode(in: journal) else {
                    summary.otherRecords += 1
                    continue
                }
                // A fresh writer per line (its comma state starts clean) over one buffer.
                buffer.removeAll(keepingCapacity: true)
                var line = JSONWriter(bytes: buffer)
                defer { swap(&buffer, &line.bytes) }
                switch event {
                case .book(let book) where self.coins?.contains(book.coin) ?? true:
                    Self.write(book, receivedAt: record.time, to: &line)
                    summary.books += 1
                case .trades(let batch) where self.coins?.contains(batch.coin) ?? true:
                    Self.write(batch, receivedAt: record.time, to: &line)
                    summary.trades += 1
                default:
                    summary.otherRecords += 1
                    continue
                }
                line.bytes.append(UInt8(ascii: "\n"))
                guard fwrite(line.bytes, 1, line.bytes.count, file) == line.bytes.count else {
                    throw ExportError.output(path: output, reason: String(cString: strerror(errno)))
                }
                summary.bytes += UInt64(line.bytes.count)
                let lines = summary.books + summary.trades
                if lines % 1_000_000 == 0 { progress?(lines) }
            }
            if case .tornTail(let path, let offset, let bytes) = reader.ending { summary.tornTail = TornTail(path: path, offset: offset, bytes: bytes) }
            guard summary.books + summary.trades > 0 else { throw ExportError.noMarketData(journal: journal, records: summary.otherRecords) }
            guard fflush(file) == 0, fsync(fileno(file)) == 0 else { throw ExportError.output(path: output, reason: String(cString: strerror(errno))) }
            fclose(file)
            guard rename(partial, output) == 0 else { throw ExportError.output(path: output, reason: String(cString: strerror(errno))) }
            return summary
        } catch {
            fclose(file)
            unlink(partial)
            throw error
        }
    }

    /// `.NAME.partial-PID` next to `output`.
    static func partialPath(of output: String) -> String {
        let slash = output.lastIndex(of: "/")
        let directory = slash.map { String(output[...$0]) } ?? ""
        let name = slash.map { String(output[output.index(after: $0)...]) } ?? output
        return directory + "." + name + ".partial-" + String(getpid())
    }

    /// `<ns> {"channel":"l2Book","data":{"coin","time","levels":[[bids],[asks]]}}`.
    static func write(_ book: BookSnapshot, receivedAt: Int64, to line: inout JSONWriter) {
        self.begin(channel: "l2Book", receivedAt: receivedAt, in: &line)
        line.beginObject()
        line.field("coin", book.coin)
        line.key("time")
        line.value(book.exchangeTime)
        line.key("levels")
        line.beginArray()
        for side in [book.bids, book.asks] {
            line.beginArray()
            for level in side {
                line.beginObject()
                line.field("px", WireDecimal.text(of: level.price))
                line.field("sz", WireDecimal.text(of: level.size))
                line.key("n")
                line.value(level.orders)
                line.endObject()
            }
            line.endArray()
        }
        line.endArray()
        line.endObject()
        line.endObject()
    }

    /// `<ns> {"channel":"trades","data":[{"coin","side","px","sz","time","hash","tid"},…]}`.
    static func write(_ batch: TradeBatch, receivedAt: Int64, to line: inout JSONWriter) {
        self.begin(channel: "trades", receivedAt: receivedAt, in: &line)
        line.beginArray()
        for trade in batch.trades {
            line.beginObject()
            line.field("coin", batch.coin)
            line.field("side", trade.side.wireCode)
            line.field("px", WireDecimal.text(of: trade.price))
            line.field("sz", WireDecimal.text(of: trade.size))
            line.key("time")
            line.value(trade.exchangeTime)
            line.field("hash", Self.zeroHash)
            line.key("tid")
            line.value(trade.tradeID)
            line.endObject()
        }
        line.endArray()
        line.endObject()
    }

    /// `<ns> {"channel":"CHANNEL","data":` — what every line starts with. Record times are
    /// inside ``Limits/time`` (checked when the record decodes), so never negative.
    static func begin(channel: StaticString, receivedAt: Int64, in line: inout JSONWriter) {
        FixedPoint.appendDecimal(UInt64(max(0, receivedAt)), to: &line.bytes)
        line.bytes.append(UInt8(ascii: " "))
        line.beginObject()
        line.key("channel")
        line.value(channel.description)
        line.key("data")
    }

    /// The transaction hash written for every trade (journals do not keep it).
    static let zeroHash = "0x" + String(repeating: "0", count: 64)
}

/// Why an export could not be written.
public enum ExportError: Error, CustomStringConvertible, Sendable {
    /// The output exists and replacing it was not asked for.
    case outputExists(String)
    /// The output could not be written or put in place.
    case output(path: String, reason: String)
    /// The journal holds no book or trades records (of the coins asked for).
    case noMarketData(journal: String, records: UInt64)

    public var description: String {
        switch self {
        case .outputExists(let path): return "\(TerminalText.visible(path)) already exists; refusing to overwrite it (--force replaces it)"
        case .output(let path, let reason): return "\(TerminalText.visible(path)): \(reason)"
        case .noMarketData(let journal, let records):
            return "\(TerminalText.visible(journal)) holds no book or trades records to export (\(records) other record(s))"
        }
    }
}
