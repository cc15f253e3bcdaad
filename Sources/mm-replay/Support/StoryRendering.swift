import Engine
import JSON
import Replay

extension JSONWriter {
    /// Writes `key: [{seq, time, <label>}, ...]` for story entries or kill-switch triggers.
    mutating func field(_ name: StaticString, entries: [StoryEntry], label: StaticString) {
        self.key(name)
        self.beginArray()
        for entry in entries {
            self.beginObject()
            self.field("seq", entry.seq)
            self.field("time", entry.time)
            self.field(label, entry.what)
            self.endObject()
        }
        self.endArray()
    }
}

/// The story as text lines: `seq N  t=HH:MM:SS.mmm  what`, at most `limit` of them.
func storyLines(_ entries: [StoryEntry], omitted: Int, limit: Int = .max) -> [String] {
    guard !entries.isEmpty else { return [] }
    var lines = ["story"]
    for entry in entries.prefix(limit) { lines.append("  seq \(entry.seq)  t=\(formatTime(entry.time))  \(entry.what)") }
    let hidden = entries.count - min(limit, entries.count) + omitted
    if hidden > 0 { lines.append("  ... and \(hidden) more" + (limit < .max ? " (--json for all)" : "")) }
    return lines
}
