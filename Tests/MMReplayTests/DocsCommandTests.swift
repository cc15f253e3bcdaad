import Foundation
import Testing
import TestSupport

/// Every `sh` command block of the README and of docs/*.md runs, so the examples cannot
/// rot: an option renamed, a command moved or a file format changed fails here.
///
/// Blocks run in order per document, in one scratch directory holding copies of
/// `recordings/`, `config/` and `Tests/Fixtures/`, with `mm-replay`, `mm-live` and `hl-sim` on PATH (the
/// binaries this test run built; `swift run [-c release] X` and `.build/release/X` in a
/// block mean them, and `swift build` lines are already done), under `bash -e -o
/// pipefail`. Annotations in an HTML comment on the line before a block:
///
/// - `<!-- docs-test: skip: REASON -->`: not run (installs, servers that run until
///   stopped, hour-long runs); the reason is required and says where it is tested.
/// - `<!-- docs-test: setup: COMMANDS -->`: COMMANDS run first (to make the files the
///   example assumes, such as `capture.mmj`); not shown to the reader as part of it.
@Suite(.tags(.endToEnd)) struct DocsCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

    /// A fenced `sh` block of a document.
    struct Block: CustomStringConvertible {
        var document: String
        var line: Int
        var text: String
        var setup: String?
        var skipReason: String?
        var description: String { "\(self.document):\(self.line)" }
    }

    /// The documents whose blocks run: the README and every docs/*.md.
    static var documents: [String] {
        let docs = ((try? FileManager.default.contentsOfDirectory(atPath: self.root + "/docs")) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        return ["README.md"] + docs.map { "docs/" + $0 }
    }

    static func blocks(of document: String) throws -> [Block] {
        let lines = try String(contentsOfFile: self.root + "/" + document, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            guard lines[index].hasPrefix("```") else { index += 1; continue }
            let fence = lines[index]
            let start = index
            index += 1
            var body: [String] = []
            while index < lines.count && !lines[index].hasPrefix("```") { body.append(lines[index]); index += 1 }
            index += 1
            guard fence == "```sh" || fence == "```bash" else { continue }
            var block = Block(document: document, line: start + 1, text: body.joined(separator: "\n"))
            if start > 0, let annotation = self.annotation(lines[start - 1]) {
                if annotation.hasPrefix("skip:") { block.skipReason = annotation.dropFirst(5).trimmingCharacters(in: .whitespaces) }
                if annotation.hasPrefix("setup:") { block.setup = annotation.dropFirst(6).trimmingCharacters(in: .whitespaces) }
            }
            blocks.append(block)
        }
        return blocks
    }

    /// The text of `<!-- docs-test: TEXT -->`, or nil.
    static func annotation(_ line: String) -> String? {
        guard let start = line.range(of: "<!-- docs-test:"), let end = line.range(of: "-->", range: start.upperBound..<line.endIndex) else { return nil }
        return line[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
    }

    /// A block's commands as they run here (see the suite's comment).
    static func runnable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("swift build") { return "true" }
            return String(line).replacingOccurrences(of: "swift run -c release ", with: "")
                .replacingOccurrences(of: "swift run ", with: "")
                .replacingOccurrences(of: ".build/release/", with: "")
        }.joined(separator: "\n")
    }

    /// A scratch directory like the repository's root for the examples: copies of the
    /// recordings and configs, and the built tools on PATH.
    static func workspace() throws -> String {
        let directory = temporaryPath("docs-test")
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/bin", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: directory + "/Tests", withIntermediateDirectories: true)
        for name in ["recordings", "config", "Tests/Fixtures"] { try manager.copyItem(atPath: self.root + "/" + name, toPath: directory + "/" + name) }
        for tool in ["mm-replay", "mm-live", "hl-sim"] { try manager.createSymbolicLink(atPath: directory + "/bin/" + tool, withDestinationPath: builtExecutable(tool)) }
        return directory
    }

    @Test(arguments: documents) func everyCommandBlockRuns(document: String) throws {
        let blocks = try Self.blocks(of: document)
        let workspace = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        for block in blocks {
            if let reason = block.skipReason {
                #expect(reason.count >= 10, "\(block): a skipped block needs its reason")
                continue
            }
            let script = "set -e -o pipefail\n" + (block.setup.map { $0 + "\n" } ?? "") + Self.runnable(block.text)
            let run = try runChildProcess("/usr/bin/timeout", ["600", "/bin/bash", "-c", script],
                                          environment: ["PATH": workspace + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
                                                        "HOME": workspace, "PWD": workspace, "MM_STATE_DIR": workspace + "/state"],
                                          directory: workspace)
            #expect(run.status == 0, "\(block) exited \(run.status):\n\(block.text)\n--- output ---\n\(run.output.suffix(3_000))")
        }
    }

    @Test func theREADMEHasRunnableBlocks() throws {
        let blocks = try Self.blocks(of: "README.md")
        #expect(blocks.filter { $0.skipReason == nil }.count >= 8, "most README examples run here")
    }

    /// The README is an entry page whose tour runs here: each step of it is in a block
    /// that is not skipped, and the page stays short (the rest belongs in docs/).
    @Test func theREADMETourRunsAndStaysShort() throws {
        let runnable = try Self.blocks(of: "README.md").filter { $0.skipReason == nil }.map(\.text).joined(separator: "\n")
        for step in ["mm-replay replay ", "mm-replay verify ", "mm-replay import ", "mm-replay backtest ", "mm-replay sweep ",
                     "mm-replay report ", "hl-sim ", "mm-live paper ", "mm-live simulate "] {
            #expect(runnable.contains(step), "the README's tour runs `\(step)`")
        }
        let lines = try String(contentsOfFile: Self.root + "/README.md", encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines < 300, "README.md has \(lines) lines; move details to docs/")
    }

    /// Every relative link of the README, the changelog and docs/*.md names a file of the
    /// repository (a moved or renamed page fails here, and nothing points outside).
    @Test func relativeLinksStayInsideTheRepository() throws {
        for document in Self.documents + ["CHANGELOG.md"] {
            let text = try String(contentsOfFile: Self.root + "/" + document, encoding: .utf8)
            let directory = URL(fileURLWithPath: Self.root + "/" + document).deletingLastPathComponent()
            for match in text.matches(of: /\]\(([^)\s]+)\)/) {
                let target = String(match.1)
                guard !target.hasPrefix("http://"), !target.hasPrefix("https://"), !target.hasPrefix("#") else { continue }
                let path = String(target.prefix { $0 != "#" })
                let resolved = directory.appendingPathComponent(path).standardized.path
                #expect(resolved.hasPrefix(Self.root + "/"), "\(document): \(target) points outside the repository")
                #expect(FileManager.default.fileExists(atPath: resolved), "\(document): \(target) does not exist")
            }
            #expect(!text.contains("../shared"), "\(document) refers to files outside the repository")
        }
    }
}
