import Engine
import Foundation
@testable import Replay
@testable import Research
import TestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The pieces of a journal report's charts: round ticks, data gaps, gate states,
/// resting orders, and the chart's layers.
@Suite(.tags(.unit)) struct ReportChartTests {
    static let second: Int64 = 1_000_000_000

    /// 1-2-5 steps, the range widened to whole steps, labels with the step's decimals
    /// and never "-0" (before: only the min and max were labelled, "0.0000 / -0.0000").
    @Test func valueTicksAreRoundNumbers() {
        let prices = ChartAxis.valueTicks(low: 104_812.5, high: 105_041)
        #expect(prices.step == 50)
        #expect(prices.values.map { prices.label($0) } == ["104800", "104850", "104900", "104950", "105000", "105050"])
        let position = ChartAxis.valueTicks(low: -0.002, high: 0)
        #expect(position.step == 0.0005 && position.decimals == 4)
        #expect(position.values.map { position.label($0) } == ["-0.0020", "-0.0015", "-0.0010", "-0.0005", "0.0000"])
        // A flat series: a few distinct round labels around it, no "-0".
        let flat = ChartAxis.valueTicks(low: 0, high: 0)
        let labels = flat.values.map { flat.label($0) }
        #expect(labels == ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
        let tiny = ChartAxis.valueTicks(low: -0.00004, high: 0.00001)
        #expect(!tiny.values.map { tiny.label($0) }.contains { $0.hasPrefix("-") && Double($0) == 0 }, "no -0")
        let multiplier = ChartAxis.valueTicks(low: 1, high: 3.4)
        #expect(multiplier.step == 0.5 && multiplier.values.first == 1 && multiplier.values.last == 3.5)
        #expect(ChartAxis.valueTicks(low: 0.013, high: 0.087).step == 0.02)
    }

    /// Clock ticks on round times: 15 s steps on a 90 s journal, 5 min on 18 min,
    /// milliseconds on a sub-second span.
    @Test func timeTicksAreRoundClockTimes() {
        let start: Int64 = 1_737_849_600 * Self.second + 123_456_789
        let minute = ChartAxis.timeTicks(start: start, end: start + 90 * Self.second)
        #expect(minute.step == 15 * Self.second)
        #expect(minute.times.allSatisfy { $0 % minute.step == 0 && $0 >= start })
        #expect(minute.times.map { ChartAxis.timeLabel($0, step: minute.step) } == ["00:00:15", "00:00:30", "00:00:45", "00:01:00", "00:01:15", "00:01:30"])
        let long = ChartAxis.timeTicks(start: start, end: start + 18 * 60 * Self.second)
        #expect(long.step == 300 * Self.second)
        #expect(long.times.map { ChartAxis.timeLabel($0, step: long.step) } == ["00:05", "00:10", "00:15"])
        let short = ChartAxis.timeTicks(start: start, end: start + Self.second / 2)
        #expect(short.step == 100_000_000)
        #expect(ChartAxis.timeLabel(short.times[0], step: short.step) == "00:00:00.200")
    }

    /// Was: a reconnect's resend of the last snapshot (the same exchange time) ended the
    /// gap, and a stalled feed told "market data back" at every reconnect.
    @Test func aResentOldBookDoesNotEndAGap() {
        var gaps = DataGapDetector(thresholdSeconds: 10)
        #expect(gaps.book(coin: "BTC", at: 0, exchangeTime: 1_000) == nil)
        #expect(gaps.book(coin: "BTC", at: 3 * Self.second, exchangeTime: 4_000) == nil)
        #expect(gaps.book(coin: "BTC", at: 15 * Self.second, exchangeTime: 4_000) == nil, "the same snapshot again")
        #expect(gaps.book(coin: "BTC", at: 27 * Self.second, exchangeTime: 4_000) == nil, "and again")
        let back = gaps.book(coin: "BTC", at: 40 * Self.second, exchangeTime: 40_500)
        #expect(back?.start == 3 * Self.second && back?.end == 40 * Self.second, "\(String(describing: back))")
    }

    /// A coin without books past the threshold, a feed from down to up, and a gap still
    /// open at the end are all gaps; a short pause is not.
    @Test func gapsAreFoundInTheInputStream() {
        var gaps = DataGapDetector(thresholdSeconds: 15)
        for t: Int64 in [0, 1, 2, 10] { #expect(gaps.book(coin: "BTC", at: t * Self.second) == nil) }
        let outage = gaps.book(coin: "BTC", at: 55 * Self.second)
        #expect(outage == DataGap(coin: "BTC", start: 10 * Self.second, end: 55 * Self.second, what: "BTC: no book for 45.0 s"))
        gaps.book(coin: "ETH", at: 0)
        gaps.disconnected(feed: "market", at: 60 * Self.second, why: "eof")
        gaps.disconnected(feed: "market", at: 61 * Self.second, why: "again")
        #expect(gaps.connected(feed: "market", at: 72 * Self.second)?.what == "feed market down for 12.0 s (eof)")
        #expect(gaps.connected(feed: "market", at: 73 * Self.second) == nil)
        let all = gaps.finished(at: 80 * Self.second)
        #expect(all.map(\.start) == [0, 10 * Self.second, 55 * Self.second, 60 * Self.second])
        #expect(all.map(\.coin) == ["ETH", "BTC", "BTC", nil])
        #expect(all[0].what == "ETH: no book for the last 80.0 s")
        #expect(all[3].applies(to: "ETH") && !all[1].applies(to: "ETH"))
    }

    /// Quote-cycle reasons become gate intervals per coin; quoting closes them.
    @Test func gateStatesBecomeIntervals() {
        var builder = GateIntervalBuilder()
        let cycles: [(String, String, Int64)] = [("BTC", "warmup", 0), ("ETH", "no_data", 0), ("BTC", "warmup", 1), ("BTC", "quote", 10),
                                                  ("BTC", "stale_data", 45), ("BTC", "killed", 60), ("ETH", "crossed_book", 61)]
        for (coin, reason, t) in cycles { builder.cycle(coin: coin, reason: reason, at: t * Self.second) }
        let intervals = builder.finished(at: 90 * Self.second)
        #expect(intervals.map { "\($0.coin) \($0.state.rawValue) \($0.start / Self.second)-\($0.end / Self.second)" }
            == ["BTC warm-up 0-10", "ETH warm-up 0-61", "BTC stale 45-60", "BTC killed 60-90", "ETH crossed 61-90"])
        #expect(GateState(reason: "one_sided_book")?.cssClass == "gate-one-sided" && GateState(reason: "quote") == nil)
    }

    static func order(_ id: UInt64, _ side: Side, _ price: String) -> OrderRequest {
        OrderRequest(clientOrderID: ClientOrderID(high: 0, low: id), coin: "BTC", side: side, price: Price(price)!, size: Size("0.001")!,
                     timeInForce: .alo, reduceOnly: false)
    }

    /// An order rests from its placement through each modify until the venue confirms
    /// it gone; a refused modify leaves it at its old price; a cancel request with no
    /// answer ends it at the request.
    @Test func restingOrdersFollowTheirLife() {
        var tracker = RestingOrderTracker()
        let bid = Self.order(1, .bid, "100")
        let ask = Self.order(2, .ask, "101")
        tracker.observe(.place(bid), at: 0)
        tracker.observe(.place(ask), at: 0)
        tracker.observe(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: bid.clientOrderID, orderID: 7, outcome: .resting)), at: 1)
        var moved = bid
        moved.price = Price("99")!
        tracker.observe(.modify(order: .client(bid.clientOrderID), replacement: moved), at: 5)
        tracker.observe(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: bid.clientOrderID, orderID: 7, outcome: .modified)), at: 6)
        var refused = ask
        refused.price = Price("102")!
        tracker.observe(.modify(order: .client(ask.clientOrderID), replacement: refused), at: 5)
        tracker.observe(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: ask.clientOrderID, orderID: nil, outcome: .rejected(message: "would cross"))), at: 6)
        tracker.observe(.cancel(coin: "BTC", order: .exchange(7)), at: 8)
        tracker.observe(.orderResponse(OrderResponse(coin: "BTC", clientOrderID: nil, orderID: 7, outcome: .cancelled)), at: 9)
        tracker.observe(.cancelAll(coin: "BTC"), at: 10)
        let orders = tracker.orders
        #expect(orders.count == 2)
        #expect(orders[0].steps.map(\.time) == [0, 5] && orders[0].steps.map(\.price) == [Price("100")!, Price("99")!])
        #expect(orders[0].cancelRequested == 8 && orders[0].end == 9 && orders[0].ending == .cancelled && orders[0].orderID == 7)
        #expect(orders[1].steps.map(\.price) == [Price("101")!], "the refused modify is undone")
        #expect(orders[1].cancelRequested == 10 && orders[1].end == nil && orders[1].ending == .open)
        // A fill of the whole size ends an order.
        tracker.observe(.place(Self.order(3, .bid, "98")), at: 11)
        let fill = Fill(coin: "BTC", side: .bid, price: Price("98")!, size: Size("0.001")!, exchangeTime: 0, orderID: 9,
                        clientOrderID: ClientOrderID(high: 0, low: 3), tradeID: 1, fee: .zero, feeToken: "USDC", crossed: false,
                        startPosition: .zero, closedPnl: .zero, liquidation: nil, isSnapshot: false)
        tracker.observe(.fill(fill), at: 12)
        #expect(tracker.orders[2].end == 12 && tracker.orders[2].ending == .filled)
    }

    /// The mid line breaks across a gap (two polylines) and the gap is shaded; resting
    /// orders are step paths; kill markers come after (on top of) risk markers; fills
    /// carry hover text.
    @Test func chartLayersAreDrawnInOrder() throws {
        let s = Self.second
        var chart = SVGChart(title: "BTC mid", start: 0, end: 90 * s,
                             series: [.init(name: "mid", color: "#333", points: [(0, 100), (29 * s, 101), (75 * s, 99), (90 * s, 100)], breaksAtGaps: true)])
        chart.bands = [.init(start: 29 * s, end: 75 * s, cssClass: "gap", color: "#777", label: "no book for 46.0 s"),
                       .init(start: 45 * s, end: 60 * s, cssClass: "gate gate-stale", color: "#fa0", label: "stale", strip: true)]
        chart.orders = [.init(cssClass: "resting-bid", color: "#00f", steps: [(10 * s, 99.5), (20 * s, 99.0)], end: 45 * s, cancelRequested: 40 * s, label: "bid")]
        chart.dots = [.init(time: 28 * s, value: 99, cssClass: "fill fill-buy fill-late", color: "#0a0", label: "BTC buy 0.001 @ 99", ring: "#000")]
        chart.markers = [.init(time: 60 * s, label: "risk kill", color: "#800", cssClass: "risk-marker risk-kill"),
                         .init(time: 60 * s, label: "KILL SWITCH", color: "#e00", cssClass: "kill-marker", emphasized: true)]
        let svg = chart.svg
        #expect(svg.components(separatedBy: "class=\"series series-mid\"").count - 1 == 2, "the mid line breaks at the gap")
        #expect(svg.contains("<rect class=\"gap\"") && svg.contains("<rect class=\"gate gate-stale\""))
        #expect(svg.contains("<path class=\"resting-bid\" d=\"M") && svg.contains("<path class=\"resting-bid cancel-pending\""))
        #expect(svg.contains("<circle class=\"fill fill-buy fill-late\"") && svg.contains("<title>BTC buy 0.001 @ 99</title>"))
        let risk = try #require(svg.range(of: "class=\"risk-marker risk-kill\""))
        let kill = try #require(svg.range(of: "class=\"kill-marker\""))
        #expect(risk.lowerBound < kill.lowerBound, "the kill marker is drawn last: on top")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        // Without gaps the same points make one line.
        chart.bands = []
        #expect(chart.svg.components(separatedBy: "class=\"series series-mid\"").count - 1 == 1)
    }
}
