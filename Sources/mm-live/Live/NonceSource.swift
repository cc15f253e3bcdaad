import Foundation
import Live

/// The signer's one nonce sequence, shared by every task that signs (the loop, the
/// dead man's switch, start-up and shutdown cancels): strictly increasing, near now.
final class NonceSource: @unchecked Sendable {
    private let lock = NSLock()
    private var clock = NonceClock()

    func next() -> UInt64 {
        self.lock.withLock { self.clock.next(nowMilliseconds: Clock.now() / 1_000_000) }
    }
}
