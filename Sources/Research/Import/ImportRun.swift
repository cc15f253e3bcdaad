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
    private let cursors: [CaptureStream]
    private var heads: [(time: Int64, receivedAt: Int64?, frame: InboundFrame)?]
    private var normalizer = MarketInputNormalizer()
    private var lastTime: Int64?
    private var knownCoins = Set<String>()
    private var lastCoin = ""
    private let gap: Int64
    private let progress: ((UInt64) -> Void)?
    private(set) var summary = ImportSummary()

    init(options: CaptureImporter, cursors: [FileCursor], writer: JournalWriter, progress: ((UInt64) -> Void)?) {
        self.options = options
        self.cursors = cursors.map { CaptureStream(cursor: $0) }
        self.heads = Array(repeating: nil, count: cursors.count)
        self.writer = writer
        self.gap = Limits.nanoseconds(ofSeconds: options.gapSeconds)
        self.progress = progress
        self.summary.files = cursors.count
    }

    /// Reads every file to its end, writes the records and closes the writer.
    func run() throws {
        defer { for cursor in self.cursors { cursor.stop() } }
        for index in self.cursors.indices { try self.advance(index) }
        while let index = self.earliest(), let (_, receivedAt, frame) = self.heads[index] {
            try self.handle(frame, receivedAt: receivedAt, cursor: self.cursors[index])
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
            self.summary.lines += 1
            if self.summary.lines & 0xFFFF == 0 { self.progress?(self.summary.lines) }
            switch item {
            case .skip(let reason, let fatal): try self.skip(self.cursors[index], reason, fatal: fatal)
            case .frame(let receivedAt, let frame, let time):
                self.heads[index] = (time, receivedAt, frame)
                return
            }
        }
    }

    private func skip(_ cursor: CaptureStream, _ reason: SkipReason, fatal: Bool) throws {
        self.summary.skipped[reason.rawValue, default: 0] += 1
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
                if time - last > self.gap { self.summary.gaps += 1 }
            }
            _ = try self.writer.append(event, time: time)
            self.record(event, at: time)
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
