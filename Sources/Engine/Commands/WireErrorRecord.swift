import JSON

/// A live feed frame that could not be decoded, kept in the journal with the reason so no
/// inbound byte is lost (record type ``EngineRecord/wireErrorTag``, named "wire_error").
/// Not an engine input: replay skips it. Payload: UTF-8 `reason\nframe` (the reason is
/// everything before the first newline).
public struct WireErrorRecord: Equatable, Sendable {
    /// Why the frame did not decode.
    public var reason: String
    /// The frame's text, as received.
    public var frame: String

    public init(reason: String, frame: String) {
        self.reason = reason
        self.frame = frame
    }

    /// The record's payload: `reason\nframe` in UTF-8.
    public var payload: [UInt8] { Array((self.reason + "\n" + self.frame).utf8) }

    /// Decodes a payload: the text before the first newline is the reason, the rest the
    /// frame (a payload without a newline is all reason). Throws when it is not UTF-8.
    public init(payload: some Collection<UInt8>) throws(BinaryDecodingError) {
        let bytes = Array(payload)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidValue(what: "wire_error", offset: 0, reason: "payload is not valid UTF-8")
        }
        if let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
            self.reason = String(decoding: bytes[..<newline], as: UTF8.self)
            self.frame = String(decoding: bytes[(newline + 1)...], as: UTF8.self)
        } else {
            self.reason = text
            self.frame = ""
        }
    }

    /// `reason` and `frame`, as `journal cat` prints them.
    public func renderFields(to json: inout JSONWriter) {
        json.field("reason", self.reason)
        json.field("frame", self.frame)
    }
}
