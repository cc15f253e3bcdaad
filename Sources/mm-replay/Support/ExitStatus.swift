import ArgumentParser
import Journal

/// The exit codes every `mm-replay` command uses.
enum ExitStatus {
    /// Everything worked.
    static let success = ExitCode(0)
    /// Corrupt or unreadable input, or another error; the message says what and where.
    static let failure = ExitCode(1)
    /// The journal ends with a torn tail (incomplete last frame).
    static let tornTail = ExitCode(2)
    /// `verify`: a journal could not be verified (unreadable, corrupt, bad config, nothing recorded).
    static let couldNotVerify = ExitCode(2)
}

/// Prints an error to standard error and returns the exit code to leave with.
func report(_ error: Error) -> ExitCode {
    switch error {
    case let error as JournalError:
        StandardError.print("error: \(error)")
        if case .tornTail = error { return ExitStatus.tornTail }
        return ExitStatus.failure
    case let exit as ExitCode:
        return exit
    default:
        StandardError.print("error: \(error)")
        return ExitStatus.failure
    }
}

/// Runs a command body, turning thrown errors into a message and an exit code.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw report(error)
    }
}
