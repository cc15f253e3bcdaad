import Foundation
import Testing
import TestSupport

/// Every help page of the three executables, found by walking their SUBCOMMANDS
/// sections: each lists its exit codes, has no stray line breaks, and the overview
/// names every command.
@Suite(.tags(.endToEnd)) struct HelpPagesCLITests {
    /// A help page: the command path and its text.
    struct Page {
        var path: [String]
        var text: String
    }

    /// Runs `executable path... --help` for the root and every subcommand, recursively.
    static func pages(of executable: String) throws -> [Page] {
        var pages: [Page] = []
        var queue: [[String]] = [[]]
        while !queue.isEmpty {
            let path = queue.removeFirst()
            let run = try runChildProcess(builtExecutable(executable), path + ["--help"])
            #expect(run.status == 0, "\(executable) \(path.joined(separator: " ")) --help exited \(run.status)")
            pages.append(Page(path: path, text: run.stdout))
            queue += self.subcommands(in: run.stdout).map { path + [$0] }
        }
        return pages
    }

    /// The names in a page's SUBCOMMANDS section (ArgumentParser's `help` left out).
    static func subcommands(in text: String) -> [String] {
        guard let range = text.range(of: "SUBCOMMANDS:\n") else { return [] }
        return text[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { !$0.isEmpty }
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "help" }
    }

    /// Lines that end although the next line's first word would have fitted: a line
    /// break in the source text, not ArgumentParser's wrapping at 80 columns.
    static func strayBreaks(in text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var found: [String] = []
        for (a, b) in zip(lines, lines.dropFirst()) where !a.isEmpty && !b.isEmpty {
            let indentA = a.prefix { $0 == " " }.count
            let indentB = b.prefix { $0 == " " }.count
            // An indented line (a list, a table) longer than the width: ArgumentParser
            // wraps its rest to column 0.
            if indentA > 0 && indentA < 20 && indentB == 0, b.first?.isLowercase == true {
                found.append(a + "⏎" + b)
                continue
            }
            // Paragraphs (column 0), option help (wrapped at column 26) and option
            // discussions (column 8); indented lists and examples keep their own lines.
            guard indentA == indentB, indentA == 0 || indentA == 8 || indentA >= 20, let first = b.dropFirst(indentB).split(separator: " ").first,
                  let initial = first.first, initial.isLowercase else { continue }
            if a.count + 1 + first.count <= 78 { found.append(a + "⏎" + b) }
        }
        return found
    }

    static let executables = ["mm-replay", "mm-live", "hl-sim"]

    @Test(arguments: executables) func everyPageListsItsExitCodes(executable: String) throws {
        let pages = try Self.pages(of: executable)
        #expect(pages.count > 1 || executable == "hl-sim")
        for page in pages {
            #expect(page.text.lowercased().contains("exit code"),
                    "\(executable) \(page.path.joined(separator: " ")) --help does not list its exit codes")
        }
    }

    @Test(arguments: executables) func noPageHasStrayLineBreaks(executable: String) throws {
        for page in try Self.pages(of: executable) {
            let stray = Self.strayBreaks(in: page.text)
            #expect(stray.isEmpty, "\(executable) \(page.path.joined(separator: " ")) --help breaks lines early:\n\(stray.joined(separator: "\n"))")
        }
    }

    /// Was: `sweep run --jobs` said "(default: the number of cores). (default: 2)".
    @Test(arguments: executables) func everyOptionStatesItsDefaultOnce(executable: String) throws {
        for page in try Self.pages(of: executable) {
            guard let options = page.text.range(of: "\nOPTIONS:\n") else { continue }
            var blocks: [String] = []
            for line in page.text[options.upperBound...].split(separator: "\n") {
                if line.hasPrefix("  -") { blocks.append(String(line)) } else if !blocks.isEmpty { blocks[blocks.count - 1] += " " + line.trimmingCharacters(in: .whitespaces) }
            }
            for block in blocks {
                #expect(block.components(separatedBy: "(default:").count <= 2,
                        "\(executable) \(page.path.joined(separator: " ")): an option states its default twice: \(block)")
            }
        }
    }

    @Test func theStrayBreakCheckFindsAHandWrappedParagraph() {
        let wrapped = "Journals are zstd-compressed, append-only logs of every input the engine saw\nand\nevery command it emitted."
        #expect(Self.strayBreaks(in: wrapped).count == 1)
        #expect(Self.strayBreaks(in: "A paragraph that ArgumentParser wrapped because the next word did not fit at all\nhere.").isEmpty)
        #expect(Self.strayBreaks(in: "  2  torn tail: the journal ends inside a frame (a crash mid-write); the\nmessage\n     gives its offset").count == 1)
    }

    @Test(arguments: ["mm-replay", "mm-live"]) func theOverviewNamesEveryCommand(executable: String) throws {
        let pages = try Self.pages(of: executable)
        let overview = try #require(pages.first { $0.path.isEmpty }).text
        let leaves = pages.filter { page in !page.path.isEmpty && !pages.contains { $0.path.count > page.path.count && Array($0.path.prefix(page.path.count)) == page.path } }
        for leaf in leaves {
            let line = "  " + leaf.path[0] + (leaf.path.count > 1 ? ": " : "")
            let named = overview.split(separator: "\n").contains { row in
                row.hasPrefix(line) && (leaf.path.count == 1 || row.contains(leaf.path.dropFirst().joined(separator: " ")))
            }
            #expect(named, "the \(executable) overview does not name `\(leaf.path.joined(separator: " "))`")
        }
    }

    @Test func hlSimHelpWorksLikeTheOtherTools() throws {
        let help = try runChildProcess(builtExecutable("hl-sim"), ["help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: hl-sim"))
        let version = try runChildProcess(builtExecutable("hl-sim"), ["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }

    @Test func eachImportFormatHasItsOwnPage() throws {
        let ws = try MMReplay.run(["import", "hl-ws", "--help"])
        let archive = try MMReplay.run(["import", "hl-archive", "--help"])
        #expect(ws.status == 0 && archive.status == 0)
        #expect(ws.stdout.contains("USAGE: mm-replay import hl-ws") && ws.stdout.contains("hftbacktest"))
        #expect(archive.stdout.contains("USAGE: mm-replay import hl-archive") && archive.stdout.contains("ver_num"))
        #expect(!ws.stdout.contains("ver_num"), "hl-ws's page describes the archive format")
    }
}
