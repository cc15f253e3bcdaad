@testable import Engine
import TestSupport
import Testing

/// Decision fields are composed on the stack and appended at once (issue 18): the bytes
/// must be those of encoding them part by part, for every kind of value and for names
/// and texts short, long, empty or not ASCII.
@Suite(.tags(.unit)) struct DecisionFieldEncodingTests {
    static let names = ["", "mid", "mult_rate_limit", "naïve_ünïcode_名前", String(repeating: "n", count: 128),
                        String(repeating: "n", count: 129), String(repeating: "é", count: 200)]
    static let values: [DecisionField.Value] = [
        .integer(0), .integer(-1), .integer(.max), .integer(.min), .price(Price(rawValue: 10_505_500_000_000)),
        .size(Size(rawValue: -42)), .amount(Amount(rawValue: 7)), .real(0.1), .real(-.infinity), .real(.nan),
        .real(Double(bitPattern: 0x7FF8_0000_0000_1234)), .flag(true), .flag(false),
        .text(""), .text("quote"), .text("ünïcode ✓"), .text(String(repeating: "t", count: 128)), .text(String(repeating: "t", count: 300)),
    ]

    @Test func composedFieldsEncodeExactlyAsPartByPart() {
        for name in Self.names {
            for value in Self.values {
                var composed = BinaryWriter(bytes: [9, 9])  // appended after existing bytes
                DecisionField.encode(name: name, value: value, to: &composed)
                var parts = BinaryWriter(bytes: [9, 9])
                DecisionField.encodeByParts(name: name, value: value, to: &parts)
                #expect(composed.bytes == parts.bytes, "\(name.prefix(20)) = \(value)")
                // And the field reads back.
                let field = Array(composed.bytes[2...]).withUnsafeBytes { raw -> DecisionField? in
                    var reader = BinaryReader(raw, context: "field")
                    return try? DecisionField(from: &reader)
                }
                #expect(field == DecisionField(name, value))
            }
        }
    }
}
