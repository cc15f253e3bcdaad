import Live
import Synchronization

/// The reference feed's connection: one WebSocket per URL (Binance serves `bookTicker`
/// and `aggTrade` on separate routed paths), reported to the driver as one connection:
/// `referenceConnected` once every socket is open, every frame from then on, and `referenceClosed`
/// once, when the first socket closes (the others are closed with it).
final class ReferenceConnection: Sendable {
    private struct Group: Sendable {
        var open = 0
        var closed = false
        var sockets: [FeedConnection] = []
    }

    private let group = Mutex(Group())

    private init() {}

    /// Opens a socket per URL; what happens goes to `continuation`, stamped.
    static func open(urls: [String], continuation: AsyncStream<StampedInput>.Continuation) -> ReferenceConnection {
        let connection = ReferenceConnection()
        let count = urls.count
        let sockets = urls.map { url in
            FeedConnection.open(url: url, kind: .reference) { [connection] input in
                let forward: LiveInput? = connection.group.withLock { group in
                    guard !group.closed else { return nil }
                    switch input {
                    case .referenceConnected:
                        group.open += 1
                        return group.open == count ? input : nil
                    case .referenceClosed:
                        group.closed = true
                        return input
                    default:
                        // Frames before every socket is open are dropped: the driver
                        // reads data only on a connection it knows is up.
                        return group.open == count ? input : nil
                    }
                }
                guard let forward else { return }
                continuation.yield(StampedInput(input: forward, time: Clock.now()))
                if case .referenceClosed = forward { connection.close() }
            }
        }
        connection.group.withLock { $0.sockets = sockets }
        return connection
    }

    /// Closes every socket; `referenceClosed` follows (once).
    func close() {
        let sockets = self.group.withLock { $0.sockets }
        for socket in sockets { socket.close() }
    }
}
