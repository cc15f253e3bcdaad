@testable import ConfigFile
import Engine
import Foundation
import Journal
@testable import Replay
import TestSupport
import Testing

/// Journals written before the compact book encoding (event payload version 2) still
/// read, replay and verify.
@Suite(.tags(.integration)) struct JournalCompatibilityTests {
    /// A cold-start scenario journal written with version-1 (fixed 20-byte level) books.
    static let versionOneJournal = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/journals/v1-books-cold-start.mmj").standardized.path

    @Test func versionOneBooksDecodeToTheSameEventsAsTheirVersionTwoEncoding() throws {
        let reader = try JournalReader(path: Self.versionOneJournal)
        var versionOneBooks = 0
        while let record = try reader.next() {
            guard case .input(let event) = try record.decode() else { continue }
            if case .book = event {
                #expect(record.payload.first == 1)
                versionOneBooks += 1
                let rewritten = event.payloadBytes
                #expect(rewritten.first == Event.bookEncodingVersion)
                #expect(try Event(tag: record.type, payload: rewritten) == event)
            }
        }
        #expect(versionOneBooks > 100)
    }

    @Test func aVersionOneJournalVerifiesAndReplaysLikeItsRewrite() throws {
        let config = try #require(try ConfigFile.recordedConfig(of: Self.versionOneJournal))
        guard case .identical = try VerifyRunner(config: config).run(path: Self.versionOneJournal) else {
            Issue.record("the version-1 journal does not verify")
            return
        }
        let rewrite = temporaryPath("v2", suffix: ".mmj")
        defer { try? JournalLayout.remove(rewrite) }
        let original = try ReplayRunner(config: config).run(path: Self.versionOneJournal, output: rewrite)
        let again = try ReplayRunner(config: config).run(path: rewrite)
        #expect(again.digest == original.digest)
        #expect(again.events == original.events)
        // The rewrite holds version-2 books and is smaller.
        let size = { (path: String) in try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 }
        #expect(try size(rewrite) < size(Self.versionOneJournal))
    }
}
