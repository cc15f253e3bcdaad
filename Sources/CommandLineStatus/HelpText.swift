/// Help text written in source as it reads best there (wrapped at the source's width)
/// and printed as ArgumentParser expects it: one line per paragraph, which it wraps to
/// the terminal's width.
///
/// ArgumentParser keeps every newline of a discussion and wraps each line on its own, so
/// a paragraph wrapped by hand at 80 columns comes out with stray short lines
/// ("… the engine saw and" / "every command …"). ``reflow(_:)`` joins the lines of each
/// paragraph and keeps the breaks that mean something.
public enum HelpText {
    /// `text` with the lines of each paragraph joined by single spaces.
    ///
    /// Kept as they are: blank lines (paragraph breaks); list items (lines starting
    /// with `- `, `* ` or `• `), each starting its own line, with the indented lines
    /// after an item joined to it; and other indented lines (examples, commands), each
    /// on its own line.
    public static func reflow(_ text: String) -> String {
        var lines: [String] = []
        var lastWasListItem = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let trimmed = line.drop { $0 == " " }
            let indented = trimmed.count < line.count
            if trimmed.isEmpty {
                lines.append("")
                lastWasListItem = false
                continue
            }
            let isListItem = ["- ", "* ", "• "].contains { trimmed.hasPrefix($0) }
            if isListItem {
                lines.append(line)
                lastWasListItem = true
            } else if indented && !lastWasListItem {
                lines.append(line)
            } else if let last = lines.last, !last.isEmpty, !(last.first == " " && !lastWasListItem) {
                lines[lines.count - 1] = last + " " + trimmed
            } else {
                lines.append(String(trimmed))
            }
        }
        return lines.joined(separator: "\n")
    }
}
