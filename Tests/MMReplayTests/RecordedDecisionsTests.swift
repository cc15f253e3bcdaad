import Engine
import EngineJournal
import Foundation
import Journal
import TestSupport
import Testing

/// The shipped recordings' decisions decode typed: a field renamed in the engine (or
/// read under another name) would turn their quote cycles into notes, and the report's
/// gate strip, the story's risk transitions and the backtest's time quoting would
/// silently go empty.
@Suite(.tags(.integration)) struct RecordedDecisionsTests {
    @Test func everyRecordedCycleIsTyped() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: RecordingsTests.directory).filter { $0.hasSuffix(".mmj") }.sorted()
        #expect(!names.isEmpty)
        for name in names {
            let reader = try JournalReader(path: RecordingsTests.directory + "/" + name)
            var cycles = 0
            while let record = try reader.next() {
                guard record.type == Command.Kind.decision.rawValue, case .output(.decision(let decision)) = try record.decode() else { continue }
                switch decision.decision {
                case .quoteCycle: cycles += 1
                case .note(let reason, let details):
                    #expect(!details.contains { $0.name == "gate" || $0.name == "kill_reason" || $0.name == "tid" }, "\(name): \(reason) is untyped")
                case .unlabeled: Issue.record("\(name): a decision without a reason")
                default: break
                }
            }
            #expect(cycles > 0, "\(name) has no typed quote cycle")
        }
    }
}
