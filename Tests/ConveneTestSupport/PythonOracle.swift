import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Python environment the differential tests compare against: a virtual
/// environment at `.venv-oracles` holding the pinned packages in
/// `Tests/OracleTests/Oracles/requirements.txt`, made on first use.
///
/// Creation is guarded by an advisory file lock, so test processes that start at
/// once build it a single time. A missing `python3` or a failed install is an error,
/// never a skip: a test that needs the oracle fails without it.
public enum PythonOracle {
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    static let venv = RepositoryPaths.root.appendingPathComponent(".venv-oracles", isDirectory: true)
    static let oracles = RepositoryPaths.root.appendingPathComponent("Tests/OracleTests/Oracles", isDirectory: true)

    /// The venv's interpreter, created and filled if needed.
    public static func interpreter() throws -> URL {
        let requirements = oracles.appendingPathComponent("requirements.txt")
        let wanted = try String(contentsOf: requirements, encoding: .utf8)
        let python = venv.appendingPathComponent("bin/python3")
        let stamp = venv.appendingPathComponent("requirements.installed")

        try FileManager.default.createDirectory(
            at: venv.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lockPath = RepositoryPaths.root.appendingPathComponent(".venv-oracles.lock").path
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw Unavailable(description: "cannot open \(lockPath)") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }

        if (try? String(contentsOf: stamp, encoding: .utf8)) == wanted,
            FileManager.default.isExecutableFile(atPath: python.path)
        {
            return python
        }
        let system = try findSystemPython()
        try check(Subprocess.run(system, ["-m", "venv", "--clear", venv.path]), "python3 -m venv")
        try check(
            Subprocess.run(
                python,
                [
                    "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", requirements.path,
                ]),
            "pip install -r \(requirements.path)")
        try Data(wanted.utf8).write(to: stamp)
        return python
    }

    /// Runs an oracle script from `Tests/OracleTests/Oracles` with `input` on stdin and
    /// returns its stdout; a non-zero exit is an error carrying its stderr.
    public static func run(_ script: String, arguments: [String] = [], input: String = "") throws -> String {
        let python = try interpreter()
        let path = oracles.appendingPathComponent(script).path
        let result = try Subprocess.run(python, [path] + arguments, stdin: input)
        try check(result, script)
        return result.stdout
    }

    private static func findSystemPython() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Unavailable(description: "python3 is not on PATH; the differential tests need it")
    }

    private static func check(_ result: Subprocess.Result, _ what: String) throws {
        guard result.status == 0 else {
            throw Unavailable(description: "\(what) exited \(result.status): \(result.stderr)")
        }
    }
}
