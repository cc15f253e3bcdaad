#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Engine
import EngineJournal
import Foundation

/// Where the kill-switch checkpoint lives and how it is read and written.
///
/// Written atomically (a temporary file in the same directory, fsync, rename over the
/// old one, fsync of the directory): a crash at any moment leaves either the old or the
/// new checkpoint, never a torn one. Read fail-closed: a checkpoint that exists but
/// cannot be read refuses the start (``CheckpointError``), because a corrupt file must
/// never silently clear a kill.
public struct CheckpointStore: Sendable {
    /// The checkpoint file.
    public let path: String

    public init(path: String) { self.path = path }

    /// The default state directory: `$MM_STATE_DIR`, else `$XDG_STATE_HOME/mm-live`, else
    /// `~/.local/state/mm-live`.
    public static func defaultStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["MM_STATE_DIR"], !explicit.isEmpty { return explicit }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/mm-live" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state/mm-live"
    }

    /// The checkpoint of one trading scope in a state directory:
    /// `killswitch-NETWORK-SCOPE.json`, where SCOPE is the account address (run) or
    /// `paper`, and NETWORK the network's name with anything but letters, digits, `.`
    /// and `-` replaced by `-` (`http://127.0.0.1:3001` → `127.0.0.1-3001`).
    public static func path(stateDirectory: String, network: String, scope: String) -> String {
        var name = network
        for prefix in ["https://", "http://"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "-" })
        var directory = stateDirectory
        while directory.count > 1 && directory.hasSuffix("/") { directory.removeLast() }
        return "\(directory)/killswitch-\(safe)-\(scope.lowercased()).json"
    }

    /// The checkpoint, or nil when there is none. Throws when the file exists but
    /// cannot be read or decoded.
    public func load() throws(CheckpointError) -> KillSwitchCheckpoint? {
        guard FileManager.default.fileExists(atPath: self.path) else { return nil }
        guard let data = FileManager.default.contents(atPath: self.path) else {
            throw CheckpointError(path: self.path, reason: "it cannot be read (permissions?)")
        }
        do {
            let checkpoint = try KillSwitchCheckpoint.decodeJSON(data)
            if checkpoint.triggered && checkpoint.reasons.isEmpty {
                throw CheckpointError(path: self.path, reason: "it says triggered but names no reason")
            }
            for (name, time) in [("time", checkpoint.time), ("triggeredAt", checkpoint.triggeredAt ?? 0)] {
                if let problem = Limits.timeProblem(time) { throw CheckpointError(path: self.path, reason: "its \(name): \(problem)") }
            }
            return checkpoint
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError(path: self.path, reason: "it is not a valid checkpoint (\(Self.describe(error)))")
        }
    }

    /// Where a reset keeps the trip it clears (`PATH.last-trip.json`).
    public var lastTripPath: String { self.path.hasSuffix(".json") ? String(self.path.dropLast(5)) + ".last-trip.json" : self.path + ".last-trip.json" }

    /// Writes the checkpoint atomically, creating the directory if needed. A clear
    /// checkpoint replacing a tripped one first saves the tripped one to
    /// ``lastTripPath`` (the runbook: save the checkpoint before any reset).
    public func save(_ checkpoint: KillSwitchCheckpoint) throws(CheckpointError) {
        if !checkpoint.triggered, let previous = try? self.load(), previous.triggered {
            try CheckpointStore(path: self.lastTripPath).writeAtomically(previous)
        }
        try self.writeAtomically(checkpoint)
    }

    private func writeAtomically(_ checkpoint: KillSwitchCheckpoint) throws(CheckpointError) {
        let text: String
        do { text = try KillSwitchCheckpoint.encodeJSON(checkpoint) + "\n" } catch {
            throw CheckpointError(path: self.path, reason: "encoding failed: \(error)", writing: true)
        }
        let directory = (self.path as NSString).deletingLastPathComponent.isEmpty ? "." : (self.path as NSString).deletingLastPathComponent
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw CheckpointError(path: self.path, reason: "cannot create \(directory): \(error.localizedDescription)", writing: true)
        }
        let temporary = self.path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw CheckpointError(path: self.path, reason: "cannot create \(temporary): \(Self.errnoText())", writing: true) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = Self.errnoText()
                close(fd)
                unlink(temporary)
                throw CheckpointError(path: self.path, reason: "write failed: \(reason)", writing: true)
            }
            written += n
        }
        if fsync(fd) != 0 {
            let reason = Self.errnoText()
            close(fd)
            unlink(temporary)
            throw CheckpointError(path: self.path, reason: "fsync failed: \(reason)", writing: true)
        }
        close(fd)
        guard rename(temporary, self.path) == 0 else {
            let reason = Self.errnoText()
            unlink(temporary)
            throw CheckpointError(path: self.path, reason: "rename failed: \(reason)", writing: true)
        }
        let directoryFD = open(directory, O_RDONLY)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription + " at " + context.codingPath.map(\.stringValue).joined(separator: ".")
        default: return "\(error)"
        }
    }
}

/// A kill-switch checkpoint that cannot be read or written, with what to do about it.
public struct CheckpointError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    /// Whether writing (rather than reading) failed.
    public var writing = false

    public init(path: String, reason: String, writing: Bool = false) {
        self.path = path
        self.reason = reason
        self.writing = writing
    }

    public var description: String {
        if self.writing { return "kill-switch checkpoint \(self.path) not written: \(self.reason)" }
        return """
        kill-switch checkpoint \(self.path) is unreadable: \(self.reason). Refusing to trade: \
        the checkpoint says whether the kill switch was tripped, and an unreadable one must not \
        clear a kill. Look at it (`mm-live checkpoint show --checkpoint \(self.path)`). To keep \
        the switch latched, restore a copy or run `mm-live checkpoint trip --checkpoint \(self.path) \
        --reason restored`; only if you know it should be clear, move it away \
        (`mv \(self.path) \(self.path).bad`) and start again.
        """
    }
}
