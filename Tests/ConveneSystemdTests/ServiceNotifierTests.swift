import ConveneSystemd
import Glibc
import Testing

extension ProcessEnvironmentTests {
    /// What the daemon tells systemd, byte for byte, as a notification socket receives it:
    /// READY with its status, one-line STATUS, RELOADING with the monotonic clock reading
    /// systemd requires, WATCHDOG and STOPPING; the watchdog interval from the environment;
    /// and silence without `$NOTIFY_SOCKET`.
    @Suite struct ServiceNotifierTests {
        let socket: FakeNotifySocket
        let notifier = ServiceNotifier()

        init() throws {
            socket = try FakeNotifySocket()
        }

        @Test func readyCarriesTheStatusLine() throws {
            socket.whileNotifying { notifier.ready(status: "Watching 3 forums; next invitation 2027-02-15 09:00") }
            #expect(try socket.receiveAll() == ["READY=1\nSTATUS=Watching 3 forums; next invitation 2027-02-15 09:00"])
        }

        @Test func aStatusIsOneAssignment() throws {
            socket.whileNotifying { notifier.status("Delivering 2 notifications") }
            #expect(try socket.receiveAll() == ["STATUS=Delivering 2 notifications"])
        }

        @Test(arguments: [
            ("spool full\nretrying in 30s", "spool full retrying in 30s"),
            ("reload failed:\nline 3\nline 4\n", "reload failed: line 3 line 4 "),
            ("READY=1\nMAINPID=1", "READY=1 MAINPID=1"),
            ("spool full\r\nretrying", "spool full\r retrying"),
        ])
        func aStatusWithNewlinesIsSentAsOneLine(text: String, line: String) throws {
            socket.whileNotifying {
                notifier.status(text)
                notifier.ready(status: text)
            }
            #expect(try socket.receiveAll() == ["STATUS=\(line)", "READY=1\nSTATUS=\(line)"])
        }

        @Test func reloadingCarriesTheMonotonicClockReadingAtTheTime() throws {
            let before = Self.monotonicMicroseconds()
            socket.whileNotifying { notifier.reloading() }
            let after = Self.monotonicMicroseconds()

            let datagram = try #require(try socket.receive())
            let lines = datagram.split(separator: "\n", omittingEmptySubsequences: false)
            try #require(lines.count == 3, "\(datagram)")
            #expect(lines[0] == "RELOADING=1")
            #expect(lines[2] == "STATUS=Reloading configuration")
            #expect(lines[1].hasPrefix("MONOTONIC_USEC="))
            let reading = try #require(UInt64(lines[1].dropFirst("MONOTONIC_USEC=".count)), "\(lines[1])")
            #expect(before...after ~= reading)
        }

        @Test func watchdogAndStoppingAreSentAsTheyAre() throws {
            socket.whileNotifying {
                notifier.watchdog()
                notifier.stopping()
            }
            #expect(try socket.receiveAll() == ["WATCHDOG=1", "STOPPING=1\nSTATUS=Stopping: finishing spool writes"])
        }

        @Test func theNotifierIsSupervisedOnlyWhileThereIsANotifySocket() {
            #expect(socket.whileNotifying { notifier.isSupervised })
            #expect(!ProcessEnvironment.with(["NOTIFY_SOCKET": nil]) { notifier.isSupervised })
        }

        @Test func withoutANotifySocketNothingIsSent() throws {
            ProcessEnvironment.with(["NOTIFY_SOCKET": nil]) {
                notifier.ready(status: "ready")
                notifier.status("status")
                notifier.reloading()
                notifier.watchdog()
                notifier.stopping()
            }
            #expect(try socket.receiveAll() == [])
        }

        @Test func aDisabledNotifierSendsNothingEvenWithANotifySocket() throws {
            let disabled = ServiceNotifier(enabled: false)
            socket.whileNotifying(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"]) {
                #expect(!disabled.isSupervised)
                #expect(disabled.watchdogInterval == nil)
                disabled.ready(status: "ready")
                disabled.watchdog()
                disabled.stopping()
            }
            #expect(try socket.receiveAll() == [])
        }

        @Test func theWatchdogIntervalComesFromWatchdogUsecForThisProcess() {
            let interval = ProcessEnvironment.with(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"]) {
                notifier.watchdogInterval
            }
            #expect(interval == .seconds(2))
        }

        @Test(
            arguments: [
                [:],
                ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"],
                ["WATCHDOG_USEC": "0", "WATCHDOG_PID": "\(getpid())"],
                ["WATCHDOG_USEC": "two seconds", "WATCHDOG_PID": "\(getpid())"],
            ] as [[String: String]])
        func thereIsNoWatchdogIntervalWhenSystemdAsksForNone(variables: [String: String]) {
            var environment: [String: String?] = ["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]
            environment.merge(variables.mapValues { $0 }) { _, given in given }
            #expect(ProcessEnvironment.with(environment) { notifier.watchdogInterval } == nil)
        }

        private static func monotonicMicroseconds() -> UInt64 {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
        }
    }
}
