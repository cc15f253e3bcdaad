import Engine
import JSON
import Journal

extension KillSwitchCheckpoint {
    /// The `extra` key under which journals written before the header's own
    /// `kill_switch_checkpoint` field carried the checkpoint (as JSON text).
    public static let legacyHeaderKey = "kill_switch_checkpoint"

    /// The checkpoint as the JSON object a journal header's `kill_switch_checkpoint` holds.
    public static func headerValue(_ checkpoint: KillSwitchCheckpoint) throws -> OrderedJSON {
        try JSONValueEncoder().encode(checkpoint)
    }

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

    /// The checkpoint a journal header carries (`kill_switch_checkpoint`, or in older
    /// journals `extra.kill_switch_checkpoint`), if any.
    public static func recorded(in metadata: JournalMetadata) throws -> KillSwitchCheckpoint? {
        if let json = metadata.killSwitchCheckpoint {
            return try JSONValueDecoder().decode(KillSwitchCheckpoint.self, from: json)
        }
        guard let text = metadata.extra?[Self.legacyHeaderKey] else { return nil }
        return try self.decodeJSON(Array(text.utf8))
    }
}
