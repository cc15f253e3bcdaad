import ArgumentParser
import CommandLineStatus
import Research

/// `mm-replay journal export`: a journal's market data in a raw capture format.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a journal's market data back as a raw capture (the reverse of `import`).",
        discussion: HelpText.reflow("""
        One format so far: `export hl-ws`, the raw WebSocket capture `import hl-ws` reads.

        Exit codes: as `export hl-ws --help` says.
        """),
        subcommands: [WebSocketExport.self]
    )
}

/// `mm-replay journal export hl-ws`.
struct WebSocketExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl-ws",
        abstract: "Write a journal's books and trades as a raw Hyperliquid WebSocket capture.",
        discussion: HelpText.reflow("""
        One line per `book` or `trades` record: the record's time in nanoseconds, a
        space, and the l2Book or trades frame (the hftbacktest collector's format).
        `mm-replay import hl-ws` of the export gives the same market records (same times,
        books and trades, in the same order) and so the same replay digest. Use it to
        hand a recorded incident to tools that read raw captures, or to cut a capture
        down to some coins (--coins). Example:
          mm-replay journal export hl-ws recordings/stale-feed.mmj --out stale-feed.txt

        Journals do not keep a trade's transaction hash or users: trades are written with
        a zero hash and no users. Fills, account, connection and command records are left
        out (and counted). The capture is written next to --out and renamed into place
        when complete; a journal with a torn tail is exported up to the tail, with a
        warning.

        Exit codes: 0 exported; 1 the journal is unreadable or corrupt, holds no book or
        trades records, or --out exists (without --force) or cannot be written.
        """)
    )

    @Argument(help: "The journal (file or segment directory).")
    var journal: String

    @Option(name: .long, help: "The capture file to write (must not exist unless --force).")
    var out: String

    @Option(name: .long, help: "Only these coins, comma-separated (default: every coin).")
    var coins: String?

    @Flag(name: .long, help: "Replace an existing --out (only once the new capture is complete).")
    var force = false

    func validate() throws {
        if let coins = self.coins, coins.split(separator: ",").isEmpty { throw ValidationError("--coins lists no coin") }
    }

    func run() throws {
        try runReportingErrors {
            var exporter = CaptureExporter()
            exporter.overwrite = self.force
            exporter.coins = self.coins.map { Set($0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }) }
            let summary = try exporter.exportWebSocket(journal: self.journal, to: self.out) { lines in
                StandardError.print("  \(lines) lines ...")
            }
            if let tail = summary.tornTail { StandardError.print(tornTailWarning(tail)) }
            print("exported \(self.journal) to \(self.out): \(summary.books) l2Book and \(summary.trades) trades lines, \(summary.bytes) bytes"
                  + (summary.otherRecords > 0 ? "; \(summary.otherRecords) other records left out" : ""))
        }
    }
}
