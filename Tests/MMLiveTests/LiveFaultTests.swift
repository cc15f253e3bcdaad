import Foundation
import TestSupport
import Testing

/// mm-live under hl-sim's faults and operator actions.
@Suite(.serialized, .tags(.endToEnd, .needsExternalTool)) struct LiveFaultTests {
    static func replayJSON(_ journal: String) throws -> [String: Any] {
        let replay = try runChildProcess(builtExecutable("mm-replay"), ["replay", journal, "--json"])
        return try JSONSerialization.jsonObject(with: Data(replay.output.utf8)) as? [String: Any] ?? [:]
    }

    static func curl(_ arguments: [String]) throws -> String {
        try runChildProcess("/usr/bin/env", ["curl", "-s", "--max-time", "5"] + arguments).output
    }

    @Test func sigtermCancelsOrdersAndExitsCleanly() throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = directory.appendingPathComponent("term.mmj").path
        let live = try background(MMLiveBinary.path, ["run", "--network", url, "--coins", "BTC", "--journal", journal],
                                  environment: ["HL_PRIVATE_KEY": LiveEndToEndTests.key])
        defer { live.stop() }
        #expect(sim.wait(for: "POST /exchange 0x[0-9a-f]+ 200 order", seconds: 30) != nil, "no order placed:\n\(live.output)")
        live.process.terminate()  // SIGTERM
        #expect(live.waitForExit(seconds: 20) == 0, "\(live.output)")
        #expect(live.output.contains("SIGTERM: shutting down"))
        #expect(try LiveEndToEndTests.openOrders(url) == "[]")
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// The checkpoint lives in the state directory, not beside the journal: it is written
    /// the moment the switch trips (a process killed right after keeps the kill), and a
    /// restart with another journal finds it (before, its default path was derived from
    /// the journal's name, which can never be reused, and it was written only at exit).
    @Test func anOperatorKillIsJournaledAndStaysLatchedAcrossARestart() throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("first.mmj").path
        let state = directory.appendingPathComponent("state").path
        let port = Int.random(in: 20_000...40_000)
        let live = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", first, "--duration", "60",
                                                      "--metrics-port", "\(port)", "--state-dir", state], environment: ["MM_OPERATOR_TOKEN": "t0ken-for-tests"])
        defer { live.stop() }
        #expect(live.wait(for: "metrics and operator endpoint on", seconds: 20) != nil, "\(live.output)")
        #expect(try Self.curl(["http://127.0.0.1:\(port)/health"]).contains(#""mode":"paper""#))
        // The spread multipliers appear with the first quote cycle that computes them
        // (warm-up cycles do); a metric family without samples is not exposed.
        var multipliers = ""
        for _ in 0..<50 where !multipliers.contains("# TYPE mm_spread_multiplier gauge") {
            Thread.sleep(forTimeInterval: 0.2)
            multipliers = try Self.curl(["http://127.0.0.1:\(port)/metrics"])
        }
        #expect(multipliers.contains("# TYPE mm_spread_multiplier gauge"), "\(multipliers)")
        #expect(multipliers.contains(#"mm_spread_multiplier{coin="BTC",stage="total"}"#), "\(multipliers)")
        // Operator commands need the token; the wrong method is 405.
        #expect(try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "http://127.0.0.1:\(port)/operator/kill?reason=drill"]) == "401")
        #expect(try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/operator/kill"]) == "405")
        // Issue 16: every other method on a known path is 405 too, not 404.
        #expect(try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", "http://127.0.0.1:\(port)/operator/kill"]) == "405")
        #expect(try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "http://127.0.0.1:\(port)/metrics"]) == "405")
        #expect(try Self.curl(["-X", "POST", "-H", "Authorization: Bearer t0ken-for-tests", "http://127.0.0.1:\(port)/operator/kill?reason=drill"]) == "ok: kill\n")
        #expect(!live.output.contains("t0ken-for-tests"), "the token is never logged")
        Thread.sleep(forTimeInterval: 1.2)
        let metrics = try Self.curl(["http://127.0.0.1:\(port)/metrics"])
        #expect(metrics.contains("mm_kill_switch_triggered 1"), "\(metrics)")
        #expect(metrics.contains("# TYPE mm_commands_total counter"))
        #expect(metrics.contains("# TYPE mm_spread_multiplier gauge"))
        #expect(metrics.contains("# HELP mm_kill_switch_triggered"))
        #expect(metrics.range(of: #"mm_journal_bytes [1-9]"#, options: .regularExpression) != nil, "\(metrics)")
        #expect(try Self.curl(["http://127.0.0.1:\(port)/health"]).contains(#""killed":true"#))
        let stateJSON = try Self.curl(["http://127.0.0.1:\(port)/state"])
        let stateObject = try #require(try JSONSerialization.jsonObject(with: Data(stateJSON.utf8)) as? [String: Any], "\(stateJSON)")
        #expect((stateObject["kill_switch"] as? [String: Any])?["reasons"] as? [String] == ["Manual"], "\(stateJSON)")
        #expect((stateObject["coins"] as? [[String: Any]])?.first?["multipliers"] != nil)
        #expect(metrics.contains(#"mm_kill_reason{reason="Manual"} 1"#), "\(metrics)")
        // Written at the trip, while the session still runs: then the process dies.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []
        let name = try #require(files.first { $0.hasPrefix("killswitch-") && $0.hasSuffix("-paper.json") }, "\(files)")
        let checkpointText = try String(contentsOfFile: state + "/" + name, encoding: .utf8)
        #expect(checkpointText.contains(#""triggered":true"#) && checkpointText.contains("triggeredAt"), "\(checkpointText)")
        kill(live.process.processIdentifier, SIGKILL)
        live.process.waitUntilExit()
        let operatorRecords = try runChildProcess(builtExecutable("mm-replay"), ["journal", "cat", first, "--type", "operator"])
        #expect(operatorRecords.output.contains("drill"), "\(operatorRecords.output)")

        // A restart within 24 h, with another journal: still killed, never quotes (even
        // after the warm-up).
        let second = directory.appendingPathComponent("second.mmj").path
        let restart = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", second, "--duration", "13",
                                                         "--state-dir", state, "--metrics-port", "\(port + 1)"])
        defer { restart.stop() }
        #expect(restart.waitForExit(seconds: 40) == 0, "\(restart.output)")
        #expect(restart.output.contains("TRIPPED (Manual)"), "\(restart.output)")
        // Issue 16: one log format; the endpoint's clean stop prints no Hummingbird error line.
        #expect(!restart.output.contains("CancellationError") && !restart.output.contains("HummingbirdCore"), "\(restart.output)")
        let summary = try Self.replayJSON(second)
        #expect(summary["quotes_placed"] as? Int == 0, "\(summary)")
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", second])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// An unreadable checkpoint refuses the start with what to do (before, it meant
    /// "start without it": a MaxLoss trip was forgotten).
    @Test func anUnreadableCheckpointRefusesToStart() throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("killswitch.json").path
        try #"{"triggered":tru"#.write(toFile: checkpoint, atomically: true, encoding: .utf8)
        let live = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", directory.appendingPathComponent("x.mmj").path,
                                                      "--duration", "5", "--checkpoint", checkpoint])
        defer { live.stop() }
        #expect(live.waitForExit(seconds: 20) == 1, "\(live.output)")
        #expect(live.output.contains("is unreadable") && live.output.contains("Refusing to trade") && live.output.contains("mm-live checkpoint"), "\(live.output)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.mmj").path), "no journal: nothing started")
        // The operator restores it as tripped; the session then starts killed.
        let trip = try runChildProcess(MMLiveBinary.path, ["checkpoint", "trip", "--checkpoint", checkpoint, "--reason", "restored"])
        #expect(trip.status == 0, "\(trip.output)")
        let show = try runChildProcess(MMLiveBinary.path, ["checkpoint", "show", "--checkpoint", checkpoint])
        #expect(show.output.contains("TRIPPED") && show.output.contains("Manual: restored"), "\(show.output)")
    }

    @Test func aStalledFeedGatesQuotesThenTripsTheKillSwitch() throws {
        let (sim, url) = try LiveEndToEndTests.startSim(["--stall-feed-after", "11"])
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("stale.toml").path
        try "[risk]\nstale_data_threshold_s = 19.0\n".write(toFile: config, atomically: true, encoding: .utf8)
        let journal = directory.appendingPathComponent("stale.mmj").path
        let live = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", journal, "--duration", "34",
                                                      "--config", config])
        defer { live.stop() }
        #expect(live.waitForExit(seconds: 80) == 0, "\(live.output)")
        let summary = try Self.replayJSON(journal)
        let gates = summary["gate_reasons"] as? [String: Any] ?? [:]
        #expect(gates["stale_data"] != nil, "gated for stale data: \(gates)")
        let triggers = summary["kill_switch_triggers"] as? [Any] ?? []
        #expect("\(triggers)".contains("StaleData"), "\(triggers)")
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "\(verify.output)")
    }

    /// hl-sim refuses 60 % of actions with the address-limit error, whose figures (used >
    /// cap) put the headroom below 1 %: the engine journals them as `rateLimit` inputs and
    /// stops quoting (the Exhausted tier's hard veto). Each refused request counts as one
    /// error, not one per order (before, one refused batch of 2 killed in production).
    @Test func rateLimitRejectionsReachTheEngine() throws {
        let (sim, url) = try LiveEndToEndTests.startSim(["--rate-limit-rejections", "0.6"])
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let journal = directory.appendingPathComponent("ratelimit.mmj").path
        let live = try background(MMLiveBinary.path, ["run", "--network", url, "--coins", "BTC", "--journal", journal, "--duration", "16"],
                                  environment: ["HL_PRIVATE_KEY": LiveEndToEndTests.key])
        defer { live.stop() }
        #expect(live.waitForExit(seconds: 60) == 0, "\(live.output)")
        let rateLimits = try runChildProcess(builtExecutable("mm-replay"), ["journal", "cat", journal, "--type", "rateLimit"])
        #expect(rateLimits.output.contains("rateLimit"), "no rateLimit input journaled:\n\(live.output.suffix(2_000))")
        let summary = try Self.replayJSON(journal)
        let gates = summary["gate_reasons"] as? [String: Any] ?? [:]
        #expect(gates["quota_exhausted"] != nil, "\(summary)")
        #expect(try LiveEndToEndTests.openOrders(url) == "[]")
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "\(verify.output)")
    }
}

/// `mm-live preflight` against hl-sim: every check passes on a fresh account; a tripped
/// checkpoint fails the kill-switch check (exit 1).
@Suite(.serialized, .tags(.endToEnd)) struct PreflightCLITests {
    @Test func preflightPassesThenFailsOnATrippedCheckpoint() throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("killswitch.json").path
        let arguments = ["preflight", "--network", url, "--coins", "BTC", "--address", LiveEndToEndTests.address, "--checkpoint", checkpoint]
        let pass = try runChildProcess(MMLiveBinary.path, arguments + ["--seconds", "4", "--json"])
        #expect(pass.status == 0, "\(pass.output)")
        for check in ["kill_switch", "feeds", "spread", "breakers", "positions", "open_orders", "headroom"] {
            #expect(pass.output.contains(#""name":"\#(check)","passed":true"#), "\(check): \(pass.output)")
        }
        _ = try runChildProcess(MMLiveBinary.path, ["checkpoint", "trip", "--checkpoint", checkpoint, "--reason", "drill"])
        let fail = try runChildProcess(MMLiveBinary.path, arguments + ["--seconds", "2"])
        #expect(fail.status == 1, "\(fail.output)")
        #expect(fail.output.contains("FAIL kill_switch") && fail.output.contains("tripped"), "\(fail.output)")
    }
}
