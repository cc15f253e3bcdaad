import Engine
import Foundation
import Hyperliquid
import JSON
import TestSupport
import Testing

@Suite(.tags(.unit)) struct ExchangeResponseTests {
    /// The documented response examples, by name.
    static let examples: [String: String] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Fixtures/hyperliquid/docs_examples/exchange_responses.jsonl").standardized.path
        var out: [String: String] = [:]
        for line in try! String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let entry = try! OrderedJSON(parsing: String(line))
            if case .string(let name)? = entry["name"], let frame = entry["frame"] { out[name] = frame.text }
        }
        return out
    }()

    static let item = ExchangeResponse.RequestItem(coin: "ETH", clientOrderID: ClientOrderID(high: 0, low: 9), orderID: nil)

    /// Resting, filled and refused orders, successful and refused cancels, from the docs.
    @Test func documentedResponsesTranslate() throws {
        func one(_ name: String, _ kind: ExchangeResponse.RequestKind) throws -> OrderResponse {
            let text = try #require(Self.examples[name], "\(name) missing")
            let answers = try ExchangeResponse.decode(text, kind: kind, items: [Self.item])
            try #require(answers.count == 1)
            #expect(answers[0].coin == "ETH" && answers[0].clientOrderID == Self.item.clientOrderID)
            return answers[0]
        }
        let resting = try one("order_resting", .order)
        #expect(resting.outcome == .resting && resting.orderID == 77_738_308)
        let filled = try one("order_filled", .order)
        #expect(try filled.outcome == .filled(totalSize: Size(parsing: "0.02"), averagePrice: Price(parsing: "1891.4")) && filled.orderID == 77_747_314)
        #expect(try one("order_error_min_notional", .order).outcome == .rejected(message: "Order must have minimum value of $10."))
        #expect(try one("cancel_success", .cancel).outcome == .cancelled)
        #expect(try one("cancel_error_missing", .cancel).outcome == .cancelRejected(message: "Order was never placed, already canceled, or filled."))
    }

    /// Was: a batchModify answered `{"resting":{"oid":…}}` (as the exchange and hl-sim
    /// answer it) became `.resting`, which leaves a modify pending forever: the engine
    /// never moved that order again (found by the soak run: quotes frozen 47 bp from mid).
    /// It is `.modified`, with the oid the exchange gives the order.
    @Test func aModifyAnsweredRestingIsModified() throws {
        let text = #"{"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid":91}}]}}}"#
        let answer = try ExchangeResponse.decode(text, kind: .modify, items: [Self.item])[0]
        #expect(answer.outcome == .modified && answer.orderID == 91)
        #expect(try ExchangeResponse.decode(text, kind: .order, items: [Self.item])[0].outcome == .resting)
    }

    /// A whole-request failure answers every item; the address limit is `rateLimited`.
    @Test func wholeRequestFailuresAnswerEveryItem() throws {
        let limit = #"{"status":"err","response":"Too many cumulative requests sent (97460 > 97456) for cumulative volume traded $87457.46. Place taker orders to free up 1 request per USDC traded."}"#
        let two = [Self.item, ExchangeResponse.RequestItem(coin: "BTC", clientOrderID: nil, orderID: 5)]
        let answers = try ExchangeResponse.decode(limit, kind: .order, items: two)
        #expect(answers.count == 2 && answers.allSatisfy { if case .rateLimited = $0.outcome { true } else { false } })
        #expect(answers[1].orderID == 5)
        let signer = #"{"status":"err","response":"L1 error: User or API Wallet 0x0123 does not exist."}"#
        #expect(try ExchangeResponse.decode(signer, kind: .cancel, items: [Self.item])[0].outcome == .cancelRejected(message: "L1 error: User or API Wallet 0x0123 does not exist."))
    }

    /// Fewer statuses than items, unknown shapes and bad JSON are errors, never guesses.
    @Test func mismatchedResponsesAreRefused() throws {
        let resting = try #require(Self.examples["order_resting"])
        #expect(throws: WireError.self) { try ExchangeResponse.decode(resting, kind: .order, items: [Self.item, Self.item]) }
        #expect(throws: WireError.self) { try ExchangeResponse.decode(#"{"status":"ok","response":{"type":"order","data":{"statuses":[{"waiting":{}}]}}}"#, kind: .order, items: [Self.item]) }
        #expect(throws: WireError.self) { try ExchangeResponse.decode(#"{"status":"maybe"}"#, kind: .order, items: [Self.item]) }
        #expect(throws: WireError.self) { try ExchangeResponse.decode("<html>502</html>", kind: .order, items: [Self.item]) }
        let filledBad = resting.replacingOccurrences(of: #"{"resting":{"oid":77738308}}"#, with: #"{"filled":{"totalSz":"NaN","avgPx":"1","oid":1}}"#)
        do { _ = try ExchangeResponse.decode(filledBad, kind: .order, items: [Self.item]); Issue.record("accepted NaN") } catch {
            #expect(error.description.contains("statuses[0].filled.totalSz"))
        }
    }
}

@Suite(.tags(.unit)) struct RateLimitMessageTests {
    @Test func theAddressLimitErrorStatesUsedAndCap() {
        let message = "Too many cumulative requests sent (97460 > 97456) for cumulative volume traded $87457.46. Place taker orders to free up 1 request per USDC traded."
        #expect(ExchangeResponse.rateLimitStatus(in: message) == RateLimitStatus(used: 97_460, cap: 97_456))
        #expect(ExchangeResponse.rateLimitStatus(in: "Too many cumulative requests sent (x > 1)") == nil)
        #expect(ExchangeResponse.rateLimitStatus(in: "Order must have minimum value of $10.") == nil)
    }
}
