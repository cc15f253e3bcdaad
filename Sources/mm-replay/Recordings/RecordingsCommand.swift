import ArgumentParser
import Engine
import Replay

/// `mm-replay recordings`: check or deliberately update the golden recordings.
struct RecordingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "Check the shipped recordings against their golden digests, or update them deliberately.",
        discussion: """
        Without --update-digests: for every *.mmj of DIR, compares its SHA-256 with
        DIR/SHA256SUMS and re-runs the engine over it (`verify`); a changed recording
        is reported with the first divergence (seq, time, expected and actual
        command). With --update-digests: regenerates every recording from its header
        (scenarios from their name and seed, synthetic backtests from the generator's
        seed) with the current code, and rewrites SHA256SUMS. Do this only for an
        intended change of the engine's behaviour, and say why in the commit.

        Exit codes: 0 all recordings match (or were updated); 1 a recording changed,
        lacks a digest, or cannot be read.
        """
    )

    @Argument(help: "The recordings directory.")
    var directory: String = "recordings"

    @Flag(name: .long, help: "Regenerate the recordings and rewrite SHA256SUMS.")
    var updateDigests = false

    func run() throws {
        try runReportingErrors {
            if self.updateDigests {
                let names = try Recordings.update(directory: self.directory)
                print("regenerated \(names.count) recording(s) and rewrote \(self.directory)/SHA256SUMS")
                return
            }
            var failed = false
            for status in try Recordings.check(directory: self.directory) {
                switch status {
                case .ok(let name):
                    print("ok       \(name)")
                case .changed(let name, let expected, let actual, let divergence):
                    failed = true
                    print("CHANGED  \(name): sha256 \(actual), golden \(expected)")
                    if let d = divergence {
                        print("  engine diverges at seq \(d.seq), time \(d.time)")
                        print("  expected: " + (d.expected.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(nothing)"))
                        print("  actual:   " + (d.actual.map { Stamped(seq: d.seq, time: d.time, event: $0).jsonText } ?? "(nothing)"))
                    }
                case .missingDigest(let name):
                    failed = true
                    print("NO DIGEST \(name): not listed in SHA256SUMS")
                case .missingFile(let name):
                    failed = true
                    print("MISSING  \(name): listed in SHA256SUMS but not present")
                case .notVerifiable(let name, let reason):
                    failed = true
                    print("UNVERIFIABLE \(name): \(reason)")
                }
            }
            if failed { throw ExitStatus.failure }
        }
    }
}
