import Engine
import JSON
import Journal

extension JournalWriter {
    /// Appends an engine event or command as a record of its type; returns its seq.
    @discardableResult
    public func append(_ value: some TaggedPayload, time: Int64) throws(JournalError) -> UInt64 {
        try self.append(type: value.tag, time: time) { bytes in
            var writer = BinaryWriter()
            swap(&writer.bytes, &bytes)
            value.encodePayload(to: &writer)
            swap(&writer.bytes, &bytes)
        }
    }
}

extension JournalRecord {
    /// Decodes the record as an engine event or command.
    public func decode() throws(BinaryDecodingError) -> EngineRecord {
        if let problem = Limits.timeProblem(self.time) { throw .outsideLimits(what: "record time", reason: problem) }
        let result = self.payload.withUnsafeBytes { raw in
            Result { () throws(BinaryDecodingError) -> EngineRecord in try EngineRecord(tag: self.type, payload: raw) }
        }
        return try result.get()
    }

    /// The record's type name ("book", "place", "snapshot", "wire_error", ...), or
    /// `unknown(0x1234)`.
    public var typeName: String {
        EngineRecord.recordTypeName(ofTag: self.type) ?? "unknown(0x" + String(self.type, radix: 16) + ")"
    }

    /// Appends the record as one JSON object (`seq`, `time`, `type`, then the payload's
    /// fields: `reason` and `frame` for a `wire_error`, the size for a `snapshot`). A
    /// record this build cannot decode is rendered with `error` and its size, never
    /// dropped.
    public func renderJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("seq", self.seq)
        json.field("time", self.time)
        json.field("type", self.typeName)
        if self.type == EngineRecord.snapshotTag {
            json.field("payload_bytes", UInt64(self.payload.count))
            json.endObject()
            return
        }
        if self.type == EngineRecord.wireErrorTag {
            do {
                try WireErrorRecord(payload: self.payload).renderFields(to: &json)
            } catch {
                json.field("payload_bytes", UInt64(self.payload.count))
                json.field("error", error.description)
            }
            json.endObject()
            return
        }
        do {
            let record = try self.decode()
            record.renderFields(to: &json)
        } catch {
            json.field("payload_bytes", UInt64(self.payload.count))
            json.field("error", error.description)
        }
        json.endObject()
    }
}
