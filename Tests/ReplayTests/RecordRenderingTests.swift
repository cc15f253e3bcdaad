import Engine
import EngineJournal
import Foundation
import JSON
import Journal
import TestSupport
import Testing

@Suite(.tags(.unit)) struct RecordRenderingTests {
    @Test func unknownAndUndecodableRecordsAreRenderedNotDropped() throws {
        var json = JSONWriter()
        JournalRecord(seq: 5, time: 9, type: 0x7777, payload: [1, 2, 3][...]).renderJSON(to: &json)
        #expect(json.text.hasPrefix(#"{"seq":5,"time":9,"type":"unknown(0x7777)","payload_bytes":3,"error":"#))
        var bad = JSONWriter()
        JournalRecord(seq: 6, time: 9, type: Event.Kind.book.rawValue, payload: [1, 0][...]).renderJSON(to: &bad)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bad.text.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "book")
        #expect((object["error"] as? String)?.contains("truncated") == true)
    }
}
