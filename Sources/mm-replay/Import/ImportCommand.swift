import ArgumentParser
import CommandLineStatus
import Research

/// `mm-replay import`: historical captures into journals, one subcommand per capture
/// format, each with its own help page.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import historical Hyperliquid captures, and Binance reference captures, into a journal.",
        discussion: HelpText.reflow("""
        Two formats, each with its own --help: `import hl-ws` (raw WebSocket captures,
        as the hftbacktest collector writes them) and `import hl-archive` (Hyperliquid's
        historical archive).

        \(ImportOptions.commonText)

        Exit codes (both formats): \(ImportOptions.exitCodes)
        """),
        subcommands: [WebSocketImport.self, ArchiveImport.self]
    )
}

/// `mm-replay import hl-ws`.
struct WebSocketImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl-ws",
        abstract: "Import raw Hyperliquid WebSocket captures (one JSON frame per line).",
        discussion: HelpText.reflow("""
        One JSON frame per line, optionally preceded by the local receive time in
        nanoseconds and a space (the hftbacktest collector's format); plain or gzip.
        l2Book and trades frames become `book` and `trades` records, stamped with the
        receive time when there is one, else the exchange's time. Example:
          mm-replay import hl-ws capture-2026-11-30.txt.gz --out btc.mmj

        Bad lines never stop an import and are never dropped silently: malformed JSON,
        bad values (NaN, negative sizes, ...), coin names and timestamps outside the
        valid ranges (invalid_coin, bad_timestamp), lines over 16 MiB (line_too_long),
        frames that are not market data (acks, pongs), duplicates (the same book frame
        again with the same stamp, trades already seen) and lines more than 5 s earlier
        than the last record are skipped and counted by reason; lines slightly earlier
        (a trade's exchange time before the last book's) are kept, stamped at the last
        record's time, and counted as "reordered"; jumps longer than --gap-seconds are
        counted as gaps; crossed, unsorted and duplicate-price books are kept (the
        engine gates them) and counted as book issues. --strict stops at the first bad
        line or book with issues instead (acks and pongs are not bad).

        \(ImportOptions.commonText)

        Exit codes: \(ImportOptions.exitCodes)
        """)
    )

    @OptionGroup var options: ImportOptions

    func validate() throws { try self.options.check() }

    func run() throws { try self.options.run(format: .webSocket) }
}

/// `mm-replay import hl-archive`.
struct ArchiveImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl-archive",
        abstract: "Import Hyperliquid's historical archive (hourly l2Book and node trade files).",
        discussion: HelpText.reflow("""
        Hourly l2Book files (lines {"time":"<ISO capture time>","ver_num":1,"raw":<the
        l2Book frame>}) and node trade files (lines
        {"coin","side","time","px","sz","hash",...}); plain, gzip or lz4 (the lz4 tool's
        frame format). The capture time stamps the records. Give an hour's book and trade
        files together: records must come in time order across the files (lines more
        than 5 s behind are skipped as out_of_order). Example:
          mm-replay import hl-archive BTC-12.lz4 trades-12.lz4 --out btc.mmj

        Bad lines never stop an import: they are skipped and counted by reason, as
        `mm-replay import hl-ws --help` lists; --strict stops at the first one.

        \(ImportOptions.commonText)

        Exit codes: \(ImportOptions.exitCodes)
        """)
    )

    @OptionGroup var options: ImportOptions

    func validate() throws { try self.options.check() }

    func run() throws { try self.options.run(format: .archive) }
}

/// What both import formats take, and the import itself.
struct ImportOptions: ParsableArguments {
    /// The paragraphs both formats' help pages share.
    static let commonText = """
    The journal is written as .OUT.partial-PID next to --out and renamed into place \
    when complete: a failed or killed import leaves nothing at --out (the next import \
    to it removes partial files of processes that are gone). Its header lists exactly \
    the coins of the imported records.

    --json prints one object with the keys book_issues {crossed, duplicate_price, \
    unsorted}, books, bytes, coins, events, files, first_time, gaps, last_time, lines, \
    mb_per_s, reordered, skipped {reason: count}, trade_prints and trades (and \
    reference, below, with --reference).

    --reference FILE merges a Binance USD-M futures capture into the journal by time \
    (repeatable; records on equal times go Hyperliquid first, then the reference files \
    in the order given), as referenceQuote and referenceTrades records. Its format is \
    told from its first line: the hftbacktest collector's raw frames (`<receive ns> \
    {"stream":"btcusdt@bookTicker","data":{...}}`: bookTicker, aggTrade and trade; \
    @depth frames are counted as depth_not_used) or a Tardis.dev CSV file of \
    binance-futures `trades`, `book_ticker` or `quotes` (stamped with local_timestamp, \
    in microseconds); plain or gzip. A CSV header of any other kind is refused. \
    Symbols map to coins as mm-live maps coins to symbols (BTCUSDT is BTC, \
    1000PEPEUSDT is kPEPE); --reference-symbol COIN=SYMBOL gives a coin another \
    symbol (BTC=BTCUSDC) or none (BTC=none); unmapped symbols are unknown_symbol. \
    Records of a coin no Hyperliquid record has named yet are skipped as \
    coin_not_imported. Bad lines are counted as for the captures, and also as \
    crossed_quote (bid above ask), malformed_csv, wrong_column_count and \
    unsupported_exchange; duplicate trade ids as duplicate. The summary's reference \
    object: files [{format, path}], gaps, lines, quotes, reordered, skipped {reason: \
    count}, trade_prints, trades. Example:
      mm-replay import hl-ws hl.gz --reference binance.gz --out merged.mmj
    """

    /// The exit codes of an import.
    static let exitCodes = """
    0 imported (even with skipped lines); 1 unreadable input, an existing --out \
    without --force, no market data at all (the message counts the lines read and \
    skipped, by reason), or a bad line under --strict.
    """

    @Argument(help: "Capture files (plain, gzip or lz4), imported in this order.")
    var inputs: [String]

    @Option(name: .long, help: "The journal to write (must not exist unless --force).")
    var out: String

    @Flag(name: .long, help: "Replace an existing --out (only once the new journal is complete).")
    var force = false

    @Flag(name: .long, help: "Print the summary as one JSON object.")
    var json = false

    @Flag(name: .long, help: "Stop at the first malformed, invalid or out-of-order line, or book with issues.")
    var strict = false

    @Option(name: .long, help: "A jump longer than this between records counts as a gap.")
    var gapSeconds: Double = 60

    @Option(name: .long, help: ArgumentHelp("A Binance USD-M futures capture to merge by time (repeatable): raw collector frames or Tardis.dev trades/book_ticker/quotes CSV.", valueName: "file"))
    var reference: [String] = []

    @Option(name: .long, help: ArgumentHelp("Give a coin another reference symbol, or none (repeatable; default: BTC reads BTCUSDT).", valueName: "coin=symbol"))
    var referenceSymbol: [String] = []

    /// Refuses options that cannot work, before anything is read.
    func check() throws {
        guard !self.inputs.isEmpty else { throw ValidationError("give at least one capture file") }
        if let problem = CaptureImporter.gapSecondsProblem(self.gapSeconds) { throw ValidationError("--gap-seconds \(self.gapSeconds): \(problem)") }
        if !self.referenceSymbol.isEmpty && self.reference.isEmpty { throw ValidationError("--reference-symbol maps the symbols of --reference files: give at least one") }
        do { _ = try ReferenceSymbols(parsing: self.referenceSymbol) } catch { throw ValidationError("--reference-symbol: \(error)") }
    }

    /// Imports the inputs in `format`, with progress on standard error and the summary
    /// on standard output.
    func run(format: CaptureImporter.Format) throws {
        try runReportingErrors {
            var importer = CaptureImporter()
            importer.strict = self.strict
            importer.gapSeconds = self.gapSeconds
            importer.overwrite = self.force
            importer.references = self.reference
            importer.referenceSymbols = try ReferenceSymbols(parsing: self.referenceSymbol)
            let summary = try importer.importCaptures(self.inputs, format: format, to: self.out) { lines in
                if !self.json { StandardError.print("  \(lines) lines ...") }
            }
            print(self.json ? summary.json : summary.text(output: self.out, gapSeconds: self.gapSeconds))
        }
    }
}
