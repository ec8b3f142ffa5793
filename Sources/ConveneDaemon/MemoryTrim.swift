import ConveneDelivery
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Handing memory back to the system. A plan, a batch or a national answer allocates
/// tens of megabytes for a moment; glibc keeps what is freed for reuse, and without a
/// trim a busy daemon's resident memory only ever grows to its largest moment. The
/// daemon's code pages are let go of too (`ExecutableCode`): what a round ran is mapped
/// again when it next runs.
///
/// The heap and the executable belong to the process, not to a daemon, so the pace is
/// the process's: at most one trim every 30 seconds however many daemons ask (the test
/// runner holds hundreds, and a trim walks the whole heap on one of the two work
/// threads every pass of theirs needs).
enum MemoryTrim {
    static let interval: Duration = .seconds(30)

    /// When the last trim was started, in this process.
    private static let lastStarted = Mutex<ContinuousClock.Instant?>(nil)

    /// Starts a trim on a work thread unless one was started less than `interval` ago.
    /// Returns whether it started one.
    @discardableResult
    static func startIfDue(now: ContinuousClock.Instant = .now) -> Bool {
        let due = lastStarted.withLock { last in
            if let last, now - last < interval { return false }
            last = now
            return true
        }
        guard due else { return false }
        Task {
            _ = await WorkThreads.shared.run {
                _ = mallocTrim?(0)
                ExecutableCode.release()
            }
        }
        return true
    }

    /// glibc's `malloc_trim`, looked up once (it is not in the C library's Swift module,
    /// and other C libraries have none: then nothing is trimmed).
    static let mallocTrim: (@convention(c) (Int) -> Int32)? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim").map {
        unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
    }
}
