import ArgumentParser
import CommandLineStatus
import Engine
import JSON
import Journal
import Replay

/// `mm-replay replay`: run the engine over a journal's inputs.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the engine over a journal's inputs and summarize what it decided.",
        discussion: HelpText.reflow("""
        Feeds every input event of the journal (in order, with its seq and virtual
        time) to the engine and collects the commands. The config is --config (over
        the --profile defaults), else --profile alone, else the one in the journal's
        header, else the defaults. Commands recorded in the journal by an earlier run
        are not fed back. --out writes a journal of the inputs followed, after each,
        by the commands it led to.

        The digest is SHA-256 over the command stream (each command's record encoding
        with the ordinal and time of the input that caused it): equal digests, equal
        decisions; replaying a replay's --out journal gives the same digest. After the
        summary comes the story: a compact timeline of what mattered (quote-gate
        changes, risk-action changes, kill-switch triggers and resets, position
        spikes, reconnects, late and orphan fills, reconciliation mismatches).
        --from-seq and --from-time enter the journal in the middle: the latest engine
        snapshot before the start is restored (replay and backtest journals carry one
        every 10 minutes of virtual time) and the engine runs silently from there; the
        summary and digest cover the records from the start on. --until-seq and
        --until-time stop early. --json prints one object with events, commands,
        commands_by_kind, decisions, decision_reasons, gate_reasons,
        kill_switch_triggers ({seq, time, reason}), story ({seq, time, what}), digest
        and the final state.

        A journal that ends with a torn tail (an incomplete last frame, from a crash)
        is replayed up to it, with a warning on standard error naming the file, the
        offset and the bytes ignored (`mm-replay journal repair` truncates it).

        Exit codes: 0 replayed (torn tail included); 1 unreadable or corrupt journal, a
        record that does not decode (named by path and seq), invalid config.
        """)
    )

    @Argument(help: "The journal (file or segment directory).")
    var path: String

    @Option(name: .long, help: ArgumentHelp("Engine config (TOML) adjusting the journal's recorded one (its coins kept); for a capture without one, over the defaults.",
                                            discussion: EngineConfigChoice.help))
    var config: String?

    @Option(name: .long, help: "Profile whose overrides adjust the config: default | production.")
    var profile: EngineConfig.Profile?

    @Option(name: .long, help: "Start at this seq: restores the latest engine snapshot before it, then replays.")
    var fromSeq: UInt64?

    @Option(name: .long, help: "Start at this virtual time (ns): restores the latest engine snapshot before it.")
    var fromTime: Int64?

    @Option(name: .long, help: "Stop after the record with this seq.")
    var untilSeq: UInt64?

    @Option(name: .long, help: "Stop after this virtual time (ns).")
    var untilTime: Int64?

    @Option(name: .long, help: "Write a journal of inputs and commands here.")
    var out: String?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() throws {
        try runReportingErrors {
            let config = try EngineConfigChoice(file: self.config, profile: self.profile).resolve(journal: self.path)
            var total: UInt64 = 0
            for segment in try JournalLayout.segmentPaths(of: self.path) {
                total += UInt64((try? FileSize.of(segment)) ?? 0)
            }
            var progress = Progress(title: "replay", total: total, unit: "B")
            let start: JournalReader.Start = self.fromSeq.map { .seq($0) } ?? self.fromTime.map { .time($0) } ?? .beginning
            let summary = try ReplayRunner(config: config).run(path: self.path, output: self.out, from: start, untilSeq: self.untilSeq,
                                                               untilTime: self.untilTime) { _, bytes in progress.update(bytes) }
            progress.finish()
            if start != .beginning && summary.events == 0 {
                StandardError.print("note: the journal has no input at or after \(self.fromSeq.map { "seq \($0)" } ?? "time \(self.fromTime ?? 0)")")
            }
            var output = StandardOutput()
            output.write(self.json ? render(summary) + "\n" : describe(summary))
            output.flush()
            warnAboutTornTails(summary.tornTails)
        }
    }
}

/// The summary as one JSON object.
func render(_ summary: ReplaySummary) -> String {
    var json = JSONWriter()
    json.beginObject()
    json.field("events", summary.events)
    json.field("commands", summary.commands)
    json.field("commands_by_kind", counts: summary.commandsByKind.map { ($0.kind.name, $0.count) })
    json.field("quotes_placed", summary.commandsByKind.first { $0.kind == .place }?.count ?? 0)
    json.field("decisions", summary.commandsByKind.first { $0.kind == .decision }?.count ?? 0)
    json.field("decision_reasons", counts: summary.decisionReasons.map { ($0.reason, $0.count) })
    json.field("gate_reasons", counts: summary.gateReasons.map { ($0.reason, $0.count) })
    json.field("kill_switch_triggers", entries: summary.killSwitchTriggers, label: "reason")
    json.field("story", entries: summary.story, label: "what")
    json.field("story_omitted", UInt64(summary.storyOmitted))
    json.field("recorded_commands_skipped", summary.recordedCommands)
    json.field("unknown_records", summary.unknownRecords)
    json.field("digest", summary.digest)
    json.fillQuality(summary.fillQuality)
    json.signals(summary.signals)
    if let state = summary.finalState {
        json.key("final")
        json.beginObject()
        json.field("total_pnl", state.totalPnl)
        json.key("coins")
        json.beginArray()
        for coin in state.coins {
            json.beginObject()
            json.field("coin", coin.name)
            json.field("position", coin.position)
            json.field("realized_pnl", coin.realizedPnl)
            json.field("fills", coin.fills)
            json.field("open_orders", UInt64(coin.openOrders))
            json.field("quote_cycles", coin.quoteCycles)
            json.field("sigma", coin.sigma)
            json.field("kappa_effective", coin.kappaEffective)
            json.field("toxicity", coin.toxicity)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
    json.endObject()
    return json.text
}

/// The summary for people.
func describe(_ summary: ReplaySummary) -> String {
    var lines = ["events     \(summary.events)", "commands   \(summary.commands)"]
    for (kind, count) in summary.commandsByKind where count > 0 {
        lines.append("  \(kind.name.padding(toLength: 16))\(count)")
    }
    if !summary.decisionReasons.isEmpty {
        lines.append("decisions by reason")
        for (reason, count) in summary.decisionReasons { lines.append("  \(reason.padding(toLength: 16))\(count)") }
    }
    if let state = summary.finalState {
        for coin in state.coins {
            lines.append("\(coin.name): position \(coin.position), realized \(coin.realizedPnl), fills \(coin.fills), open orders \(coin.openOrders), sigma \(coin.sigma), kappa_eff \(coin.kappaEffective)")
        }
    }
    if summary.recordedCommands > 0 { lines.append("recorded commands skipped \(summary.recordedCommands)") }
    lines.append("digest     \(summary.digest)")
    lines += storyLines(summary.story, omitted: summary.storyOmitted)
    return lines.joined(separator: "\n") + "\n"
}

/// Virtual time as UTC `HH:MM:SS.mmm` (virtual time is Unix nanoseconds).
func formatTime(_ ns: Int64) -> String { Timestamp(ns).timeOfDay(milliseconds: true) }
