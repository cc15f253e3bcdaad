import ArgumentParser
import CommandLineStatus

/// `mm-replay journal`: the journal tools.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Create, inspect, check and repair journals.",
        discussion: HelpText.reflow("""
        Exit codes of every subcommand: 0 success; 1 error (the message names the file,
        byte offset and seq); 2 torn tail (the journal ends inside a frame, as after a
        crash; `repair` truncates it).
        """),
        subcommands: [Synth.self, Stat.self, Cat.self, Verify.self, Repair.self, RebaselineCommand.self, Export.self, Bench.self]
    )
}
