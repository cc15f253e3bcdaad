import Foundation
import TestSupport
import Testing

/// hl-sim's reference feed over a real WebSocket: Binance-shaped frames on the binance
/// path, and the drop fault closing and refusing connections.
@Suite(.tags(.endToEnd)) struct ReferenceFeedServerTests {
    static func port(of sim: SimProcess) throws -> Int {
        try #require(Int(sim.url.split(separator: ":").last ?? ""))
    }

    @Test func aClientOnTheBinancePathReceivesFrames() throws {
        let sim = try SimProcess(["--seed", "4", "--coins", "BTC,ETH", "--reference-lead-ms", "150"])
        defer { sim.stop() }
        let socket = try RawWebSocket(port: try Self.port(of: sim), path: "/binance/stream?streams=btcusdt@bookTicker/btcusdt@aggTrade")
        #expect(socket.upgraded, "\(socket.status)\n\(sim.log)")
        try socket.send(#"{"method":"SUBSCRIBE","params":["ethusdt@bookTicker"],"id":1}"#)
        var streams: Set<String> = []
        var answered = false
        for _ in 0..<200 where streams.count < 3 || !answered {
            guard let text = try socket.nextText() else { break }
            if text == #"{"result":null,"id":1}"# { answered = true; continue }
            let frame = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
            let stream = try #require(frame["stream"] as? String)
            let data = try #require(frame["data"] as? [String: Any])
            #expect(data["s"] as? String == (stream.hasPrefix("eth") ? "ETHUSDT" : "BTCUSDT"))
            #expect(data["e"] as? String == String(stream.split(separator: "@").last ?? ""))
            streams.insert(stream)
        }
        #expect(answered)
        #expect(streams == ["btcusdt@bookTicker", "btcusdt@aggTrade", "ethusdt@bookTicker"], "\(sim.log)")
        #expect(sim.log.contains("reference feed leading by 150 ms"))
    }

    @Test func theDropFaultClosesThenRefusesThenTakesConnectionsAgain() throws {
        let sim = try SimProcess(["--seed", "4", "--coins", "BTC", "--drop-reference-after", "1", "--drop-reference-for", "2"])
        defer { sim.stop() }
        let port = try Self.port(of: sim)
        let socket = try RawWebSocket(port: port, path: "/binance/ws/btcusdt@bookTicker")
        #expect(socket.upgraded, "\(socket.status)")
        #expect(try socket.nextText() != nil, "frames before the drop")
        var frames = 0
        while try socket.nextText(timeoutMilliseconds: 3_000) != nil { frames += 1 }
        #expect(frames < 40, "dropped about 1 s after start")
        let refused = try RawWebSocket(port: port, path: "/binance/ws/btcusdt@bookTicker")
        #expect(!refused.upgraded && refused.status.contains(" 400 "), "refused while down: \(refused.status)")
        Thread.sleep(forTimeInterval: 2.2)
        let again = try RawWebSocket(port: port, path: "/binance/ws/btcusdt@bookTicker")
        #expect(again.upgraded, "\(again.status)\n\(sim.log)")
        #expect(try again.nextText() != nil, "frames after the window")
        #expect(sim.log.contains("dropped (fault: reference feed down)"), "\(sim.log)")
        #expect(sim.log.contains("refused (400): the reference feed is down"), "\(sim.log)")

        let off = try SimProcess(["--no-reference"])
        defer { off.stop() }
        #expect(!(try RawWebSocket(port: try Self.port(of: off), path: "/binance/stream?streams=btcusdt@aggTrade").upgraded), "not served")
    }
}
