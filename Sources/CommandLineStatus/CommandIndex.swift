import ArgumentParser

/// The list of every command of an executable, nested ones included, for its overview
/// (`--help`): built from the commands' own configurations, so it cannot fall behind.
public enum CommandIndex {
    /// One indented line per top-level command: its name, then its subcommands' names
    /// (recursively, space-separated paths), e.g. `  journal: synth, stat, cat`.
    public static func lines(of commands: [ParsableCommand.Type]) -> String {
        commands.map { command in
            let name = self.name(of: command)
            let nested = self.paths(under: command)
            return "  " + name + (nested.isEmpty ? "" : ": " + nested.joined(separator: ", "))
        }.joined(separator: "\n")
    }

    /// The paths of every command below `command`, relative to it.
    static func paths(under command: ParsableCommand.Type) -> [String] {
        command.configuration.subcommands.flatMap { sub -> [String] in
            let name = self.name(of: sub)
            let below = self.paths(under: sub)
            return below.isEmpty ? [name] : below.map { name + " " + $0 }
        }
    }

    /// The name a user types for `command`.
    static func name(of command: ParsableCommand.Type) -> String {
        command.configuration.commandName ?? command._commandName
    }
}
