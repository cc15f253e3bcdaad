import Foundation
import TestSupport
import Testing

/// `mm-replay`'s exit statuses for arguments, as its `--help` and the README document.
@Suite(.tags(.endToEnd)) struct ExitStatusCLITests {
    /// Was: 64 (ArgumentParser's EX_USAGE) for every argument or validation error,
    /// though the docs say 1.
    @Test func badArgumentsExitOneWithArgumentParsersMessage() throws {
        let cases: [(arguments: [String], mentions: String)] = [
            (["no-such-command"], "Unexpected argument 'no-such-command'"),
            (["journal", "cat"], "Missing expected argument '<path>'"),
            (["journal", "cat", "x.mmj", "--bogus"], "Unknown option '--bogus'"),
            (["journal", "cat", "x.mmj", "--type", "bogus"], "unknown record type 'bogus'"),
            (["journal", "cat", "x.mmj", "--limit", "many"], "--limit"),
            (["journal", "synth", "--out", "x.mmj", "--events", "0"], "--events must be within 1...1000000000, got 0"),
            (["scenario", "no-such-scenario", "--out", "x.mmj"], "unknown scenario 'no-such-scenario'"),
        ]
        for c in cases {
            let run = try MMReplay.run(c.arguments)
            #expect(run.status == 1, "\(c.arguments): exited \(run.status)")
            #expect(run.stderr.contains(c.mentions), "\(c.arguments): \(run.stderr)")
            #expect(run.stderr.contains("Usage: mm-replay ") && run.stderr.contains("--help' for more information."), "\(c.arguments): \(run.stderr)")
        }
    }

    @Test func helpAndVersionExitZero() throws {
        for arguments in [["--help"], ["journal", "--help"], ["journal", "cat", "--help"], ["help", "journal", "verify"], ["--version"]] {
            let run = try MMReplay.run(arguments)
            #expect(run.status == 0, "\(arguments): exited \(run.status): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
    }
}
