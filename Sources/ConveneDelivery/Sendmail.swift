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

    public init(path: String, timeout: Int = 60) {
        self.path = path
        self.timeout = timeout
    }

    /// Why a hand-off failed, in words for the log and the ledger.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotStart(String)
        case exited(status: Int32, stderr: String)
        case killed(signal: Int32)
        case timedOut(seconds: Int)

        public var description: String {
            switch self {
            case .cannotStart(let why): "cannot start sendmail: \(why)"
            case .exited(let status, let stderr):
                "sendmail exited with status \(status)" + (stderr.isEmpty ? "" : ": \(stderr)")
            case .killed(let signal): "sendmail was killed by signal \(signal)"
            case .timedOut(let seconds): "sendmail did not finish within \(seconds) s and was stopped"
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
        let arguments = [path, "-oi", "-f", sender, "--"] + recipients
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        // A minimal, fixed environment: the daemon's own is not the MTA's business.
        let settings: [String] = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"]
        var environment = settings.map { strdup($0) } + [nil]
        defer { for pointer in environment { free(pointer) } }
        var child: pid_t = 0
        var spawned = posix_spawn(&child, path, &actions, nil, &argv, &environment)
        // "Text file busy": the program is being replaced (a package upgrade) or was just
        // written and another process still holds it open; it clears within moments.
        for _ in 0..<20 where spawned == ETXTBSY {
            usleep(10_000)
            spawned = posix_spawn(&child, path, &actions, nil, &argv, &environment)
        }
        close(input[1])
        close(errors[1])
        defer {
            close(input[0])
            close(errors[0])
        }
        guard spawned == 0 else { throw .cannotStart("\(path): \(String(cString: strerror(spawned)))") }
        let finished = Self.exchange(message, input: input[0], errors: errors[0], deadline: Self.now() + timeout * 1000)
        guard let stderr = finished else {
            kill(child, SIGKILL)
            _ = Self.reap(child)
            throw .timedOut(seconds: timeout)
        }
        // Standard error closed: the child has exited or is about to.
        var status: Int32 = 0
        let deadline = Self.now() + 5000
        while true {
            let reaped = waitpid(child, &status, WNOHANG)
            if reaped == child { break }
            if reaped < 0 && errno != EINTR { throw .cannotStart("waitpid: \(Self.error())") }
            if Self.now() > deadline {
                kill(child, SIGKILL)
                _ = Self.reap(child)
                throw .timedOut(seconds: timeout)
            }
            usleep(2000)
        }
        let signal = status & 0x7f
        if signal != 0 { throw .killed(signal: signal) }
        let code = (status >> 8) & 0xff
        guard code == 0 else { throw .exited(status: code, stderr: stderr) }
    }

    /// Writes `message` to the child and reads its standard error until it closes; nil if
    /// `deadline` (milliseconds, monotonic) passes first.
    private static func exchange(_ message: [UInt8], input: Int32, errors: Int32, deadline: Int) -> String? {
        var written = 0
        var inputOpen = true
        var said: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline - now()
            guard left > 0 else { return nil }
            var fds = [pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
            if inputOpen { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left, 1000)))
            if ready < 0 && errno != EINTR { return String(decoding: said, as: UTF8.self) }
            if inputOpen && fds.count > 1 && fds[1].revents != 0 {
                let sent = message.withUnsafeBytes { bytes in
                    Glibc.send(input, bytes.baseAddress! + written, min(bytes.count - written, 65_536), Int32(MSG_NOSIGNAL))
                }
                if sent > 0 { written += sent }
                if (sent < 0 && errno != EAGAIN && errno != EINTR) || written == message.count {
                    // All of it, or the child stopped reading: either way, end its input.
                    shutdown(input, Int32(SHUT_WR))
                    inputOpen = false
                }
            }
            if fds[0].revents != 0 {
                let count = read(errors, &buffer, buffer.count)
                if count <= 0 { return String(decoding: said, as: UTF8.self).trimmingWhitespace() }
                if said.count < 4096 { said += buffer[0..<min(count, 4096 - said.count)] }
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
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
