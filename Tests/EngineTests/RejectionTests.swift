import Engine
import TestSupport
import Testing

@Suite(.tags(.unit)) struct RejectionTests {
    @Test func everyTruncationOfAValidPayloadIsATypedErrorNotACrash() throws {
        var values = RandomValues(seed: 5)
        for kind in Event.Kind.allCases {
            for _ in 0..<20 {
                let event = values.event(kind)
                let payload = event.payloadBytes
                for cut in 0..<payload.count {
                    #expect(throws: BinaryDecodingError.self) { try Event(tag: event.tag, payload: payload[0..<cut]) }
                }
            }
        }
        for kind in Command.Kind.allCases {
            let command = values.command(kind)
            let payload = command.payloadBytes
            for cut in 0..<payload.count {
                #expect(throws: BinaryDecodingError.self) { try Command(tag: command.tag, payload: payload[0..<cut]) }
            }
        }
    }

    @Test func shortPayloadSaysWhereAndHowMuch() {
        #expect(throws: BinaryDecodingError.truncated(what: "rateLimit", offset: 1, needed: 8, available: 3)) {
            try Event(tag: Event.Kind.rateLimit.rawValue, payload: [1, 0, 0, 0])
        }
    }

    @Test func wrongVersionIsRejected() {
        var payload = Event.tick.payloadBytes
        payload[0] = 2
        #expect(throws: BinaryDecodingError.unsupportedVersion(what: "tick", found: 2, supported: 1)) {
            try Event(tag: Event.Kind.tick.rawValue, payload: payload)
        }
        var command = Command.cancelAll(coin: nil).payloadBytes
        command[0] = 0
        #expect(throws: BinaryDecodingError.unsupportedVersion(what: "cancelAll", found: 0, supported: 1)) {
            try Command(tag: Command.Kind.cancelAll.rawValue, payload: command)
        }
    }

    @Test func unknownTagsAreRejected() {
        #expect(throws: BinaryDecodingError.unknownTag(what: "event", tag: 0x00EE)) { try Event(tag: 0x00EE, payload: [1]) }
        #expect(throws: BinaryDecodingError.unknownTag(what: "command", tag: 0x01EE)) { try Command(tag: 0x01EE, payload: [1]) }
        // An unknown inner tag (the user-event kind byte) too.
        #expect(throws: BinaryDecodingError.unknownTag(what: "userEvent.userEvent", tag: 9)) {
            try Event(tag: Event.Kind.userEvent.rawValue, payload: [1, 9])
        }
        #expect(EngineRecord.typeName(ofTag: 0x7777) == nil)
    }

    @Test func invalidFieldValuesAndTrailingBytesAreRejected() throws {
        let side = Event.orderUpdate(OrderUpdate(coin: "X", side: .bid, limitPrice: .zero, size: .zero, originalSize: .zero, orderID: 1,
                                                 clientOrderID: nil, status: .open, statusTime: 0, orderTime: 0))
        var payload = side.payloadBytes
        payload[4] = 7  // version(1) + coin length(2) + "X"(1), then the side byte
        #expect(throws: BinaryDecodingError.invalidValue(what: "orderUpdate", offset: 4, reason: "side byte 7 is neither 0 (bid) nor 1 (ask)")) {
            try Event(tag: side.tag, payload: payload)
        }
        #expect(throws: BinaryDecodingError.trailingBytes(what: "tick", count: 1)) { try Event(tag: Event.Kind.tick.rawValue, payload: [1, 0]) }
        // Bad UTF-8 in a string.
        #expect(throws: BinaryDecodingError.self) { try Event(tag: Event.Kind.connection.rawValue, payload: [1, 2, 0, 0xFF, 0xFE, 0]) }
        // A count that promises more elements than the bytes could hold.
        #expect(throws: BinaryDecodingError.self) {
            try Event(tag: Event.Kind.trades.rawValue, payload: [1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        }
    }

    @Test func errorMessagesAreActionable() {
        let message = BinaryDecodingError.unsupportedVersion(what: "book", found: 3, supported: 1).description
        #expect(message.contains("book") && message.contains("3") && message.contains("1"))
    }
}
