import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry points of this project's executables (`mm-replay`, `mm-live`, `hl-sim`).
///
/// They behave like ArgumentParser's own `main()` (same messages, `--help` and
/// `--version` exit 0, a command's `ExitCode` is kept) except for one thing: an argument
/// or validation error (an unknown option, a bad value, a `ValidationError`) exits with
/// status 1, as the executables document, instead of ArgumentParser's 64 (`EX_USAGE`) —
/// or with the status a command that conforms to ``UsageErrorExitStatus`` chooses.
extension ParsableCommand {
    /// The status an argument or validation error exits with: the invoked command's
    /// ``UsageErrorExitStatus/usageErrorExitStatus`` when it has one, else 1.
    public static var usageErrorStatus: Int32 {
        let invoked = self.invokedCommand(arguments: Array(CommandLine.arguments.dropFirst()))
        return (invoked as? UsageErrorExitStatus.Type)?.usageErrorExitStatus ?? 1
    }

    /// The deepest subcommand `arguments` name (`verify` in `mm-replay verify a.mmj`),
    /// or this command.
    public static func invokedCommand(arguments: [String]) -> ParsableCommand.Type {
        var command: ParsableCommand.Type = self
        for argument in arguments {
            guard let next = command.configuration.subcommands.first(where: { CommandIndex.name(of: $0) == argument }) else { break }
            command = next
        }
        return command
    }

    /// Prints `error` as ArgumentParser does and exits: with 1 for argument and
    /// validation errors, otherwise with ArgumentParser's status for it.
    public static func exitMappingUsageErrors(_ error: Error) -> Never {
        guard self.exitCode(for: error) == .validationFailure else { self.exit(withError: error) }
        let message = self.fullMessage(for: error)
        fflush(nil)  // what the command printed comes first
        if !message.isEmpty { writeToStandardError(message + "\n") }
        terminate(self.usageErrorStatus)
    }

    /// `main()` for a synchronous root command: parses, runs, and exits as
    /// ``exitMappingUsageErrors(_:)`` says on failure.
    public static func mainWithUsageErrorsExitingOne() {
        do {
            var command = try self.parseAsRoot()
            try command.run()
        } catch {
            self.exitMappingUsageErrors(error)
        }
    }
}

extension AsyncParsableCommand {
    /// `main()` for an asynchronous root command (its subcommands may be synchronous):
    /// parses, runs, and exits as ``ParsableCommand/exitMappingUsageErrors(_:)`` says on
    /// failure.
    public static func asyncMainWithUsageErrorsExitingOne() async {
        do {
            var command = try await self.asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            self.exitMappingUsageErrors(error)
        }
    }
}

/// A command whose argument and validation errors exit with a status of its own: one
/// that documents 1 as a result (`verify`: "diverged") gives usage errors the status of
/// "could not run" instead, so a typo in a CI job is never read as a result.
public protocol UsageErrorExitStatus {
    /// The status its argument and validation errors exit with.
    static var usageErrorExitStatus: Int32 { get }
}

/// Writes `text` to file descriptor 2, unbuffered.
private func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + done, $0.count - done) }
        if n <= 0 { return }
        done += n
    }
}

/// Ends the process with `status` (stdio buffers flushed).
private func terminate(_ status: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(status)
    #else
    Darwin.exit(status)
    #endif
}
