import Foundation
import TestSupport
import Testing

/// A background process with mm-live's test environment: no `HL_PRIVATE_KEY` from the
/// caller, and checkpoints in a fresh state directory, never the user's.
func background(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> BackgroundProcess {
    var overrides: [String: String?] = ["HL_PRIVATE_KEY": nil, "MM_STATE_DIR": temporaryPath("mm-state")]
    for (key, value) in environment { overrides[key] = value }
    return try BackgroundProcess(executable, arguments, environment: overrides)
}

/// mm-live against hl-sim on loopback: the session journals, the journal verifies bit for
/// bit, no order of ours is left open, the key is nowhere.
@Suite(.serialized, .tags(.endToEnd, .needsExternalTool)) struct LiveEndToEndTests {
    static let key = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
    static let address = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"

    static func startSim(_ extra: [String] = []) throws -> (BackgroundProcess, String) {
        let sim = try background(builtExecutable("hl-sim"), ["--port", "0", "--seed", "11"] + extra)
        guard let line = sim.wait(for: #"listening on http://127\.0\.0\.1:\d+"#) else {
            sim.stop()
            throw LiveTestError(message: "hl-sim did not start: \(sim.output)")
        }
        return (sim, String(line.dropFirst("listening on ".count)))
    }

    static func temporaryDirectory() throws -> URL {
        let directory = URL(fileURLWithPath: temporaryPath("mm-live-e2e"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func openOrders(_ url: String) throws -> String {
        let body = #"{"type":"openOrders","user":"\#(Self.address)"}"#
        let curl = try runChildProcess("/usr/bin/env", ["curl", "-s", "-X", "POST", url + "/info", "-d", body])
        #expect(curl.status == 0)
        return curl.output
    }

    @Test(arguments: ["run", "paper", "record"]) func aBoundedSessionVerifiesBitForBit(mode: String) throws {
        let (sim, url) = try Self.startSim()
        defer { sim.stop() }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = directory.appendingPathComponent("\(mode).mmj").path
        let extra = mode == "record" ? ["--address", Self.address] : []
        let live = try background(MMLiveBinary.path, [mode, "--network", url, "--coins", "BTC", "--journal", journal, "--duration", "14"] + extra,
                                  environment: mode == "run" ? ["HL_PRIVATE_KEY": Self.key] : [:])
        let status = live.waitForExit(seconds: 60)
        live.stop()
        #expect(status == 0, "mm-live \(mode) failed:\n\(live.output)")
        #expect(!live.output.contains(String(Self.key.dropFirst(2))), "the key appears in the log")
        #expect(!sim.output.contains(String(Self.key.dropFirst(2))))
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "verify failed:\n\(verify.output)\n--- mm-live ---\n\(live.output)")
        let replay = try runChildProcess(builtExecutable("mm-replay"), ["replay", journal, "--json"])
        #expect(replay.output.contains(#""commands""#))
        let journalBytes = try Data(contentsOf: URL(fileURLWithPath: journal))
        #expect(journalBytes.range(of: Data(String(Self.key.dropFirst(2)).utf8)) == nil, "the key appears in the journal")
        if mode == "record" {
            #expect(!sim.output.contains("POST /exchange"), "record sent something to /exchange")
            #expect(sim.output.contains(#""type":"userFills","user":"\#(Self.address)""#), "the account's streams were not subscribed")
        }
        if mode == "run" {
            #expect(try Self.openOrders(url) == "[]", "orders left open on hl-sim")
            #expect(sim.output.contains("POST /exchange \(Self.address) 200 order"), "no order reached hl-sim:\n\(sim.output.suffix(2_000))")
            #expect(live.output.contains("journal closed"))
            // The start-up and exit summaries: positions, orders, kill switch, checkpoint.
            #expect(live.output.contains("start: account value"), "\(live.output)")
            #expect(live.output.contains("kill switch clear (no checkpoint loaded)"), "a fresh state directory: \(live.output)")
            #expect(live.output.contains("open orders 0; kill switch clear; checkpoint written"), "\(live.output)")
        }
    }

    @Test func aDroppedConnectionReconnectsWithBackoffAndResubscribes() throws {
        let (sim, url) = try Self.startSim(["--drop-connections-every", "3"])
        defer { sim.stop() }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = directory.appendingPathComponent("drop.mmj").path
        let live = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", journal, "--duration", "8"])
        let status = live.waitForExit(seconds: 60)
        live.stop()
        #expect(status == 0, "\(live.output)")
        #expect(live.output.contains("feed disconnected"))
        #expect(live.output.contains("feed: reconnect attempt 1 in 1000 ms"))
        let connects = live.output.components(separatedBy: "feed connected").count - 1
        #expect(connects >= 2, "reconnected: \(live.output)")
        // Each connection subscribed again.
        #expect(sim.output.components(separatedBy: #""type":"l2Book","coin":"BTC""#).count - 1 >= connects)
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "\(verify.output)")
        let cat = try runChildProcess(builtExecutable("mm-replay"), ["journal", "cat", journal, "--type", "connection"])
        #expect(cat.output.contains("disconnected") && cat.output.contains("reconnecting"), "\(cat.output.prefix(1_000))")
    }

    @Test func badOptionsAreRefused() throws {
        let missingKey = try MMLiveBinary.run(["run", "--network", "testnet", "--journal", "/tmp/never-\(UUID().uuidString).mmj"])
        #expect(missingKey.status != 0)
        #expect(missingKey.stderr.contains("no key: set HL_PRIVATE_KEY or pass --key-file"))
        // Issue 16: `run` has no default network (record and paper default to testnet).
        let noNetwork = try MMLiveBinary.run(["run", "--journal", "/tmp/never-\(UUID().uuidString).mmj"], environment: ["HL_PRIVATE_KEY": "0x" + String(repeating: "11", count: 32)])
        #expect(noNetwork.status == 1)
        #expect(noNetwork.stderr.contains("run sends orders: give --network"), "\(noNetwork.stderr)")
        let network = try MMLiveBinary.run(["paper", "--network", "ftp://x", "--journal", "/tmp/x.mmj"])
        #expect(network.stderr.contains("expected mainnet, testnet or a base URL"))
    }
}

struct LiveTestError: Error, CustomStringConvertible {
    var message: String
    var description: String { self.message }
}
