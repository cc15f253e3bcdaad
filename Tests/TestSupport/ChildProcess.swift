import Foundation

/// What a child process did: its exit status and what it wrote.
public struct ChildProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    /// Standard output as bytes (for binary output).
    public var stdoutBytes: [UInt8]
    public var stderr: String

    /// Standard output, then standard error (for assertions and failure messages).
    public var output: String { self.stdout + self.stderr }
}

/// Runs `executable` with `arguments` to completion and captures both streams.
///
/// `environment` entries override the test process's environment (a `nil` value removes
/// the variable); `stdin`, when given, is written to the child's standard input, which
/// is then closed. The two pipes are read concurrently, so a child that fills one while
/// the other is being read cannot block. `directory`, when given, is the child's working
/// directory.
public func runChildProcess(_ executable: String, _ arguments: [String], environment: [String: String?] = [:],
                            stdin: String? = nil, directory: String? = nil) throws -> ChildProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if !environment.isEmpty {
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = stdin.map { _ in Pipe() }
    if let input { process.standardInput = input }
    try process.run()
    if let input, let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { Thread.sleep(forTimeInterval: 0.001) }
    return ChildProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                              stdoutBytes: Array(outData), stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs `command` with `/bin/sh -c` to completion and captures both streams.
public func runShell(_ command: String) throws -> ChildProcessResult {
    try runChildProcess("/bin/sh", ["-c", command])
}

/// The path of the executable product `name` built next to the running test bundle (on
/// Linux the test binary is `<bin>/<Package>PackageTests.xctest`).
public func builtExecutable(_ name: String) -> String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
    if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
    return directory.appendingPathComponent(name).path
}
