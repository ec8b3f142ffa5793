import ConveneCore

/// A meeting a forum was told of, as the ledger has it: for finding the meeting a typed
/// answer means from its subject.
public struct ToldMeeting: Sendable, Equatable {
    public let occurrence: String
    public let title: String
    /// The start as last told (seconds since the epoch).
    public let start: Int
    /// The latest SEQUENCE the forum was told.
    public let sequence: Int

    public init(occurrence: String, title: String, start: Int, sequence: Int) {
        self.occurrence = occurrence
        self.title = title
        self.start = start
        self.sequence = sequence
    }
}

/// Finds the meeting a subject names by its title and its date, as people write them:
/// "Re: Parent/Carer Stakeholder Forum, Tue 9 March, 10:00", "stakeholder forum 9th
/// march - yes", "Stakeholder Forum 09/03/2027". Both must be there; a subject that
/// could be more than one meeting names none.
enum SubjectMatch {
    static func meeting(in subject: String, among meetings: [ToldMeeting], zone: ZoneRules) -> ToldMeeting? {
        let words = Self.words(subject)
        guard !words.isEmpty else { return nil }
        let text = " " + words.joined(separator: " ") + " "
        let matches = meetings.filter { meeting in
            let title = Self.words(meeting.title)
            guard !title.isEmpty, text.contains(" " + title.joined(separator: " ") + " ") else { return false }
            return names(zone.zoned(instant: meeting.start).local.date, in: words)
        }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Lower-case words of letters and digits; `/` and `-` kept inside a word (dates).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || ((character == "/" || character == "-") && !word.isEmpty) {
                word.append(character)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words.map { $0.hasSuffix("-") || $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Whether `words` name `date`: "9 march", "march 9th", "9 mar", "09/03", "9/3/27",
    /// "2027-03-09".
    static func names(_ date: CivilDate, in words: [String]) -> Bool {
        let month = DayText.monthName(date.month).lowercased()
        let months: Set<String> = [month, String(month.prefix(3)), month == "september" ? "sept" : month]
        func isDay(_ word: String) -> Bool {
            let digits = word.prefix { $0.isNumber }
            let suffix = word.dropFirst(digits.count)
            return Int(digits) == date.day && ["", "st", "nd", "rd", "th"].contains(String(suffix))
        }
        for (index, word) in words.enumerated() {
            if months.contains(word) {
                if index > 0 && isDay(words[index - 1]) { return true }
                if index + 1 < words.count && isDay(words[index + 1]) { return true }
            }
            let parts = word.split(separator: "/").map(String.init)
            if parts.count >= 2, Int(parts[0]) == date.day, Int(parts[1]) == date.month {
                if parts.count == 2 { return true }
                if let year = Int(parts[2]), parts.count == 3, year == date.year || year == date.year % 100 { return true }
            }
            if word == "\(date)" { return true }
        }
        return false
    }
}
