import Glibc

/// The local MTA's `sendmail` interface, as cron and smartd use it: the message on
/// standard input, the envelope on the command line
/// (`sendmail -oi -f SENDER -- RECIPIENT…`), exit status 0 when the MTA has taken it.
///
/// Bounded in time and output: a sendmail that hangs or never reads its input is killed
/// at `timeout`, and at most 4 KiB of what it says on standard error is kept for the log.
/// Blocks its thread; run it off the actor.
public struct Sendmail: Sendable {
    public let path: String
    /// Seconds before a hung sendmail is killed.
    public let timeout: Int
    /// Asked every few milliseconds while sendmail runs: once it says yes (the daemon is
    /// stopping), sendmail gets two seconds more to finish, then is killed and the send
    /// fails as `.interrupted`.
    public let stop: @Sendable () -> Bool

    public init(path: String, timeout: Int = 60, stop: @escaping @Sendable () -> Bool = { false }) {
        self.path = path
        self.timeout = timeout
        self.stop = stop
    }

    /// Why a hand-off failed, in words for the log and the ledger.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotStart(String)
        case exited(status: Int32, stderr: String)
        case killed(signal: Int32)
        /// Still running at the time limit, with what it had said by then (Postfix's
        /// postdrop, refused by the queue, retries for ever and says why).
        case timedOut(seconds: Int, stderr: String)
        /// Stopped before it finished because the daemon is stopping.
        case interrupted

        /// Whether the next message would fare no better (sendmail hangs or will not start).
        public var stopsTheBatch: Bool {
            switch self {
            case .cannotStart, .timedOut, .interrupted: true
            case .exited, .killed: false
            }
        }

        public var description: String {
            switch self {
            case .cannotStart(let why): "cannot start sendmail: \(why)"
            case .exited(let status, let stderr):
                "sendmail exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
            case .killed(let signal): "sendmail was killed by signal \(signal)"
            case .interrupted: "sendmail was stopped because convened is stopping"
            case .timedOut(let seconds, let stderr):
                "sendmail did not finish within \(seconds) s and was stopped" + (stderr.isEmpty ? "" : ": \(stderr)")
            }
        }
    }

    /// Hands `message` (CRLF or LF lines) to the MTA for `recipients`, with `sender` as the
    /// envelope sender (where bounces go).
    public func send(_ message: [UInt8], from sender: String, to recipients: [String]) throws(Failure) {
        // stdin is a socket, not a pipe: a sendmail that exits without reading all of it
        // makes our send fail with EPIPE (MSG_NOSIGNAL) instead of raising SIGPIPE.
        var input: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &input) == 0 else {
            throw .cannotStart(Self.error())
        }
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &errors) == 0 else {
            close(input[0])
            close(input[1])
            throw .cannotStart(Self.error())
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[1], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        // The child starts with no signal blocked and every signal at its default: the
        // thread we run on may block some, and sendmail relies on SIGALRM and SIGTERM.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        // A process group of its own: at the time limit the whole group is killed, the
        // helpers sendmail started too (Postfix's postdrop retries for ever when the queue
        // cannot be written, and would be left behind).
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let arguments = [path, "-oi", "-f", sender, "--"] + recipients
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // A minimal, fixed environment: the daemon's own is not the MTA's business.
        let settings: [String] = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"]
        var environment = settings.map { strdup($0) } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var child: pid_t = 0
        var spawned = posix_spawn(&child, path, &actions, &attributes, &argv, &environment)
        // "Text file busy": the program is being replaced (a package upgrade) or was just
        // written and a process started meanwhile still holds it open until its own exec;
        // it clears within moments, so it is tried for up to two seconds.
        for _ in 0..<100 where spawned == ETXTBSY {
            usleep(20_000)
            spawned = posix_spawn(&child, path, &actions, &attributes, &argv, &environment)
        }
        close(input[1])
        close(errors[1])
        defer {
            close(input[0])
            close(errors[0])
        }
        guard spawned == 0 else { throw .cannotStart("\(path): \(String(cString: strerror(spawned)))") }
        _ = fcntl(input[0], F_SETFL, fcntl(input[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(errors[0], F_SETFL, fcntl(errors[0], F_GETFL) | O_NONBLOCK)
        let (status, stderr) = Self.exchange(
            message, child: child, input: input[0], errors: errors[0], deadline: Self.now() + timeout * 1000, stop: stop)
        guard let status else {
            kill(-child, SIGKILL)
            _ = Self.reap(child)
            if stop() { throw .interrupted }
            throw .timedOut(seconds: timeout, stderr: stderr)
        }
        let signal = status & 0x7f
        if signal != 0 { throw .killed(signal: signal) }
        let code = (status >> 8) & 0xff
        guard code == 0 else { throw .exited(status: code, stderr: stderr) }
    }

    /// Writes `message` to the child, keeps what it says on standard error (4 KiB at most)
    /// and waits for it to exit: its wait status, or nil if `deadline` (milliseconds,
    /// monotonic) passes first. Done when the child has exited, whatever it left open.
    private static func exchange(
        _ message: [UInt8], child: pid_t, input: Int32, errors: Int32, deadline: Int, stop: () -> Bool
    ) -> (status: Int32?, stderr: String) {
        var deadline = deadline
        var stopping = false
        var written = 0
        var inputOpen = true
        var errorsOpen = true
        var said: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        func finishInput() {
            shutdown(input, Int32(SHUT_WR))
            inputOpen = false
        }
        func drain() {
            while errorsOpen {
                let count = read(errors, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    if count == 0 { errorsOpen = false }
                    return
                }
                if said.count < 4096 { said += buffer[0..<min(count, 4096 - said.count)] }
            }
        }
        if message.isEmpty { finishInput() }
        while true {
            var status: Int32 = 0
            let reaped = waitpid(child, &status, WNOHANG)
            if reaped == child {
                drain()
                return (status, String(decoding: said, as: UTF8.self).trimmedLines())
            }
            // Asked to stop: a sendmail that is nearly done (most take milliseconds) may
            // finish within a grace of two seconds; one that is hung is not waited for.
            if !stopping && stop() {
                stopping = true
                deadline = min(deadline, now() + 2000)
            }
            let left = deadline - now()
            guard left > 0 else { return (nil, String(decoding: said, as: UTF8.self).trimmedLines()) }
            var fds: [pollfd] = []
            if errorsOpen { fds.append(pollfd(fd: errors, events: Int16(POLLIN), revents: 0)) }
            if inputOpen { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            // Short waits: the child's exit is seen by waitpid, not by its descriptors.
            _ = poll(&fds, nfds_t(fds.count), Int32(min(left, 20)))
            if errorsOpen { drain() }
            if inputOpen {
                let sent = message.withUnsafeBytes { bytes in
                    Glibc.send(input, bytes.baseAddress! + written, min(bytes.count - written, 65_536), Int32(MSG_NOSIGNAL))
                }
                if sent > 0 { written += sent }
                // All of it, or the child stopped reading: either way, end its input.
                if written == message.count || (sent < 0 && errno != EAGAIN && errno != EINTR) { finishInput() }
            }
        }
    }

    private static func reap(_ child: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        return status
    }

    private static func now() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
    }

    private static func error() -> String { String(cString: strerror(errno)) }
}

extension String {
    /// What a program said, for one log line: its last three different lines (a
    /// program that retries says the same again and again, and the last words are the
    /// ones that matter), blank ones dropped, joined.
    fileprivate func trimmedLines() -> String {
        var lines: [Substring] = []
        var seen: Set<String> = []
        for line in split(whereSeparator: \.isNewline).map({ $0.trimmingPrefix(while: \.isWhitespace) }) where !line.isEmpty {
            // The same words with other numbers (a queue file's name) count once.
            if seen.insert(String(line.filter { !$0.isNumber })).inserted { lines.append(line) }
        }
        return ((lines.count > 3 ? ["…"] : []) + lines.suffix(3).map(String.init)).joined(separator: " / ")
    }
}
