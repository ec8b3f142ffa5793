import ConveneCore
import Foundation

/// Expands the national-scale set over one year and reports the rate.
struct ExpansionBenchmark {
    let options: Benchmark.Options

    func run() throws {
        let clock = ContinuousClock()
        let buildStart = clock.now
        let configuration = NationalScale.configuration(authorities: options.authorities)
        let buildTime = clock.now - buildStart
        let zone = configuration.organisation.timeZone
        let from = zone.resolve(LocalDateTime(date: CivilDate(year: options.year, month: 1, day: 1)!, time: .midnight)).instant
        let to = zone.resolve(LocalDateTime(date: CivilDate(year: options.year + 1, month: 1, day: 1)!, time: .midnight)).instant

        var rounds: [Duration] = []
        var occurrences = 0
        var checksum = 0
        for _ in 0..<options.rounds {
            let start = clock.now
            occurrences = 0
            checksum = 0
            for series in configuration.series {
                for instance in series.recurrence.occurrences(in: zone, from: from, to: to) {
                    occurrences += 1
                    checksum &+= instance.instant
                }
            }
            rounds.append(clock.now - start)
        }
        rounds.sort()
        let best = rounds[0].seconds
        let median = rounds[rounds.count / 2].seconds
        let ruleStart = clock.now
        for series in configuration.series { _ = try RecurrenceRule(parsing: series.recurrence.rule!.description) }
        let parsing = (clock.now - ruleStart).seconds

        print(
            "expansion benchmark: \(options.authorities) authorities, \(configuration.forums.count) forums, "
                + "\(configuration.series.count) series, year \(options.year)")
        print("  occurrences per round     \(occurrences)  (checksum \(checksum))")
        print(
            String(format: "  best round                %.2f ms  (%.0f occurrences/s)", best * 1000, Double(occurrences) / best))
        print(
            String(
                format: "  median round              %.2f ms  (%.0f occurrences/s)", median * 1000, Double(occurrences) / median))
        print(
            String(
                format: "  parse all rules           %.2f ms  (%.0f rules/s)", parsing * 1000,
                Double(configuration.series.count) / parsing))
        print(String(format: "  build configuration       %.2f ms", buildTime.seconds * 1000))
        print(String(format: "  peak RSS                  %.1f MiB", peakResidentMiB()))

        if let path = options.batchFile {
            var lines = ""
            for series in configuration.series {
                var properties = series.recurrence.rule!.description
                if !series.recurrence.exclusions.isEmpty {
                    properties += " EXDATE:" + series.recurrence.exclusions.map(\.basicFormat).joined(separator: ",")
                }
                lines += "\(series.recurrence.start)\t\(properties)\n"
            }
            try lines.write(toFile: path, atomically: true, encoding: .utf8)
            print("  wrote \(configuration.series.count) rules to \(path)")
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
