import ArgumentParser
import CommandLineStatus
import Engine
import Foundation
import Hyperliquid
import Live
import SimulatedExchange

/// The options every live mode takes.
struct LiveOptions: ParsableArguments {
    /// What `record`, `paper` and `run` say of the reference feed.
    static let referenceNote = """
    Reference feed: on mainnet the session also reads Binance USD-M futures \
    (bookTicker and aggTrade of COINUSDT per coin) for the engine's cross-venue signals, \
    journaled like the Hyperliquid frames; --reference none turns it off, --reference \
    binance turns it on elsewhere (for a base-URL --network, from its /binance: \
    hl-sim's). Coins without a listing (HIP-3 DEX coins, COIN=none) are not subscribed. \
    When it drops, quoting goes on wider; it reconnects with the runbook's backoff.
    """

    /// The exit codes of `record`, `paper` and `run`.
    static let exitCodes = """
    Exit codes: 0 the session ended cleanly (SIGINT, SIGTERM or --duration); 1 an \
    error: bad options or config, an existing --journal (sessions never overwrite one), \
    an unreadable checkpoint, the network or account unreachable at start, a journal \
    that cannot be written, or orders the venue did not confirm cancelled at shutdown; \
    130 a second signal (exit at once).
    """

    @Option(help: "mainnet, testnet, or a base URL such as http://127.0.0.1:3001 (hl-sim). Default for record and paper: testnet; run requires it.")
    var network: String?

    /// The network chosen, testnet when none was given (record and paper only: `run`
    /// refuses to start without --network).
    var networkName: String { self.network ?? "testnet" }

    @Option(help: "Coins to trade or record, comma-separated (each needs a [[coins]] entry in the config).")
    var coins: String = "BTC"

    @Option(help: "Journal to create (a file, or a directory of hourly segments when it ends in '/').")
    var journal: String

    @Option(help: "Engine config (TOML), applied over the --profile. Default: the built-in defaults (config/default.toml).")
    var config: String?

    @Option(help: ArgumentHelp("Defaults to start from: default, or production (the runbooks' production values, config/production.toml).",
                               discussion: "A --config file then changes only the fields it names; derived values (production's min_peak_for_drawdown) follow the file's values."))
    var profile: EngineConfig.Profile = .default

    @Option(help: "Stop after SECONDS, as SIGTERM does.")
    var duration: Double?

    @Option(help: "Serve /metrics, /health and the operator endpoint on this local port.")
    var metricsPort: Int?

    @Option(help: ArgumentHelp("Directory of the kill-switch checkpoint (paper, run).",
                               discussion: "Default: $MM_STATE_DIR, else $XDG_STATE_HOME/mm-live, else ~/.local/state/mm-live. The file is killswitch-NETWORK-ACCOUNT.json (run) or killswitch-NETWORK-paper.json (paper)."))
    var stateDir: String?

    @Option(help: ArgumentHelp("File holding the token operator commands need (no group or other permissions: mode 0600 or 0400). Default: $MM_OPERATOR_TOKEN.",
                               discussion: "Without a token, POST /operator/* is refused; /metrics, /health and /state stay open (127.0.0.1 only)."))
    var operatorTokenFile: String?

    @Option(help: "Kill-switch checkpoint file (overrides --state-dir): read at start (an unreadable one refuses the start), written at every trip, reset and exit.")
    var checkpoint: String?

    @OptionGroup var reference: ReferenceOptions

    func validate() throws {
        _ = try LiveNetwork(parsing: self.networkName)
        if let duration = self.duration {
            if let problem = Limits.durationProblem(duration) { throw ValidationError("--duration: \(problem)") }
            if duration <= 0 { throw ValidationError("--duration must be a positive number of seconds") }
        }
        if let port = self.metricsPort, !(1...65_535).contains(port) {
            throw ValidationError("--metrics-port must be within 1...65535, got \(port)")
        }
        for coin in self.coinList {
            if let problem = Limits.coinNameProblem(coin) { throw ValidationError("--coins: \(problem)") }
        }
        if self.coinList.isEmpty { throw ValidationError("--coins lists no coin") }
        _ = try self.reference.settings(network: try LiveNetwork(parsing: self.networkName), coins: self.coinList)
    }

    var coinList: [String] { self.coins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func settings(mode: LiveMode, address: String?, orphans: OrphanPolicy) throws -> LiveSettings {
        // Not a usage error (the command line is fine): exit 1 with the reason, no usage.
        if FileManager.default.fileExists(atPath: self.journal) {
            throw LiveError("--journal \(self.journal) exists; live sessions never overwrite a journal (choose a new path)")
        }
        var journal = self.journal
        let rotate = journal.hasSuffix("/")
        while journal.count > 1 && journal.hasSuffix("/") { journal.removeLast() }
        let network = try LiveNetwork(parsing: self.networkName)
        var checkpoint: String?
        if mode != .record {
            checkpoint = self.checkpoint ?? CheckpointStore.path(stateDirectory: self.stateDir ?? CheckpointStore.defaultStateDirectory(),
                                                                 network: network.name, scope: mode == .run ? (address ?? "run") : "paper")
        }
        return LiveSettings(mode: mode, network: network, coins: self.coinList, journalPath: journal, rotateJournal: rotate,
                            configPath: self.config, profile: self.profile, duration: self.duration, metricsPort: self.metricsPort, address: address,
                            orphans: orphans, checkpointPath: checkpoint, operatorToken: try self.operatorToken(),
                            reference: try self.reference.settings(network: network, coins: self.coinList))
    }

    /// The operator token: from `--operator-token-file` (refused unless owner-only), else
    /// `MM_OPERATOR_TOKEN`, else none.
    func operatorToken() throws -> String? {
        if let path = self.operatorTokenFile {
            return try SecretFile.read(path, option: "--operator-token-file")
        }
        let token = ProcessInfo.processInfo.environment["MM_OPERATOR_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return token?.isEmpty == false ? token : nil
    }
}

/// Runs a session and turns failures into a message and exit code 1.
func runLive(_ settings: LiveSettings, key: PrivateKey?) async throws {
    let code: Int32
    do {
        code = try await LiveRunner(settings: settings, key: key).run()
    } catch {
        LiveLog.line("error: \(error)")
        throw ExitCode(1)
    }
    if code != 0 { throw ExitCode(code) }
}

struct Record: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record market data (and, with --address, the account's streams) into a journal. Sends no orders.",
        discussion: HelpText.reflow("""
        The engine runs on the recorded inputs (its commands are journaled, never sent), \
        so `mm-replay verify` checks the journal.

        \(LiveOptions.referenceNote)

        \(LiveOptions.exitCodes)
        """))

    @OptionGroup var options: LiveOptions

    @Option(help: "Also record this account's orderUpdates, userFills and userEvents (0x + 40 hex digits).")
    var address: String?

    func validate() throws {
        if let address = self.address {
            let digits = address.hasPrefix("0x") ? address.dropFirst(2) : ""
            guard digits.count == 40, digits.allSatisfy(\.isHexDigit) else {
                throw ValidationError("--address '\(address)' is not an address (0x and 40 hex digits)")
            }
        }
    }

    func run() async throws {
        try await runLive(try self.options.settings(mode: .record, address: self.address, orphans: .adopt), key: nil)
    }
}

struct Paper: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the engine on live market data against the simulated exchange (SimExchange). Sends no orders.",
        discussion: HelpText.reflow("""
        Fills come from the simulated exchange, fed the live books and trades; the \
        kill-switch checkpoint is kept per network (killswitch-NETWORK-paper.json).

        \(LiveOptions.referenceNote)

        \(LiveOptions.exitCodes)
        """))

    @OptionGroup var options: LiveOptions

    func run() async throws {
        try await runLive(try self.options.settings(mode: .paper, address: nil, orphans: .adopt), key: nil)
    }
}

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Trade for real: the engine's orders go to the exchange.",
        discussion: HelpText.reflow("""
        The key comes from HL_PRIVATE_KEY or --key-file (no group or other permissions); it never appears in \
        logs, journals or metrics. At start: meta, the kill-switch checkpoint (a trip less \
        than 24 h old stays latched; an unreadable checkpoint refuses the start), then the \
        account state and open orders, journaled as the engine's first input (orders of an \
        earlier run are cancelled, or adopted and managed with --orphans adopt); quoting \
        starts after that. While running: the engine arms the venue's dead man's switch \
        (scheduleCancel 60 s ahead, renewed every 10 s), reconciles positions and open \
        orders with the venue every 15 s and after every reconnect, looks up orders whose \
        answer was lost, and retries cancels until the venue confirms them; the address \
        rate limit is polled every 30 s. SIGINT/SIGTERM or the end of --duration: the \
        engine cancels everything and asks the venue until nothing is open, the checkpoint \
        is written and the journal closed (exit 0; exit 1 when the venue did not confirm \
        within 15 s). A second signal exits at once (130).

        \(LiveOptions.referenceNote)

        \(LiveOptions.exitCodes) Also 1: no key (HL_PRIVATE_KEY or --key-file), or a key \
        file others can read.
        """))

    @OptionGroup var options: LiveOptions

    @Option(help: "File holding the private key (no group or other permissions: mode 0600 or 0400). Default: $HL_PRIVATE_KEY.")
    var keyFile: String?

    @Option(help: "Orders open at start (from an earlier run): cancel or adopt.")
    var orphans: OrphanPolicy = .cancel

    func validate() throws {
        // Trading has no default venue: a forgotten flag must not send orders anywhere.
        guard self.options.network != nil else {
            throw ValidationError("run sends orders: give --network (mainnet, testnet, or a base URL such as http://127.0.0.1:3001 for hl-sim); it has no default")
        }
    }

    func run() async throws {
        let key = try KeySource.load(keyFile: self.keyFile)
        try await runLive(try self.options.settings(mode: .run, address: key.address, orphans: self.orphans), key: key)
    }
}
