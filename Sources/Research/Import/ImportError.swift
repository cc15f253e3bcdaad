import Engine

/// Why an import stopped. Paths and reasons in the messages are shown with control
/// characters escaped (``TerminalText/visible(_:)``).
public enum ImportError: Error, CustomStringConvertible, Sendable {
    case unreadable(String)
    /// A compressed capture could not be decompressed: the file, the compressed byte
    /// offset where reading stopped, and why (truncated, corrupt).
    case decompression(file: String, offset: UInt64, reason: String)
    /// `--strict`: the first bad line.
    case strict(file: String, line: UInt64, reason: String)
    /// Nothing to import: the lines read and why each was skipped (``SkipReason``
    /// names), which the message lists.
    case noMarketData(lines: UInt64, skipped: [String: UInt64])
    /// The output exists and overwriting was not asked for.
    case outputExists(String)
    /// The output could not be written or put in place.
    case output(path: String, reason: String)
    /// An option is outside its valid range.
    case invalidOption(name: String, reason: String)
    /// A reference file starts with a CSV header of no known kind: the file and the header.
    case unknownHeader(file: String, header: String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read \(TerminalText.visible(path))"
        case .decompression(let file, let offset, let reason):
            return "\(TerminalText.visible(file)): cannot decompress at byte \(offset): \(reason)"
        case .strict(let file, let line, let reason): return "\(TerminalText.visible(file)):\(line): \(reason) (--strict)"
        case .noMarketData(let lines, let skipped):
            let total = skipped.values.reduce(0, +)
            let reasons = skipped.keys.sorted().map { "\($0) \(skipped[$0]!)" }.joined(separator: ", ")
            return "the input holds no valid l2Book or trades data: \(lines) line(s) read, \(total) skipped" + (reasons.isEmpty ? "" : ": \(reasons)")
        case .outputExists(let path):
            return "\(TerminalText.visible(path)) already exists; refusing to overwrite it (--force replaces it)"
        case .output(let path, let reason): return "\(TerminalText.visible(path)): \(TerminalText.visible(reason))"
        case .invalidOption(let name, let reason): return "\(name): \(reason)"
        case .unknownHeader(let file, let header):
            let shown = header.count > 200 ? String(header.prefix(197)) + "..." : header
            return "\(TerminalText.visible(file)): unknown CSV header \"\(TerminalText.visible(shown))\"; reference CSV files must be "
                + "Tardis.dev binance-futures trades (\(TardisCSV.Kind.trades.header)) or book_ticker/quotes (\(TardisCSV.Kind.quotes.header))"
        }
    }
}
