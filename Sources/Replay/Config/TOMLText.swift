/// Checks on TOML text before the parser sees it.
enum TOMLText {
    /// The line and column (from 1) and the code of the first control character TOML
    /// does not allow (anything below U+0020 but tab, line feed and carriage return, and
    /// U+007F), or `nil`. The parser would otherwise stop at a NUL byte and silently
    /// drop the rest of the file.
    static func forbiddenCharacter(in text: String) -> (line: Int, column: Int, code: UInt32)? {
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A {
                line += 1
                column = 1
                continue
            }
            if (v < 0x20 && v != 0x09 && v != 0x0D) || v == 0x7F { return (line, column, v) }
            column += 1
        }
        return nil
    }

    /// A message naming the first forbidden control character, or `nil`.
    static func forbiddenCharacterProblem(in text: String) -> (at: String, message: String)? {
        guard let found = forbiddenCharacter(in: text) else { return nil }
        let code = String(found.code, radix: 16, uppercase: true)
        return ("line \(found.line), column \(found.column)",
                "control character U+\(String(repeating: "0", count: 4 - code.count))\(code) is not allowed in TOML (a binary or truncated file?)")
    }
}
