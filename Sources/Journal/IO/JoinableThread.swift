#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A POSIX thread that runs one body and can be joined: ``join()`` returns once the body
/// has returned and everything it captured has been released (no polling).
struct JoinableThread {
    private let handle: pthread_t

    /// Starts `body` on a new thread named `name` (tools show its first 15 bytes); `nil`
    /// when the system cannot create a thread.
    static func start(name: String, _ body: @escaping () -> Void) -> JoinableThread? {
        let context = Unmanaged.passRetained(ThreadBody(run: body, name: name)).toOpaque()
        #if canImport(Glibc)
        var handle = pthread_t()
        guard pthread_create(&handle, nil, { context in
            if let context { ThreadBody.run(context) }
            return nil
        }, context) == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        return JoinableThread(handle: handle)
        #else
        var handle: pthread_t?
        guard pthread_create(&handle, nil, { context in
            ThreadBody.run(context)
            return nil
        }, context) == 0, let handle else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        return JoinableThread(handle: handle)
        #endif
    }

    /// Whether the caller is this thread (joining itself would deadlock).
    var isCurrent: Bool { pthread_equal(pthread_self(), self.handle) != 0 }

    /// Waits until the thread has finished.
    func join() { _ = pthread_join(self.handle, nil) }

    /// Lets the thread finish on its own (for the one caller that cannot join it: itself).
    func detach() { _ = pthread_detach(self.handle) }
}

/// What a ``JoinableThread`` runs; owned by the thread and released as soon as the body
/// returns, so whatever the body captured is released before a join returns.
private final class ThreadBody {
    let body: () -> Void
    let name: String

    init(run body: @escaping () -> Void, name: String) {
        self.body = body
        self.name = name
    }

    /// The thread's entry: names the thread, runs the body, releases it.
    static func run(_ context: UnsafeMutableRawPointer) {
        let owned = Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue()
        Thread.current.name = owned.name
        owned.body()
    }
}
