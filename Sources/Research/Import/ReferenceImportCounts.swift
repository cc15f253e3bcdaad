import Engine
import JSON

/// What an import read, wrote and skipped of its reference venue files (``ImportSummary/reference``).
public struct ReferenceImportCounts: Equatable, Sendable {
    /// The files, each with its format (`binance-raw`, `tardis-trades`, `tardis-quotes`),
    /// in the order given.
    public var files: [(path: String, format: String)] = []
    /// Data lines read, skipped ones included (not CSV headers).
    public var lines: UInt64 = 0
    /// `referenceQuote` records written.
    public var quotes: UInt64 = 0
    /// `referenceTrades` records written, and the prints they hold.
    public var trades: UInt64 = 0
    /// The prints the `referenceTrades` records hold.
    public var tradePrints: UInt64 = 0
    /// Lines not written, by reason (``SkipReason`` names).
    public var skipped: [String: UInt64] = [:]
    /// Records earlier than the journal's last by less than the tolerance: kept, stamped
    /// at that time.
    public var reordered: UInt64 = 0
    /// Jumps of more than the gap threshold between consecutive reference records.
    public var gaps: UInt64 = 0

    /// No files, nothing counted.
    public init() {}

    /// Equal counts, the same files in the same order.
    public static func == (lhs: ReferenceImportCounts, rhs: ReferenceImportCounts) -> Bool {
        lhs.files.elementsEqual(rhs.files) { $0.path == $1.path && $0.format == $1.format } && lhs.lines == rhs.lines
            && lhs.quotes == rhs.quotes && lhs.trades == rhs.trades && lhs.tradePrints == rhs.tradePrints && lhs.skipped == rhs.skipped
            && lhs.reordered == rhs.reordered && lhs.gaps == rhs.gaps
    }

    /// The skipped counts in reason order.
    var skippedInOrder: [(String, UInt64)] { self.skipped.keys.sorted().map { ($0, self.skipped[$0]!) } }

    /// The JSON object (keys in name order).
    func render(to json: inout JSONWriter) {
        json.beginObject()
        json.key("files")
        json.beginArray()
        for file in self.files {
            json.beginObject()
            json.field("format", file.format)
            json.field("path", file.path)
            json.endObject()
        }
        json.endArray()
        json.field("gaps", self.gaps)
        json.field("lines", self.lines)
        json.field("quotes", self.quotes)
        json.field("reordered", self.reordered)
        json.field("skipped", counts: self.skippedInOrder)
        json.field("trade_prints", self.tradePrints)
        json.field("trades", self.trades)
        json.endObject()
    }

    /// The plain-text line (control characters in paths escaped).
    func text(gapSeconds: Double) -> String {
        let skipped = self.skipped.isEmpty ? "none" : self.skippedInOrder.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let files = self.files.map { "\(TerminalText.visible($0.path)) (\($0.format))" }.joined(separator: ", ")
        return "reference: \(self.quotes) quotes, \(self.trades) trades of \(self.tradePrints) prints from \(self.lines) lines of \(files)\n"
            + "reference skipped: \(skipped); reordered: \(self.reordered); gaps over \(gapSeconds) s: \(self.gaps)"
    }
}
