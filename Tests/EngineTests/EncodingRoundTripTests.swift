import Engine
import EngineJournal
import Foundation
import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct EncodingRoundTripTests {
    @Test(arguments: Event.Kind.allCases)
    func everyEventKindRoundTrips(kind: Event.Kind) throws {
        var values = RandomValues(seed: UInt64(kind.rawValue), withinLimits: true)
        for _ in 0..<2_000 {
            let event = values.event(kind)
            #expect(event.kind == kind)
            #expect(event.limitProblem == nil)
            let decoded = try Event(tag: event.tag, payload: event.payloadBytes)
            #expect(decoded == event)
        }
    }

    /// Any event encodes; decoding gives it back when it lies inside ``Limits`` and
    /// refuses it with the reason otherwise, never anything else.
    @Test(arguments: Event.Kind.allCases)
    func eventsOutsideTheLimitsAreRefusedOnDecode(kind: Event.Kind) throws {
        var values = RandomValues(seed: 77 + UInt64(kind.rawValue))
        for _ in 0..<2_000 {
            let event = values.event(kind)
            if let problem = event.limitProblem {
                #expect(throws: BinaryDecodingError.outsideLimits(what: kind.name, reason: problem)) {
                    try Event(tag: event.tag, payload: event.payloadBytes)
                }
            } else {
                #expect(try Event(tag: event.tag, payload: event.payloadBytes) == event)
            }
        }
    }

    @Test(arguments: Command.Kind.allCases)
    func everyCommandKindRoundTrips(kind: Command.Kind) throws {
        var values = RandomValues(seed: 1000 + UInt64(kind.rawValue))
        for _ in 0..<2_000 {
            let command = values.command(kind)
            #expect(command.kind == kind)
            #expect(try Command(tag: command.tag, payload: command.payloadBytes) == command)
            #expect(try EngineRecord(tag: command.tag, payload: command.payloadBytes) == .output(command))
        }
    }

    @Test func stampedRecordsRoundTripAndRenderValidJSON() throws {
        var values = RandomValues(seed: 99, withinLimits: true)
        for i in 0..<3_000 {
            let record: EngineRecord = i % 3 == 0
                ? .output(values.command(Command.Kind.allCases[i % Command.Kind.allCases.count]))
                : .input(values.event(Event.Kind.allCases[i % Event.Kind.allCases.count]))
            let stamped = Stamped(seq: values.uint64(), time: values.int64(), event: record)
            let bytes = stamped.recordBytes
            // The 22-byte record header (seq, time, type, length), then the payload.
            #expect(bytes.count == 22 + record.payloadBytes.count)
            #expect(try Stamped<EngineRecord>(decodingRecord: bytes) == stamped)
            // The JSON rendering is valid JSON with seq, time and type first.
            let text = stamped.jsonText
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(object["type"] as? String == record.typeName)
            #expect(text.hasPrefix("{\"seq\":\(stamped.seq),\"time\":\(stamped.time),\"type\":\"\(record.typeName)\""))
        }
    }

    @Test func encodingIsLittleEndianAndStable() throws {
        // A golden encoding: changing it breaks every journal ever written.
        let event = Event.trades(TradeBatch(coin: "BTC", trades: [
            Trade(side: .bid, price: try Price(parsing: "105055"), size: try Size(parsing: "0.001"), exchangeTime: 1_737_918_847_000, tradeID: 7),
        ]))
        let stamped = Stamped(seq: 1, time: 2, event: event)
        let hex = stamped.recordBytes.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "0100000000000000" + "0200000000000000" + "0200" + "2b000000"
            + "01" + "0300" + "425443" + "01000000"
            + "00" + "007f98008e090000" + "a086010000000000" + "181809a494010000" + "0700000000000000")
    }

    @Test func jsonRenderingUsesExactDecimalsInAFixedKeyOrder() throws {
        let fill = Event.fill(Fill(coin: "BTC", side: .ask, price: try Price(parsing: "66653.0"), size: try Size(parsing: "0.001"),
                                   exchangeTime: 1_781_528_065_899, orderID: 55_030_848_197,
                                   clientOrderID: ClientOrderID(hex: "0xe8d5fd7ebbb4c3cff4d1803472a11463"), tradeID: 745_210_434_703_679,
                                   fee: try Amount(parsing: "0.009997"), feeToken: "USDC", crossed: false,
                                   startPosition: try Size(parsing: "-0.0213"), closedPnl: .zero,
                                   liquidation: FillLiquidation(liquidatedUser: nil, markPrice: try Price(parsing: "66607.0"), method: "market"),
                                   isSnapshot: false))
        #expect(fill.jsonText == #"{"coin":"BTC","side":"A","px":"66653","sz":"0.001","exchange_time":1781528065899,"oid":55030848197,"cloid":"0xe8d5fd7ebbb4c3cff4d1803472a11463","tid":745210434703679,"fee":"0.009997","fee_token":"USDC","crossed":false,"start_position":"-0.0213","closed_pnl":"0","liquidation":{"liquidated_user":null,"mark_px":"66607","method":"market"},"is_snapshot":false}"#)
    }

    @Test func clientOrderIDsParseAndPrint() {
        let id = ClientOrderID(hex: "0xA1f0cddc17303d07f3fd128d5b35071d")
        #expect(id?.description == "0xa1f0cddc17303d07f3fd128d5b35071d")
        #expect(ClientOrderID(hex: "0x123") == nil)
        #expect(ClientOrderID(hex: "0xg1f0cddc17303d07f3fd128d5b35071d") == nil)
        #expect(ClientOrderID(hex: "a1f0cddc17303d07f3fd128d5b35071d00") == nil)
    }
}

