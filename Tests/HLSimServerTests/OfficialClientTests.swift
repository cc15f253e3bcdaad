import Foundation
import TestSupport
import Testing

/// hl-sim driven by Hyperliquid's official Python SDK (`pip install
/// hyperliquid-python-sdk`; scripts/install-deps.sh installs it).
@Suite(.serialized, .tags(.endToEnd)) struct OfficialClientTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("sdk_compat.py").path
    static let admittedKey = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63"
    static let admittedAddress = "0xfe3b557e8fb62b89f4916b721be55ceb828dbd73"

    @Test(.tags(.needsExternalTool)) func theOfficialPythonSDKWorksAgainstHLSim() throws {
        let probe = try runChildProcess("/usr/bin/env", ["python3", "-c", "import hyperliquid, eth_account, websocket, requests"])
        try #require(probe.status == 0, "the official SDK is not installed: run scripts/install-deps.sh (pip install hyperliquid-python-sdk)\n\(probe.output)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hl-sim-sdk-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let accounts = directory.appendingPathComponent("accounts.txt").path
        try "# the one admitted trader\n\(Self.admittedAddress) 5000\n".write(toFile: accounts, atomically: true, encoding: .utf8)

        let open = try SimProcess(["--seed", "3"])
        defer { open.stop() }
        let restricted = try SimProcess(["--seed", "4", "--accounts", accounts])
        defer { restricted.stop() }
        let faulty = try SimProcess(["--drop-connections-every", "1"])
        defer { faulty.stop() }

        let run = try runChildProcess("/usr/bin/env", ["python3", Self.script, open.url, restricted.url, faulty.url],
                                 environment: ["HL_SIM_ADMITTED_KEY": Self.admittedKey])
        #expect(run.status == 0, "SDK checks failed:\n\(run.output)\n--- hl-sim log ---\n\(open.log.suffix(3_000))\n--- restricted ---\n\(restricted.log.suffix(2_000))")
        #expect(run.output.contains("all SDK checks passed"))
        // One log line per request, naming the endpoint and the account.
        #expect(open.log.contains("POST /exchange 0x"))
        #expect(open.log.contains("POST /info 200 meta"))
        #expect(restricted.log.contains("does not exist."))
        #expect(faulty.log.contains("dropped (fault: drop connections every 1000 ms)"))
    }

    /// Bad arguments exit 1 as documented (ArgumentParser's own status is 64), and
    /// `--help` exits 0.
    @Test func badArgumentsAreRefusedWithAMessage() throws {
        let bad = try runChildProcess(SimProcess.executable, ["--rate-limit-rejections", "2"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("--rate-limit-rejections must be within 0...1"))
        let unknown = try runChildProcess(SimProcess.executable, ["--no-such-option"])
        #expect(unknown.status == 1, "\(unknown.output)")
        #expect(unknown.output.contains("Unknown option '--no-such-option'"))
        let huge = try runChildProcess(SimProcess.executable, ["--stall-feed-after", "1e300"])
        #expect(huge.status == 1 && huge.output.contains("--stall-feed-after: 1e+300 s is outside the valid range"), "\(huge.output)")
        let missing = try runChildProcess(SimProcess.executable, ["--accounts", "/nonexistent/accounts.txt", "--port", "0"])
        #expect(missing.status == 1)
        #expect(missing.output.contains("cannot read /nonexistent/accounts.txt"))
        let journal = try runChildProcess(SimProcess.executable, ["--market", "/nonexistent.mmj", "--port", "0"])
        #expect(journal.status == 1)
        #expect(journal.output.contains("no journal at /nonexistent.mmj"))
        let help = try runChildProcess(SimProcess.executable, ["--help"])
        #expect(help.status == 0 && help.output.contains("USAGE"))
    }
}
