import ConveneCore

/// Schedules the national-scale configuration for a year, with every constraint, at
/// 1× and 10× the number of series, and reports the time per year and per month.
struct ScheduleBenchmark {
    let options: Benchmark.Options

    func run() {
        print(
            "schedule benchmark: year \(options.year), best of \(options.rounds) rounds at 1× (fewer, at least 3, at 10×), median in brackets"
        )
        print("  scale  series  occurrences  moved  skipped  unplaced     year (ms)        per month (ms)  one month alone (ms)")
        var baseline: Double?
        for scale in options.scales {
            let configuration = NationalScale.configuration(authorities: options.authorities * scale)
            let scheduler = Scheduler(configuration: configuration)
            let first = CivilDate(year: options.year, month: 1, day: 1)!
            let last = CivilDate(year: options.year, month: 12, day: 31)!
            var times: [Double] = []
            var schedule = Schedule(occurrences: [])
            for _ in 0..<max(3, options.rounds / scale) {
                // The previous round's schedule is let go first, so freeing it is not
                // timed as part of this round.
                schedule = Schedule(occurrences: [])
                let clock = ContinuousClock()
                let start = clock.now
                schedule = scheduler.schedule(from: first, through: last)
                times.append((clock.now - start).seconds)
            }
            times.sort()
            let best = times[0]
            let median = times[times.count / 2]
            let clock = ContinuousClock()
            let monthStart = clock.now
            _ = scheduler.schedule(year: options.year, month: 6)
            let month = (clock.now - monthStart).seconds
            let counts = Dictionary(grouping: schedule.occurrences, by: \.status).mapValues(\.count)
            let growth = baseline.map { String(format: "  (%.1f× the time for %d× the series)", best / $0, scale) } ?? ""
            baseline = baseline ?? best
            print(
                String(
                    format: "  %4d×  %6d  %11d  %5d  %7d  %8d  %6.0f (%6.0f)  %8.1f (%6.1f)  %20.0f", scale,
                    configuration.series.count, schedule.occurrences.count, counts[.moved] ?? 0, counts[.skipped] ?? 0,
                    counts[.unplaced] ?? 0, best * 1000, median * 1000, best * 1000 / 12, median * 1000 / 12,
                    month * 1000) + growth)
        }
        print(String(format: "  peak RSS                  %.1f MiB", peakResidentMiB()))
        if options.verbose {
            let configuration = NationalScale.configuration(authorities: options.authorities)
            let schedule = Scheduler(configuration: configuration).schedule(
                from: CivilDate(year: options.year, month: 1, day: 1)!,
                through: CivilDate(year: options.year, month: 12, day: 31)!)
            let unplaced = schedule.occurrences.filter { $0.status == .unplaced }
            let bySeries = Dictionary(grouping: unplaced) {
                $0.series.split(separator: "-", maxSplits: 1).last.map(String.init) ?? ""
            }
            for (template, items) in bySeries.sorted(by: { $0.value.count > $1.value.count }).prefix(8) {
                print("  unplaced \(template): \(items.count), e.g. \(items[0].reason ?? "")")
            }
        }
    }
}
