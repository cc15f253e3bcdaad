import Engine
import Hyperliquid

/// One line of a raw WebSocket capture: `[<receive ns> ]<json frame>` (the hftbacktest
/// collector's format, or bare frames).
enum WebSocketLine {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        guard let (receivedAt, frame) = Self.split(bytes) else { return .failure(LineFailure(.badTimestamp)) }
        return CaptureFrame.decode(frame).map { (receivedAt, $0) }
    }

    /// The receive stamp before the first space of a line that starts with a digit (nil
    /// when it has none) and the rest; nil when the stamp is not a valid time.
    @inline(__always)
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int64?, UnsafeBufferPointer<UInt8>)? {
        let line = bytes[...]
        guard let first = line.first, first >= 0x30 && first <= 0x39, let space = line.firstIndex(of: 0x20) else { return (nil, bytes) }
        guard let stamp = Self.receiveStamp(line[line.startIndex..<space]) else { return nil }
        return (stamp, UnsafeBufferPointer(rebasing: line[(space + 1)...]))
    }

    /// ``decode(_:)-(UnsafeBufferPointer<UInt8>)`` of a line held in an array.
    static func decode(_ bytes: ArraySlice<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        bytes.withUnsafeBufferPointer { Self.decode($0) }
    }

    /// Decimal nanoseconds inside ``Limits/time``, or nil (not digits, or out of range).
    static func receiveStamp(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var value: UInt64 = 0  // 19 digits fit
        for byte in digits {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + UInt64(byte - 0x30)
        }
        guard value <= UInt64(Limits.latestTime) else { return nil }
        return Int64(value)
    }
}
