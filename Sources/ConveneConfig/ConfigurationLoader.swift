import ConveneCore
import ConveneProtocol
import ConveneTOML
import FoundationEssentials

/// Reads a configuration from disk (or other `ConfigurationFiles`): the main file, its
/// drop-ins, the term dates, one file per forum and per meeting series. Every file is
/// read and checked even after an error, so one run reports every problem; the
/// configuration is returned only if there were no errors at all.
public struct ConfigurationLoader: Sendable {
    /// The outcome of a load: the configuration (nil if any error), every diagnostic
    /// in file order, and the files read.
    public struct Result: Sendable {
        public let configuration: Configuration?
        public let diagnostics: [Diagnostic]
        public let files: [String]
        /// A fingerprint of every file read, by name and bytes, in order: the same
        /// configuration gives the same digest (`/v1/status`'s `config_digest`).
        public let digest: String

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

        /// For the daemon: a configuration with no forums is an error, not a warning.
        /// It is what a fresh package installs (a skeleton, so that installing sends
        /// nothing to anyone), and a daemon running on it would have no one to invite;
        /// `convenectl check-config` still only warns, so an admin can check the rest.
        public func requiringForums(mainFile: String) -> Result {
            guard let configuration, configuration.forums.isEmpty else { return self }
            let folder = PathName.folder(of: mainFile)
            let noForums = Diagnostic(
                .error, file: mainFile,
                message: "no forums are configured yet: add a file for each forum in "
                    + "\(ConfigurationLoader.join(folder, "forums"))/ (the example county in "
                    + "/usr/share/doc/convene/examples/ shows how), check with `convenectl check-config`, "
                    + "then start convened")
            let others = diagnostics.filter { $0.message != ConfigurationDecoder.noForums }
            return Result(configuration: nil, diagnostics: others + [noForums], files: files, digest: digest)
        }
    }

    /// The main file's path, as given (relative paths are kept relative in messages).
    public let mainFile: String
    /// Where the files are read: the disk, unless given others.
    public let files: any ConfigurationFiles

    public init(mainFile: String, files: any ConfigurationFiles = DiskFiles()) {
        self.mainFile = mainFile
        self.files = files
    }

    public func load() -> Result {
        let log = DiagnosticLog()
        var read: [String] = []
        var digest = Fingerprint.start
        let folder = PathName.folder(of: mainFile)

        func parse(_ path: String) -> TOMLTable? {
            read.append(path)
            let data: Data
            switch files.contents(of: path) {
            case .success(let contents):
                data = contents
                digest = Fingerprint.fnv1a(Array(path.utf8) + [0], continuing: digest)
                digest = Fingerprint.fnv1a(data + [0], continuing: digest)
            case .failure(let problem):
                log.error(path, at: nil, nil, "cannot read the file: \(problem.reason)")
                return nil
            }
            guard let text = String(data: data, encoding: .utf8) else {
                log.error(path, at: nil, nil, "the file is not valid UTF-8 text")
                return nil
            }
            do {
                return try TOML.parse(text)
            } catch {
                log.error(path, at: error.position, nil, error.message)
                return nil
            }
        }

        guard let main = parse(mainFile) else {
            return Result(configuration: nil, diagnostics: log.entries, files: read, digest: Self.hex(digest))
        }
        var layers = [TableReader.Layer(file: mainFile, table: main)]
        for dropIn in tomlFiles(in: Self.join(folder, "conf.d"), namingIds: false, log: log) {
            if let table = parse(dropIn.path) { layers.append(.init(file: dropIn.path, table: table)) }
        }
        var decoder = ConfigurationDecoder(mainFile: mainFile, log: log)
        decoder.decodeMain(TableReader(layers: layers, path: "", log: log))
        if let (termFile, location) = decoder.termDatesFile {
            let path = termFile.hasPrefix("/") ? termFile : Self.join(folder, termFile)
            if files.exists(path) {
                if let table = parse(path) { decoder.decodeTermDates(TableReader(file: path, table: table, log: log)) }
            } else {
                log.error(
                    location.file, at: location.position, location.keyPath,
                    "the term dates file \"\(path)\" does not exist")
            }
        }
        for forum in tomlFiles(in: Self.join(folder, "forums"), log: log) {
            decoder.knownForums.append(forum.id)
            if let table = parse(forum.path) {
                decoder.decodeForum(id: forum.id, TableReader(file: forum.path, table: table, log: log))
            }
        }
        for meeting in tomlFiles(in: Self.join(folder, "meetings"), log: log) {
            if let table = parse(meeting.path) {
                decoder.decodeSeries(id: meeting.id, TableReader(file: meeting.path, table: table, log: log))
            }
        }
        let configuration = decoder.finish()
        return Result(
            configuration: log.hasErrors ? nil : configuration, diagnostics: log.entries, files: read, digest: Self.hex(digest))
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Where the file defining a meeting series is (`meetings/<id>.toml` beside the main file).
    public func seriesFile(_ id: String) -> String {
        Self.join(Self.join(PathName.folder(of: mainFile), "meetings"), id + ".toml")
    }

    // MARK: Files

    /// The `.toml` files of a folder in name order, each with its id (the name's stem,
    /// which must be a valid id when `namingIds`). Hidden files and other extensions
    /// (editor backups) are ignored; a missing folder is simply empty.
    func tomlFiles(in folder: String, namingIds: Bool = true, log: DiagnosticLog) -> [(path: String, id: String)] {
        guard let names = files.names(in: folder) else { return [] }
        var result: [(String, String)] = []
        for name in names.sorted() where name.hasSuffix(".toml") && !name.hasPrefix(".") {
            let path = Self.join(folder, name)
            let id = String(name.dropLast(5))
            if namingIds, let problem = Identifier.problem(id) {
                log.error(path, at: nil, nil, "the file name gives the id, and \(problem)")
                continue
            }
            result.append((path, id))
        }
        return result
    }

    static func join(_ folder: String, _ name: String) -> String {
        PathName.appending(name, to: folder)
    }
}
