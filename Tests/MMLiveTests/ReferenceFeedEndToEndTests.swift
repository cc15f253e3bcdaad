import Foundation
import TestSupport
import Testing

/// mm-live paper against hl-sim with hl-sim's Binance-compatible reference feed: the
/// reference frames (and the malformed ones, as wire errors) are journaled, the journal
/// verifies bit for bit, a stalled reference feed is reconnected without stopping the
/// session, and bad reference options are refused.
@Suite(.serialized, .tags(.endToEnd)) struct ReferenceFeedEndToEndTests {
    static func session(sim extra: [String], live options: [String], seconds: Int) throws -> (live: String, journal: String, directory: URL) {
        let (sim, url) = try LiveEndToEndTests.startSim(extra)
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        let journal = directory.appendingPathComponent("reference.mmj").path
        let live = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", journal,
                                                      "--duration", "\(seconds)", "--reference", "binance"] + options)
        let status = live.waitForExit(seconds: Double(seconds) + 40)
        live.stop()
        #expect(status == 0, "mm-live paper failed:\n\(live.output)")
        return (live.output, journal, directory)
    }

    static func cat(_ journal: String, type: String) throws -> [String] {
        let cat = try runChildProcess(builtExecutable("mm-replay"), ["journal", "cat", journal, "--type", type])
        #expect(cat.status == 0, "\(cat.output)")
        return cat.stdout.split(separator: "\n").map(String.init)
    }

    @Test func aPaperSessionJournalsTheReferenceFeedAndVerifiesBitForBit() throws {
        let (output, journal, directory) = try Self.session(sim: ["--malformed-reference", "0.05"], live: [], seconds: 8)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(output.contains("reference feed: BTC=BTCUSDT"))
        #expect(output.contains("reference feed connected"))
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "verify failed:\n\(verify.output)\n--- mm-live ---\n\(output.suffix(3_000))")
        let quotes = try Self.cat(journal, type: "referenceQuote")
        let trades = try Self.cat(journal, type: "referenceTrades")
        #expect(quotes.count > 20, "reference quotes journaled: \(quotes.count)")
        #expect(trades.count > 0, "reference trades journaled")
        #expect(quotes.allSatisfy { $0.contains(#""source":"binance","coin":"BTC""#) })
        let connections = try Self.cat(journal, type: "connection")
        #expect(connections.contains { $0.contains(#""feed":"reference:binance","state":"connected""#) }, "\(connections)")
        let wireErrors = try Self.cat(journal, type: "wire_error")
        #expect(!wireErrors.isEmpty && wireErrors.allSatisfy { $0.contains("binance: malformed frame") }, "\(wireErrors.prefix(3))")
    }

    @Test func aStalledReferenceFeedReconnectsAndTheSessionGoesOn() throws {
        let (output, journal, directory) = try Self.session(sim: ["--stall-reference-after", "1"], live: ["--reference-stale-after", "2"], seconds: 9)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(output.contains("reference feed: no reference data for 2 s; reconnecting"), "\(output)")
        #expect(output.contains("reference feed: reconnect attempt 1 in 1000 ms"), "\(output)")
        #expect(output.contains("journal closed"))
        let connections = try Self.cat(journal, type: "connection").filter { $0.contains("reference:binance") }
        #expect(connections.contains { $0.contains("disconnected") } && connections.contains { $0.contains("reconnecting") }, "\(connections)")
        let verify = try runChildProcess(builtExecutable("mm-replay"), ["verify", journal])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test func badReferenceOptionsAreRefused() throws {
        let journal = "/tmp/never-\(UUID().uuidString).mmj"
        let symbol = try MMLiveBinary.run(["paper", "--journal", journal, "--reference", "binance", "--reference-symbol", "BTC"])
        #expect(symbol.status == 1)
        #expect(symbol.stderr.contains("--reference-symbol: reference symbol \"BTC\" is not COIN=SYMBOL"), "\(symbol.stderr)")
        let untraded = try MMLiveBinary.run(["paper", "--journal", journal, "--reference", "binance", "--reference-symbol", "ETH=ETHUSDT"])
        #expect(untraded.stderr.contains("reference symbol for ETH, which is not traded (traded: BTC)"), "\(untraded.stderr)")
        let withoutFeed = try MMLiveBinary.run(["paper", "--journal", journal, "--reference-url", "ws://127.0.0.1:1"])
        #expect(withoutFeed.stderr.contains("need --reference binance"), "\(withoutFeed.stderr)")
        let url = try MMLiveBinary.run(["paper", "--journal", journal, "--reference", "binance", "--reference-url", "http://x"])
        #expect(url.stderr.contains("expected ws://HOST[:PORT][/PATH]"), "\(url.stderr)")
        #expect(!FileManager.default.fileExists(atPath: journal))
    }
}

/// `/metrics` and `/health` of a paper session reading hl-sim's reference feed (which
/// leads its market by 200 ms): the feed's gauges and the signals of the quote cycles.
@Suite(.serialized, .tags(.endToEnd, .needsExternalTool)) struct ReferenceMetricsEndToEndTests {
    @Test func metricsShowTheReferenceFeedAndTheSignals() throws {
        let (sim, url) = try LiveEndToEndTests.startSim()
        defer { sim.stop() }
        let directory = try LiveEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = Int.random(in: 20_000...40_000)
        let live = try background(MMLiveBinary.path, ["paper", "--network", url, "--coins", "BTC", "--journal", directory.appendingPathComponent("m.mmj").path,
                                                      "--duration", "30", "--reference", "binance", "--metrics-port", "\(port)"])
        defer { live.stop() }
        #expect(live.wait(for: "metrics and operator endpoint on", seconds: 20) != nil, "\(live.output)")
        var metrics = ""
        for _ in 0..<100 where !metrics.contains(#"mm_lead_lag_ms{coin="BTC"}"#) {
            Thread.sleep(forTimeInterval: 0.2)
            metrics = try LiveFaultTests.curl(["http://127.0.0.1:\(port)/metrics"])
        }
        for name in ["mm_reference_connected 1", "mm_reference_frames_total ", #"mm_reference_age_seconds{coin="BTC"}"#, "mm_reference_decode_errors_total 0",
                     #"mm_signal_adjustment_bps{coin="BTC"}"#, #"mm_lead_lag_ms{coin="BTC"}"#, #"mm_model_brier{coin="BTC"}"#, #"mm_model_gating_mult{coin="BTC"}"#] {
            #expect(metrics.contains(name), "\(name) missing from:\n\(metrics)")
        }
        #expect(try LiveFaultTests.curl(["http://127.0.0.1:\(port)/health"]).contains(#""reference_connected":true"#))
    }
}
