import Engine
import Hyperliquid
import JSON

extension FuzzTarget {
    /// WebSocket text frames as the exchange sends them: the JSON parser, the general
    /// decoder, and the market-data fast path for `l2Book` and `trades`.
    ///
    /// Properties: no trap; whenever the fast path takes a frame, the general parser
    /// gives the same value; a frame the checked decoder accepts lies inside ``Limits``
    /// and its events, once normalized, are handled by an engine within the command bound.
    public static let wireFrame = FuzzTarget(
        name: "wire-frame",
        summary: "WebSocket frames: the fast path equals the general parser, accepted frames run the engine",
        seeds: { root in
            try sampleLines(root, "Tests/Fixtures/hyperliquid/testnet_frames_2026-07-28/frames.jsonl").map(frameOfFixtureLine)
                + sampleLines(root, "Tests/Fixtures/hyperliquid/hftbacktest_btc_20250126_ws_raw.txt").prefix(40).map(frameOfCaptureLine)
                + [try sampleBytes(root, "Tests/Fixtures/hyperliquid/nautilus_trader/ws_user_fill_liquidation.json")]
        },
        check: { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            let general = try? InboundFrame(decodingGenerally: text)
            if let fast = MarketDataFastPath.decode(text), fast != general {
                return .failed(FuzzFinding("the fast path gives \(fast) but the general parser \(general.map { "\($0)" } ?? "refuses the frame")"))
            }
            guard let frame = try? InboundFrame(decoding: text) else { return .refused }
            if let (channel, problem) = frame.limitProblem { return .failed(FuzzFinding("an accepted \(channel) frame lies outside the limits: \(problem)")) }
            var normalizer = MarketInputNormalizer()
            let time = EngineDriving.prelude.last!.time + 1_000_000
            let events = normalizer.events(of: frame, receivedAt: time).map { (time: time, event: $0) }
            for (_, event) in events {
                if let problem = event.limitProblem { return .failed(FuzzFinding("an event of an accepted frame lies outside the limits: \(problem)")) }
            }
            var engine = try! Engine(config: EngineConfig())
            if let finding = EngineDriving.drive(&engine, EngineDriving.prelude) { return .failed(finding) }
            return FuzzOutcome(EngineDriving.drive(&engine, events, from: UInt64(EngineDriving.prelude.count + 1)))
        })

    /// The frame of one line of the testnet fixture (`{"frame": …}` objects or bare frames).
    static func frameOfFixtureLine(_ line: [UInt8]) -> [UInt8] {
        guard let json = try? OrderedJSON(parsing: String(decoding: line, as: UTF8.self)) else { return line }
        if case .string(let frame)? = json["frame"] { return Array(frame.utf8) }
        if let frame = json["frame"] { return Array(frame.text.utf8) }
        return line
    }

    /// The frame of one capture line `<ns> <json>`.
    static func frameOfCaptureLine(_ line: [UInt8]) -> [UInt8] {
        guard let space = line.firstIndex(of: 0x20), line.first.map({ $0 >= 0x30 && $0 <= 0x39 }) == true else { return line }
        return Array(line[(space + 1)...])
    }
}
