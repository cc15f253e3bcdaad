import Engine
import Foundation
import HLSim
import Hyperliquid
import Journal
import Live
import Replay
import Testing

/// The live session's path (frames → journal → engine → gateway → signed requests) run
/// in virtual time against hl-sim's venue with delayed cancels: cancel-fill races happen,
/// the journal shows them (a fill between the cancel and its refusal), and `verify`
/// reproduces the session.
@Suite struct CancelFillRaceTests {
    final class Harness {
        let venue: SimVenue
        let session: LiveSession
        var gateway: OrderGateway
        var webSocket: WebSocketSession
        let key = try! PrivateKey(hex: "0x" + String(repeating: "3c", count: 32))
        var nonces = NonceClock()
        var now: Int64
        var due: [(time: Int64, action: PreparedAction, request: GatewayRequest)] = []

        init(path: String, cancelDelayMilliseconds: Int64) throws {
            var faults = FaultPlan()
            faults.cancelDelayMilliseconds = cancelDelayMilliseconds
            var configuration = SimConfiguration(coins: [SimulatedCoin(name: "BTC", sizeDecimals: 5, maxLeverage: 40)])
            configuration.faults = faults
            configuration.seed = 12
            self.venue = SimVenue(configuration: configuration, feed: SyntheticFeed(seed: 12, coins: ["BTC"]))
            self.now = 1_795_000_000_000_000_000
            var config = EngineConfig()
            config.coins = [config.coin(named: "BTC")!]
            let metadata = try LiveJournal.metadata(mode: "run", config: config, engineVersion: "test", checkpoint: nil, network: "hl-sim")
            self.session = try LiveSession(config: config, checkpoint: nil,
                                           writer: try JournalWriter(creating: path, metadata: metadata, options: LiveJournal.writerOptions(rotating: false)))
            let meta = self.venue.info(body: Array(#"{"type":"meta"}"#.utf8), now: self.now)
            self.gateway = OrderGateway(assets: try AssetDirectory(meta: try OrderedJSON(parsing: meta.body)))
            self.webSocket = WebSocketSession(openedAt: self.now)
            let user = self.key.address.lowercased()
            for subscription in [#"{"type":"l2Book","coin":"BTC"}"#, #"{"type":"trades","coin":"BTC"}"#, #"{"type":"orderUpdates","user":"\#(user)"}"#,
                                 #"{"type":"userFills","user":"\#(user)"}"#] {
                for output in self.venue.handle(message: #"{"method":"subscribe","subscription":\#(subscription)}"#, session: &self.webSocket, now: self.now) {
                    if case .reply(let text) = output { try self.receive(text) }
                }
            }
        }

        func receive(_ text: String) throws {
            for event in try InboundFrame(decoding: text).events { try self.ingest(event) }
        }

        func ingest(_ event: Event) throws {
            self.gateway.observe(event)
            let commands = try self.session.ingest(event, at: self.now)
            let (requests, refused) = self.gateway.requests(for: commands)
            try self.session.journalCommands()
            for response in refused { try self.ingest(.orderResponse(response)) }
            for request in requests {
                let signed = try SignedRequest(action: request.action, nonce: self.nonces.next(nowMilliseconds: self.now / 1_000_000), isMainnet: false, key: self.key)
                switch self.venue.admit(body: Array(signed.body.text.utf8), now: self.now) {
                case .refused(let answer): Issue.record("refused: \(answer.body)")
                case .accepted(let action): self.due.append((self.now + action.delayMilliseconds * 1_000_000, action, request))
                }
            }
        }

        func step(to time: Int64) throws {
            self.now = time
            for push in try self.venue.advance(to: time) where self.webSocket.follows(push.topic) { try self.receive(push.text) }
            while let index = self.due.firstIndex(where: { $0.time <= time }) {
                let (_, action, request) = self.due.remove(at: index)
                let (answer, pushes) = try self.venue.execute(action, now: time)
                for push in pushes where self.webSocket.follows(push.topic) { try self.receive(push.text) }
                if let kind = request.kind {
                    for response in try ExchangeResponse.decode(answer.body, kind: kind, items: request.items) { try self.ingest(.orderResponse(response)) }
                }
            }
        }
    }

    @Test func delayedCancelsRaceFillsAndVerifyReproducesThem() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("race-\(UUID().uuidString).mmj").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let harness = try Harness(path: path, cancelDelayMilliseconds: 4_000)
        let start = harness.now
        var nextTick = start + 500_000_000
        for step in 1...(20 * 60 * 50) {  // 20 virtual minutes in 20 ms steps
            let time = start + Int64(step) * 20_000_000
            try harness.step(to: time)
            if time >= nextTick {
                try harness.ingest(.tick)
                nextTick += 500_000_000
            }
            // An operator pauses for 5 s every 20 s: the engine cancels its quotes.
            let second = (time - start) / 1_000_000_000
            if (time - start) % 1_000_000_000 == 0 && second > 15 {
                if second % 20 == 0 { try harness.ingest(.operator(.pause)) }
                if second % 20 == 5 { try harness.ingest(.operator(.resume)) }
            }
        }
        try harness.session.close()

        // Find races: a cancel for a cloid, then a fill of it, then the cancel refused.
        let reader = try JournalReader(path: path)
        var cancelled: Set<ClientOrderID> = []
        var filledAfterCancel: Set<ClientOrderID> = []
        var races = 0
        var cancels = 0
        while let record = try reader.next() {
            guard EngineRecord.isKnown(tag: record.type) else { continue }
            switch try record.decode() {
            case .output(.cancel(_, .client(let cloid))): cancelled.insert(cloid); cancels += 1
            case .input(.fill(let fill)):
                if let cloid = fill.clientOrderID, cancelled.contains(cloid) { filledAfterCancel.insert(cloid) }
            case .input(.orderResponse(let response)):
                if case .cancelRejected = response.outcome, let cloid = response.clientOrderID, filledAfterCancel.contains(cloid) { races += 1 }
            default: break
            }
        }
        #expect(cancels > 0)
        #expect(races >= 1, "no cancel-fill race in \(cancels) delayed cancels")
        let config = try #require(try ReplayRunner.recordedConfig(of: path))
        guard case .identical = try VerifyRunner(config: config).run(path: path) else { Issue.record("the race does not verify"); return }
    }
}
