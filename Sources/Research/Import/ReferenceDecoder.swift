import Engine

/// Decodes the lines of one reference venue capture into ``FileCursor/Item``s, the
/// format told from the first line (a Tardis CSV header, else raw Binance frames).
final class ReferenceDecoder {
    /// The formats of reference captures.
    enum Format: Equatable {
        /// `[<ns> ]<json>` Binance USD-M futures frames (``BinanceCaptureLine``).
        case binanceRaw
        /// A Tardis.dev CSV file (``TardisCSV``), after its header.
        case tardis(TardisCSV.Kind)

        /// The name the summary and the journal header give it.
        var name: String {
            switch self {
            case .binanceRaw: return "binance-raw"
            case .tardis(let kind): return kind.rawValue
            }
        }
    }

    let format: Format
    private let symbols: ReferenceSymbols
    private var binance: BinanceCaptureLine

    /// The decoder for a file whose first line is `first` (nil for an empty file), and
    /// whether that line is a header (consumed) rather than data. Throws for a CSV
    /// header of no known kind.
    init(path: String, first: UnsafeBufferPointer<UInt8>?, symbols: ReferenceSymbols) throws(ImportError) {
        self.symbols = symbols
        self.binance = BinanceCaptureLine(symbols: symbols)
        guard var first else { self.format = .binanceRaw; return }
        if first.last == 0x0D { first = UnsafeBufferPointer(rebasing: first.dropLast()) }
        if TardisCSV.looksLikeHeader(first) {
            let header = String(decoding: first, as: UTF8.self)
            guard let kind = TardisCSV.Kind(header: header) else { throw .unknownHeader(file: path, header: header) }
            self.format = .tardis(kind)
        } else {
            self.format = .binanceRaw
        }
    }

    /// Whether the first line was a header rather than data.
    var firstLineIsHeader: Bool { self.format != .binanceRaw }

    /// One line (without its newline, not empty).
    func decode(_ line: UnsafeBufferPointer<UInt8>) -> FileCursor.Item {
        let result: Result<ReferenceRecord, LineFailure>
        switch self.format {
        case .binanceRaw: result = self.binance.decode(line)
        case .tardis(let kind): result = TardisCSV.decode(line, kind: kind, symbols: self.symbols)
        }
        switch result {
        case .failure(let failure): return .skip(failure.reason, fatal: failure.fatal)
        case .success(let record):
            guard let time = record.receivedAt ?? record.exchangeNanoseconds else { return .skip(.badTimestamp, fatal: true) }
            return .reference(record.event, time: time, series: record.series)
        }
    }
}
