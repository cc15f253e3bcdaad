import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct NumberGrammarTests {
    @Test(arguments: [
        ("0", OrderedJSON.integer(0)), ("-0", .integer(0)), ("7", .integer(7)), ("-12", .integer(-12)),
        ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .unsigned(9_223_372_036_854_775_808)), ("18446744073709551615", .unsigned(.max)),
        ("0.5", .number("0.5")), ("-0.5", .number("-0.5")), ("10.25", .number("10.25")),
        ("1e5", .number("1e5")), ("1E5", .number("1E5")), ("1e+5", .number("1e+5")), ("1e-05", .number("1e-05")),
        ("0e0", .number("0e0")), ("-1.5E-10", .number("-1.5E-10")), ("1.7781573955192864e-07", .number("1.7781573955192864e-07")),
    ])
    func acceptedNumbers(_ text: String, _ value: OrderedJSON) throws {
        #expect(try OrderedJSON(parsing: text) == value)
        #expect(try OrderedJSON(parsing: "[\(text)]") == .array([value]))
    }

    @Test(arguments: [
        ("01", 0), ("-01", 1), ("00", 0), ("+1", 0), (".5", 0), ("-.5", 1), ("1.", 2), ("1.e5", 2), ("1e", 2), ("1e+", 3),
        ("1E-", 3), ("-", 1), ("--1", 1), ("0x10", 1), ("1.5.5", 3), ("1e5.5", 3), ("Infinity", 0), ("NaN", 0), ("- 1", 1),
        ("18446744073709551616", 0), ("-9223372036854775809", 0), ("1 2", 2),
    ])
    func rejectedNumbers(_ text: String, _ offset: Int) {
        #expect { try OrderedJSON(parsing: text) } throws: { ($0 as? JSONParseError)?.offset == offset }
    }

    @Test func integersAndDoublesAreWrittenExactly() {
        var json = JSONWriter()
        json.beginArray()
        json.value(Int64.min)
        json.value(UInt64.max)
        json.value(0 as Int64)
        json.value(0.1)
        json.value(1e-7)
        json.value(5.0)
        json.value(Double.nan)
        json.endArray()
        #expect(json.text == "[-9223372036854775808,18446744073709551615,0,0.1,1e-07,5.0,null]")
        #expect(JSONNumber.compactText(5.0) == "5")
        #expect(JSONNumber.compactText(-0.0) == "-0")
        #expect(JSONNumber.compactText(1e300) == "1e+300")
        #expect(JSONNumber.compactText(.infinity) == nil)
    }
}
