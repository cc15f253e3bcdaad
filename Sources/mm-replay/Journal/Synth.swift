import ArgumentParser
import CommandLineStatus
import ConfigFile
import Engine
import Journal
import SimulatedExchange

/// `mm-replay journal synth`: a deterministic synthetic market-data journal.
struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic market-data journal.",
        discussion: HelpText.reflow("""
        Hyperliquid-shaped data: 20-level l2Book snapshots per side on a random-walk mid
        (5 significant figures, 6 - szDecimals price decimals, sizes in lots of
        szDecimals), trade batches at the touch, about 10 book updates per second of
        virtual time per coin. With --reference-lead-ms, a synthetic reference venue
        (Binance-shaped best bid/ask and aggressor trades) leads that market by the
        given lag: its quote at t is the market's top of book at t + lag (plus a 1 bp
        basis) and each mid move is announced there by trades, mostly on the move's
        side (--reference-flow-accuracy), and a latency arbitrageur sweeps the
        market's stale side halfway through the lag before every move of two ticks or
        more (the adverse selection the signals protect against). The same seed, coins, --events, --level and --frame-size
        give the same bytes on every machine (a --flush-interval-ms makes frame
        boundaries depend on wall-clock timing, so use it only for crash and follow
        tests).

        --report-durable prints `durable SEQ` on standard output each time a frame is
        written (and, with --fsync always, synced): every record up to SEQ survives the
        process being killed.

        Every option is checked before anything at --out is touched: a bad option
        leaves an existing journal in place, even with --force.

        Exit codes: 0 written; 1 error (the path exists without --force, bad option,
        I/O).
        """)
    )

    @Option(name: .long, help: "Journal to create (a file; a directory with --rotate-*).")
    var out: String

    @Option(name: .long, help: "PRNG seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of records to write (1...1000000000).")
    var events: UInt64 = 100_000

    @Option(name: .long, help: "Comma-separated coins.")
    var coins: String = "BTC"

    @Option(name: .long, help: "Also write a synthetic reference venue (Binance-shaped best bid/ask and trades: referenceQuote and referenceTrades records) that leads the market by this many milliseconds (0...10000); each of its records counts toward --events.")
    var referenceLeadMs: Int64?

    @Option(name: .long, help: "With --reference-lead-ms: the share (0...1) of the reference venue's move-announcing trades on the side of the coming move.")
    var referenceFlowAccuracy: Double = 0.7

    @Option(name: .long, help: "zstd compression level (-7...-1 or 1...22).")
    var level: Int32 = 3

    @Option(name: .long, help: "Raw bytes per frame (group commit by size; 1024...33554432).")
    var frameSize: Int = 256 << 10

    @Option(name: .long, help: "Also close a frame after this many milliseconds of wall time (0...3600000). 0 (default): by size only, so the bytes do not depend on how fast the machine is.")
    var flushIntervalMs: Int = 0

    @Option(name: .long, help: "fsync policy: always | interval | never.")
    var fsync: FsyncChoice = .interval

    @Option(name: .long, help: "Rotate into a new segment after this many MiB of raw data (makes a directory journal).")
    var rotateMb: UInt64?

    @Option(name: .long, help: "Rotate into a new segment after this many seconds of virtual time (makes a directory journal).")
    var rotateSeconds: Int64?

    @Flag(name: .long, help: "Print `durable SEQ` lines as frames reach the file.")
    var reportDurable = false

    @Flag(name: .long, help: "Replace an existing journal at --out.")
    var force = false

    /// The most records one synth writes: a billion (a few hundred GB raw, decades of
    /// virtual time for one coin: far inside ``Limits/time``).
    static let maximumEvents: UInt64 = 1_000_000_000

    /// The longest `--flush-interval-ms`: an hour.
    static let maximumFlushIntervalMs = 3_600_000

    /// Checks every option, so nothing at --out is touched (not even with --force) unless
    /// all of them are valid.
    func validate() throws {
        guard (1...Self.maximumEvents).contains(self.events) else {
            throw ValidationError("--events must be within 1...\(Self.maximumEvents), got \(self.events)")
        }
        guard !self.coinList.isEmpty else { throw ValidationError("--coins needs at least one coin") }
        guard (0...Self.maximumFlushIntervalMs).contains(self.flushIntervalMs) else {
            throw ValidationError("--flush-interval-ms must be within 0...\(Self.maximumFlushIntervalMs) (an hour), got \(self.flushIntervalMs)")
        }
        if let problem = JournalWriterOptions.compressionLevelProblem(self.level) { throw ValidationError("--level: \(problem)") }
        if let problem = JournalWriterOptions.frameSizeProblem(self.frameSize) { throw ValidationError("--frame-size: \(problem)") }
        for coin in self.coinList {
            if let problem = Limits.coinNameProblem(coin) { throw ValidationError("--coins: \(problem)") }
        }
        if let lead = self.referenceLeadMs, !(0...10_000).contains(lead) {
            throw ValidationError("--reference-lead-ms must be within 0...10000, got \(lead)")
        }
        guard (0...1).contains(self.referenceFlowAccuracy) else {
            throw ValidationError("--reference-flow-accuracy must be within 0...1, got \(self.referenceFlowAccuracy)")
        }
        if let mb = self.rotateMb, !(1...1_048_576).contains(mb) { throw ValidationError("--rotate-mb must be within 1...1048576 (1 TiB), got \(mb)") }
        if let seconds = self.rotateSeconds, !(1...Int64(Limits.longestDurationSeconds)).contains(seconds) {
            throw ValidationError("--rotate-seconds must be within 1...\(Int64(Limits.longestDurationSeconds)) (ten years), got \(seconds)")
        }
    }

    var coinList: [String] {
        self.coins.split(separator: ",").map { $0.trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
    }

    func run() throws {
        try runReportingErrors {
            if self.force { try JournalLayout.remove(self.out) }
            var options = JournalWriterOptions(frameSize: self.frameSize,
                                               flushInterval: self.flushIntervalMs > 0 ? .milliseconds(self.flushIntervalMs) : nil,
                                               fsync: self.fsync.policy, compressionLevel: self.level)
            if self.rotateMb != nil || self.rotateSeconds != nil {
                options.rotation = RotationPolicy(maxRawBytes: self.rotateMb.map { $0 << 20 },
                                                  maxTimeSpan: self.rotateSeconds.map { $0 * 1_000_000_000 })
            }
            var provenance = JournalProvenance.syntheticMarket(coins: self.coinList, seed: self.seed, engineVersion: EngineInfo.version)
            if let lead = self.referenceLeadMs {
                provenance.details["reference_lead_ms"] = String(lead)
                provenance.details["reference_flow_accuracy"] = String(self.referenceFlowAccuracy)
            }
            let writer = try JournalWriter(creating: self.out, metadata: try provenance.metadata(), options: options)
            var market = SyntheticSource(seed: self.seed, coins: self.coinList, referenceLeadMs: self.referenceLeadMs,
                                         flowAccuracy: self.referenceFlowAccuracy)
            var progress = Progress(title: "synth", total: self.events)
            var output = StandardOutput()
            var reported = writer.writtenSeq
            for done in 1...self.events {
                let (time, event) = market.next()
                try writer.append(event, time: time)
                if self.reportDurable {
                    let durable = self.fsync == .always ? writer.syncedSeq : writer.writtenSeq
                    if durable != reported {
                        reported = durable
                        output.write("durable \(durable)\n")
                        output.flush()
                    }
                }
                if done & 0x3FFF == 0 { progress.update(done) }
            }
            try writer.close()
            progress.finish()
            if self.reportDurable { output.write("durable \(writer.writtenSeq)\n") }
            output.write("wrote \(self.events) records to \(self.out)\n")
            output.flush()
        }
    }
}

/// The synthetic market, with or without a leading reference venue.
struct SyntheticSource {
    private var plain: SyntheticMarket?
    private var leading: LeadingReferenceMarket?

    init(seed: UInt64, coins: [String], referenceLeadMs: Int64?, flowAccuracy: Double) {
        if let lead = referenceLeadMs {
            self.leading = LeadingReferenceMarket(seed: seed, coins: coins, lead: lead * 1_000_000, flowAccuracy: flowAccuracy, arbitrage: true)
        } else {
            self.plain = SyntheticMarket(seed: seed, coins: coins)
        }
    }

    mutating func next() -> (time: Int64, event: Event) {
        if self.leading != nil { return self.leading!.next() }
        return self.plain!.next()
    }
}

/// The `--fsync` choices.
enum FsyncChoice: String, ExpressibleByArgument, CaseIterable {
    case always, interval, never

    var policy: FsyncPolicy {
        switch self {
        case .always: return .always
        case .interval: return .interval(.seconds(1))
        case .never: return .never
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(self.drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
