import ArgumentParser
import CommandLineStatus
import Engine
import Foundation
import HLSim
import SimulatedExchange

@main
struct HLSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hl-sim",
        abstract: "A local Hyperliquid-compatible exchange for testing clients.",
        discussion: HelpText.reflow("""
            Serves Hyperliquid's API on one loopback port, like the exchange's base URL:
            POST /info, POST /exchange and the WebSocket at /ws (subscriptions, ping/pong,
            post requests). Orders are matched against the market data (synthetic or a
            journal's) by the same simulator the backtests use. Signatures are verified
            by recovering the signer; nonces, the address rate limit and the exchange's
            error strings apply. Each request is logged on one line.

            Point a client at http://127.0.0.1:PORT (the official SDKs then sign for
            testnet; pass --mainnet for clients that sign with the mainnet source).

            With the synthetic market it also serves a reference venue in Binance USD-M
            futures' shapes (bookTicker and aggTrade for COINUSDT) on the same port:
            ws://127.0.0.1:PORT/binance/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade
            (combined streams) or /binance/ws/STREAM (raw), leading the Hyperliquid market
            by --reference-lead-ms. --no-reference turns it off.

            It serves until stopped. Exit codes: 0 --help, --version; 1 bad arguments or options (an
            unknown option, a bad value, a --market journal or --accounts file that cannot
            be read) or a server error.
            """),
        version: ProjectVersion.current
    )

    /// ArgumentParser's entry point, except that bad arguments exit 1 (not 64), as
    /// documented, and `hl-sim help` prints the help as the other tools' `help` does.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "help" {
            guard arguments.count == 1 else { self.exitMappingUsageErrors(ValidationError("hl-sim has no subcommands: `hl-sim help` takes nothing after it")) }
            print(self.helpMessage())
            return
        }
        await self.asyncMainWithUsageErrorsExitingOne()
    }

    @Option(help: "TCP port to listen on (0 picks a free one; the log says which).")
    var port: Int = 3001

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Seed for the synthetic market and the fault picks.")
    var seed: UInt64 = 1

    @Option(help: "Market data: 'synth' (seeded synthetic books and trades) or the path of a journal whose books and trades are replayed in real time, looping.")
    var market: String = "synth"

    @Option(help: "Coins listed by the synthetic market, comma-separated (a journal brings its own).")
    var coins: String = "BTC,ETH,SOL"

    @Option(help: "USDC credited to each new account.")
    var balance: String = "100000"

    @Option(help: "Admit only the accounts in FILE (lines 'ADDRESS [BALANCE]'); other signers are refused with the exchange's error.")
    var accounts: String?

    @Flag(help: "Verify signatures for mainnet (source \"a\") instead of testnet (\"b\").")
    var mainnet = false

    @Option(help: "Fault: drop every WebSocket connection every SECONDS.")
    var dropConnectionsEvery: Double?

    @Option(help: "Fault: stop market data SECONDS after start ...")
    var stallFeedAfter: Double?

    @Option(help: "... for SECONDS (default: for good).")
    var stallFeedFor: Double?

    @Option(help: "Fault: add MS milliseconds before each /exchange action is processed.")
    var extraLatencyMs: Int64 = 0

    @Option(help: "Fault: refuse this share (0...1) of /exchange actions with the address rate-limit error.")
    var rateLimitRejections: Double = 0

    @Option(help: "Fault: cancels take effect MS milliseconds after they arrive (cancel-fill races).")
    var cancelDelayMs: Int64 = 0

    @Option(help: "Fault: refuse this share (0...1) of modify actions (the order stays unchanged).")
    var modifyRejections: Double = 0

    @Option(help: "Reference feed: how far (MS milliseconds) it leads the Hyperliquid market; 0 is simultaneous. Default 200. Synthetic market only.")
    var referenceLeadMs: Int64?

    @Flag(help: "Do not serve the reference feed (/binance/stream and /binance/ws answer 404).")
    var noReference = false

    @Option(help: "Fault: drop the reference feed's connections and refuse new ones SECONDS after start ...")
    var dropReferenceAfter: Double?

    @Option(help: "... for SECONDS (default: for good).")
    var dropReferenceFor: Double?

    @Option(help: "Fault: the reference feed sends nothing (connections stay open) SECONDS after start ...")
    var stallReferenceAfter: Double?

    @Option(help: "... for SECONDS (default: for good).")
    var stallReferenceFor: Double?

    @Option(help: "Fault: send this share (0...1) of reference frames malformed (cut short).")
    var malformedReference: Double = 0

    /// `--reference-lead-ms` when not given.
    static let defaultReferenceLeadMilliseconds: Int64 = 200
    /// The longest `--reference-lead-ms`: one minute.
    static let longestReferenceLeadMilliseconds: Int64 = 60_000

    /// The longest `--extra-latency-ms` / `--cancel-delay-ms`: ten minutes.
    static let longestDelayMilliseconds: Int64 = 600_000
    /// The largest `--balance`: 10¹⁰ USDC (sums of balances and PnL stay inside the
    /// fixed-point range).
    static let largestBalance = Amount(rawValue: 1_000_000_000_000_000_000)

    func validate() throws {
        guard (0...65_535).contains(self.port) else { throw ValidationError("--port must be 0...65535, got \(self.port)") }
        guard (0...1).contains(self.rateLimitRejections) else { throw ValidationError("--rate-limit-rejections must be within 0...1") }
        guard (0...1).contains(self.modifyRejections) else { throw ValidationError("--modify-rejections must be within 0...1") }
        guard (0...1).contains(self.malformedReference) else { throw ValidationError("--malformed-reference must be within 0...1") }
        if let lead = self.referenceLeadMs, !(0...Self.longestReferenceLeadMilliseconds).contains(lead) {
            throw ValidationError("--reference-lead-ms must be within 0...\(Self.longestReferenceLeadMilliseconds) (one minute), got \(lead)")
        }
        for (name, value) in [("--extra-latency-ms", self.extraLatencyMs), ("--cancel-delay-ms", self.cancelDelayMs)]
        where !(0...Self.longestDelayMilliseconds).contains(value) {
            throw ValidationError("\(name) must be within 0...\(Self.longestDelayMilliseconds) (ten minutes), got \(value)")
        }
        for (name, value, least) in [("--drop-connections-every", self.dropConnectionsEvery, 0.001), ("--stall-feed-after", self.stallFeedAfter, 0),
                                     ("--stall-feed-for", self.stallFeedFor, 0.001), ("--drop-reference-after", self.dropReferenceAfter, 0),
                                     ("--drop-reference-for", self.dropReferenceFor, 0.001), ("--stall-reference-after", self.stallReferenceAfter, 0),
                                     ("--stall-reference-for", self.stallReferenceFor, 0.001)] {
            guard let value else { continue }
            if let problem = Limits.durationProblem(value) { throw ValidationError("\(name): \(problem)") }
            if value < least { throw ValidationError("\(name) must be at least \(least) s, got \(value)") }
        }
        if self.stallFeedFor != nil && self.stallFeedAfter == nil { throw ValidationError("--stall-feed-for needs --stall-feed-after") }
        if self.dropReferenceFor != nil && self.dropReferenceAfter == nil { throw ValidationError("--drop-reference-for needs --drop-reference-after") }
        if self.stallReferenceFor != nil && self.stallReferenceAfter == nil { throw ValidationError("--stall-reference-for needs --stall-reference-after") }
        let referenceOptions = [(self.referenceLeadMs != nil, "--reference-lead-ms"), (self.dropReferenceAfter != nil, "--drop-reference-after"),
                                (self.stallReferenceAfter != nil, "--stall-reference-after"), (self.malformedReference > 0, "--malformed-reference")]
            .filter(\.0).map(\.1)
        if let first = referenceOptions.first {
            if self.noReference { throw ValidationError("\(first) shapes the reference feed, which --no-reference turns off: drop one of them") }
            if self.market != "synth" {
                throw ValidationError("\(first): the reference feed is synthetic (it leads the synthetic market) and is not served with a journal market (--market \(self.market))")
            }
        }
    }

    func run() async throws {
        let configuration = try self.simConfiguration()
        let source: MarketSource = self.market == "synth" ? .synthetic : .journal(self.market)
        let server = try VenueServer(configuration: configuration, market: source)
        let description = """
            market \(self.market == "synth" ? "synth (seed \(self.seed))" : self.market), coins \(configuration.coins.map(\.name).joined(separator: ",")), \
            accounts \(configuration.admittedAccounts.map { "\($0.count) listed in \(self.accounts!)" } ?? "default-funded \(self.balance) USDC"), \
            signatures for \(configuration.isMainnet ? "mainnet" : "testnet"), \
            reference feed \(configuration.referenceLeadMilliseconds.map { "leading by \($0) ms" } ?? "off"), faults: \(configuration.faults.summary)
            """
        try await SimServer(venue: server, host: self.host, port: self.port, description: description).run()
    }

    func simConfiguration() throws -> SimConfiguration {
        let coins: [SimulatedCoin]
        if self.market == "synth" {
            let names = self.coins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { throw ValidationError("--coins lists no coin") }
            for name in names {
                if let problem = Limits.coinNameProblem(name) { throw ValidationError("--coins: \(problem)") }
            }
            coins = names.map { SimulatedCoin(name: $0, sizeDecimals: CoinProfile.named($0).sizeDecimals, maxLeverage: 50) }
        } else {
            guard FileManager.default.fileExists(atPath: self.market) else { throw SimStartError.noMarketJournal(path: self.market) }
            coins = try JournalFeed.coins(in: self.market)
            guard !coins.isEmpty else { throw SimStartError.marketWithoutBooks(path: self.market) }
        }
        var configuration = SimConfiguration(coins: coins)
        configuration.seed = self.seed
        configuration.isMainnet = self.mainnet
        do { configuration.defaultBalance = try Amount(parsing: self.balance) } catch {
            throw ValidationError("--balance '\(self.balance)': \(error)")
        }
        guard configuration.defaultBalance >= .zero, configuration.defaultBalance <= Self.largestBalance else {
            throw ValidationError("--balance must be within 0...\(Self.largestBalance) USDC, got \(self.balance)")
        }
        if let path = self.accounts {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw SimStartError.unreadableAccounts(path: path) }
            do { configuration.admittedAccounts = try AccountList.parse(text, defaultBalance: configuration.defaultBalance) } catch {
                throw SimStartError.invalidAccounts(path: path, reason: "\(error)")
            }
        }
        var faults = FaultPlan()
        // In range (validate()): at most ten years, so the products fit.
        faults.dropConnectionsEveryMilliseconds = self.dropConnectionsEvery.map { Int64(($0 * 1_000).rounded()) }
        faults.stallFeedAfterMilliseconds = self.stallFeedAfter.map { Int64(($0 * 1_000).rounded()) }
        faults.stallFeedForMilliseconds = self.stallFeedFor.map { Int64(($0 * 1_000).rounded()) }
        faults.extraLatencyMilliseconds = self.extraLatencyMs
        faults.rateLimitRejectionShare = self.rateLimitRejections
        faults.cancelDelayMilliseconds = self.cancelDelayMs
        faults.modifyRejectionShare = self.modifyRejections
        faults.dropReferenceAfterMilliseconds = self.dropReferenceAfter.map { Int64(($0 * 1_000).rounded()) }
        faults.dropReferenceForMilliseconds = self.dropReferenceFor.map { Int64(($0 * 1_000).rounded()) }
        faults.stallReferenceAfterMilliseconds = self.stallReferenceAfter.map { Int64(($0 * 1_000).rounded()) }
        faults.stallReferenceForMilliseconds = self.stallReferenceFor.map { Int64(($0 * 1_000).rounded()) }
        faults.malformedReferenceShare = self.malformedReference
        configuration.faults = faults
        // The reference venue leads the synthetic market; a journal has no future to lead with.
        if self.market == "synth" && !self.noReference {
            configuration.referenceLeadMilliseconds = self.referenceLeadMs ?? Self.defaultReferenceLeadMilliseconds
        }
        return configuration
    }
}
