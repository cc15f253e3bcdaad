import Engine
import JSON
import Journal

extension KillSwitchCheckpoint {
    /// The `extra` key of a journal header's checkpoint (its JSON text, sorted keys).
    public static let headerKey = "kill_switch_checkpoint"

    /// The checkpoint as JSON (keys sorted), as stored in a journal header and in the
    /// checkpoint file: written by ``JSONValueEncoder``, the bytes Foundation's
    /// `JSONEncoder` wrote for every checkpoint without a `/` in a reason.
    public static func encodeJSON(_ checkpoint: KillSwitchCheckpoint) throws -> String {
        try JSONValueEncoder().encode(checkpoint).text
    }

    /// The checkpoint JSON text holds, parsed strictly. Throws ``JSONParseError`` or a
    /// `DecodingError` naming the field.
    public static func decodeJSON(_ bytes: some Collection<UInt8>) throws -> KillSwitchCheckpoint {
        try JSONValueDecoder().decode(KillSwitchCheckpoint.self, from: bytes)
    }

    /// The checkpoint a journal header carries (`extra.kill_switch_checkpoint`), if any.
    public static func recorded(in metadata: JournalMetadata) throws -> KillSwitchCheckpoint? {
        guard let text = metadata.extra?[Self.headerKey] else { return nil }
        return try self.decodeJSON(Array(text.utf8))
    }
}
