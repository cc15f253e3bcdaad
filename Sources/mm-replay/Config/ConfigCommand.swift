import ArgumentParser
import CommandLineStatus
import ConfigFile
import Engine
import EngineJournal

/// `mm-replay config`: check and show engine configs.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check a config file, or show the effective config.",
        discussion: "Exit codes: 0 valid (check) or printed (show); 1 the file is invalid (every problem listed) or bad options.",
        subcommands: [Check.self, Show.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a TOML config: lists every problem with its field path.",
            discussion: HelpText.reflow("""
            Reports TOML syntax errors (line, column), unknown sections and keys (with the
            closest known name), values of the wrong type, and values that break a rule,
            for example:

            \(ruleExamples)
                coins[NAME].max_inventory > 0, at most \(Limits.largestSize), >= order_size

            `mm-replay config show` lists every field with its rule.

            Exit codes: 0 valid; 1 one or more problems (all listed on standard error).
            """)
        )

        @Argument(help: "The TOML file.")
        var file: String

        @Option(name: .long, help: "Defaults to apply the file over: default | production.")
        var profile: EngineConfig.Profile = .default

        func run() throws {
            do {
                let config = try ConfigFile.load(path: self.file, profile: self.profile)
                print("ok: \(self.file) is valid (\(config.coins.map(\.name).joined(separator: ", ")))")
            } catch {
                StandardError.print(error.description)
                throw ExitStatus.failure
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective config (defaults, or FILE over the defaults) as TOML or JSON.",
            discussion: HelpText.reflow("""
            The TOML output lists every field with its meaning and rule, and loads back
            unchanged (`mm-replay config show > my.toml`). --json prints one object with a
            nested object per section and durations in seconds.

            Exit codes: 0 printed; 1 the FILE is invalid (problems listed).
            """)
        )

        @Argument(help: "A TOML file to apply over the defaults.")
        var file: String?

        @Option(name: .long, help: "Defaults: default | production (the runbooks' production thresholds).")
        var profile: EngineConfig.Profile = .default

        @Flag(name: .long, help: "Print JSON instead of TOML.")
        var json = false

        func run() throws {
            let config: EngineConfig
            do throws(ConfigError) {
                if let file = self.file { config = try ConfigFile.load(path: file, profile: self.profile) } else { config = EngineConfig(profile: self.profile) }
            } catch {
                StandardError.print(error.description)
                throw ExitStatus.failure
            }
            var output = StandardOutput()
            output.write(self.json ? ConfigFile.renderJSON(config) + "\n" : ConfigFile.renderTOML(config))
            output.flush()
        }
    }
}

/// A few fields' rules for `config check --help`, one indented line each, from the
/// parameter table (so the help says what the check enforces).
let ruleExamples: String = ["strategy.gamma", "strategy.kappa", "quoting.levels"].compactMap { path in
    EngineConfig.parameters.first { $0.path == path }.map { "    \(path) \($0.rule)" }
}.joined(separator: "\n")

extension EngineConfig.Profile: ExpressibleByArgument {}
