import ArgumentParser
import CommandLineStatus

/// `mm-live`: the live side: `record`, `paper` and `run` sessions, `sign` (dry runs of
/// signed exchange requests) and `bench` (wire parsing and signing latency).
@main
struct MMLive: AsyncParsableCommand {
    static let version = ProjectVersion.current

    static let configuration = CommandConfiguration(
        commandName: "mm-live",
        abstract: "The market maker on Hyperliquid: record, paper or run, every input journaled first.",
        discussion: HelpText.reflow("""
        Every inbound frame is stamped with its receive time and journaled before the \
        engine sees it; every command is journaled; `mm-replay verify JOURNAL` replays a \
        session bit for bit. Try it against hl-sim: `hl-sim --port 3001 &` then \
        `HL_PRIVATE_KEY=0x… mm-live run --network http://127.0.0.1:3001 --coins BTC \
        --journal s.mmj --duration 60`.

        Exit codes (every command): 0 success (and --help); 1 an error, including bad \
        arguments or options; see each command's --help for the rest.

        Every command (`mm-live help COMMAND` explains one):
        \(CommandIndex.lines(of: MMLive.commands))
        """),
        version: MMLive.version,
        subcommands: MMLive.commands
    )

    /// The top-level commands, in help order.
    static let commands: [ParsableCommand.Type] = [Record.self, Paper.self, Run.self, Simulate.self, Preflight.self, CheckpointCommand.self, Sign.self, Bench.self]

    /// ArgumentParser's entry point, except that bad arguments exit 1 (not 64), as
    /// documented.
    static func main() async { await self.asyncMainWithUsageErrorsExitingOne() }
}
