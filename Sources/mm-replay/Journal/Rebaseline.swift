import ArgumentParser
import CommandLineStatus
import Foundation
import Replay

/// `mm-replay journal rebaseline`: accept the current engine's behaviour for a journal.
struct RebaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebaseline",
        abstract: "Rewrite a journal with its recorded inputs and the current engine's commands.",
        discussion: HelpText.reflow("""
        For an intended engine change: every input is kept byte for byte (old payload \
        versions included), each followed by the commands the engine emits now, so the \
        result verifies again. Works for any journal with a config in its header \
        (recordings, live sessions, backtests). Prints how many commands were recorded \
        before and are emitted now, and the first input whose commands differ. A journal \
        that ends with a torn tail (a write cut short) is warned about on standard error: \
        the records before it are rewritten, its incomplete last frame is dropped.

        Exit codes: 0 written; 1 unreadable input, no config in its header, or the output \
        exists.
        """))

    @Argument(help: "The journal to rewrite.")
    var path: String

    @Option(help: "Where to write the rewritten journal (must not exist).")
    var out: String

    func validate() throws {
        guard !FileManager.default.fileExists(atPath: self.out) else { throw ValidationError("--out \(self.out) exists; choose another path") }
    }

    func run() throws {
        try runReportingErrors {
            let summary = try Rebaseline.rewrite(self.path, to: self.out)
            warnAboutTornTails(summary.tornTail.map { [$0] } ?? [])
            let change = summary.firstDifference.map { "commands first differ after input \($0)" } ?? "commands unchanged"
            print("\(self.out): \(summary.inputs) inputs; commands \(summary.oldCommands) recorded -> \(summary.newCommands) now; \(change)")
        }
    }
}
