import Engine
import Hyperliquid

/// One capture frame's JSON text to an ``InboundFrame``, with the reason a frame is
/// refused: a coin name or exchange time outside ``Limits`` is told apart from other
/// values out of range, so the summary says which.
enum CaptureFrame {
    /// The frame in `bytes`: by the wire fast path (``MarketDataFastPath``, the live
    /// feed's: one pass over the bytes in place) when it takes the line, else by the
    /// general decoder (``decode(_:)-(String)``), which gives the same frame.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<InboundFrame, LineFailure> {
        if let (frame, withinLimits) = MarketDataFastPath.decodeCheckingLimits(bytes: bytes) {
            if !withinLimits, let reason = frame.limitReason { return .failure(LineFailure(reason)) }
            return .success(frame)
        }
        return self.decode(String(decoding: bytes, as: UTF8.self))
    }

    static func decode(_ text: String) -> Result<InboundFrame, LineFailure> {
        let frame: InboundFrame
        do { frame = try InboundFrame(decodingWithoutLimitCheck: text) } catch {
            switch error {
            case .malformedJSON: return .failure(LineFailure(.malformedJSON))
            case .invalidField(_, let path, _, _) where Self.isField(path, "time"):
                return .failure(LineFailure(.badTimestamp))  // not an integer (too large, a fraction...)
            case .invalidField(_, let path, _, _) where Self.isField(path, "coin"):
                return .failure(LineFailure(.invalidCoin))  // not a string, or empty
            default: return .failure(LineFailure(.invalidValue))
            }
        }
        if let reason = frame.limitReason { return .failure(LineFailure(reason)) }
        return .success(frame)
    }

    /// Whether `path` (`data.time`, `data[2].coin`) names the field `name`.
    static func isField(_ path: String, _ name: String) -> Bool {
        path == name || path.hasSuffix("." + name)
    }

    /// An exchange time in milliseconds as nanoseconds, or nil outside ``Limits/exchangeTime``
    /// (inside it the product is exact and inside ``Limits/time``).
    static func nanoseconds(ofExchangeTime milliseconds: Int64) -> Int64? {
        Limits.isValidExchangeTime(milliseconds) ? milliseconds * 1_000_000 : nil
    }
}

extension InboundFrame {
    /// Why the frame breaks ``Limits``, as a skip reason, or nil when it does not.
    var limitReason: SkipReason? {
        guard self.limitProblem != nil else { return nil }
        switch self {
        case .book(let book):
            if Limits.coinNameProblem(book.coin) != nil { return .invalidCoin }
            if !Limits.isValidExchangeTime(book.exchangeTime) { return .badTimestamp }
        case .trades(let batches):
            if batches.contains(where: { Limits.coinNameProblem($0.coin) != nil }) { return .invalidCoin }
            if batches.contains(where: { $0.trades.contains { !Limits.isValidExchangeTime($0.exchangeTime) } }) { return .badTimestamp }
        default:
            break
        }
        return .invalidValue
    }
}
