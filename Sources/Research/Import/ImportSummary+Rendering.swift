import Engine
import JSON

extension ImportSummary {
    /// One JSON object with every figure, keys in name order (rendered by ``JSONWriter``,
    /// so any coin name is valid JSON); `reference` only when reference files were given.
    public var json: String {
        var json = JSONWriter()
        json.beginObject()
        json.field("book_issues", counts: self.bookIssues.named)
        json.field("books", self.books)
        json.field("bytes", self.bytes)
        json.key("coins")
        json.beginArray()
        for coin in self.coins { json.value(coin) }
        json.endArray()
        json.field("events", self.events)
        json.field("files", UInt64(self.files))
        json.field("first_time", self.firstTime)
        json.field("gaps", self.gaps)
        json.field("last_time", self.lastTime)
        json.field("lines", self.lines)
        json.field("mb_per_s", self.megabytesPerSecond)
        if let reference = self.reference {
            json.key("reference")
            reference.render(to: &json)
        }
        json.field("reordered", self.reordered)
        json.field("skipped", counts: self.skipped.keys.sorted().map { ($0, self.skipped[$0]!) })
        json.field("trade_prints", self.tradePrints)
        json.field("trades", self.trades)
        json.endObject()
        return json.text
    }

    /// The plain-text summary, control characters in names and paths escaped
    /// (``TerminalText/visible(_:)``).
    public func text(output: String, gapSeconds: Double) -> String {
        let skipped = self.skipped.isEmpty ? "none" : self.skipped.keys.sorted().map { "\($0) \(self.skipped[$0]!)" }.joined(separator: ", ")
        let issues = self.bookIssues.named.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        let coins = TerminalText.visible(self.coins.joined(separator: ","))
        let references = self.reference.map { ", \($0.quotes) reference quotes, \($0.trades) reference trades" } ?? ""
        return "imported \(self.events) records (\(self.books) books, \(self.trades) trades of \(self.tradePrints) prints\(references)) from \(self.lines) lines into \(TerminalText.visible(output))\n"
            + "skipped: \(skipped); gaps over \(gapSeconds) s: \(self.gaps); book issues (kept): \(issues); coins: \(coins)"
            + (self.reference.map { "\n" + $0.text(gapSeconds: gapSeconds) } ?? "")
    }
}
