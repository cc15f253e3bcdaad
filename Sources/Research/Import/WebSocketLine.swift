import Engine
import Hyperliquid

/// One line of a raw WebSocket capture: `[<receive ns> ]<json frame>` (the hftbacktest
/// collector's format, or bare frames).
enum WebSocketLine {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(Int64?, InboundFrame), LineFailure> {
        var line = bytes[...]
        var receivedAt: Int64?
        if let first = line.first, first >= 0x30 && first <= 0x39, let space = line.firstIndex(of: 0x20) {
            guard let stamp = Self.receiveStamp(line[line.startIndex..<space]) else { return .failure(LineFailure(.badTimestamp)) }
            receivedAt = stamp
            line = line[(space + 1)...]
        }
        return CaptureFrame.decode(UnsafeBufferPointer(rebasing: line)).map { (receivedAt, $0) }
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
