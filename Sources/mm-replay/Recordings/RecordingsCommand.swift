import ArgumentParser
import CommandLineStatus
import Engine
import JSON
import Replay

/// `mm-replay recordings`: check or deliberately update the golden recordings.
struct RecordingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "Check the shipped recordings against their golden digests, or update them deliberately.",
        discussion: HelpText.reflow("""
        Without --update-digests: for every *.mmj of DIR, compares its SHA-256 with
        DIR/SHA256SUMS and re-runs the engine over it (`verify`); a changed recording
        is reported with the first divergence (seq, time, expected and actual
        command); a summary line ends the report. With --update-digests: regenerates
        every recording from its header (scenarios from their name and seed, synthetic
        backtests from the generator's seed) with the current code; any other journal (a
        live session, an imported incident) is rebaselined: its recorded inputs kept, the
        engine's new commands written, or the file kept byte for byte when its commands
        did not change; then SHA256SUMS is rewritten. For every recording a line says what
        was done, the inputs and commands before and after, and where the commands first
        differ (seq and time in the updated journal, the old and the new command) or
        "commands unchanged". All or nothing: every recording is checked and its new
        journal written to a temporary file first; only then are they renamed into place,
        SHA256SUMS last. A recording that cannot be updated (unreadable, or a journal with
        no engine config in its header that is neither a scenario nor a synthetic
        backtest, such as a capture) stops the update before anything is written, with
        its name and why; the directory is left as it was. Do this only for an intended
        change of the engine's behaviour, and say why in the commit.

        Exit codes: 0 all recordings match (or were updated); 1 a recording changed,
        lacks a digest, or cannot be read (with --update-digests: nothing was updated).
        """)
    )

    @Argument(help: "The recordings directory.")
    var directory: String = "recordings"

    @Flag(name: .long, help: "Regenerate the recordings and rewrite SHA256SUMS.")
    var updateDigests = false

    func run() throws {
        try runReportingErrors {
            if self.updateDigests {
                let updates = try Recordings.update(directory: self.directory)
                for update in updates {
                    warnAboutTornTails(update.tornTail.map { [$0] } ?? [])
                    for line in updateReportLines(update) { print(line) }
                }
                let kept = updates.filter(\.kept).count
                print("updated \(updates.count) recording(s)" + (kept > 0 ? " (\(kept) kept byte for byte)" : "")
                      + " and rewrote \(self.directory)/SHA256SUMS")
                return
            }
            var failed = false
            var counts = (ok: 0, changed: 0, missing: 0, unlisted: 0, unverifiable: 0)
            let statuses = try Recordings.check(directory: self.directory)
            for status in statuses {
                switch status {
                case .ok(let name):
                    counts.ok += 1
                    print("ok       \(name)")
                case .changed(let name, let expected, let actual, let divergence):
                    counts.changed += 1
                    failed = true
                    print("CHANGED  \(name): sha256 \(actual), golden \(expected)")
                    if let d = divergence {
                        print("  engine diverges at seq \(d.seq), time \(d.time)")
                        print("  expected: " + (d.expected.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(nothing)"))
                        print("  actual:   " + (d.actual.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(nothing)"))
                    }
                case .missingDigest(let name):
                    counts.unlisted += 1
                    failed = true
                    print("NO DIGEST \(name): not listed in SHA256SUMS")
                case .missingFile(let name):
                    counts.missing += 1
                    failed = true
                    print("MISSING  \(name): listed in SHA256SUMS but not present")
                case .notVerifiable(let name, let reason):
                    counts.unverifiable += 1
                    failed = true
                    print("UNVERIFIABLE \(name): \(reason)")
                }
            }
            // One summary line a CI log can be searched for.
            var summary = "\(statuses.count) checked, \(counts.ok) ok, \(counts.changed) changed"
            if counts.missing > 0 { summary += ", \(counts.missing) missing" }
            if counts.unlisted > 0 { summary += ", \(counts.unlisted) without a digest" }
            if counts.unverifiable > 0 { summary += ", \(counts.unverifiable) unverifiable" }
            print(summary)
            if failed { throw ExitStatus.failure }
        }
    }
}
