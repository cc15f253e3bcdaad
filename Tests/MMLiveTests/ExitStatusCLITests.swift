import Foundation
import Testing

/// `mm-live`'s exit statuses for arguments, as its `--help` and the README document.
@Suite struct LiveExitStatusCLITests {
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
        ]
        for c in cases {
            let run = try MMLiveBinary.run(c.arguments)
            #expect(run.status == 1, "\(c.arguments): exited \(run.status): \(run.stderr)")
            #expect(run.stderr.contains(c.mentions), "\(c.arguments): \(run.stderr)")
        }
    }

    @Test func helpExitsZero() throws {
        for arguments in [["--help"], ["sign", "--help"], ["checkpoint", "clear", "--help"], ["--version"]] {
            let run = try MMLiveBinary.run(arguments)
            #expect(run.status == 0, "\(arguments): exited \(run.status): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
        }
    }
}
