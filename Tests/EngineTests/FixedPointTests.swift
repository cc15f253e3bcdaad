import Engine
import Foundation
import TestSupport
import Testing

@Suite(.tags(.unit)) struct FixedPointTests {
    @Test(arguments: [
        ("105055.0", Int64(105055_00000000), "105055"),
        ("0.00733", 733_000, "0.00733"),
        ("-0.5", -50_000_000, "-0.5"),
        ("0", 0, "0"),
        ("-0", 0, "0"),
        ("-0.0", 0, "0"),
        ("3.03622", 303_622_000, "3.03622"),
        ("0.00000001", 1, "0.00000001"),
        ("1.00000000000", 100_000_000, "1"),
        ("5.", 500_000_000, "5"),
        (".25", 25_000_000, "0.25"),
        ("92233720368.54775807", Int64.max, "92233720368.54775807"),
        ("-92233720368.54775807", -Int64.max, "-92233720368.54775807"),
    ])
    func parsesExactlyAndPrintsCanonically(text: String, raw: Int64, canonical: String) throws {
        let price = try Price(parsing: text)
        #expect(price.rawValue == raw)
        #expect(price.description == canonical)
        #expect(try Price(parsing: price.description) == price)
    }

    @Test func rejectsWhatIsNotAnExactDecimal() {
        #expect(throws: DecimalParseError.empty) { try Size(parsing: "") }
        #expect(throws: DecimalParseError.empty) { try Size(parsing: "-") }
        #expect(throws: DecimalParseError.invalidCharacter(text: ".", offset: 0)) { try Size(parsing: ".") }
        #expect(throws: DecimalParseError.invalidCharacter(text: "1e5", offset: 1)) { try Size(parsing: "1e5") }
        #expect(throws: DecimalParseError.invalidCharacter(text: "NaN", offset: 0)) { try Size(parsing: "NaN") }
        #expect(throws: DecimalParseError.invalidCharacter(text: "inf", offset: 0)) { try Size(parsing: "inf") }
        #expect(throws: DecimalParseError.invalidCharacter(text: " 1", offset: 0)) { try Size(parsing: " 1") }
        #expect(throws: DecimalParseError.invalidCharacter(text: "+1", offset: 0)) { try Size(parsing: "+1") }
        #expect(throws: DecimalParseError.invalidCharacter(text: "1.2.3", offset: 3)) { try Size(parsing: "1.2.3") }
        #expect(throws: DecimalParseError.invalidCharacter(text: "--1", offset: 1)) { try Size(parsing: "--1") }
        #expect(throws: DecimalParseError.tooManyDecimals(text: "0.000000001", limit: 8)) { try Size(parsing: "0.000000001") }
        #expect(throws: DecimalParseError.outOfRange(text: "92233720368.54775808")) { try Size(parsing: "92233720368.54775808") }
        #expect(throws: DecimalParseError.outOfRange(text: "99999999999999999999999")) { try Size(parsing: "99999999999999999999999") }
        #expect(Price("abc") == nil)
    }

    @Test func errorMessagesNameTheInput() {
        let message = DecimalParseError.tooManyDecimals(text: "0.123456789", limit: 8).description
        #expect(message.contains("0.123456789"))
        #expect(message.contains("8"))
    }

    @Test func formatThenParseIsIdentityOnRandomValues() throws {
        var random = Xoshiro256StarStar(seed: 11)
        for round in 0..<20_000 {
            let raw: Int64
            switch round % 4 {
            case 0: raw = Int64(bitPattern: random.next())
            case 1: raw = random.next(in: -1_000_000_000...1_000_000_000)
            case 2: raw = random.next(in: -1000...1000) * 100_000_000
            default: raw = random.next(in: -99_999...99_999) * 1000
            }
            guard raw != Int64.min else { continue }
            let size = Size(rawValue: raw)
            let text = size.description
            #expect(try Size(parsing: text) == size, "\(raw) -> \(text)")
            #expect(!text.hasPrefix("-0") || text.hasPrefix("-0."))
            #expect(!text.hasSuffix(".") && !(text.contains(".") && text.hasSuffix("0")))
        }
    }

    @Test func arithmeticReportsOverflowInsteadOfWrapping() throws {
        let big = Amount(rawValue: Int64.max - 1)
        #expect(big.adding(Amount(rawValue: 1)) == Amount(rawValue: Int64.max))
        #expect(big.adding(Amount(rawValue: 2)) == nil)
        #expect(Amount(rawValue: Int64.min).negated() == nil)
        #expect(Amount(rawValue: Int64.min + 1).subtracting(Amount(rawValue: 2)) == nil)
        #expect(Size(rawValue: 1 << 62).multiplied(by: 2) == nil)
        #expect(Size(rawValue: 3).multiplied(by: -2) == Size(rawValue: -6))
        #expect(try Price(parsing: "1.5") + Price(parsing: "2.25") == Price(parsing: "3.75"))
    }

    @Test func notionalIsExactAndChecked() throws {
        let price = try Price(parsing: "105055.5")
        #expect(price.notional(of: try Size(parsing: "0.00733")) == (try Amount(parsing: "770.056815")))
        #expect(price.notional(of: try Size(parsing: "-2")) == (try Amount(parsing: "-210111")))
        // Rounds toward zero below 10^-8.
        #expect(try Price(parsing: "0.00000001").notional(of: Size(parsing: "0.5")) == Amount.zero)
        #expect(Price(rawValue: Int64.max).notional(of: Size(rawValue: Int64.max)) == nil)
    }

    @Test func everyPriceAndSizeInTheRealCaptureParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt").standardized
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("fixture missing at \(url.path)")
            return
        }
        let pattern = try NSRegularExpression(pattern: #""(px|sz)":"([^"]*)""#)
        var count = 0
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let value = String(text[Range(match.range(at: 2), in: text)!])
            let parsed = try Price(parsing: value)
            // Canonical printing drops only a trailing ".0"/zeros; the value is unchanged.
            #expect(Decimal(string: parsed.description) == Decimal(string: value))
            count += 1
        }
        #expect(count > 1000)
    }
}
