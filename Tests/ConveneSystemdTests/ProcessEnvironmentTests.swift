import Testing

/// Groups the suites that set variables in the process environment (`NOTIFY_SOCKET`,
/// `WATCHDOG_USEC`, `LISTEN_PID`, …): the environment belongs to the whole process and
/// libsystemd reads it on every call, so these run one test at a time.
@Suite(.serialized) struct ProcessEnvironmentTests {}
