import Foundation
import Synchronization

/// SIGINT and SIGTERM: the first asks for an orderly shutdown; a second exits at once
/// (the journal stays readable: what was committed is on disk, a torn tail is repairable).
final class SignalWatcher: Sendable {
    private let sources = Mutex<[DispatchSourceSignal]>([])
    private let received = Atomic<Int>(0)

    /// `onSecond` runs before the immediate exit (it writes the checkpoint).
    init(onFirst: @escaping @Sendable (String) -> Void, onSecond: @escaping @Sendable () -> Void = {}) {
        // The sources are made inside the lock's closure: they go straight into it.
        self.sources.withLock { sources in
            for (signal, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                Foundation.signal(signal, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
                source.setEventHandler { [weak self] in
                    guard let self else { return }
                    let count = self.received.wrappingAdd(1, ordering: .relaxed).newValue
                    if count == 1 {
                        LiveLog.line("\(name): shutting down (send it again to exit at once)")
                        onFirst(name)
                    } else {
                        LiveLog.line("\(name) again: exiting now")
                        onSecond()
                        _exit(130)
                    }
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    func stop() { self.sources.withLock { $0.forEach { $0.cancel() } } }
}
