import ArgumentParser
import Engine
import Journal
import Replay

/// `mm-replay verify`: does the engine still decide what the journal recorded?
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-run a journal's inputs and compare every command with the recorded ones.",
        discussion: """
        For journals that hold the engine's commands (written by `replay --out`,
        `backtest --out`, `scenario`, or a live run). The config is the journal
        header's, adjusted by --config / --profile (see below). (`journal verify`
        checks the file's integrity instead.)

        Exit codes: 0 identical (prints the digest); 1 the first divergence (seq,
        virtual time, expected and actual command, and the inputs just before it), a
        journal with no recorded commands, or an unreadable journal or invalid config.
        """
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    @Option(name: .long, help: ArgumentHelp("Engine config (TOML) adjusting the journal's: only the fields it names change, the journal's coins are kept.",
                                            discussion: EngineConfigChoice.help))
    var config: String?

    @Option(name: .long, help: "Profile whose overrides adjust the journal's config: default | production.")
    var profile: EngineConfig.Profile?

    func run() throws {
        try runReportingErrors {
            let config = try EngineConfigChoice(file: self.config, profile: self.profile).resolve(journal: self.path)
            switch try VerifyRunner(config: config).run(path: self.path) {
            case .identical(let digest, let inputs, let commands):
                print("identical: \(inputs) inputs, \(commands) commands reproduced bit for bit")
                print("digest \(digest)")
            case .nothingRecorded(let inputs):
                StandardError.print("error: \(self.path) records no engine commands (\(inputs) inputs): nothing to verify against; use `mm-replay replay`")
                throw ExitStatus.failure
            case .diverged(let d):
                var lines = ["diverged at seq \(d.seq), virtual time \(d.time)"]
                lines.append("  expected: " + (d.expected.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(no further command)"))
                lines.append("  actual:   " + (d.actual.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(no further command)"))
                lines.append("  last inputs before it:")
                for input in d.recentInputs { lines.append("    seq \(input.seq) time \(input.time) \(input.type)") }
                print(lines.joined(separator: "\n"))
                throw ExitStatus.failure
            }
        }
    }
}

/// How a command picks its engine config. A journal that records its config (its
/// header) is *adjusted*, never replaced: --profile applies the profile's overrides to
/// it, --config the fields the file names (its coins stay the recording's: see
/// `ConfigFile.parse(_:source:profile:over:)`). A journal without one (an imported
/// capture) runs the file over the profile's defaults, or the defaults.
struct EngineConfigChoice {
    var file: String?
    var profile: EngineConfig.Profile?

    /// What `--help` says of --config and --profile.
    static let help = """
        --config FILE and --profile adjust the journal's own config (from its header): \
        only the fields the file names and the profile's overrides change, and the \
        journal's coins are kept (a file's [[coins]] entry replaces the settings of a coin \
        of the same name; other coins are ignored). A journal without a recorded config \
        (an imported capture) uses the file over the profile's defaults.
        """

    func resolve(journal: String) throws -> EngineConfig {
        let recorded = try ReplayRunner.recordedConfig(of: journal)
        if let file = self.file { return try ConfigFile.load(path: file, profile: self.profile ?? .default, over: recorded) }
        var config = recorded ?? EngineConfig()
        if let profile = self.profile { config.apply(profile) }
        return config
    }
}
