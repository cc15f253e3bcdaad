import Engine
import Hyperliquid
import Journal

/// One import's pass over its files: merges them by time, normalizes the market frames
/// as the live path does, skips and counts what cannot be imported, and appends the rest
/// to `writer`, collecting the coins of what it writes. Each file is read and decoded on
/// a thread of its own (``CaptureStream``) while this one writes.
final class ImportRun {
    private let options: CaptureImporter
    private let writer: JournalWriter
    /// The Hyperliquid captures' streams, then the reference files'.
    private let cursors: [CaptureStream]
    /// How many of `cursors` are Hyperliquid captures.
    private let marketFiles: Int
    private var heads: [(time: Int64, head: Head)?]
    private var normalizer = MarketInputNormalizer()
    private var lastTime: Int64?
    /// The last Hyperliquid record's time (the gaps are the market's).
    private var lastMarketTime: Int64?
    private var lastReferenceTime: Int64?
    /// The last reference trade id written, by file, id series and coin.
    private var lastTradeIDs: [TradeSeries: UInt64] = [:]

    /// A file's trade id series of a coin.
    private struct TradeSeries: Hashable {
        var file: Int
        var series: ReferenceRecord.IDSeries
        var coin: String
    }
    private var knownCoins = Set<String>()
    private var lastCoin = ""
    private let gap: Int64
    private let progress: ((UInt64) -> Void)?
    private(set) var summary = ImportSummary()

    /// A file's next record.
    private enum Head {
        case market(receivedAt: Int64?, InboundFrame)
        indirect case reference(Event, ReferenceRecord.IDSeries?)
    }

    init(options: CaptureImporter, cursors: [FileCursor], references: [FileCursor] = [], writer: JournalWriter, progress: ((UInt64) -> Void)?) {
        self.options = options
        self.cursors = (cursors + references).map { CaptureStream(cursor: $0) }
        self.marketFiles = cursors.count
        self.heads = Array(repeating: nil, count: cursors.count + references.count)
        self.writer = writer
        self.gap = Limits.nanoseconds(ofSeconds: options.gapSeconds)
        self.progress = progress
        self.summary.files = cursors.count
        if !references.isEmpty {
            var counts = ReferenceImportCounts()
            counts.files = references.map { ($0.path, $0.referenceFormat ?? "") }
            self.summary.reference = counts
        }
    }

    /// Reads every file to its end, writes the records and closes the writer.
    func run() throws {
        defer { for cursor in self.cursors { cursor.stop() } }
        for index in self.cursors.indices { try self.advance(index) }
        while let index = self.earliest(), let (time, head) = self.heads[index] {
            switch head {
            case .market(let receivedAt, let frame): try self.handle(frame, receivedAt: receivedAt, cursor: self.cursors[index])
            case .reference(let event, let series): try self.writeReference(event, at: time, series: series, file: index)
            }
            try self.advance(index)
        }
        self.summary.bytes = self.cursors.reduce(0) { $0 + $1.bytesRead }
        try self.writer.close()
    }

    /// The file whose next frame is the earliest (the first such file on ties).
    private func earliest() -> Int? {
        var pick: Int?
        for (index, head) in self.heads.enumerated() {
            guard let head else { continue }
            if pick.map({ head.time < self.heads[$0]!.time }) ?? true { pick = index }
        }
        return pick
    }

    /// Moves file `index` to its next frame, counting the lines it skips on the way.
    private func advance(_ index: Int) throws {
        while true {
            guard let item = try self.cursors[index].next() else { self.heads[index] = nil; return }
            if index < self.marketFiles {
                self.summary.lines += 1
                if self.summary.lines & 0xFFFF == 0 { self.progress?(self.summary.lines) }
            } else {
                self.summary.reference?.lines += 1
            }
            switch item {
            case .skip(let reason, let fatal): try self.skip(self.cursors[index], reason, fatal: fatal, reference: index >= self.marketFiles)
            case .frame(let receivedAt, let frame, let time):
                self.heads[index] = (time, .market(receivedAt: receivedAt, frame))
                return
            case .reference(let event, let time, let series):
                self.heads[index] = (time, .reference(event, series))
                return
            }
        }
    }

    private func skip(_ cursor: CaptureStream, _ reason: SkipReason, fatal: Bool, reference: Bool = false) throws {
        if reference {
            self.summary.reference?.skipped[reason.rawValue, default: 0] += 1
        } else {
            self.summary.skipped[reason.rawValue, default: 0] += 1
        }
        if self.options.strict && fatal { throw ImportError.strict(file: cursor.path, line: cursor.lineNumber, reason: reason.rawValue) }
    }

    /// Writes the market inputs of one frame, or counts why it gives none.
    private func handle(_ frame: InboundFrame, receivedAt: Int64?, cursor: CaptureStream) throws {
        switch frame {
        case .book, .trades: try self.write(frame, receivedAt: receivedAt, cursor: cursor)
        default: try self.skip(cursor, .notMarketData, fatal: false)
        }
    }

    private func write(_ frame: InboundFrame, receivedAt: Int64?, cursor: CaptureStream) throws {
        // Duplicated books (the same frame twice) and resent trades (a resubscribe's
        // replay) are dropped exactly as the live path drops them.
        var events: [(time: Int64, event: Event)] = []
        for event in self.normalizer.events(of: frame, receivedAt: receivedAt) {
            let exchangeTime: Int64
            switch event {
            case .book(let book): exchangeTime = book.exchangeTime
            case .trades(let batch): exchangeTime = batch.trades[0].exchangeTime
            default: continue
            }
            guard let time = receivedAt ?? CaptureFrame.nanoseconds(ofExchangeTime: exchangeTime) else {
                return try self.skip(cursor, .badTimestamp, fatal: true)
            }
            events.append((time, event))
        }
        guard let first = events.first else { return try self.skip(cursor, .duplicate, fatal: false) }
        // Times are inside Limits.time here: differences cannot overflow.
        if let last = self.lastTime, first.time < last, last - first.time > self.options.reorderTolerance {
            return try self.skip(cursor, .outOfOrder, fatal: true)
        }
        for (stamp, event) in events {
            if case .book(let book) = event { try self.checkQuality(of: book, cursor: cursor) }
            var time = stamp
            if let last = self.lastTime {
                if time < last {
                    // Slightly early (a trade's exchange time before the last book's):
                    // kept, stamped at the last time, counted.
                    self.summary.reordered += 1
                    time = last
                }
            }
            if let last = self.lastMarketTime, time - last > self.gap { self.summary.gaps += 1 }
            self.lastMarketTime = time
            _ = try self.writer.append(event, time: time)
            self.record(event, at: time)
        }
    }

    /// Writes a reference venue record of file `file` at `stamp`, or counts why not: its
    /// coin is not (yet) among the imported ones, it is earlier than the journal's last
    /// record by more than the tolerance (a little earlier: stamped at that time and
    /// counted), or it is a trade whose id does not grow within its file, coin and id
    /// series (a collector's overlapping connections, a resent message).
    private func writeReference(_ event: Event, at stamp: Int64, series: ReferenceRecord.IDSeries?, file: Int) throws {
        let cursor = self.cursors[file]
        let coin: String
        switch event {
        case .referenceQuote(let quote): coin = quote.coin
        case .referenceTrades(let batch): coin = batch.coin
        default: return
        }
        guard self.knownCoins.contains(coin) else { return try self.skip(cursor, .coinNotImported, fatal: false, reference: true) }
        var time = stamp
        if let last = self.lastTime, time < last {
            guard last - time <= self.options.reorderTolerance else { return try self.skip(cursor, .outOfOrder, fatal: true, reference: true) }
            self.summary.reference?.reordered += 1
            time = last
        }
        if let series, case .referenceTrades(let batch) = event, let id = batch.trades.first?.tradeID {
            let key = TradeSeries(file: file, series: series, coin: coin)
            if let last = self.lastTradeIDs[key], id <= last { return try self.skip(cursor, .duplicate, fatal: false, reference: true) }
            self.lastTradeIDs[key] = id
        }
        if let last = self.lastReferenceTime, time - last > self.gap { self.summary.reference?.gaps += 1 }
        self.lastReferenceTime = time
        _ = try self.writer.append(event, time: time)
        self.lastTime = time
        self.summary.lastTime = time
        self.summary.events += 1
        if case .referenceTrades(let batch) = event {
            self.summary.reference?.trades += 1
            self.summary.reference?.tradePrints += UInt64(batch.trades.count)
        } else {
            self.summary.reference?.quotes += 1
        }
    }

    /// Counts a book's quality issues; `--strict` refuses the line.
    private func checkQuality(of book: BookSnapshot, cursor: CaptureStream) throws {
        let issues = book.qualityIssues
        guard !issues.isEmpty else { return }
        if self.options.strict {
            let reason = issues.contains(.crossed) ? "crossed_book" : (issues.contains(.unsorted) ? "unsorted_book" : "duplicate_price")
            throw ImportError.strict(file: cursor.path, line: cursor.lineNumber, reason: reason)
        }
        self.summary.bookIssues.count(issues)
    }

    private func record(_ event: Event, at time: Int64) {
        self.lastTime = time
        self.summary.firstTime = self.summary.firstTime ?? time
        self.summary.lastTime = time
        self.summary.events += 1
        let coin: String
        switch event {
        case .book(let book):
            self.summary.books += 1
            coin = book.coin
        case .trades(let batch):
            self.summary.trades += 1
            self.summary.tradePrints += UInt64(batch.trades.count)
            coin = batch.coin
        default: return
        }
        guard coin != self.lastCoin else { return }
        self.lastCoin = coin
        if self.knownCoins.insert(coin).inserted { self.summary.coins.append(coin) }
    }
}
