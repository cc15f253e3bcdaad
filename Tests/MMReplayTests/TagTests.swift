import Foundation
import TestSupport
import Testing

/// The test tiers stay usable: every suite carries exactly one tier tag, written where
/// `scripts/test-fast` reads it (on the `@Suite ... struct` line; a test's own
/// `endToEnd`/`needsExternalTool` tag on its `@Test ... func` line).
@Suite(.tags(.unit)) struct TagTests {
    static let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("..").standardized.path

    /// Every `(file, line number, line)` of the Swift sources under Tests/.
    static func lines() throws -> [(file: String, number: Int, text: String)] {
        let files = try #require(FileManager.default.enumerator(atPath: Self.tests)?.allObjects as? [String])
        var lines: [(String, Int, String)] = []
        for file in files.sorted() where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: Self.tests + "/" + file, encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                lines.append((file, i + 1, String(line)))
            }
        }
        return lines
    }

    @Test func everySuiteHasOneTierTagOnItsLine() throws {
        let suites = try Self.lines().filter { $0.text.trimmingCharacters(in: .whitespaces).hasPrefix("@Suite") }
        #expect(suites.count > 100, "found \(suites.count) suites under \(Self.tests)")
        for suite in suites {
            let tiers = [".unit", ".integration", ".endToEnd"].filter { tier in
                suite.text.range(of: #"\#(tier)\b"#, options: .regularExpression) != nil
            }
            #expect(suite.text.contains(" struct ") && suite.text.contains(".tags(") && tiers.count == 1,
                    "\(suite.file):\(suite.number): a suite's one tier tag goes on its `@Suite ... struct` line: \(suite.text)")
        }
    }

    @Test func testLevelTagsAreOnTheFunctionsLine() throws {
        let tagged = try Self.lines().filter { $0.text.trimmingCharacters(in: .whitespaces).hasPrefix("@Test(") && $0.text.contains(".tags(") }
        #expect(!tagged.isEmpty)
        for test in tagged {
            #expect(test.text.contains(" func "), "\(test.file):\(test.number): scripts/test-fast reads a test's tags from its `@Test ... func` line: \(test.text)")
        }
    }
}
