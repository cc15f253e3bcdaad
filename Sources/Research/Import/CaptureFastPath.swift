import Engine
import Hyperliquid

/// The import's hot path for `l2Book` frames (most of a capture's bytes) as the exchange
/// and the collectors write them: one pass over the line's bytes in place, no string or
/// JSON tree. It accepts only compact frames (no whitespace or escapes, channel first,
/// the fields the live fast path knows, each once, in any order) and returns nil for
/// anything else (`trades` frames included: the live fast path takes those);
/// ``CaptureFrame`` then decodes the line with the general decoder, which
/// gives the same frame for every line accepted here (tests check it on real captures
/// and on corrupted lines) or says what is wrong.
enum CaptureFastPath {
    /// The frame in `bytes`, or nil when the general decoder must look at it.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> InboundFrame? {
        var cursor = FrameBytes(bytes)
        guard cursor.consume(#"{"channel":"l2Book","data":"#), let book = self.book(&cursor), cursor.consume(UInt8(ascii: "}")),
              cursor.atEnd else { return nil }
        return .book(book)
    }

    /// `{"coin":…,"time":…,"levels":[[…],[…]]}` with keys in any order, each once.
    static func book(_ cursor: inout FrameBytes) -> BookSnapshot? {
        guard cursor.consume(UInt8(ascii: "{")) else { return nil }
        var coin: String?
        var time: Int64?
        var bids: [BookLevel]?
        var asks: [BookLevel] = []
        repeat {
            if cursor.consume(#""levels":[["#), bids == nil {
                guard let first = self.levels(&cursor), cursor.consume(#",["#), let second = self.levels(&cursor),
                      cursor.consume(UInt8(ascii: "]")) else { return nil }
                bids = first
                asks = second
            } else if cursor.consume(#""coin":"#), coin == nil {
                guard let range = cursor.plainString(), !range.isEmpty else { return nil }
                coin = cursor.string(range)
            } else if cursor.consume(#""time":"#), time == nil {
                guard let value = cursor.smallUnsigned() else { return nil }
                time = value
            } else {
                return nil
            }
            guard let more = cursor.separator(closing: UInt8(ascii: "}")) else { return nil }
            if !more { break }
        } while true
        guard let coin, let bids else { return nil }
        return BookSnapshot(coin: coin, exchangeTime: time ?? 0, bids: bids, asks: asks)
    }

    /// The levels of one side after its `[`: `{"px":"…","sz":"…","n":…},…]` (keys in any
    /// order, each once).
    @inline(__always) static func levels(_ cursor: inout FrameBytes) -> [BookLevel]? {
        var levels: [BookLevel] = []
        if cursor.consume(UInt8(ascii: "]")) { return levels }
        levels.reserveCapacity(20)
        repeat {
            guard cursor.consume(UInt8(ascii: "{")) else { return nil }
            var price: Int64 = 0, size: Int64 = 0, orders: Int64 = -1
            repeat {
                if cursor.consume(#""px":"#), price == 0 {
                    guard let raw = cursor.positiveDecimalString() else { return nil }
                    price = raw
                } else if cursor.consume(#""sz":"#), size == 0 {
                    guard let raw = cursor.positiveDecimalString() else { return nil }
                    size = raw
                } else if cursor.consume(#""n":"#), orders < 0 {
                    guard let count = cursor.smallUnsigned(), count <= Int64(UInt32.max) else { return nil }
                    orders = count
                } else {
                    return nil
                }
                guard let more = cursor.separator(closing: UInt8(ascii: "}")) else { return nil }
                if !more { break }
            } while true
            guard price > 0, size > 0, orders >= 0 else { return nil }
            levels.append(BookLevel(price: Price(rawValue: price), size: Size(rawValue: size), orders: UInt32(orders)))
            guard let more = cursor.separator(closing: UInt8(ascii: "]")) else { return nil }
            if !more { return levels }
        } while true
    }

    /// Whether the fast path's frame for `bytes` is the general decoder's (nil when the
    /// fast path declines the line): the property its tests check on real and corrupted
    /// lines.
    static func agreesWithGeneralDecoder(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let fast = self.decode(bytes) else { return nil }
        return (try? InboundFrame(decodingGenerally: String(decoding: bytes, as: UTF8.self))) == fast
    }
}
