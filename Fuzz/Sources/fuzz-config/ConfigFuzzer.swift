import ConveneConfig
import ConveneCore
import Foundation
import FuzzSupport

/// Fuzzes the configuration loader: TOML parsing, decoding and every check, run on
/// files held in memory (`MemoryFiles`), exactly as `convened` and `convenectl
/// check-config` run them on disk.
///
/// The input is a configuration folder in one text (`ConfigurationBundle`): the main
/// file, then any others, each after a line `#== forums/north.toml`. Whatever it
/// holds, loading must end in diagnostics that name a file and a line that exist, and
/// in a configuration exactly when there are no errors; a configuration that loads is
/// scheduled for a month, as the daemon does next.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bundle = ConfigurationBundle(FuzzInput(data, size).bytes)
    let result = ConfigurationLoader(mainFile: ConfigurationBundle.mainFile, files: MemoryFiles(bundle.files)).load()

    require(
        (result.configuration == nil) == !result.errors.isEmpty,
        "a configuration was \(result.configuration == nil ? "not " : "")returned with \(result.errors.count) errors: \(result.errors)"
    )
    let known = Set(result.files).union(bundle.files.keys)
    // A folder named like a file (`meetings/x.toml/…`) is found by listing its folder and
    // is reported by its path, as on disk.
    let folders = MemoryFiles(bundle.files)
    for diagnostic in result.diagnostics {
        require(!diagnostic.message.isEmpty, "a diagnostic without a message: \(diagnostic)")
        require(!diagnostic.description.contains(where: \.isNewline), "a diagnostic of more than one line: \(diagnostic)")
        require(
            known.contains(diagnostic.file) || folders.exists(diagnostic.file),
            "a diagnostic names a file or folder that does not exist: \(diagnostic)")
        if let line = diagnostic.line {
            let lines = bundle.lineCount(of: diagnostic.file)
            require(line >= 1 && line <= lines, "line \(line) of a file of \(lines) lines: \(diagnostic)")
            require(diagnostic.column.map { $0 >= 1 } ?? true, "a column before the first: \(diagnostic)")
        }
    }
    if let configuration = result.configuration { checkReferences(configuration) }
    return 0
}

/// Every reference in a loaded configuration names something it defines, and the
/// scheduler, which relies on that, runs on it.
private func checkReferences(_ configuration: Configuration) {
    let districts = Set(configuration.districts.map(\.id))
    for venue in configuration.venues {
        require(districts.contains(venue.district), "venue \(venue.id) is in unknown district \(venue.district)")
    }
    for forum in configuration.forums {
        require(districts.contains(forum.district), "forum \(forum.id) is in unknown district \(forum.district)")
    }
    for series in configuration.series {
        require(
            series.venue.map { configuration.venue($0) != nil } ?? (series.online != nil),
            "series \(series.id) has neither a known venue nor a link")
        for forum in series.invited {
            require(configuration.forum(forum) != nil, "series \(series.id) invites unknown forum \(forum)")
        }
    }
    let schedule = Scheduler(configuration: configuration).schedule(year: 2027, month: 3)
    for occurrence in schedule.occurrences {
        require(occurrence.start.instant < occurrence.end.instant, "\(occurrence.uid) ends before it starts")
        require(configuration.series(occurrence.series) != nil, "\(occurrence.uid) is of unknown series \(occurrence.series)")
    }
}
