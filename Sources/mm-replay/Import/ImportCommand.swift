import ArgumentParser
import Replay

/// `mm-replay import`: historical captures into journals.
struct ImportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case hlWS = "hl-ws"
        case hlArchive = "hl-archive"
    }

    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import historical Hyperliquid captures into a journal (for replay and backtest).",
        discussion: """
        hl-ws: raw WebSocket captures, one JSON frame per line, optionally preceded by
        the local receive time in nanoseconds and a space (the hftbacktest collector's
        format); plain or gzip. l2Book and trades frames become `book` and `trades`
        records, stamped with the receive time when there is one, else the exchange's
        time.

        Bad lines never stop an import and are never dropped silently: malformed JSON,
        bad values (NaN, negative sizes, ...), frames that are not market data (acks,
        pongs), duplicates (the same book frame again with the same stamp, trades
        already seen) and lines more than 5 s earlier than the last record are skipped
        and counted by reason; lines slightly earlier (a trade's exchange time before
        the last book's) are kept, stamped at the last record's time, and counted as
        "reordered"; jumps longer than --gap-seconds are counted as gaps. --strict
        stops at the first bad line instead (acks and pongs are not bad).

        hl-archive: Hyperliquid's historical archive: hourly l2Book files (lines
        {"time":"<ISO capture time>","ver_num":1,"raw":<the l2Book frame>}) and node
        trade files (lines {"coin","side","time","px","sz","hash",...}); plain, gzip
        or lz4 (decompressed by the lz4 tool). The capture time stamps the records.
        Give an hour's book and trade files together: records must come in time order
        across the files (lines more than 5 s behind are skipped as out_of_order).

        --json prints
        {"events","books","trades","trade_prints","skipped":{reason:count},
        "gaps","reordered","lines","bytes","mb_per_s","coins","first_time",
        "last_time","files"}.

        Exit codes: 0 imported (even with skipped lines); 1 unreadable input, an
        existing --out, no market data at all, or a bad line under --strict.
        """
    )

    @Argument(help: "hl-ws or hl-archive.")
    var format: Format

    @Argument(help: "Capture files (plain, gzip or lz4), imported in this order.")
    var inputs: [String]

    @Option(name: .long, help: "The journal to write (must not exist).")
    var out: String

    @Flag(name: .long, help: "Print the summary as one JSON object.")
    var json = false

    @Flag(name: .long, help: "Stop at the first malformed, invalid, duplicate or out-of-order line.")
    var strict = false

    @Option(name: .long, help: "A jump longer than this between records counts as a gap.")
    var gapSeconds: Double = 60

    func validate() throws {
        guard !self.inputs.isEmpty else { throw ValidationError("give at least one capture file") }
        guard self.gapSeconds > 0 else { throw ValidationError("--gap-seconds must be positive") }
    }

    func run() throws {
        try runReportingErrors {
            var importer = CaptureImporter()
            importer.strict = self.strict
            importer.gapSeconds = self.gapSeconds
            let format: CaptureImporter.Format = self.format == .hlWS ? .webSocket : .archive
            let summary = try importer.importCaptures(self.inputs, format: format, to: self.out) { lines in
                if !self.json { StandardError.print("  \(lines) lines ...") }
            }
            if self.json {
                print(summary.json)
            } else {
                let skipped = summary.skipped.isEmpty ? "none" : summary.skipped.keys.sorted().map { "\($0) \(summary.skipped[$0]!)" }.joined(separator: ", ")
                print("imported \(summary.events) records (\(summary.books) books, \(summary.trades) trades of \(summary.tradePrints) prints) from \(summary.lines) lines into \(self.out)")
                print("skipped: \(skipped); gaps over \(self.gapSeconds) s: \(summary.gaps); coins: \(summary.coins.joined(separator: ","))")
            }
        }
    }
}
