import ConveneCore
import Foundation

/// `convene-bench national-config --out DIR`: the national-scale configuration written as
/// the TOML files `convened` reads (convened.toml, term-dates.toml, forums/, meetings/),
/// for the soak run and for anyone who wants to try the daemon at that size.
struct NationalConfigWriter {
    let options: Benchmark.Options

    func run() throws {
        guard let folder = options.out else { Benchmark.usage() }
        let configuration = NationalScale.configuration(authorities: options.authorities)
        let manager = FileManager.default
        for sub in ["forums", "meetings"] {
            try manager.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        try main(configuration).write(toFile: folder + "/convened.toml", atomically: true, encoding: .utf8)
        try terms(configuration.terms).write(toFile: folder + "/term-dates.toml", atomically: true, encoding: .utf8)
        for forum in configuration.forums {
            try self.forum(forum).write(toFile: "\(folder)/forums/\(forum.id).toml", atomically: true, encoding: .utf8)
        }
        for series in configuration.series {
            try self.series(series).write(toFile: "\(folder)/meetings/\(series.id).toml", atomically: true, encoding: .utf8)
        }
        print(
            "wrote \(configuration.forums.count) forums, \(configuration.series.count) meeting series, "
                + "\(configuration.venues.count) venues to \(folder)")
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func main(_ configuration: Configuration) -> String {
        let organisation = configuration.organisation
        var text = """
            # The national-scale configuration of convene-bench (\(options.authorities) authorities).
            [organisation]
            name       = \(quoted(organisation.name))
            timezone   = "Europe/London"
            region     = "england-and-wales"
            organiser  = { name = \(quoted(organisation.organiser.name)), email = \(quoted(organisation.organiser.email)) }
            term_dates = "term-dates.toml"

            [notifications]
            publish_days_before_month = 14
            reminders = ["P14D", "P2D"]

            """
        for district in configuration.districts {
            text += "\n[[district]]\nid   = \(quoted(district.id))\nname = \(quoted(district.name))\n"
        }
        for venue in configuration.venues {
            text += """

                [[venue]]
                id        = \(quoted(venue.id))
                name      = \(quoted(venue.name))
                district  = \(quoted(venue.district))
                capacity  = \(venue.capacity)
                step_free = \(venue.stepFree)

                """
        }
        for closure in configuration.closures {
            text += "\n[[closure]]\nfrom   = \(closure.from)\nto     = \(closure.to)\nreason = \(quoted(closure.reason))\n"
        }
        return text
    }

    private func terms(_ calendar: TermCalendar) -> String {
        calendar.terms.map { term in
            var text = "[[term]]\nname  = \(quoted(term.name))\nstart = \(term.start)\nend   = \(term.end)\n"
            if let half = term.halfTerm {
                text += "half_term = { start = \(half.lowerBound), end = \(half.upperBound) }\n"
            }
            return text
        }.joined(separator: "\n")
    }

    private func forum(_ forum: Forum) -> String {
        var text = "name     = \(quoted(forum.name))\ndistrict = \(quoted(forum.district))\ncontacts = ["
        text +=
            forum.contacts.map { "{ name = \(quoted($0.name)), email = \(quoted($0.email)) }" }.joined(separator: ", ") + "]\n"
        for window in forum.availability {
            let days = window.days.map { quoted($0.code) }.joined(separator: ", ")
            text += "\n[[available]]\ndays = [\(days)]\nfrom = \(quoted("\(window.from)"))\nto   = \(quoted("\(window.to)"))\n"
        }
        return text
    }

    private func series(_ series: MeetingSeries) -> String {
        let start = series.recurrence.start
        var text = """
            title     = \(quoted(series.title))
            rrule     = \(quoted(series.recurrence.rule?.description ?? ""))
            dtstart   = \(start.date)
            start     = \(quoted("\(start.time)"))
            duration  = \(quoted(series.duration.description))
            venue     = \(quoted(series.venue ?? ""))
            invite    = [\(series.invited.map(quoted).joined(separator: ", "))]
            priority  = \(series.priority)
            on_closed = \(quoted(series.onClosed.rawValue))
            term_time_only = \(series.termTimeOnly)

            """
        if !series.recurrence.exclusions.isEmpty {
            text += "exdate    = [\(series.recurrence.exclusions.map { "\($0.date)" }.joined(separator: ", "))]\n"
        }
        return text
    }
}
