/// Why an import stopped.
public enum ImportError: Error, CustomStringConvertible, Sendable {
    case unreadable(String)
    case decompression(String)
    /// `--strict`: the first bad line.
    case strict(file: String, line: UInt64, reason: String)
    case noMarketData

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read \(path)"
        case .decompression(let detail): return "decompression failed: \(detail)"
        case .strict(let file, let line, let reason): return "\(file):\(line): \(reason) (--strict)"
        case .noMarketData: return "the input holds no l2Book or trades data"
        }
    }
}
