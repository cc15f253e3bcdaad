import Foundation

/// The lock of a producer thread and its consumer, with the end of the producer's life:
/// the consumer ``stop()``s it (a producer waiting for room wakes and returns) and waits
/// until it has ``exit()``ed, so nothing it holds (an open file) outlives the stop.
///
/// Sendable by its condition: `stopped` and `exited` are only touched under it.
final class ProducerLifetime: @unchecked Sendable {
    /// The lock both threads take around what they share, and wait on.
    let condition = NSCondition()
    /// Set by ``stop()``; read under `condition`.
    private(set) var stopped = false
    private var exited = false

    /// Asks the producer to stop and waits until it has exited.
    func stop() {
        self.condition.lock()
        self.stopped = true
        self.condition.broadcast()
        while !self.exited { self.condition.wait() }
        self.condition.unlock()
    }

    /// Called by the producer as its last step.
    func exit() {
        self.condition.lock()
        self.exited = true
        self.condition.broadcast()
        self.condition.unlock()
    }
}
