import ConfigFile
import Engine
import Foundation
import Hyperliquid
import Journal
@testable import Live
import Replay
import TestSupport
import Testing

/// A `LiveDriver` in run mode fed by hand: inputs in, effects collected, answers
/// written by the test. Time only moves when the test says so.
final class DriverHarness {
    static let address = "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"
    static let start: Int64 = 1_800_000_000_000_000_000
    let driver: LiveDriver
    let journal: String
    let writer: JournalWriter
    var now = DriverHarness.start
    /// Every effect so far, in order.
    var effects: [LiveEffect] = []
    /// Requests not answered yet.
    var exchange: [ExchangeRequest] = []
    var info: [InfoRequest] = []
    var bookTime: Int64 = 1_800_000_000_000

    init(mode: LiveMode = .run, configure: (inout EngineConfig) -> Void = { _ in }, checkpoint: KillSwitchCheckpoint? = nil,
         reference: ReferenceFeedSettings? = nil) throws {
        var config = EngineConfig()
        config.coins = [config.coin(named: "BTC")!]
        config.general.session = 7
        configure(&config)
        self.journal = temporaryPath("driver", suffix: ".mmj")
        let metadata = try LiveJournal.metadata(mode: mode, config: config, engineVersion: "test", checkpoint: checkpoint, network: "test")
        self.writer = try JournalWriter(creating: self.journal, metadata: metadata, options: JournalWriterOptions(flushInterval: nil, fsync: .never))
        var settings = LiveDriverSettings(mode: mode, address: mode == .run ? Self.address : nil)
        settings.reference = reference
        self.driver = try LiveDriver(settings: settings, config: config, checkpoint: checkpoint,
                                     assets: AssetDirectory(universe: [("BTC", 5)]), journal: self.writer)
    }

    deinit { try? FileManager.default.removeItem(atPath: self.journal) }

    @discardableResult
    func send(_ input: LiveInput, after nanoseconds: Int64 = 0) -> [LiveEffect] {
        self.now += nanoseconds
        let effects = self.driver.handle(input, at: self.now)
        self.effects += effects
        for effect in effects {
            switch effect {
            case .postExchange(let request): self.exchange.append(request)
            case .postInfo(let request): self.info.append(request)
            default: break
            }
        }
        return effects
    }

    /// Advances time in `step`s, sending timers when the driver asks and a book every
    /// half second.
    func run(seconds: Double, bid: String = "100000", ask: String = "100001") {
        let end = self.now + Int64(seconds * 1e9)
        var nextBook = self.now
        while self.now < end {
            let wake = self.driver.nextWake ?? end
            let next = min(wake, nextBook, end)
            if next == nextBook {
                self.send(.frame(self.bookFrame(bid: bid, ask: ask)), after: max(0, next - self.now))
                nextBook += 500_000_000
            } else {
                self.send(.timer, after: max(0, next - self.now))
            }
        }
    }

    func bookFrame(bid: String, ask: String) -> String {
        self.bookTime += 500
        return #"{"channel":"l2Book","data":{"coin":"BTC","time":\#(self.bookTime),"levels":[[{"px":"\#(bid)","sz":"1.0","n":1}],[{"px":"\#(ask)","sz":"1.0","n":1}]]}}"#
    }

    static func clearinghouse(position: String = "0", time: Int64 = 1_800_000_000_000) -> String {
        let positions = position == "0" ? "" : #"{"type":"oneWay","position":{"coin":"BTC","szi":"\#(position)","entryPx":"100000.0","unrealizedPnl":"0.0","liquidationPx":null}}"#
        return #"{"marginSummary":{"accountValue":"10000.0","totalNtlPos":"0.0","totalRawUsd":"10000.0","totalMarginUsed":"0.0"},"withdrawable":"10000.0","assetPositions":[\#(positions)],"time":\#(time)}"#
    }

    static func openOrders(_ orders: [(oid: UInt64, cloid: ClientOrderID?, side: String, price: String)]) -> String {
        "[" + orders.map { order in
            #"{"coin":"BTC","side":"\#(order.side)","limitPx":"\#(order.price)","sz":"0.001","oid":\#(order.oid),"timestamp":1,"origSz":"0.001""#
                + (order.cloid.map { #","cloid":"\#($0)""# } ?? "") + "}"
        }.joined(separator: ",") + "]"
    }

    /// Answers every pending `/info` request: account reads with the given state and open
    /// orders, lookups with `lookups` (by cloid; "unknownOid" when absent).
    func answerInfo(position: String = "0", orders: String = "[]", lookups: [ClientOrderID: String] = [:], after nanoseconds: Int64 = 5_000_000) {
        let pending = self.info
        self.info = []
        self.now += nanoseconds
        for request in pending {
            var body = "{}"
            if request.body.contains("clearinghouseState") { body = Self.clearinghouse(position: position, time: self.now / 1_000_000) }
            else if request.body.contains("openOrders") { body = orders }
            else if request.body.contains("orderStatus") {
                body = #"{"status":"unknownOid"}"#
                for (id, status) in lookups where request.body.contains(id.description) { body = status }
            } else if request.body.contains("userRateLimit") { body = #"{"cumVlm":"0.0","nRequestsUsed":10,"nRequestsCap":10000}"# }
            self.send(.infoAnswered(id: request.id, status: 200, body: body))
        }
    }

    /// Starts the session: the start-up account read is answered, the feed connects, the
    /// engine warms up on books until it quotes.
    func startQuoting(position: String = "0", orders: String = "[]") throws {
        self.send(.start)
        self.answerInfo(position: position, orders: orders)
        #expect(self.effects.contains { if case .connectFeed = $0 { true } else { false } })
        self.send(.feedConnected, after: 1_000_000)
        self.run(seconds: 12)
    }

    /// The pending place requests' orders.
    var pendingPlaces: [ExchangeRequest] { self.exchange.filter { $0.kind == .order } }

    /// Answers a pending request with the venue's JSON.
    func answer(_ request: ExchangeRequest, body: String, status: Int = 200, after nanoseconds: Int64 = 5_000_000) {
        self.exchange.removeAll { $0.id == request.id }
        self.send(.exchangeAnswered(id: request.id, status: status, body: body), after: nanoseconds)
    }

    /// Answers every pending place as resting (oids from 1000), cancels as success.
    func acknowledgeAll() {
        var oid: UInt64 = 1_000 + UInt64(self.effects.count)
        for request in self.exchange {
            switch request.kind {
            case .order?, .modify?:
                let statuses = request.items.map { _ -> String in oid += 1; return #"{"resting":{"oid":\#(oid)}}"# }.joined(separator: ",")
                self.answer(request, body: #"{"status":"ok","response":{"type":"order","data":{"statuses":[\#(statuses)]}}}"#)
            case .cancel?:
                let statuses = request.items.map { _ in #""success""# }.joined(separator: ",")
                self.answer(request, body: #"{"status":"ok","response":{"type":"cancel","data":{"statuses":[\#(statuses)]}}}"#)
            case nil:
                self.answer(request, body: #"{"status":"ok","response":{"type":"default"}}"#)
            }
        }
    }

    /// The orders the engine tracks.
    var tracked: [TrackedOrder] { self.driver.engine.trackedOrders(coinIndex: 0) }

    /// The journal verifies (closing it first).
    func verifies() throws -> Bool {
        try self.driver.session.close()
        let config = try #require(try ConfigFile.recordedConfig(of: self.journal))
        if case .identical = try VerifyRunner(config: config).run(path: self.journal) { return true }
        return false
    }

    /// Commands of a kind in the journal.
    func journaled(_ kind: Command.Kind) throws -> [Command] {
        // The last step's commands are journaled once handed over (at the next step).
        try self.driver.session.journalCommands()
        try self.driver.session.flushIfDue()
        try self.writer.flush()
        let reader = try JournalReader(path: self.journal, follow: nil)
        var out: [Command] = []
        while let record = try reader.next() {
            if record.type == kind.rawValue, case .output(let command) = try record.decode() { out.append(command) }
        }
        return out
    }
}
