import Foundation
import Live
import Synchronization

/// The signer's one nonce sequence, shared by every task that signs (the loop, the
/// dead man's switch, start-up and shutdown cancels): strictly increasing, near now.
final class NonceSource: Sendable {
    private let clock = Mutex(NonceClock())

    func next() -> UInt64 {
        self.clock.withLock { $0.next(nowMilliseconds: Clock.now() / 1_000_000) }
    }
}
