/// Text from input files (coin names, paths, reasons) made safe to print on a terminal.
public enum TerminalText {
    /// `text` with every control character (C0, DEL, C1: the bytes of terminal escape
    /// sequences), line and paragraph separator and bidirectional override written
    /// visibly as `\u{XX}`, so output never moves the cursor, recolours the terminal or
    /// reorders what follows. Other text is unchanged.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: Self.mustEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if Self.mustEscape(scalar) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
