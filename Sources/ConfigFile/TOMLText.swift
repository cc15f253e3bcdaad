/// Checks on TOML text before the parser sees it: inputs the parser (toml++, inside
/// TOMLKit) would mishandle are refused here with a message naming the place.
package enum TOMLText {
    /// The first problem of ``forbiddenCharacterProblem(in:)`` and
    /// ``tableHeaderProblem(in:)``, or `nil`.
    package static func problem(in text: String) -> (at: String, message: String)? {
        self.forbiddenCharacterProblem(in: text) ?? self.tableHeaderProblem(in: text)
    }

    /// The line and column (from 1) and the code of the first control character TOML
    /// does not allow (anything below U+0020 but tab, line feed and carriage return, and
    /// U+007F), or `nil`. The parser would otherwise stop at a NUL byte and silently
    /// drop the rest of the file.
    package static func forbiddenCharacter(in text: String) -> (line: Int, column: Int, code: UInt32)? {
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
    package static func forbiddenCharacterProblem(in text: String) -> (at: String, message: String)? {
        guard let found = forbiddenCharacter(in: text) else { return nil }
        let code = String(found.code, radix: 16, uppercase: true)
        return ("line \(found.line), column \(found.column)",
                "control character U+\(String(repeating: "0", count: 4 - code.count))\(code) is not allowed in TOML (a binary or truncated file?)")
    }

    /// A table header whose name does not start with a key character: toml++ asserts
    /// (aborting the process, in release builds too) instead of reporting a syntax error
    /// when `[` or `[[` at the start of a line is followed, after blanks, by anything but
    /// `]`, a bare-key character (`A-Z a-z 0-9 _ -`) or a quote. Found by the `toml-text`
    /// fuzz target (`[?general]`). Such a line is never a valid header; it could only be
    /// valid inside a multi-line array or string, which no config field or sweep spec uses.
    package static func tableHeaderProblem(in text: String) -> (at: String, message: String)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var scalars = Substring.UnicodeScalarView(line.unicodeScalars)
            var blanks = Self.dropBlanks(&scalars)
            guard scalars.first == "[" else { continue }
            var column = blanks + 2
            scalars.removeFirst()
            blanks = Self.dropBlanks(&scalars)
            column += blanks
            if blanks == 0, scalars.first == "[" {
                scalars.removeFirst()
                column += 1 + Self.dropBlanks(&scalars)
            }
            guard let next = scalars.first else {
                return ("line \(index + 1), column \(column)", "a table header needs a name after '[' (the line ends there)")
            }
            if next == "]" || next == "\"" || next == "'" || Self.isBareKeyCharacter(next) { continue }
            if next == "\r" {
                return ("line \(index + 1), column \(column)", "a table header needs a name after '[' (the line ends there)")
            }
            return ("line \(index + 1), column \(column)",
                    "a table header's name must start with a letter, digit, '_', '-' or a quote, saw U+\(String(next.value, radix: 16, uppercase: true))")
        }
        return nil
    }

    /// Removes the blanks toml++ skips (tab, space and the Unicode horizontal spaces);
    /// returns how many.
    private static func dropBlanks(_ scalars: inout Substring.UnicodeScalarView) -> Int {
        var count = 0
        while let first = scalars.first, Self.isBlank(first) {
            scalars.removeFirst()
            count += 1
        }
        return count
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x180E, 0x2000...0x200B, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    private static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: return true
        default: return false
        }
    }
}
