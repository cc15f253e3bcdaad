import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct EscapingTests {
    /// Every string comes back from the parser as it went into the writer.
    @Test(arguments: [
        "", "plain", "quote \" inside", "back\\slash", "both \\\" mixed", "slash / kept",
        "newline\nreturn\rtab\t", String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
        "delete \u{7F}", "é ü ß", "€ ✓", "emoji 😀 and flag 🇨🇭", "𝄞 (U+1D11E)", "nul \u{0} inside",
    ])
    func stringsRoundTrip(_ text: String) throws {
        let literal = JSONString.quoted(text)
        #expect(try OrderedJSON(parsing: literal) == .string(text))
        var writer = JSONWriter()
        writer.beginObject()
        writer.key(text)
        writer.value(text)
        writer.endObject()
        #expect(try OrderedJSON(parsing: writer.text) == .object([(key: text, value: .string(text))]))
    }

    @Test func escapesAreTheShortOnesOrU00XX() {
        #expect(JSONString.quoted("a\"b\\c\nd\re\tf") == #""a\"b\\c\nd\re\tf""#)
        #expect(JSONString.quoted("\u{0}\u{1F}\u{8}\u{C}") == #""\u0000\u001f\u0008\u000c""#)
        #expect(JSONString.quoted("/ 😀") == "\"/ 😀\"", "slashes and non-ASCII go out as they are")
    }

    @Test func everyEscapeOfTheGrammarIsRead() throws {
        #expect(try OrderedJSON(parsing: #""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC""#) == .string("\" \\ / \u{8} \u{C} \n \r \t A é €"))
    }

    @Test func surrogatePairsAreDecoded() throws {
        #expect(try OrderedJSON(parsing: #""\ud83d\ude00""#) == .string("😀"))
        #expect(try OrderedJSON(parsing: #""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
    }

    @Test(arguments: [
        (#""\ud83d""#, 1), (#""\ude00""#, 1), (#""a\ud83dx""#, 2), (#""\ud83d\u0041""#, 1), (#""\ud83d\ud83d""#, 1),
        (#""\u12""#, 1), (#""\u12G4""#, 1), (#""\x""#, 1), ("\"tab\there\"", 4), ("\"open", 0), (#""\""#, 0),
    ])
    func badStringsAreRejectedWithTheirOffset(_ text: String, _ offset: Int) {
        #expect { try OrderedJSON(parsing: text) } throws: { ($0 as? JSONParseError)?.offset == offset }
    }

    @Test func invalidUTF8IsRejected() {
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: [0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try OrderedJSON(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }
}
