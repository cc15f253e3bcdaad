import ArgumentParser
import CommandLineStatus
import ConfigFile
import Engine
import JSON
import Journal
import Replay
import Research

/// `mm-replay verify`: does the engine still decide what the journal recorded?
struct VerifyCommand: ParsableCommand, UsageErrorExitStatus {
    /// Bad arguments exit 2 ("could not verify"), never 1 ("diverged").
    static var usageErrorExitStatus: Int32 { ExitStatus.couldNotVerify.rawValue }

    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run journals' inputs and compare every command with the recorded ones.",
        discussion: HelpText.reflow("""
        For journals that hold the engine's commands (written by `replay --out`,
        `backtest --out`, `scenario`, or a live run). The config is each journal
        header's, adjusted by --config / --profile (see below). (`journal verify`
        checks the file's integrity instead.)

        The commands recorded after each input are compared with those the engine emits
        for it, to the end of the journal. A divergence shows the first one: its seq,
        virtual time (ns and UTC HH:MM:SS.mmm), the fields that differ, the orders placed,
        moved or cancelled differently ("missing place BTC B 104969 0.001 …"), both
        commands as JSON and the inputs before it; then how many inputs and commands
        diverged in all, and both sides' digests. --orders-only leaves decision records
        out of the comparison. Several journals give a summary line; --json prints one
        JSON object per journal, then a summary object. A journal that ends with a torn
        tail (a crashed writer) is compared up to it, with a warning on standard error.

        Exit codes: 0 every journal identical (prints the digest); 1 a journal diverged;
        2 a journal could not be verified (missing or unreadable file, corrupt journal,
        invalid config, or no recorded commands to compare with), or bad arguments or
        options (a typo in a CI job is never read as a divergence). The highest applies.
        """)
    )

    @Argument(help: "The journals (files or segment directories).")
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("Engine config (TOML) adjusting the journal's: only the fields it names change, the journal's coins are kept.",
                                            discussion: EngineConfigChoice.help))
    var config: String?

    @Option(name: .long, help: "Profile whose overrides adjust the journal's config: default | production.")
    var profile: EngineConfig.Profile?

    @Flag(name: .long, help: "Compare orders only: leave decision records out on both sides.")
    var ordersOnly = false

    @Flag(name: .long, help: "Print one JSON object per journal, then a summary object.")
    var json = false

    func validate() throws {
        guard !self.paths.isEmpty else { throw ValidationError("give at least one journal") }
    }

    func run() throws {
        var counts = (identical: 0, diverged: 0, failed: 0)
        for path in self.paths {
            let (result, tornTail) = self.verify(path)
            switch result {
            case .outcome(.identical): counts.identical += 1
            case .outcome(.diverged): counts.diverged += 1
            case .outcome(.nothingRecorded), .failed: counts.failed += 1
            }
            if self.json { print(VerifyRendering.json(path: path, result, tornTail: tornTail)) } else { VerifyRendering.text(path: path, result, named: self.paths.count > 1) }
        }
        if self.json {
            var json = JSONWriter()
            json.beginObject()
            json.field("journals", UInt64(self.paths.count))
            json.field("identical", UInt64(counts.identical))
            json.field("diverged", UInt64(counts.diverged))
            json.field("failed", UInt64(counts.failed))
            json.endObject()
            print(json.text)
        } else if self.paths.count > 1 {
            print("\(self.paths.count) verified: \(counts.identical) identical, \(counts.diverged) diverged, \(counts.failed) could not be verified")
        }
        if counts.failed > 0 { throw ExitStatus.couldNotVerify }
        if counts.diverged > 0 { throw ExitStatus.failure }
    }

    /// The result for one journal, and the torn tail it ends with (warned about here).
    private func verify(_ path: String) -> (VerifyResult, TornTail?) {
        do {
            let config = try EngineConfigChoice(file: self.config, profile: self.profile).resolve(journal: path)
            let (outcome, tornTail) = try VerifyRunner(config: config, ignoringDecisions: self.ordersOnly).runNotingTornTail(path: path)
            if let tornTail { StandardError.print(tornTailWarning(tornTail)) }
            return (.outcome(outcome), tornTail)
        } catch {
            return (.failed("\(error)"), nil)
        }
    }
}

/// How a command picks its engine config. A journal that records its config (its
/// header) is *adjusted*, never replaced: --profile applies the profile's overrides to
/// it, --config the fields the file names (its coins stay the recording's: see
/// `ConfigFile.parse(_:source:profile:over:)`). A journal without one (an imported or
/// synthetic capture) runs the file over the profile's defaults, or the defaults, with
/// the capture's coins: see ``CaptureCoins/fit(_:listsCoins:to:captures:)``.
struct EngineConfigChoice {
    var file: String?
    var profile: EngineConfig.Profile?

    /// What `--help` says of --config and --profile.
    static let help = """
        --config FILE and --profile adjust the journal's own config (from its header): \
        only the fields the file names and the profile's overrides change, and the \
        journal's coins are kept (a file's [[coins]] entry replaces the settings of a coin \
        of the same name; other coins are ignored). A journal without a recorded config \
        (an imported capture) uses the file over the profile's defaults and quotes the \
        capture's coins: a file without [[coins]] takes them from the capture (default \
        settings for BTC and ETH), a file with [[coins]] must list exactly the capture's \
        coins, or the command stops and names the coins that differ.
        """

    /// The config for `journal`.
    func resolve(journal: String) throws -> EngineConfig { try self.resolve(journals: [journal]) }

    /// The config for `journals` run together: the first one's recorded config, adjusted;
    /// or, for captures without one, the user's config or the defaults with the coins of
    /// every capture.
    func resolve(journals: [String]) throws -> EngineConfig {
        let recorded = try ConfigFile.recordedConfig(of: journals[0])
        if let recorded {
            if let file = self.file { return try ConfigFile.load(path: file, profile: self.profile ?? .default, over: recorded) }
            var config = recorded
            if let profile = self.profile { config.apply(profile) }
            return config
        }
        let base = try self.base()
        return try CaptureCoins.fit(base, listsCoins: self.listsCoins, to: try CaptureCoins.read(journals), captures: journals)
    }

    /// The user's config (the file over the profile's defaults) or the defaults, coins as they come.
    func base() throws -> EngineConfig {
        if let file = self.file { return try ConfigFile.load(path: file, profile: self.profile ?? .default) }
        return EngineConfig(profile: self.profile ?? .default)
    }

    /// Whether the user's config lists its own coins.
    var listsCoins: Bool { self.file.map(ConfigFile.listsCoins(path:)) ?? false }
}
