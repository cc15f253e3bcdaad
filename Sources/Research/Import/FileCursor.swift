import Engine
import Hyperliquid

/// One input file's lines, decoded, with the line number of the last one.
final class FileCursor {
    enum Item {
        case skip(SkipReason, fatal: Bool)
        /// A frame, its receive stamp if the line had one, and its time for merging.
        case frame(Int64?, InboundFrame, time: Int64)
    }

    let path: String
    let format: CaptureImporter.Format
    private let source: LineSource
    private(set) var lineNumber: UInt64 = 0
    var bytesRead: UInt64 { self.source.bytesRead }

    init(path: String, format: CaptureImporter.Format, maxLineBytes: Int = LineSource.defaultMaxLineBytes) throws {
        self.path = path
        self.format = format
        self.source = try LineSource(path: path, maxLineBytes: maxLineBytes)
    }

    func next() throws -> Item? {
        guard let next = try self.source.next() else { return nil }
        self.lineNumber += 1
        guard case .text(var line) = next else { return .skip(.lineTooLong, fatal: true) }
        if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
        guard !line.isEmpty else { return .skip(.emptyLine, fatal: false) }
        switch self.format == .archive ? ArchiveLine.decode(line) : WebSocketLine.decode(line) {
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
