import ArgumentParser
import CommandLineStatus
import ConfigFile
import Engine
import Foundation
import Hyperliquid
import JSON
import Journal
import Live
import Replay

/// `mm-live preflight`: the runbook's pre-flight checks against the network, before a
/// trading session.
struct Preflight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the runbook's pre-flight checks against the network; exit 1 when one fails.",
        discussion: HelpText.reflow("""
        Records the market (and the account's streams) for --seconds with the engine \
        running on it, as `record` does, then checks:
          feeds           every coin's book arrives and is fresher than the data gate
          kill_switch     the checkpoint reads and is not tripped (a trip older than
                          24 h is cleanly skipped)
          positions       the exchange's positions are within max_inventory, and equal
                          the final positions of --last-journal when given
          open_orders     no order is open on the account (an earlier session's)
          headroom        the address's API headroom is above 20 %
          breakers        no circuit breaker is widening the spread
          spread          the spread multiplier is below 2.0x
        The account checks need --address (or a key). Exit codes: 0 every check passed;
        1 a check failed (each is printed PASS or FAIL with its figures), or bad options.
        """))

    @Option(help: "mainnet, testnet, or a base URL such as http://127.0.0.1:3001 (hl-sim).")
    var network: String

    @Option(help: "Coins to check, comma-separated.")
    var coins: String = "BTC"

    @Option(help: "Engine config (TOML), applied over the --profile.")
    var config: String?

    @Option(help: "Defaults to start from: default or production.")
    var profile: EngineConfig.Profile = .default

    @Option(help: "The account to check (0x + 40 hex digits). Default: the key's address, when HL_PRIVATE_KEY or --key-file is given.")
    var address: String?

    @Option(help: "File holding the private key (only its address is used).")
    var keyFile: String?

    @Option(help: "Directory of the kill-switch checkpoint (see `mm-live run --help`).")
    var stateDir: String?

    @Option(help: "Kill-switch checkpoint file (overrides --state-dir).")
    var checkpoint: String?

    @Option(help: "The previous session's journal: its final positions must equal the exchange's.")
    var lastJournal: String?

    @Option(help: "Seconds of market data to watch.")
    var seconds: Double = 25

    @Flag(help: "Print the checks as one JSON object.")
    var json = false

    func validate() throws {
        _ = try LiveNetwork(parsing: self.network)
        guard self.seconds >= 1 && self.seconds <= 600 else { throw ValidationError("--seconds must be 1...600, got \(self.seconds)") }
        if let address = self.address, !AccountAddress.isValid(address) { throw ValidationError("--address '\(address)' is not an address (0x and 40 hex digits)") }
    }

    struct Check {
        var name: String
        var passed: Bool
        var detail: String
    }

    func run() async throws {
        let network = try LiveNetwork(parsing: self.network)
        var address = self.address?.lowercased()
        if address == nil, self.keyFile != nil || ProcessInfo.processInfo.environment["HL_PRIVATE_KEY"] != nil {
            address = try KeySource.load(keyFile: self.keyFile).address.lowercased()
        }
        let coins = self.coins.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var checks: [Check] = []

        // The kill switch.
        let checkpointPath = self.checkpoint ?? CheckpointStore.path(stateDirectory: self.stateDir ?? CheckpointStore.defaultStateDirectory(),
                                                                     network: network.name, scope: address ?? "paper")
        var config = try self.config.map { try ConfigFile.load(path: $0, profile: self.profile) } ?? EngineConfig(profile: self.profile)
        do {
            if let saved = try CheckpointStore(path: checkpointPath).load() {
                let age = (Date().timeIntervalSince1970 * 1e9 - Double(saved.tripTime)) / 1e9
                let latched = saved.triggered && age < config.risk.checkpointMaxAgeSeconds
                checks.append(Check(name: "kill_switch", passed: !latched,
                                    detail: saved.triggered ? "\(checkpointPath): tripped \(Int(age)) s ago (\(saved.reasons.map(\.name).joined(separator: ",")))\(latched ? "" : ", older than the 24 h rule: skipped")"
                                        : "\(checkpointPath): clear"))
            } else {
                checks.append(Check(name: "kill_switch", passed: true, detail: "\(checkpointPath): none (clear)"))
            }
        } catch {
            checks.append(Check(name: "kill_switch", passed: false, detail: "\(error)"))
        }

        // The feeds and the engine, recorded for a while (journal in a temporary file).
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("mm-preflight-\(UUID().uuidString).mmj").path
        defer { try? JournalLayout.remove(temporary) }
        if let file = self.config { config = try ConfigFile.load(path: file, profile: self.profile) }
        let settings = LiveSettings(mode: .record, network: network, coins: coins, journalPath: temporary, rotateJournal: false, configPath: self.config,
                                    profile: self.profile, duration: self.seconds, metricsPort: nil, address: address, orphans: .adopt,
                                    checkpointPath: nil, operatorToken: nil)
        let runner = LiveRunner(settings: settings, key: nil)
        do { _ = try await runner.run() } catch {
            checks.append(Check(name: "feeds", passed: false, detail: "the session could not run: \(error)"))
        }
        if let driver = runner.driver {
            let engine = driver.engine
            let state = engine.state
            for coin in state.coins {
                let age = driver.lastMarketData[coin.name].map { (Timestamp(driver.session.lastTime) - Timestamp($0)).seconds }
                checks.append(Check(name: "feeds", passed: age.map { $0 <= engine.config.gates.dataStaleGateSeconds } ?? false,
                                    detail: "\(coin.name): " + (age.map { "last book or trades \(String(format: "%.1f", $0)) s before the end, \(coin.bookUpdates) books" } ?? "no market data")))
                if let chain = driver.latestDecisions[coin.name]?.multipliers {
                    let total = chain.total
                    checks.append(Check(name: "spread", passed: total < 2, detail: "\(coin.name): spread multiplier \(String(format: "%.2f", total))x"))
                    let breaker = chain.breaker
                    checks.append(Check(name: "breakers", passed: breaker <= 1, detail: "\(coin.name): circuit breaker \(String(format: "%.2f", breaker))x"))
                } else {
                    checks.append(Check(name: "spread", passed: false, detail: "\(coin.name): no quote cycle computed a spread (\(coin.lastDecision))"))
                }
            }
        }

        // The account.
        if let address {
            let rest = RESTClient(baseURL: network.restURL)
            do {
                let state = try await rest.info(RequestBody.info(["type": "clearinghouseState", "user": address]))
                let orders = try await rest.info(RequestBody.info(["type": "openOrders", "user": address]))
                let snapshot = try InfoResponse.accountSnapshot(clearinghouseState: state, openOrders: orders)
                var previous: [String: Size]?
                if let journal = self.lastJournal {
                    let recorded = try ConfigFile.recordedConfig(of: journal) ?? config
                    let final = try ReplayRunner(config: recorded).run(path: journal).finalState
                    previous = Dictionary(uniqueKeysWithValues: (final?.coins ?? []).map { ($0.name, $0.position) })
                }
                for name in coins {
                    let position = snapshot.positions.first { $0.coin == name }?.size ?? .zero
                    let limit = config.coin(named: name)?.maxInventory
                    var passed = limit.map { position.rawValue.magnitude <= $0.rawValue.magnitude } ?? true
                    var detail = "\(name): exchange \(position)" + (limit.map { ", max_inventory \($0)" } ?? "")
                    if let previous {
                        let last = previous[name] ?? .zero
                        passed = passed && last == position
                        detail += ", last session ended at \(last)"
                    }
                    checks.append(Check(name: "positions", passed: passed, detail: detail))
                }
                let open = snapshot.openOrders ?? []
                checks.append(Check(name: "open_orders", passed: open.isEmpty, detail: open.isEmpty ? "none open" : "\(open.count) orders open (an earlier session's?)"))
                let limits = try InfoResponse.rateLimit(try await rest.info(RequestBody.info(["type": "userRateLimit", "user": address])))
                let headroom = limits.cap > 0 ? 1 - Double(limits.used) / Double(limits.cap) : 0
                checks.append(Check(name: "headroom", passed: headroom > 0.2,
                                    detail: "\(limits.used) of \(limits.cap) requests used: \(String(format: "%.1f", headroom * 100)) % headroom"))
            } catch {
                checks.append(Check(name: "positions", passed: false, detail: "the account could not be read: \(error)"))
            }
            await rest.shutdown()
        } else {
            checks.append(Check(name: "positions", passed: false, detail: "no account: give --address or a key"))
        }

        let failed = checks.filter { !$0.passed }
        if self.json {
            var json = JSONWriter()
            json.beginObject()
            json.field("passed", failed.isEmpty)
            json.key("checks")
            json.beginArray()
            for check in checks {
                json.beginObject()
                json.field("name", check.name)
                json.field("passed", check.passed)
                json.field("detail", check.detail)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            print(json.text)
        } else {
            for check in checks { print("\(check.passed ? "PASS" : "FAIL") \(check.name): \(check.detail)") }
            print(failed.isEmpty ? "preflight: every check passed" : "preflight: \(failed.count) of \(checks.count) checks failed")
        }
        if !failed.isEmpty { throw ExitCode(1) }
    }
}

/// Address syntax (0x + 40 hex digits).
enum AccountAddress {
    static func isValid(_ text: String) -> Bool {
        let digits = text.hasPrefix("0x") ? text.dropFirst(2) : ""
        return digits.count == 40 && digits.allSatisfy(\.isHexDigit)
    }
}
