import ConfigFile
import Engine
import Foundation
import Journal

/// Turns raw Hyperliquid WebSocket captures into a journal of `book` and `trades` events.
///
/// Lines are JSON frames, optionally preceded by the local receive time in nanoseconds
/// and a space (the hftbacktest collector's `<ns> <json>`); files may be gzip-compressed.
/// Records are stamped with the receive time when there is one, else the exchange's
/// time. Malformed lines, bad values, coin names and timestamps outside ``Limits``, lines
/// over 16 MiB, frames that are not market data, duplicates (the coin's previous book
/// again with the same receive stamp, trades whose ids were seen) and lines more than
/// 5 s earlier than the last record are skipped and counted by reason; lines slightly
/// earlier (a trade's exchange time before the last book's) are kept, stamped at the last
/// record's time (the journal's time only goes forward) and counted as reordered; jumps
/// longer than `gapSeconds` are counted as gaps; crossed, unsorted and duplicate-price
/// books are kept and counted. With `strict` the first skipped line (other than
/// non-market frames such as acks) or book with issues stops the import.
///
/// The journal is written under a partial name next to the output and takes the
/// output's name only when complete (``ImportOutput``): a failed or killed import leaves
/// nothing at the output. Its header lists exactly the coins of the imported records.
public struct CaptureImporter {
    /// Stop at the first bad line or book with issues.
    public var strict = false
    /// Jumps longer than this between records are counted as gaps (seconds, positive, at
    /// most ``Limits/longestDurationSeconds``).
    public var gapSeconds = 60.0
    /// Lines at most this much earlier than the last record are kept (re-stamped);
    /// earlier ones are skipped as out of order (ns, `0...Limits.longestDuration`).
    public var reorderTolerance: Int64 = 5_000_000_000
    /// Replace an existing output instead of refusing.
    public var overwrite = false
    /// Reference venue captures (Binance USD-M futures: raw collector frames or Tardis.dev
    /// CSV, told apart by their first line) merged by time into the journal as
    /// `referenceQuote` and `referenceTrades` records, in this order on equal times
    /// (after the Hyperliquid captures). Records of a coin no Hyperliquid record has named
    /// yet are skipped as `coin_not_imported`.
    public var references: [String] = []
    /// How reference venue symbols map to coins.
    public var referenceSymbols = ReferenceSymbols()

    public init() {}

    /// The capture formats.
    public enum Format: String, Sendable {
        /// Raw WebSocket frames, `[<ns> ]<json>` per line.
        case webSocket = "hl-ws"
        /// Hyperliquid's archive: `{"time","ver_num","raw":<frame>}` l2Book lines and
        /// node trade lines (`{"coin","side","time","px","sz","hash",…}`).
        case archive = "hl-archive"
    }

    /// Why `gapSeconds` is not a valid gap threshold, or nil.
    public static func gapSecondsProblem(_ seconds: Double) -> String? {
        if let problem = Limits.durationProblem(seconds) { return problem }
        return seconds > 0 ? nil : "the gap threshold must be positive"
    }

    /// Imports raw WebSocket captures (see ``Format/webSocket``).
    public func importWebSocket(_ paths: [String], to output: String, progress: ((UInt64) -> Void)? = nil) throws -> ImportSummary {
        try self.importCaptures(paths, format: .webSocket, to: output, progress: progress)
    }

    /// Imports captures of `format` into a new journal at `output`.
    public func importCaptures(_ paths: [String], format: Format, to output: String, progress: ((UInt64) -> Void)? = nil) throws -> ImportSummary {
        try self.importCaptures(paths, format: format, to: output, maxLineBytes: LineSource.defaultMaxLineBytes, progress: progress)
    }

    func importCaptures(_ paths: [String], format: Format, to output: String, maxLineBytes: Int, progress: ((UInt64) -> Void)?) throws -> ImportSummary {
        if let problem = Self.gapSecondsProblem(self.gapSeconds) { throw ImportError.invalidOption(name: "gap seconds", reason: problem) }
        guard (0...Limits.longestDuration).contains(self.reorderTolerance) else {
            throw ImportError.invalidOption(name: "reorder tolerance", reason: "\(self.reorderTolerance) ns is outside 0...\(Limits.longestDuration) ns")
        }
        let started = Date()
        let destination = try ImportOutput(path: output, overwrite: self.overwrite)
        do {
            let cursors = try paths.map { try FileCursor(path: $0, format: format, maxLineBytes: maxLineBytes) }
            let references = try self.references.map {
                try FileCursor(referencePath: $0, symbols: self.referenceSymbols, maxLineBytes: maxLineBytes)
            }
            var details = ["format": format.rawValue]
            if !references.isEmpty {
                // Only names, as for the sources: the journal does not depend on where they were.
                details["reference_source"] = BinanceCaptureLine.source
                details["reference_files"] = references.map { "\($0.path.split(separator: "/").last ?? "") (\($0.referenceFormat ?? ""))" }
                    .joined(separator: ", ")
                if let symbols = self.referenceSymbols.headerText { details["reference_symbols"] = symbols }
            }
            var metadata = try JournalProvenance(mode: .import, sources: paths + self.references, details: details).metadata()
            // The coins are known at the end: the records go under a provisional header.
            let writer = try JournalWriter(creating: destination.records, metadata: metadata, options: JournalWriterOptions(flushInterval: nil, fsync: .never))
            let run = ImportRun(options: self, cursors: cursors, references: references, writer: writer, progress: progress)
            try run.run()
            var summary = run.summary
            guard !summary.coins.isEmpty else { throw ImportError.noMarketData(lines: summary.lines, skipped: summary.skipped) }
            metadata.coins = summary.coins
            try destination.publish(metadata: metadata)
            summary.seconds = Date().timeIntervalSince(started)
            return summary
        } catch {
            destination.discard()
            throw error
        }
    }
}
