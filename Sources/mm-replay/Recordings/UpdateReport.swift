import Engine
import JSON
import Replay

/// The lines `recordings --update-digests` prints for one recording: what was done, the
/// inputs and commands before and after, and where the commands first differ (seq and
/// time in the updated journal, the old and the new command) or `commands unchanged`.
func updateReportLines(_ update: Recordings.Update) -> [String] {
    let change = update.change
    let inputs = change.inputsBefore == change.inputsAfter
        ? "same \(change.inputsBefore) inputs" : "\(change.inputsBefore) inputs before, \(change.inputsAfter) now"
    let commands = change.commandsBefore == change.commandsAfter
        ? "\(change.commandsBefore) commands before and now" : "\(change.commandsBefore) commands before, \(change.commandsAfter) now"
    let head = "\(update.name): \(update.how): \(inputs), \(commands); "
    guard let first = change.firstDifference else {
        return [head + "commands unchanged" + (update.kept ? ", file kept byte for byte" : "")]
    }
    func text(_ command: Command?) -> String {
        command.map { Stamped(seq: first.seq, time: first.time, event: $0).jsonText } ?? "(nothing)"
    }
    return [head + "commands first differ at seq \(first.seq), time \(first.time) (after input \(first.input))",
            "  before: " + text(first.before),
            "  now:    " + text(first.after)]
}
