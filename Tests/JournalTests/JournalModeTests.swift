import Foundation
import Journal
import TestSupport
import Testing

/// The header's typed mode: every mode string written so far reads as its case and is
/// written back unchanged; strings this build does not know are kept as `.other`.
@Suite(.tags(.unit)) struct JournalModeTests {
    @Test(arguments: ["record", "paper", "run", "replay", "backtest", "scenario", "import", "synthetic"])
    func knownModesRoundTrip(text: String) throws {
        let mode = JournalMode(text)
        #expect(mode.text == text)
        #expect(JournalMode.known.contains(mode))
        let dir = Scratch("journal-tests")
        let path = dir.file("m.mmj")
        let writer = try JournalWriter(creating: path, metadata: JournalMetadata(coins: ["BTC"], mode: mode), options: JournalWriterOptions(fsync: .never))
        try writer.close()
        #expect(try JournalReader(path: path).metadata.mode == mode)
    }

    /// A header written by an older build (the mode a free string) reads, known or not,
    /// and an unknown mode is written back as it was.
    @Test func oldHeadersRead() throws {
        #expect(JournalMode("test") == .other("test"))
        #expect(JournalMode("run") == .run)
        let decoded = try JSONDecoder().decode(JournalMetadata.self, from: Data(#"{"coins":["BTC"],"mode":"future-mode","extra":{"captures":"a.mmj,b.mmj"}}"#.utf8))
        #expect(decoded.mode == .other("future-mode"))
        #expect(String(decoding: try JSONEncoder().encode(decoded.mode), as: UTF8.self) == #""future-mode""#)
        // Sources from before the `sources` field: a backtest's `extra.captures`, an import's `extra.sources`.
        #expect(decoded.sourceNames == ["a.mmj", "b.mmj"])
        let imported = try JSONDecoder().decode(JournalMetadata.self, from: Data(#"{"coins":[],"mode":"import","extra":{"sources":"x.jsonl"}}"#.utf8))
        #expect(imported.mode == .import && imported.sourceNames == ["x.jsonl"])
        let typed = JournalMetadata(coins: [], sources: ["s.mmj"], extra: ["captures": "old.mmj"])
        #expect(typed.sourceNames == ["s.mmj"])
    }
}
