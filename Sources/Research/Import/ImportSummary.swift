import Engine

/// What an import read, wrote and skipped.
public struct ImportSummary: Sendable {
    /// Input files.
    public var files = 0
    /// Lines of the Hyperliquid captures read, skipped ones included.
    public var lines: UInt64 = 0
    /// Input bytes read (reference files too), after decompression.
    public var bytes: UInt64 = 0
    /// Records written (books + trade batches, and reference records).
    public var events: UInt64 = 0
    public var books: UInt64 = 0
    /// `trades` records (one per coin per frame) and the prints they hold.
    public var trades: UInt64 = 0
    public var tradePrints: UInt64 = 0
    /// Lines of the Hyperliquid captures not written, by reason.
    public var skipped: [String: UInt64] = [:]
    /// Jumps of more than the gap threshold between consecutive records.
    public var gaps: UInt64 = 0
    /// Records earlier than the previous one by less than the tolerance, kept and
    /// stamped at the previous record's time.
    public var reordered: UInt64 = 0
    /// Imported books with data-quality issues (kept: the engine gates them).
    public var bookIssues = BookIssueCounts()
    /// The coins of the imported records, in order of first appearance (the header's).
    public var coins: [String] = []
    /// The first and last record's time (ns), nil when none was written.
    public var firstTime: Int64?
    public var lastTime: Int64?
    /// The reference venue files' counts, nil when none was given.
    public var reference: ReferenceImportCounts?
    /// Wall-clock seconds the import took.
    public var seconds = 0.0

    /// Decompressed input bytes per second, in MB, to one decimal.
    public var megabytesPerSecond: Double {
        let rate = self.seconds > 0 ? Double(self.bytes) / 1e6 / self.seconds : 0
        return (rate * 10).rounded() / 10
    }
}

/// Imported books by ``BookQualityIssues`` (a book with several counts in each).
public struct BookIssueCounts: Equatable, Sendable {
    /// Books whose best bid is at or above the best ask.
    public var crossed: UInt64 = 0
    /// Books with a side out of price order.
    public var unsorted: UInt64 = 0
    /// Books with a price twice on one side.
    public var duplicatePrice: UInt64 = 0

    /// The given counts (none by default).
    public init(crossed: UInt64 = 0, unsorted: UInt64 = 0, duplicatePrice: UInt64 = 0) {
        self.crossed = crossed
        self.unsorted = unsorted
        self.duplicatePrice = duplicatePrice
    }

    /// Counts one book's issues.
    public mutating func count(_ issues: BookQualityIssues) {
        if issues.contains(.crossed) { self.crossed += 1 }
        if issues.contains(.unsorted) { self.unsorted += 1 }
        if issues.contains(.duplicatePrice) { self.duplicatePrice += 1 }
    }

    /// The counts by their JSON names, in name order.
    public var named: [(String, UInt64)] {
        [("crossed", self.crossed), ("duplicate_price", self.duplicatePrice), ("unsorted", self.unsorted)]
    }
}
