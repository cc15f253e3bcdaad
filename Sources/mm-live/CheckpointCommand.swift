import ArgumentParser
import CommandLineStatus
import Engine
import Foundation
import Live

/// `mm-live checkpoint`: read or restore the kill-switch checkpoint by hand (for an
/// operator whose session refused to start on an unreadable one).
struct CheckpointCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Show, trip or clear a kill-switch checkpoint file.",
        discussion: HelpText.reflow("""
        A session refuses to start when its checkpoint exists but cannot be read: an \
        unreadable file must not clear a kill. `show` prints what a file holds (or why it \
        cannot be read); `trip` writes a tripped checkpoint (atomically) so the next \
        session starts killed and waits for an operator reset; `clear --confirm` writes a \
        clear one. \(CheckpointCommand.exitCodes)
        """),
        subcommands: [Show.self, Trip.self, Clear.self])

    /// The exit codes of every `checkpoint` command.
    static let exitCodes = "Exit codes: 0 done; 1 the file cannot be read or written, or bad options."

    /// Writes a checkpoint atomically and says so; exit 1 when it cannot.
    static func write(_ checkpoint: KillSwitchCheckpoint, to path: String, saying what: String) throws {
        do {
            try CheckpointStore(path: path).save(checkpoint)
            print("\(path): \(what)")
        } catch {
            print("\(error)")
            throw ExitCode(1)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the checkpoint (or why it cannot be read).",
                                                        discussion: CheckpointCommand.exitCodes)
        @Option(help: "The checkpoint file.") var checkpoint: String

        func run() throws {
            do {
                guard let value = try CheckpointStore(path: self.checkpoint).load() else {
                    print("\(self.checkpoint): no checkpoint (a session starts clear)")
                    return
                }
                let age = value.triggered ? " tripped at \(value.tripTime) ns (Unix)" : ""
                print("\(self.checkpoint): \(value.triggered ? "TRIPPED" : "clear")\(age), reasons: \(value.reasons.map(\.summary).joined(separator: "; ").isEmpty ? "none" : value.reasons.map(\.summary).joined(separator: "; ")), saved at \(value.time) ns")
            } catch {
                print("\(error)")
                throw ExitCode(1)
            }
        }
    }

    struct Trip: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a tripped checkpoint (Manual, with a reason), replacing what is there.",
                                                        discussion: CheckpointCommand.exitCodes)
        @Option(help: "The checkpoint file.") var checkpoint: String
        @Option(help: "Why (recorded as the Manual kill reason).") var reason: String = "restored by the operator"

        func run() throws {
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            try CheckpointCommand.write(KillSwitchCheckpoint(triggered: true, reasons: [.manual(reason: self.reason)], time: now, triggeredAt: now),
                                        to: self.checkpoint, saying: "tripped (Manual: \(self.reason)); the next session starts killed until an operator reset")
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a clear checkpoint, replacing what is there (needs --confirm).",
                                                        discussion: CheckpointCommand.exitCodes)
        @Option(help: "The checkpoint file.") var checkpoint: String
        @Flag(help: "You checked why the switch tripped (see the runbook's 'when not to reset').") var confirm = false

        func validate() throws {
            guard self.confirm else { throw ValidationError("clearing a kill switch needs --confirm") }
        }

        func run() throws {
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            try CheckpointCommand.write(KillSwitchCheckpoint(triggered: false, reasons: [], time: now), to: self.checkpoint, saying: "clear")
        }
    }
}
