import ConfigFile
import Engine
import Foundation
import Journal

/// The journals shipped in `recordings/` and their golden digests (`SHA256SUMS`).
public enum Recordings {
    /// One recording's status.
    public enum Status: Sendable {
        case ok(name: String)
        /// The file's SHA-256 differs from the golden one; `divergence` says where the
        /// engine now decides differently, when it does.
        case changed(name: String, expected: String, actual: String, divergence: Divergence?)
        case missingDigest(name: String)
        case missingFile(name: String)
        case notVerifiable(name: String, reason: String)
    }

    /// Reads `SHA256SUMS` (sha256sum format) as (digest, name) pairs in file order.
    public static func goldenDigests(in directory: String) throws -> [(digest: String, name: String)] {
        let path = directory + "/SHA256SUMS"
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw JournalError.invalidArgument("\(path): cannot read it; a recordings directory holds *.mmj journals and their SHA256SUMS (see recordings/README.md)")
        }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " *")))
        }
    }

    /// The SHA-256 of a file, as 64 lowercase hex digits.
    public static func sha256(of path: String) throws -> String {
        var digest = FileDigest()
        let handle = try FileHandleReader(path: path)
        while let chunk = try handle.read(1 << 20) { digest.update(chunk) }
        return digest.finalize()
    }

    /// Checks every `*.mmj` of the directory: golden digest, and the engine reproduces its
    /// commands. A changed file is explained by the first divergence.
    public static func check(directory: String) throws -> [Status] {
        let golden = try self.goldenDigests(in: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".mmj") }.sorted()
        var statuses: [Status] = []
        for name in files {
            let path = directory + "/" + name
            guard let expected = golden.first(where: { $0.name == name })?.digest else {
                statuses.append(.missingDigest(name: name))
                continue
            }
            let actual = try self.sha256(of: path)
            let config = try ConfigFile.recordedConfig(of: path) ?? EngineConfig()
            let outcome = try VerifyRunner(config: config).run(path: path)
            var divergence: Divergence?
            if case .diverged(let d) = outcome { divergence = d }
            if actual != expected {
                statuses.append(.changed(name: name, expected: expected, actual: actual, divergence: divergence))
            } else if let divergence {
                statuses.append(.changed(name: name, expected: expected, actual: actual, divergence: divergence))
            } else if case .nothingRecorded = outcome {
                statuses.append(.notVerifiable(name: name, reason: "records no engine commands"))
            } else {
                statuses.append(.ok(name: name))
            }
        }
        for (_, name) in golden where !files.contains(name) { statuses.append(.missingFile(name: name)) }
        return statuses
    }
}
