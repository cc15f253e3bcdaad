import Engine
import Hyperliquid

/// One input file's lines, decoded, with the line number of the last one.
final class FileCursor {
    enum Item {
        case skip(SkipReason, fatal: Bool)
        /// A frame, its receive stamp if the line had one, and its time for merging.
        case frame(Int64?, InboundFrame, time: Int64)
        /// A reference venue event (`referenceQuote`, `referenceTrades`), its time (the
        /// receive stamp, else the venue's) and a trade's id series.
        indirect case reference(Event, time: Int64, series: ReferenceRecord.IDSeries?)
    }

    /// How the lines are decoded.
    private enum Decoding {
        case hyperliquid(CaptureImporter.Format)
        case reference(ReferenceDecoder)
    }

    let path: String
    private let decoding: Decoding
    private let source: LineSource
    /// The first line when it was read to tell the format and is data (copied out of
    /// the source's buffer; `nil` bytes for an over-long one).
    private var pending: (bytes: [UInt8]?, taken: Bool) = (nil, true)
    private(set) var lineNumber: UInt64 = 0
    var bytesRead: UInt64 { self.source.bytesRead }

    /// A Hyperliquid capture of `format`.
    init(path: String, format: CaptureImporter.Format, maxLineBytes: Int = LineSource.defaultMaxLineBytes) throws {
        self.path = path
        self.decoding = .hyperliquid(format)
        self.source = try LineSource(path: path, maxLineBytes: maxLineBytes)
    }

    /// A reference venue capture, its format told from its first line (``ReferenceDecoder``).
    init(referencePath path: String, symbols: ReferenceSymbols, maxLineBytes: Int = LineSource.defaultMaxLineBytes) throws {
        self.path = path
        self.source = try LineSource(path: path, maxLineBytes: maxLineBytes)
        let first = try self.source.next()
        var firstText: UnsafeBufferPointer<UInt8>?
        if case .text(let line)? = first {
            // A UTF-8 byte order mark (spreadsheet exports) is not part of the header.
            firstText = line.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: line.dropFirst(3)) : line
        }
        let decoder = try ReferenceDecoder(path: path, first: firstText, symbols: symbols)
        self.decoding = .reference(decoder)
        if decoder.firstLineIsHeader {
            self.lineNumber = 1
        } else if first != nil {
            self.pending = (firstText.map(Array.init), false)
        }
    }

    /// The reference format's name, nil for a Hyperliquid capture.
    var referenceFormat: String? {
        if case .reference(let decoder) = self.decoding { return decoder.format.name }
        return nil
    }

    func next() throws -> Item? {
        if !self.pending.taken {
            self.pending.taken = true
            self.lineNumber += 1
            guard let bytes = self.pending.bytes else { return .skip(.lineTooLong, fatal: true) }
            return bytes.withUnsafeBufferPointer { self.decode($0) }
        }
        guard let next = try self.source.next() else { return nil }
        self.lineNumber += 1
        guard case .text(let line) = next else { return .skip(.lineTooLong, fatal: true) }
        return self.decode(line)
    }

    private func decode(_ text: UnsafeBufferPointer<UInt8>) -> Item {
        var line = text
        if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard !line.isEmpty else { return .skip(.emptyLine, fatal: false) }
        let format: CaptureImporter.Format
        switch self.decoding {
        case .reference(let decoder): return decoder.decode(line)
        case .hyperliquid(let hyperliquid): format = hyperliquid
        }
        switch format == .archive ? ArchiveLine.decode(line) : WebSocketLine.decode(line) {
        case .failure(let failure): return .skip(failure.reason, fatal: failure.fatal)
        case .success(let (receivedAt, frame)):
            if let receivedAt { return .frame(receivedAt, frame, time: receivedAt) }
            let exchangeTime: Int64
            switch frame {
            case .book(let book): exchangeTime = book.exchangeTime
            case .trades(let batches): exchangeTime = batches.first?.trades.first?.exchangeTime ?? 0
            default: return .frame(nil, frame, time: .min)  // acks and the like: handled (skipped) at once
            }
            guard let time = CaptureFrame.nanoseconds(ofExchangeTime: exchangeTime) else { return .skip(.badTimestamp, fatal: true) }
            return .frame(nil, frame, time: time)
        }
    }
}
