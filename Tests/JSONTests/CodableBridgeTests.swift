import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct CodableBridgeTests {
    struct Sample: Codable, Equatable {
        var zeta: Int64
        var alpha: String
        var Beta: Double
        var ratios: [Double]
        var maybe: Int?
        var table: [String: UInt64]
        var nested: [Nested]
    }

    enum Nested: Codable, Equatable {
        case manual(reason: String)
        case limit(value: Double, limit: Double)
    }

    static let sample = Sample(zeta: -5, alpha: "a/b \"q\"", Beta: 2.0, ratios: [0.1, 1e-7, .infinity, -.infinity, 3],
                               maybe: nil, table: ["b": 2, "a10": 1, "a9": .max], nested: [.manual(reason: "x"), .limit(value: 1.5, limit: 1)])

    @Test func keysAreSortedByTheirBytesAndNumbersAreCompact() throws {
        let text = try JSONValueEncoder().encode(Self.sample).text
        #expect(text == #"{"Beta":2,"alpha":"a/b \"q\"","nested":[{"manual":{"reason":"x"}},{"limit":{"limit":1,"value":1.5}}],"ratios":[0.1,1e-07,"+inf","-inf",3],"table":{"a10":1,"a9":18446744073709551615,"b":2},"zeta":-5}"#)
    }

    @Test func valuesRoundTrip() throws {
        let json = try JSONValueEncoder().encode(Self.sample)
        #expect(try JSONValueDecoder().decode(Sample.self, from: json) == Self.sample)
        #expect(try JSONValueDecoder().decode(Sample.self, from: json.bytes) == Self.sample)
        let nan = try JSONValueDecoder().decode([Double].self, from: try JSONValueEncoder().encode([Double.nan]))
        #expect(nan.count == 1 && nan[0].isNaN)
    }

    @Test func foundationWrittenJSONIsRead() throws {
        // What Foundation's JSONEncoder wrote before this module: escaped slashes, "5.0"
        // or "5" for doubles, any key order, null for a nil optional.
        let old = #"{"zeta":-5,"alpha":"a\/b \"q\"","Beta":2.0,"ratios":[0.1,1e-07,"+inf","-inf",3],"maybe":null,"table":{"b":2,"a10":1,"a9":18446744073709551615},"nested":[{"manual":{"reason":"x"}},{"limit":{"limit":1,"value":1.5}}]}"#
        #expect(try JSONValueDecoder().decode(Sample.self, from: Array(old.utf8)) == Self.sample)
    }

    @Test func mismatchesNameTheField() {
        let wrong = #"{"zeta":1.5,"alpha":"","Beta":0,"ratios":[],"table":{},"nested":[]}"#
        #expect { try JSONValueDecoder().decode(Sample.self, from: Array(wrong.utf8)) } throws: { error in
            guard case DecodingError.typeMismatch(_, let context)? = error as? DecodingError else { return false }
            return context.codingPath.map(\.stringValue) == ["zeta"]
        }
        #expect { try JSONValueDecoder().decode(Sample.self, from: Array(#"{"zeta":1}"#.utf8)) } throws: { error in
            guard case DecodingError.keyNotFound(let key, _)? = error as? DecodingError else { return false }
            return key.stringValue == "alpha"
        }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(UInt8.self, from: Array("256".utf8)) }
    }
}
