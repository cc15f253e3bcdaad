import ArgumentParser
import CommandLineStatus

/// `mm-replay`: offline tools over journals (inspect, replay, verify, backtest, ...).
@main
struct MMReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mm-replay",
        abstract: "Offline tools for market-maker journals and configs: inspect, verify, repair, synthesize, benchmark, check configs.",
        discussion: HelpText.reflow("""
        Journals are zstd-compressed, append-only logs of every input the engine saw and
        every command it emitted (`.mmj` files, or directories of `seg-NNNNNN.mmj`
        segments). See `mm-replay journal --help`.

        Exit codes: 0 success (and --help); 1 error (corrupt or unreadable input, bad
        arguments or options); 2 `journal verify`: the journal ends with a torn
        tail (an incomplete last frame; see `journal repair`). `journal cat`,
        `journal stat`, `replay` and `backtest` use the records before a torn tail,
        warn on standard error and exit 0. `verify` exits 2 when it could not run, bad arguments included. Every
        command's --help lists its exit codes.

        Every command (`mm-replay help COMMAND` explains one):
        \(CommandIndex.lines(of: MMReplay.commands))
        """),
        version: EngineInfo.version,
        subcommands: MMReplay.commands
    )

    /// The top-level commands, in help order.
    static let commands: [ParsableCommand.Type] = [JournalCommand.self, ConfigCommand.self, ReplayCommand.self, VerifyCommand.self, BacktestCommand.self,
                                                   ScenarioCommand.self, RecordingsCommand.self, BenchCommand.self, ImportCommand.self, SweepCommand.self,
                                                   ReportCommand.self]

    /// ArgumentParser's entry point, except that bad arguments exit 1 (not 64), as
    /// documented.
    static func main() { self.mainWithUsageErrorsExitingOne() }
}

/// Version information stamped into journals and printed by `--version`.
enum EngineInfo {
    static let version = ProjectVersion.current
}
