import Foundation
import Hyperliquid
import JSON
import TestSupport
import Testing

/// Runs the `mm-live` executable built next to the test bundle.
enum MMLiveBinary {
    static var path: String { builtExecutable("mm-live") }

    /// Runs `mm-live` (without the caller's HL_PRIVATE_KEY) and captures both streams.
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        var overrides: [String: String?] = ["HL_PRIVATE_KEY": nil]
        for (key, value) in environment { overrides[key] = value }
        let result = try runChildProcess(self.path, arguments, environment: overrides, stdin: stdin)
        return (result.status, result.stdout, result.stderr)
    }
}

@Suite(.tags(.endToEnd)) struct SignCLITests {
    static let vectors: [OrderedJSON] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/signing/hl_sign_vectors.json").standardized.path
        guard case .array(let all) = try! OrderedJSON(parsing: try! String(contentsOfFile: path, encoding: .utf8)) else { return [] }
        return all
    }()

    static func string(_ v: OrderedJSON?) -> String? { if case .string(let s)? = v { s } else { nil } }
    static func number(_ v: OrderedJSON?) -> String? {
        switch v {
        case .integer(let x)?: return String(x)
        case .unsigned(let x)?: return String(x)
        default: return nil
        }
    }

    /// The printed body matches the official SDK's signature for every vector, with and
    /// without vault and expiresAfter, mainnet and testnet.
    @Test func signPrintsTheExactRequestBody() throws {
        let dirScratch = Scratch("sign")
        let dir = dirScratch.path
        for (i, vector) in Self.vectors.enumerated() {
            let actionPath = dir + "/action-\(i).json"
            try vector["action"]!.text.write(toFile: actionPath, atomically: true, encoding: .utf8)
            var arguments = ["sign", "--action", actionPath, "--nonce", Self.number(vector["nonce"])!]
            if let vault = Self.string(vector["vaultAddress"]) { arguments += ["--vault", vault] }
            if let expires = Self.number(vector["expiresAfter"]) { arguments += ["--expires-after", expires] }
            if case .bool(false)? = vector["isMainnet"] { arguments.append("--testnet") }
            let key = Self.string(vector["privateKey"])!
            let result = try MMLiveBinary.run(arguments, environment: ["HL_PRIVATE_KEY": key])
            #expect(result.status == 0, "\(result.stderr)")
            let body = try OrderedJSON(parsing: result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            guard case .object(let pairs) = body else { Issue.record("not an object"); continue }
            #expect(pairs.map(\.key) == ["action", "nonce", "signature", "vaultAddress"] + (vector["expiresAfter"] == .null ? [] : ["expiresAfter"]))
            #expect(body["action"] == vector["action"])
            let expected = try RecoverableSignature(rHex: Self.string(vector["signature"]!["r"])!, sHex: Self.string(vector["signature"]!["s"])!,
                                                    v: Int(Self.number(vector["signature"]!["v"])!)!)
            #expect(Self.string(body["signature"]!["r"]) == expected.rHex)
            #expect(Self.string(body["signature"]!["s"]) == expected.sHex)
            #expect(!result.stdout.contains(String(key.dropFirst(2))))
        }
    }

    @Test func keysComeFromAPrivateFileOrTheEnvironmentOnly() throws {
        let dirScratch = Scratch("sign")
        let dir = dirScratch.path
        let vector = Self.vectors[0]
        let key = Self.string(vector["privateKey"])!
        let keyFile = dir + "/key"
        try key.write(toFile: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
        let action = vector["action"]!.text
        let open = try MMLiveBinary.run(["sign", "--action", "-", "--nonce", "1", "--key-file", keyFile], stdin: action)
        #expect(open.status != 0)
        #expect(open.stderr.contains("chmod 600"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile)
        let ok = try MMLiveBinary.run(["sign", "--action", "-", "--nonce", "1", "--key-file", keyFile], stdin: action)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try MMLiveBinary.run(["sign", "--action", "-", "--nonce", "1"], stdin: action).status != 0)  // no key at all
        let bad = try MMLiveBinary.run(["sign", "--action", "-", "--nonce", "1"], environment: ["HL_PRIVATE_KEY": "0x1234"], stdin: action)
        #expect(bad.status != 0 && bad.stderr.contains("invalid private key"))
        let badJSON = try MMLiveBinary.run(["sign", "--action", "-", "--nonce", "1"], environment: ["HL_PRIVATE_KEY": key], stdin: "{\"type\":")
        #expect(badJSON.status != 0 && badJSON.stderr.contains("invalid JSON"))
        for output in [open, ok, bad, badJSON] {
            #expect(!(output.stdout + output.stderr).contains(String(key.dropFirst(2))), "the key leaked")
        }
    }
}

@Suite(.tags(.endToEnd)) struct BenchCLITests {
    /// `mm-live bench --json` prints the documented figures, each a positive number.
    @Test func benchPrintsItsFigures() throws {
        let run = try MMLiveBinary.run(["bench", "--json", "--rounds", "3", "--batch", "2", "--live-events", "3000"])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try OrderedJSON(parsing: run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        for field in ["l2book_parse_us", "trades_parse_us", "trades10_parse_us", "sign_order_us", "secp256k1_sign_us", "tick_to_order_p50_us",
                      "tick_to_order_p99_us", "tick_to_order_p99_no_journal_us"] {
            guard case .number(let text)? = json[field], let value = Double(text) else { Issue.record("\(field) missing"); continue }
            #expect(value > 0, "\(field)")
        }
        guard case .integer(let samples)? = json["tick_to_order_samples"] else { Issue.record("no samples"); return }
        #expect(samples > 0)
        #expect(json["journal_overhead_pct"] != nil)
        #expect(try MMLiveBinary.run(["bench", "--rounds", "0"]).status != 0)
    }
}

/// `mm-live simulate` from the command line: the JSON fields and exit codes the docs
/// give.
@Suite(.tags(.endToEnd)) struct SimulateCLITests {
    @Test func simulatePrintsItsSummaryAndExitsZeroWithoutViolations() throws {
        let run = try runChildProcess(MMLiveBinary.path, ["simulate", "--seeds", "1-2", "--faults", "all", "--duration", "240", "--json"])
        #expect(run.status == 0, "\(run.output.suffix(2_000))")
        let line = try #require(run.output.split(separator: "\n").last { $0.hasPrefix("{") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["seeds"] as? Int == 2)
        #expect((object["violations"] as? [Any])?.isEmpty == true)
        for key in ["orders", "fills", "crashes", "unknown_outcomes", "reconciliation_fixes", "kills"] {
            #expect(object[key] is Int, "\(key)")
        }
        #expect(run.output.contains("seed 1: ok") && run.output.contains("seed 2: ok"))
    }

    @Test func badSimulateOptionsAreRefused() throws {
        for arguments in [["--seeds", "x"], ["--seeds", "5-1"], ["--faults", "weather"], ["--duration", "1"]] {
            let run = try runChildProcess(MMLiveBinary.path, ["simulate"] + arguments)
            #expect(run.status == 1, "\(arguments): \(run.output)")  // documented: bad options exit 1
        }
    }
}
