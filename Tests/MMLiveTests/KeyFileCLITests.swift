#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Hyperliquid
import TestSupport
import Testing

/// `--key-file` as `mm-live sign` reads it (`run` and `preflight` read it the same way).
/// Was: a raw Foundation error or "no such file" for every failure, symlinks refused
/// (the permission check did not follow them), a FIFO blocking forever.
@Suite(.tags(.endToEnd)) struct KeyFileCLITests {
    let directory = temporaryPath("keyfile")
    let key = SignCLITests.string(SignCLITests.vectors[0]["privateKey"])!
    let action = SignCLITests.vectors[0]["action"]!.text

    init() throws {
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
    }

    /// Signs with `--key-file path`, giving up after 20 s (a blocked read is a failure).
    func sign(keyFile path: String) throws -> ChildProcessResult {
        let result = try runChildProcess("/usr/bin/timeout", ["20", MMLiveBinary.path, "sign", "--action", "-", "--nonce", "1", "--key-file", path],
                                         environment: ["HL_PRIVATE_KEY": nil], stdin: self.action)
        #expect(!result.output.contains(String(self.key.dropFirst(2))), "the key leaked")
        return result
    }

    func file(_ name: String, mode: Int, text: String? = nil) throws -> String {
        let path = self.directory + "/" + name
        try (text ?? self.key).write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test func aMissingFileSaysSoWithTheOptionAndPath() throws {
        defer { try? FileManager.default.removeItem(atPath: self.directory) }
        let path = self.directory + "/absent"
        let run = try self.sign(keyFile: path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--key-file \(path): cannot open: No such file or directory"), "\(run.stderr)")
    }

    @Test func aDirectoryAFIFOAndAnEmptyFileAreRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: self.directory) }
        let run = try self.sign(keyFile: self.directory)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--key-file \(self.directory): not a regular file (a directory)"), "\(run.stderr)")

        let fifo = self.directory + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let blocked = try self.sign(keyFile: fifo)
        #expect(blocked.status == 1, "exit \(blocked.status) (124: it blocked)")
        #expect(blocked.stderr.contains("--key-file \(fifo): not a regular file (a FIFO)"), "\(blocked.stderr)")

        let empty = try self.file("empty", mode: 0o600, text: "\n")
        let none = try self.sign(keyFile: empty)
        #expect(none.status == 1 && none.stderr.contains("--key-file \(empty): the file is empty"), "\(none.stderr)")
    }

    @Test func aFileOthersCanReadIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: self.directory) }
        let path = try self.file("group-readable", mode: 0o640)
        let run = try self.sign(keyFile: path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--key-file \(path): readable or writable by group or others (mode 640); chmod 600 it"), "\(run.stderr)")
    }

    @Test func aSymlinkIsJudgedByTheFileItNames() throws {
        defer { try? FileManager.default.removeItem(atPath: self.directory) }
        let target = try self.file("key", mode: 0o600)
        let link = self.directory + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let run = try self.sign(keyFile: link)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"signature\""))

        let exposed = try self.file("exposed", mode: 0o644)
        let exposedLink = self.directory + "/exposed-link"
        try FileManager.default.createSymbolicLink(atPath: exposedLink, withDestinationPath: exposed)
        let refused = try self.sign(keyFile: exposedLink)
        #expect(refused.status == 1 && refused.stderr.contains("chmod 600"), "\(refused.stderr)")
    }
}
