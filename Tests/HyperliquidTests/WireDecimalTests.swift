import Engine
import Foundation
import Hyperliquid
import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct WireDecimalTests {
    static let examples: OrderedJSON = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/signing/sdk_test_vectors.json").standardized.path
        let all = try! OrderedJSON(parsing: try! String(contentsOfFile: path, encoding: .utf8))
        return all["float_to_wire_examples"]!
    }()

    static func pairs(_ value: OrderedJSON?) -> [[OrderedJSON]] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { if case .array(let pair) = $0 { pair } else { nil } }
    }

    static func string(_ value: OrderedJSON) -> String? { if case .string(let s) = value { s } else { nil } }

    /// The Rust SDK's float_to_string_for_hashing cases: our canonical text is the wire text,
    /// including "-0" printed as "0".
    @Test func textMatchesTheSDKsWireStrings() throws {
        let cases = Self.pairs(Self.examples["rust_sdk_float_to_string_for_hashing_test"]?["cases"])
        #expect(cases.count >= 10)
        for pair in cases {
            let input = try #require(Self.string(pair[0])), expected = try #require(Self.string(pair[1]))
            // Our parser wants digits after a point; the SDK's "0." inputs mean the same value.
            let normalized = input.hasSuffix(".") ? input + "0" : input
            let value = try Amount(parsing: normalized)
            #expect(WireDecimal.text(of: value) == expected, "\(input)")
        }
        // The Python SDK's cases (given as numbers there; the strings it sends).
        for (text, expected) in [("1670.1", "1670.1"), ("0.0147", "0.0147"), ("100", "100"), ("0.00000001", "0.00000001"), ("123456.0", "123456"), ("-0.0", "0")] {
            #expect(WireDecimal.text(of: try Price(parsing: text)) == expected)
        }
    }

    /// A well-tested TypeScript SDK's formatPrice/formatSize cases (they truncate, which is
    /// our bid-side and size rounding).
    @Test func tickAndLotRoundingMatchTheReferenceClient() throws {
        let prices = Self.examples["nktkas_formatPrice_formatSize_test"]!
        var checked = 0
        for row in Self.pairs(prices["formatPrice(value, szDecimals, market='perp')"]) {
            let input = try #require(Self.string(row[0])), expected = try #require(Self.string(row[2]))
            guard case .integer(let decimals) = row[1], !input.hasPrefix("-") else { continue }
            let rounded = WireDecimal.price(try Price(parsing: input), rules: PriceRules(sizeDecimals: Int(decimals)), side: .bid)
            #expect(rounded.map(WireDecimal.text(of:)) == expected, "\(input) szDecimals \(decimals)")
            checked += 1
        }
        for row in Self.pairs(prices["formatSize(value, szDecimals)"]) {
            let input = try #require(Self.string(row[0])), expected = try #require(Self.string(row[2]))
            guard case .integer(let decimals) = row[1], !input.hasPrefix("-") else { continue }
            let rounded = WireDecimal.size(try Size(parsing: input), rules: PriceRules(sizeDecimals: Int(decimals)))
            #expect(rounded.map(WireDecimal.text(of:)) == expected, "\(input) szDecimals \(decimals)")
            checked += 1
        }
        #expect(checked >= 9)
    }

    /// Asks round up (never more aggressive); sizes below one lot and prices that round
    /// to nothing give nil.
    @Test func roundingIsPassiveAndNeverZero() throws {
        let btc = PriceRules(sizeDecimals: 5)
        #expect(WireDecimal.price(try Price(parsing: "105055.7"), rules: btc, side: .ask).map(WireDecimal.text(of:)) == "105056")
        #expect(WireDecimal.price(try Price(parsing: "105055.7"), rules: btc, side: .bid).map(WireDecimal.text(of:)) == "105055")
        #expect(WireDecimal.price(try Price(parsing: "0.0000001"), rules: PriceRules(sizeDecimals: 0), side: .bid) == nil)
        #expect(WireDecimal.size(try Size(parsing: "0.000009"), rules: btc) == nil)
        #expect(WireDecimal.size(try Size(parsing: "1.0000"), rules: PriceRules(sizeDecimals: 4)).map(WireDecimal.text(of:)) == "1")
    }
}
