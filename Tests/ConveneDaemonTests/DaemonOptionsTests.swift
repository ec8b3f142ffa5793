import ConveneDelivery
import Testing

@testable import ConveneDaemon

/// Paths come from systemd's directory variables under the unit and from the FHS
/// otherwise; retry delays double up to a limit.
@Suite struct DaemonOptionsTests {
    @Test func withoutSystemdTheFHSPathsAreUsed() {
        let options = DaemonOptions.defaults(environment: [:])
        #expect(
            options
                == DaemonOptions(
                    configFile: "/etc/convened/convened.toml", stateDirectory: "/var/lib/convened",
                    spoolDirectory: "/var/spool/convened", socketPath: "/run/convened/control.sock"))
        #expect(options.ledgerPath == "/var/lib/convened/ledger.sqlite")
    }

    @Test func underSystemdTheFirstOfEachDirectoryListIsUsed() {
        let options = DaemonOptions.defaults(environment: [
            "CONFIGURATION_DIRECTORY": "/etc/convened", "STATE_DIRECTORY": "/var/lib/convened:/var/lib/other",
            "RUNTIME_DIRECTORY": "/run/convened",
        ])
        #expect(options.stateDirectory == "/var/lib/convened")
        #expect(options.socketPath == "/run/convened/control.sock")
        #expect(options.configFile == "/etc/convened/convened.toml")
    }

    @Test(arguments: [(1, 15), (2, 30), (3, 60), (6, 480), (7, 900), (40, 900)])
    func retryDelaysDoubleUpToTheLimit(attempt: Int, seconds: Int) {
        #expect(RetryPolicy().delay(afterAttempt: attempt) == seconds)
    }
}
