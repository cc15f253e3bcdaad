import Engine
import Foundation
import Journal

extension KillSwitchCheckpoint {
    /// The `extra` key of a journal header's checkpoint (its JSON text, sorted keys).
    public static let headerKey = "kill_switch_checkpoint"

    /// The checkpoint as JSON (sorted keys), as stored in a journal header.
    public static func encodeJSON(_ checkpoint: KillSwitchCheckpoint) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(checkpoint), as: UTF8.self)
    }

    /// The checkpoint a journal header carries (`extra.kill_switch_checkpoint`), if any.
    public static func recorded(in metadata: JournalMetadata) throws -> KillSwitchCheckpoint? {
        guard let text = metadata.extra?[Self.headerKey] else { return nil }
        return try JSONDecoder().decode(KillSwitchCheckpoint.self, from: Data(text.utf8))
    }
}
