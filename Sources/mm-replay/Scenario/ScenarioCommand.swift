import ArgumentParser
import CommandLineStatus
import Engine
import Journal
import Replay
import SimulatedExchange

/// `mm-replay scenario`: deterministic incident journals.
struct ScenarioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Generate a deterministic incident journal (market data, simulated exchange, engine commands).",
        discussion: HelpText.reflow("""
        Scenarios: \(Scenario.allCases.map(\.rawValue).joined(separator: ", ")).
        Each is synthetic BTC market data with the incident scripted in, run through the
        engine (BTC-only defaults) and SimExchange; the journal records every input and
        command, so `mm-replay verify` reproduces it and `mm-replay replay` tells its
        story. Same scenario and seed, same bytes. --list prints what each one does.

        Exit codes: 0 written; 1 unknown scenario, existing --out, I/O error.
        """)
    )

    @Argument(help: "The scenario's name.")
    var name: String?

    @Option(name: .long, help: "Seed of the market data.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Journal to write.")
    var out: String?

    @Flag(name: .long, help: "Replace an existing journal at --out.")
    var force = false

    @Flag(name: .long, help: "List the scenarios with what happens and what the engine must do.")
    var list = false

    func validate() throws {
        guard !self.list, let name = self.name else { return }
        guard Scenario(rawValue: name) != nil else {
            throw ValidationError("unknown scenario '\(name)'; known: \(Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard self.out != nil else { throw ValidationError("--out is required") }
    }

    func run() throws {
        if self.list || self.name == nil {
            for scenario in Scenario.allCases {
                print("\(scenario.rawValue)\n  happens:     \(scenario.summary.happens)\n  engine must: \(scenario.summary.engineMust)")
            }
            return
        }
        try runReportingErrors {
            // validate() checked both.
            guard let name = self.name, let scenario = Scenario(rawValue: name), let out = self.out else { return }
            if self.force { try JournalLayout.remove(out) }
            let summary = try scenario.generate(seed: self.seed, output: out)
            print("wrote \(out): \(summary.replay.events) inputs, \(summary.replay.commands) commands, \(summary.fills) fills, \(summary.replay.killSwitchTriggers.count) kill-switch trigger(s)")
            print("digest \(summary.replay.digest)")
        }
    }
}
