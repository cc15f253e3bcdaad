import JSON

/// A value with its place in the session: a dense sequence number and a virtual time.
///
/// `seq` counts the journal's records from 1; `time` is nanoseconds on the session's
/// virtual clock (live: the local receive time). The engine reads time only from here.
public struct Stamped<Payload> {
    /// Position in the session, dense from 1.
    public var seq: UInt64
    /// Nanoseconds on the session's virtual clock.
    public var time: Int64
    /// The event (or command, or record).
    public var event: Payload

    public init(seq: UInt64, time: Int64, event: Payload) {
        self.seq = seq
        self.time = time
        self.event = event
    }
}

extension Stamped: Equatable where Payload: Equatable {}
extension Stamped: Hashable where Payload: Hashable {}
extension Stamped: Sendable where Payload: Sendable {}

extension Stamped: JSONRenderable where Payload: TaggedPayload {
    /// Renders `{"seq":…,"time":…,"type":…, <payload fields>}`.
    public func renderFields(to json: inout JSONWriter) {
        json.field("seq", self.seq)
        json.field("time", self.time)
        json.field("type", self.event.typeName)
        self.event.renderFields(to: &json)
    }
}
