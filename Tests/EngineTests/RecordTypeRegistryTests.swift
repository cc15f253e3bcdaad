import Engine
import EngineJournal
import TestSupport
import Testing

/// The one record type registry (`RecordType`): every tag unique and named, and the
/// event and command kinds, snapshot and wire-error tags all read from it.
@Suite(.tags(.unit)) struct RecordTypeRegistryTests {
    @Test func everyTagIsUniqueAndNamed() {
        let tags = RecordType.allCases.map(\.rawValue)
        let names = RecordType.allCases.map(\.name)
        #expect(Set(tags).count == tags.count, "a tag is listed twice")
        #expect(Set(names).count == names.count, "a name is listed twice")
        #expect(names.allSatisfy { !$0.isEmpty })
        #expect(tags == tags.sorted(), "the registry lists tags in order")
        for type in RecordType.allCases {
            #expect(RecordType(name: type.name) == type)
            #expect(EngineRecord.recordTypeName(ofTag: type.rawValue) == type.name)
            #expect(EngineRecord.recordTag(ofTypeName: type.name) == type.rawValue)
        }
    }

    /// Events, commands, the snapshot and the wire-error record cover the registry
    /// exactly once, each in its tag range.
    @Test func everyRecordFamilyIsInTheRegistry() {
        let events = Event.Kind.allCases.map(\.recordType)
        let commands = Command.Kind.allCases.map(\.recordType)
        let others = [RecordType(rawValue: EngineRecord.snapshotTag), RecordType(rawValue: EngineRecord.wireErrorTag)].compactMap { $0 }
        #expect(others == [.snapshot, .wireError])
        #expect(events + commands + others == RecordType.allCases)
        #expect(events.allSatisfy { RecordType.isEventRange($0.rawValue) })
        #expect(commands.allSatisfy { !RecordType.isEventRange($0.rawValue) && $0.rawValue < EngineRecord.snapshotTag })
        for kind in Event.Kind.allCases { #expect(Event.Kind(rawValue: kind.rawValue) == kind && Command.Kind(rawValue: kind.rawValue) == nil) }
        for kind in Command.Kind.allCases { #expect(Command.Kind(rawValue: kind.rawValue) == kind && Event.Kind(rawValue: kind.rawValue) == nil) }
        #expect(EngineRecord.recordTypes.map(\.tag) == RecordType.allCases.map(\.rawValue))
        #expect(EngineRecord.recordTypeName(ofTag: 0x0300) == "wire_error")
        #expect(EngineRecord.recordTypeName(ofTag: 0x0200) == "snapshot")
        #expect(EngineRecord.recordTypeName(ofTag: 0x00FF) == nil)
    }

    /// The record layout is the journal's (`RecordHeader`): a stamped command encodes as
    /// seq, time, type and length little-endian, then its payload.
    @Test func stampedRecordsUseTheJournalRecordLayout() throws {
        let stamped = Stamped(seq: 0x0102_0304_0506_0708, time: -2, event: EngineRecord.output(.cancelAll(coin: "BTC")))
        let bytes = stamped.recordBytes
        let payload = stamped.event.payloadBytes
        #expect(Array(bytes[0..<8]) == [8, 7, 6, 5, 4, 3, 2, 1])
        #expect(Array(bytes[8..<16]) == [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Array(bytes[16..<18]) == [0x04, 0x01])
        #expect(Array(bytes[18..<22]) == [UInt8(payload.count), 0, 0, 0])
        #expect(Array(bytes[22...]) == payload)
        #expect(try Stamped<EngineRecord>(decodingRecord: bytes) == stamped)
        #expect(throws: BinaryDecodingError.self) { try Stamped<EngineRecord>(decodingRecord: bytes.dropLast()) }
        #expect(throws: BinaryDecodingError.self) { try Stamped<EngineRecord>(decodingRecord: bytes + [0]) }
        #expect(throws: BinaryDecodingError.self) { try Stamped<EngineRecord>(decodingRecord: bytes.prefix(10)) }
    }
}
