import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct StructureTests {
    @Test func keyOrderIsKept() throws {
        let text = #"{"type":"order","orders":[{"a":0,"b":true,"p":"1.5"}],"grouping":"na","z":null,"m":{"y":1,"x":2}}"#
        let json = try OrderedJSON(parsing: text)
        guard case .object(let pairs) = json else { Issue.record("not an object"); return }
        #expect(pairs.map(\.key) == ["type", "orders", "grouping", "z", "m"])
        #expect(json.text == text, "written back byte for byte")
        #expect(json != (try OrderedJSON(parsing: #"{"orders":[{"a":0,"b":true,"p":"1.5"}],"type":"order","grouping":"na","z":null,"m":{"y":1,"x":2}}"#)))
    }

    @Test func whitespaceIsSkippedAndNothingMayFollow() throws {
        #expect(try OrderedJSON(parsing: " \t\r\n[ 1 , { \"a\" : [ ] } ]\n ") == .array([.integer(1), .object([(key: "a", value: .array([]))])]))
        #expect { try OrderedJSON(parsing: "[1] x") } throws: { ($0 as? JSONParseError)?.offset == 4 }
        #expect { try OrderedJSON(parsing: "") } throws: { ($0 as? JSONParseError)?.offset == 0 }
        #expect { try OrderedJSON(parsing: "\u{FEFF}{}") } throws: { ($0 as? JSONParseError)?.offset == 0 }
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, 7), (#"{"a" 1}"#, 5), (#"{a:1}"#, 1), (#"{"a":1,}"#, 7), ("[1,]", 3), ("[1 2]", 3),
        ("[", 1), ("{", 1), (#"{"a":1"#, 6), ("tru", 0), ("nul", 0), ("True", 0), ("[1]]", 3),
    ])
    func malformedStructuresAreRejected(_ text: String, _ offset: Int) {
        #expect { try OrderedJSON(parsing: text) } throws: { ($0 as? JSONParseError)?.offset == offset }
    }

    @Test func errorsSayWhereAndWhat() {
        #expect { try OrderedJSON(parsing: "[1, 01]") } throws: { "\($0)" == "invalid JSON at byte 4: a number has a leading zero" }
    }

    @Test func depthIsLimited() throws {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + String(repeating: "]", count: depth) }
        #expect(throws: Never.self) { try OrderedJSON(parsing: nested(OrderedJSON.defaultMaxDepth)) }
        #expect { try OrderedJSON(parsing: nested(OrderedJSON.defaultMaxDepth + 1)) } throws: { ($0 as? JSONParseError)?.offset == OrderedJSON.defaultMaxDepth }
        #expect(throws: Never.self) { try OrderedJSON(parsing: #"{"a":{"b":1}}"#, maxDepth: 2) }
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: #"{"a":{"b":[1]}}"#, maxDepth: 2) }
        // A hostile depth is an error, not a stack overflow.
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: String(repeating: "[", count: 1_000_000)) }
    }

    @Test func theWriterWritesParsedValuesBack() throws {
        let text = #"{"s":"a\"b","i":-3,"u":18446744073709551615,"n":1.50,"t":true,"f":false,"z":null,"a":[[],{}]}"#
        let json = try OrderedJSON(parsing: text)
        var writer = JSONWriter()
        writer.value(json)
        #expect(writer.text == text)
        #expect(json.bytes == Array(text.utf8))
    }
}
