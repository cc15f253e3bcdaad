import Engine
import SimulatedExchange

/// Runs the engine over events for targets whose accepted inputs must be usable: a
/// decoded record, a loaded config, a restored snapshot.
enum EngineDriving {
    /// The most commands one event may lead to: every resting order of every coin
    /// cancelled and replaced, with room to spare. More means work grew without bound.
    static func commandBound(coins: Int) -> Int { 1_024 + 64 * coins }

    /// A short synthetic market for `coins` (books and trades), at most `count` events.
    static func market(coins: [String], count: Int, seed: UInt64 = 1) -> [(time: Int64, event: Event)] {
        guard !coins.isEmpty else { return [] }
        var market = SyntheticMarket(seed: seed, coins: coins)
        return (0..<count).map { _ in market.next() }
    }

    /// The prelude most targets start from: the default config's BTC and ETH market.
    static let prelude = market(coins: ["BTC", "ETH"], count: 60)

    /// Feeds `events` to `engine` from `seq`; a finding when a step's output exceeds the bound.
    static func drive(_ engine: inout Engine, _ events: [(time: Int64, event: Event)], from seq: UInt64 = 1) -> FuzzFinding? {
        let bound = self.commandBound(coins: engine.config.coins.count)
        var seq = seq
        for (time, event) in events {
            let commands = engine.handle(Stamped(seq: seq, time: time, event: event))
            if commands.count > bound {
                return FuzzFinding("event \(seq) (\(event.typeName)) led to \(commands.count) commands, more than \(bound)")
            }
            seq += 1
        }
        return nil
    }
}
