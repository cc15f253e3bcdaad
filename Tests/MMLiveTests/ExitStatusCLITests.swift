import Foundation
import TestSupport
import Testing

/// `mm-live`'s exit statuses for arguments, as its `--help` and the README document.
@Suite(.tags(.endToEnd)) struct LiveExitStatusCLITests {
    /// Was: 64 (ArgumentParser's EX_USAGE) for argument and validation errors, and 64
    /// for `checkpoint clear` without `--confirm` (a ValidationError thrown in run()).
    @Test func badArgumentsExitOneWithArgumentParsersMessage() throws {
        let cases: [(arguments: [String], mentions: String)] = [
            (["sign", "--action", "-", "--nonce", "1", "--bogus"], "Unknown option '--bogus'"),
            (["sign", "--action", "-"], "Missing expected argument '--nonce <nonce>'"),
            (["simulate", "--seeds", "x"], "--seeds 'x'"),
            (["checkpoint", "clear", "--checkpoint", "/nonexistent/ks.json"], "clearing a kill switch needs --confirm"),
            (["paper", "--network", "testnet", "--coins", "BTC", "--journal", "/nonexistent/j.mmj", "--duration", "1e300"],
             "--duration: 1e+300 s is outside the valid range"),
            (["bench", "--rounds", "0"], "--rounds and --batch must be positive"),
            // Was: accepted without an upper bound.
            (["bench", "--batch", "9999999999"], "--batch must be within 0...1000000"),
            (["bench", "--live-events=-1"], "--live-events must be within 0...100000000"),
            (["simulate", "--seeds", "1-999999,1-999999"], "at most 1000000 in all"),
        ]
        for c in cases {
            let run = try MMLiveBinary.run(c.arguments)
            #expect(run.status == 1, "\(c.arguments): exited \(run.status): \(run.stderr)")
            #expect(run.stderr.contains(c.mentions), "\(c.arguments): \(run.stderr)")
        }
    }

    /// Was: the config and its `[[coins]]` entries were checked only after the exchange's
    /// `meta` was fetched, so with an unreachable venue a bad config surfaced as a network
    /// error after the retries. Now it is refused before anything goes to the network.
    @Test func aCoinWithoutAConfigEntryIsRefusedBeforeTheNetwork() throws {
        let journal = NSTemporaryDirectory() + "/mm-live-no-coin-\(getpid()).mmj"
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let started = Date()
        let run = try MMLiveBinary.run(["paper", "--network", "http://127.0.0.1:9", "--coins", "SOL", "--journal", journal])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("coin SOL has no [[coins]] entry in the config"), "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 5, "the config was checked only after network retries")
        #expect(!FileManager.default.fileExists(atPath: journal))
    }

    /// Was: an existing --journal was a validation error: exit 1 but with the usage text,
    /// as if the command line were wrong. A missing key was already a plain error.
    @Test func anExistingJournalOrAMissingKeyIsAnErrorNotAUsageError() throws {
        let journal = NSTemporaryDirectory() + "/mm-live-existing-\(getpid()).mmj"
        try "not mine\n".write(toFile: journal, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let existing = try MMLiveBinary.run(["record", "--network", "http://127.0.0.1:9", "--coins", "BTC", "--journal", journal])
        #expect(existing.status == 1, "\(existing.stderr)")
        #expect(existing.stderr.contains("exists; live sessions never overwrite a journal"), "\(existing.stderr)")
        #expect(!existing.stderr.contains("Usage:"), "\(existing.stderr)")
        #expect(try String(contentsOfFile: journal, encoding: .utf8) == "not mine\n")
        let noKey = try MMLiveBinary.run(["run", "--network", "http://127.0.0.1:9", "--coins", "BTC", "--journal", journal + ".new"])
        #expect(noKey.status == 1, "\(noKey.stderr)")
        #expect(noKey.stderr.contains("no key: set HL_PRIVATE_KEY or pass --key-file") && !noKey.stderr.contains("Usage:"), "\(noKey.stderr)")
    }

    @Test func helpExitsZero() throws {
        for arguments in [["--help"], ["sign", "--help"], ["checkpoint", "clear", "--help"], ["--version"]] {
            let run = try MMLiveBinary.run(arguments)
            #expect(run.status == 0, "\(arguments): exited \(run.status): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
    }
}
