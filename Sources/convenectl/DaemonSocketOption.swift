import ArgumentParser

/// `--socket` for the commands that work offline with a configuration and ask the
/// running daemon without one (`schedule`, `suggest`).
struct DaemonSocketOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The daemon's control socket, used when no configuration is named.",
            discussion: "Default: $CONVENE_SOCKET, or /run/convened/control.sock.", valueName: "path"))
    var socket: String?
}
