/// Times of day as text, for stories, logs and charts (never for anything hashed).
public enum ClockText {
    /// `HH:MM:SS` (UTC) of `time` (nanoseconds since the Unix epoch; times before it count
    /// back from midnight), with `.mmm` appended when `milliseconds` is set.
    public static func timeOfDay(_ time: Int64, milliseconds: Bool = false) -> String {
        let seconds = time >= 0 ? time / 1_000_000_000 : (time + 1) / 1_000_000_000 - 1
        let day = ((seconds % 86_400) + 86_400) % 86_400
        var text = Self.padded(day / 3_600, 2) + ":" + Self.padded((day / 60) % 60, 2) + ":" + Self.padded(day % 60, 2)
        if milliseconds {
            text += "." + Self.padded(((time % 1_000_000_000) + 1_000_000_000) % 1_000_000_000 / 1_000_000, 3)
        }
        return text
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
