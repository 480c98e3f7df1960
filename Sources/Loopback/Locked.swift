#if canImport(Glibc)
import Glibc
#endif

/// A value behind a `pthread_mutex_t`: what GStreamer's streaming threads and the session thread share.
///
/// Used instead of `Synchronization.Mutex` because ThreadSanitizer intercepts `pthread_mutex_lock` but not the
/// futex calls `Mutex` makes on Linux: with `Mutex`, `scripts/sanitize thread` reported every locked access to a
/// peer's state from a pad probe or signal handler as a race (13 reports in the session tests); with this lock
/// TSan sees the happens-before edges and reports only real races.
final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
