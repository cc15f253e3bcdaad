import JSON

/// A manual instruction from the operator, journaled so replays see it.
public enum OperatorAction: Hashable, Sendable {
    /// Trip the kill switch by hand.
    case kill(reason: String)
    /// Reset a latched kill switch, unless one of the runbook's "when not to reset"
    /// conditions holds (then refused, with the reasons, in a decision record).
    case resetKillSwitch
    /// Reset a latched kill switch whatever holds (the operator's explicit override).
    case forceResetKillSwitch
    /// Stop quoting (orders are cancelled) without tripping the kill switch.
    case pause
    /// Resume quoting after a pause.
    case resume
    /// Change one config field (dotted path, as in the config file) to a new value (a
    /// TOML scalar: `400`, `0.5`, `true`). Applied through the config field table and
    /// validated like a loaded file; fields that shape state built at start
    /// (`general.*`, `estimators.*`, `coins`) are refused with a decision record.
    case configChange(path: String, value: String)
    /// The session ends: stop quoting, cancel every order (a cancel-all), and check with
    /// the venue that nothing of ours is left open.
    case shutdown(reason: String)
}

extension OperatorAction: BinaryCodable, JSONRenderable {
    public func encode(to writer: inout BinaryWriter) {
        switch self {
        case .kill(let reason): writer.write(UInt8(0)); writer.write(reason)
        case .resetKillSwitch: writer.write(UInt8(1))
        case .pause: writer.write(UInt8(2))
        case .resume: writer.write(UInt8(3))
        case .configChange(let path, let value): writer.write(UInt8(4)); writer.write(path); writer.write(value)
        case .shutdown(let reason): writer.write(UInt8(5)); writer.write(reason)
        case .forceResetKillSwitch: writer.write(UInt8(6))
        }
    }
    public init(from reader: inout BinaryReader) throws(BinaryDecodingError) {
        switch try reader.read(UInt8.self) {
        case 0: self = .kill(reason: try reader.readString())
        case 1: self = .resetKillSwitch
        case 2: self = .pause
        case 3: self = .resume
        case 4: self = .configChange(path: try reader.readString(), value: try reader.readString())
        case 5: self = .shutdown(reason: try reader.readString())
        case 6: self = .forceResetKillSwitch
        case let tag: throw .unknownTag(what: "\(reader.context).action", tag: UInt64(tag))
        }
    }
    public func renderFields(to json: inout JSONWriter) {
        switch self {
        case .kill(let reason): json.field("action", "kill"); json.field("reason", reason)
        case .resetKillSwitch: json.field("action", "resetKillSwitch")
        case .pause: json.field("action", "pause")
        case .resume: json.field("action", "resume")
        case .configChange(let path, let value): json.field("action", "configChange"); json.field("path", path); json.field("value", value)
        case .shutdown(let reason): json.field("action", "shutdown"); json.field("reason", reason)
        case .forceResetKillSwitch: json.field("action", "forceResetKillSwitch")
        }
    }
}
