/// Lowercase hex helpers.
public enum Hex {
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        self.encode(bytes, prefix: false)
    }

    /// `0x` and the lowercase hex digits of `bytes`.
    public static func prefixed(_ bytes: some Collection<UInt8>) -> String {
        self.encode(bytes, prefix: true)
    }

    static func encode(_ bytes: some Collection<UInt8>, prefix: Bool) -> String {
        let length = bytes.count * 2 + (prefix ? 2 : 0)
        guard length > 0 else { return "" }
        return String(unsafeUninitializedCapacity: length) { out in
            var i = 0
            if prefix {
                out[0] = UInt8(ascii: "0")
                out[1] = UInt8(ascii: "x")
                i = 2
            }
            for b in bytes {
                out[i] = self.digit(b >> 4)
                out[i + 1] = self.digit(b & 0xF)
                i += 2
            }
            return i
        }
    }

    /// The lowercase hex digit of a nibble.
    @inline(__always) static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") &+ nibble : UInt8(ascii: "a") &+ nibble &- 10
    }

    /// Decodes hex with an optional `0x`; `nil` on an odd length or a non-hex digit.
    public static func decode(_ text: String) -> [UInt8]? {
        var chars = Array(text.utf8)
        if chars.count >= 2, chars[0] == UInt8(ascii: "0"), chars[1] == UInt8(ascii: "x") || chars[1] == UInt8(ascii: "X") { chars.removeFirst(2) }
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let high = nibble(chars[i]), let low = nibble(chars[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }
}
