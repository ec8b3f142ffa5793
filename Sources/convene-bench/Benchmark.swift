import ConveneCore
import Foundation

/// `convene-bench`: measures what Convene's speed depends on and prints numbers.
///
///     convene-bench expand [--authorities 153] [--year 2027] [--rounds 9] [--write-batch FILE]
///     convene-bench schedule [--authorities 153] [--year 2027] [--rounds 9]
///     convene-bench burst --state DIR --spool DIR [--forums 100] [--meetings 20] [--batch 25]
///     convene-bench spool --state DIR --spool DIR [--forums 100] [--meetings 20] [--batch 50]
///     convene-bench handoff --state DIR --spool DIR --sendmail PATH [--to ADDRESS] [--forums 100] [--meetings 20]
///     convene-bench startup [--config FILE] [--rounds 9]
///     convene-bench national-config --out DIR [--authorities 153]
///
/// `expand` expands every series of the national-scale configuration over one year,
/// `rounds` times, and prints occurrences per second (best and median round). With
/// `--write-batch`, it also writes the same rules as `DTSTART<TAB>RULE` lines so
/// `Benchmarks/dateutil_expand.py` can expand them with python-dateutil side by side.
/// `schedule` schedules that configuration for a year with every constraint, at 1× and
/// 10× the number of series. `national-config` writes that configuration as TOML files.
@main
struct Benchmark {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else { usage() }
        arguments.removeFirst()
        let options = try Options(arguments)
        switch command {
        case "expand": try ExpansionBenchmark(options: options).run()
        case "schedule": ScheduleBenchmark(options: options).run()
        case "burst": try DeliveryBurst(options: options).run()
        case "spool": try SpoolBenchmark(options: options).run()
        case "handoff": try HandoffBenchmark(options: options).run()
        case "startup": try StartupBenchmark(options: options).run()
        case "national-config": try NationalConfigWriter(options: options).run()
        default: usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data(
                "usage: convene-bench expand|schedule|burst|spool|handoff|startup|national-config [--config FILE] [--daemon PATH] [--out DIR] [--authorities N] [--year YYYY] [--rounds N] [--write-batch FILE] [--scales 1,10] [--verbose]\n"
                    .utf8))
        exit(64)
    }

    struct Options {
        var authorities = 153
        var year = 2027
        var rounds = 9
        var batchFile: String?
        var verbose = false
        var scales = [1, 10]
        var state: String?
        var spool: String?
        var forums = 100
        var meetings = 20
        var batch = 25
        var config: String?
        var out: String?
        /// `startup`: the daemon to start (default: the `convened` beside this binary).
        var daemon: String?
        /// `handoff`: the sendmail to hand to, and every forum's contact.
        var sendmail: String?
        var to = "bench-discard@example.org"

        init(_ arguments: [String]) throws {
            var iterator = arguments.makeIterator()
            while let flag = iterator.next() {
                if flag == "--verbose" {
                    verbose = true
                    continue
                }
                guard let value = iterator.next() else { Benchmark.usage() }
                switch flag {
                case "--authorities": authorities = Int(value) ?? authorities
                case "--year": year = Int(value) ?? year
                case "--rounds": rounds = max(1, Int(value) ?? rounds)
                case "--write-batch": batchFile = value
                case "--scales": scales = value.split(separator: ",").compactMap { Int($0) }
                case "--state": state = value
                case "--spool": spool = value
                case "--forums": forums = Int(value) ?? forums
                case "--meetings": meetings = Int(value) ?? meetings
                case "--batch": batch = max(1, Int(value) ?? batch)
                case "--config": config = value
                case "--out": out = value
                case "--daemon": daemon = value
                case "--sendmail": sendmail = value
                case "--to": to = value
                default: Benchmark.usage()
                }
            }
        }
    }
}

/// Peak resident memory of this process in MiB.
func peakResidentMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
