import ArgumentParser
import Engine
import JSON
import Journal
import Replay
import SimulatedExchange

/// `mm-replay backtest`: the engine against a simulated exchange on recorded data.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Backtest the engine on recorded market data with a simulated exchange.",
        discussion: """
        Market data (books, trades) from the journals, merged by virtual time, drives
        the engine; SimExchange answers its orders with latency, queue position,
        partial fills, post-only rejections, fees, hourly funding and Hyperliquid's
        request budget (docs/replay.md describes the model). Seeded: the same inputs,
        config and --sim-seed give the same result. --out writes a journal of
        everything the engine saw and did, which `mm-replay verify` reproduces.

        Latency models: a duration ("40ms", "250us", "1s", a bare number is ms), or
        "uniform:10ms:80ms"; --latency-from JOURNAL draws from the request/response
        times recorded in a live journal.

        --json: digest, pnl, realized_pnl, unrealized_pnl, fees, funding, volume,
        fills, maker_share, time_quoting, max_drawdown, inventory_range,
        kill_switch_triggers, gate_reasons, story.

        A capture that ends with a torn tail (an incomplete last frame, from a crash)
        is used up to it, with a warning on standard error naming the file, the offset
        and the bytes ignored (`mm-replay journal repair` truncates it).

        Without a recorded config (an imported or synthetic capture) the engine quotes
        the captures' coins: taken from the captures when no --config is given or the
        file has no [[coins]] (default settings for BTC and ETH); a file with [[coins]]
        must list exactly the captures' coins.

        Exit codes: 0 done (torn tails included); 1 unreadable capture, a record that
        does not decode (named by path and seq), invalid config or option, a config
        whose coins differ from the captures'.
        """
    )

    @Argument(help: "Market-data journals (files or segment directories).")
    var captures: [String]

    @Option(name: .long, help: ArgumentHelp("Engine config (TOML) adjusting the journal's recorded one (its coins kept); for a capture without one, over the defaults, quoting the capture's coins.",
                                            discussion: EngineConfigChoice.help))
    var config: String?

    @Option(name: .long, help: "Profile whose overrides adjust the config: default | production.")
    var profile: EngineConfig.Profile?

    @Option(name: .long, help: "Latency model for entries, cancels and responses alike.")
    var latency: String?

    @Option(name: .long, help: "Order-entry latency model (default 40ms).")
    var entryLatency: String?

    @Option(name: .long, help: "Cancel latency model (default 40ms).")
    var cancelLatency: String?

    @Option(name: .long, help: "Response and fill latency model (default 20ms).")
    var responseLatency: String?

    @Option(name: .long, help: "Use the latencies recorded in this live journal (empirical).")
    var latencyFrom: String?

    @Option(name: .long, help: "Address request budget before any volume (a new Hyperliquid address has 10000).")
    var requestBudget: Int64 = 1_000_000

    @Option(name: .long, help: "Seed of the simulator's latency draws.")
    var simSeed: UInt64 = 1

    @Option(name: .long, help: "Write the backtest's journal here.")
    var out: String?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func model(_ text: String?, fallback: LatencyModel) throws -> LatencyModel {
        guard let text else { return fallback }
        guard let model = LatencyModel(parsing: text) else {
            throw ValidationError("latency '\(text)' is not a duration from 0 to 1 h (40ms, 250us, 1s) or uniform:LOW:HIGH")
        }
        return model
    }

    func validate() throws {
        guard (0...1_000_000_000_000).contains(self.requestBudget) else {
            throw ValidationError("--request-budget must be within 0...1000000000000, got \(self.requestBudget)")
        }
    }

    func run() throws {
        try runReportingErrors {
            let config = try EngineConfigChoice(file: self.config, profile: self.profile).resolve(journals: self.captures)
            var exchange = SimExchangeConfig()
            exchange.seed = self.simSeed
            exchange.initialRequestBudget = self.requestBudget
            exchange.makerFeeBps = config.fees.makerBps
            exchange.takerFeeBps = config.fees.takerBps
            let all = try self.model(self.latency, fallback: exchange.entryLatency)
            exchange.entryLatency = try self.model(self.entryLatency, fallback: self.latency == nil ? exchange.entryLatency : all)
            exchange.cancelLatency = try self.model(self.cancelLatency, fallback: self.latency == nil ? exchange.cancelLatency : all)
            exchange.responseLatency = try self.model(self.responseLatency, fallback: self.latency == nil ? exchange.responseLatency : all)
            if let journal = self.latencyFrom {
                let empirical = try LatencyModel.fromJournal(journal)
                guard case .empirical(let samples) = empirical, !samples.isEmpty else {
                    throw CommandFailure.noLatencySamples(journal: journal)
                }
                exchange.entryLatency = .empirical(samples.map { $0 / 2 })
                exchange.cancelLatency = .empirical(samples.map { $0 / 2 })
                exchange.responseLatency = .empirical(samples.map { $0 - $0 / 2 })
            }
            var progress = Progress(title: "backtest", total: 0)
            let summary = try BacktestRunner(config: config, exchange: exchange).run(captures: self.captures, output: self.out) { progress.update($0) }
            progress.finish()
            var output = StandardOutput()
            output.write(self.json ? renderBacktest(summary) + "\n" : describeBacktest(summary))
            output.flush()
            warnAboutTornTails(summary.replay.tornTails)
        }
    }
}

func renderBacktest(_ s: BacktestSummary) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.field("digest", s.replay.digest)
    json.field("events", s.replay.events)
    json.field("market_events", s.marketEvents)
    json.field("commands", s.replay.commands)
    json.field("pnl", s.pnl)
    json.field("realized_pnl", s.realizedPnL)
    json.field("unrealized_pnl", s.unrealizedPnL)
    json.field("fees", s.fees)
    json.field("funding", s.funding)
    json.field("volume", s.volume)
    json.field("fills", s.fills)
    json.field("maker_share", s.makerShare)
    json.field("time_quoting", s.timeQuoting)
    json.field("max_drawdown", s.maxDrawdown)
    json.field("ticks_skipped", s.ticksSkipped)
    json.key("inventory_range")
    json.beginObject()
    for (coin, low, high) in s.inventoryRange {
        json.key(coin)
        json.beginArray()
        json.value(low)
        json.value(high)
        json.endArray()
    }
    json.endObject()
    json.field("kill_switch_triggers", entries: s.replay.killSwitchTriggers, label: "reason")
    json.field("gate_reasons", counts: s.replay.gateReasons.map { ($0.reason, $0.count) })
    json.fillQuality(s.replay.fillQuality)
    json.signals(s.replay.signals)
    json.field("story", entries: s.replay.story, label: "what")
    json.endObject()
    return json.text
}

func describeBacktest(_ s: BacktestSummary) -> String {
    var lines = [
        "market events \(s.marketEvents), engine inputs \(s.replay.events), commands \(s.replay.commands)",
        "pnl \(s.pnl) (realized \(s.realizedPnL), unrealized \(s.unrealizedPnL), fees \(s.fees), funding \(s.funding))",
        "volume \(s.volume), fills \(s.fills), maker share \(s.makerShare), time quoting \(s.timeQuoting), max drawdown \(s.maxDrawdown)",
    ]
    for (coin, low, high) in s.inventoryRange { lines.append("\(coin) inventory \(low) ... \(high)") }
    if s.ticksSkipped > 0 {
        lines.append("ticks skipped inside gaps of the data: \(s.ticksSkipped) (after \(BacktestRunner.maxTicksPerGap) ticks without input)")
    }
    lines.append("gate reasons: " + s.replay.gateReasons.map { "\($0.reason) \($0.count)" }.joined(separator: ", "))
    lines += describeQuality(s.replay.fillQuality, signals: s.replay.signals)
    lines.append("kill switch triggers: \(s.replay.killSwitchTriggers.count)")
    lines.append("digest \(s.replay.digest)")
    lines += storyLines(s.replay.story, omitted: s.replay.storyOmitted, limit: 60)
    return lines.joined(separator: "\n") + "\n"
}
