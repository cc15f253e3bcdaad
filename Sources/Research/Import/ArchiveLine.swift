import Engine
import Hyperliquid
import JSON

/// One line of Hyperliquid's historical archive: an l2Book snapshot
/// `{"time":"2023-09-16T09:00:00.085378327","ver_num":1,"raw":{"channel":"l2Book","data":{…}}}`
/// (the capture time, ISO 8601 UTC with nanoseconds, becomes the receive stamp), or a node
/// trade `{"coin","side","time":"…","px","sz","hash",…,"tid"?}`.
enum ArchiveLine {
    /// ``decode(_:)-(UnsafeBufferPointer<UInt8>)`` of a line held in an array.
    static func decode(_ line: ArraySlice<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        line.withUnsafeBufferPointer { Self.decode($0) }
    }

    /// The line's receive stamp and frame: a compact book line by ``bookFastPath(_:)``,
    /// anything else by the general JSON decoder (which gives the same for those).
    static func decode(_ line: UnsafeBufferPointer<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        Self.bookFastPath(line) ?? Self.decodeGenerally(line)
    }

    /// The line decoded through a JSON tree: any key order, spacing or escapes.
    static func decodeGenerally(_ line: UnsafeBufferPointer<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        let json: OrderedJSON
        do { json = try OrderedJSON(parsing: String(decoding: line, as: UTF8.self)) } catch {
            return .failure(LineFailure(.malformedJSON))
        }
        guard case .object = json else { return .failure(LineFailure(.malformedJSON)) }
        var stamp: Int64?
        if case .string(let text)? = json["time"] {
            guard let parsed = Self.unixNanoseconds(iso: text) else { return .failure(LineFailure(.badTimestamp)) }
            stamp = parsed
        }
        if let raw = json["raw"] {
            return CaptureFrame.decode(raw.text).map { (stamp, $0) }
        }
        guard case .string(let coin)? = json["coin"], case .string(let sideText)? = json["side"], case .string(let px)? = json["px"],
              case .string(let sz)? = json["sz"] else {
            return .failure(LineFailure(.unknownRecord))
        }
        guard Limits.coinNameProblem(coin) == nil else { return .failure(LineFailure(.invalidCoin)) }
        guard let side: Side = sideText == "B" ? .bid : (sideText == "A" ? .ask : nil), let price = try? Price(parsing: px),
              Limits.priceProblem(price) == nil, let size = try? Size(parsing: sz), Limits.sizeProblem(size) == nil else {
            return .failure(LineFailure(.invalidValue))
        }
        var id: UInt64
        switch json["tid"] {
        case .integer(let v)? where v >= 0: id = UInt64(v)
        case .unsigned(let v)?: id = v
        default:
            // No trade id: a 64-bit FNV-1a hash of the whole line (its hash, users, order
            // ids…), so only an identical line counts as the same trade.
            id = 14_695_981_039_346_656_037
            for byte in line { id = (id ^ UInt64(byte)) &* 1_099_511_628_211 }
        }
        let exchangeTime = (stamp ?? 0) / 1_000_000  // the stamp is inside Limits.time, so this is inside Limits.exchangeTime
        let trade = Trade(side: side, price: price, size: size, exchangeTime: exchangeTime, tradeID: id)
        return .success((stamp, .trades([TradeBatch(coin: coin, trades: [trade])])))
    }

    /// `{"time":"<iso>","ver_num":<n>,"raw":<l2Book frame>}` with a frame the wire fast
    /// path (``MarketDataFastPath``) takes, decoded without a JSON tree; nil for any other
    /// line. The general decoder gives the same result for such a line: it re-serializes
    /// `raw` to the same values.
    static func bookFastPath(_ line: UnsafeBufferPointer<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure>? {
        var cursor = ByteCursor(line)
        guard cursor.literal(#"{"time":"#), let time = cursor.plainString(), cursor.literal(#","ver_num":"#),
              cursor.smallUnsigned() != nil, cursor.literal(#","raw":"#), line.count - cursor.index >= 2,
              line[line.count - 1] == UInt8(ascii: "}"),
              let (frame, _) = MarketDataFastPath.decodeCheckingLimits(bytes: UnsafeBufferPointer(rebasing: line[cursor.index..<(line.count - 1)])),
              case .book = frame else { return nil }
        guard let stamp = Self.unixNanoseconds(iso: UnsafeBufferPointer(rebasing: line[time])) else { return .failure(LineFailure(.badTimestamp)) }
        if let reason = frame.limitReason { return .failure(LineFailure(reason)) }
        return .success((stamp, frame))
    }

    /// The years a capture time may name: those of ``Limits/time``, whose last instant,
    /// ``Limits/latestTime``, is 2100-01-01T00:00:00Z (later times in 2100 are refused by
    /// the range check on the result).
    static let years: ClosedRange<Int64> = 1970...2100

    /// `2023-09-16T09:00:00.085378327` (optionally with `Z`) as Unix nanoseconds, or nil
    /// when it is not such a time or lies outside ``Limits/time``.
    static func unixNanoseconds(iso text: String) -> Int64? {
        var text = text
        return text.withUTF8 { Self.unixNanoseconds(iso: $0) }
    }

    /// ``unixNanoseconds(iso:)-(String)`` of UTF-8 bytes.
    static func unixNanoseconds(iso bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for i in range {
                guard bytes[i] >= 0x30 && bytes[i] <= 0x39 else { return nil }
                value = value * 10 + Int64(bytes[i] - 0x30)
            }
            return value
        }
        // Every field in range before any arithmetic: nothing below can overflow.
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), Self.years.contains(year), (1...12).contains(month),
              (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var nanos: Int64 = 0
        var i = 19
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            var digits = 0
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if digits < 9 { nanos = nanos * 10 + Int64(bytes[i] - 0x30); digits += 1 }
                i += 1
            }
            while digits < 9 { nanos *= 10; digits += 1 }
        }
        if i < bytes.count && bytes[i] == UInt8(ascii: "Z") { i += 1 }
        guard i == bytes.count else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let time = ((days * 24 + hour) * 60 + minute) * Nanoseconds.minutes(1).rawValue + Nanoseconds.seconds(second).rawValue + nanos
        return Limits.isValidTime(time) ? time : nil
    }
}
