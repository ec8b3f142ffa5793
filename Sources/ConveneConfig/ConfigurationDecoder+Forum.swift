import ConveneCore
import ConveneTOML

extension ConfigurationDecoder {
    /// One `forums/<id>.toml`.
    mutating func decodeForum(id: String, _ file: TableReader) {
        let name = file.string("name", required: true)
        let district = reference(file, "district", kind: "district", known: knownDistricts)
        var contacts: [Contact] = []
        if let items = file.array("contacts", required: true, expected: "an array of { name, email } tables") {
            for (node, location) in items {
                guard let table = node.value.tableValue else {
                    file.error(location, "expected a { name = \"…\", email = \"…\" } table, found \(node.value.typeName)")
                    continue
                }
                let reader = TableReader(file: location.file, table: table, path: location.keyPath, log: log)
                if let contact = decodeContact(reader) { contacts.append(contact) }
                reader.finish()
            }
            if items.isEmpty, let (_, location) = file.located("contacts") {
                file.error(location, "a forum needs at least one contact to send invitations to")
            }
        }
        var windows: [AvailabilityWindow] = []
        for table in file.tables("available") {
            if let window = decodeWindow(table) { windows.append(window) }
        }
        file.finish()
        guard let name, let district, !contacts.isEmpty else { return }
        forums.append(Forum(id: id, name: name, district: district, contacts: contacts, availability: windows))
    }

    private func decodeWindow(_ table: TableReader) -> AvailabilityWindow? {
        var days: Set<Weekday> = []
        if let items = table.strings("days", required: true) {
            for (code, location) in items {
                guard let day = Weekday(code: code), code.count == 2 else {
                    table.error(location, "\"\(code)\" is not a weekday; expected MO, TU, WE, TH, FR, SA or SU")
                    continue
                }
                days.insert(day)
            }
            if items.isEmpty, let (_, location) = table.located("days") {
                table.error(location, "list at least one weekday")
            }
        }
        let from = table.time("from", required: true)
        let to = table.time("to", required: true)
        table.finish()
        guard let from, let to, !days.isEmpty else { return nil }
        guard from < to else {
            if let (_, location) = table.located("to") {
                table.error(location, "the window ends (\(to)) before or when it starts (\(from))")
            }
            return nil
        }
        return AvailabilityWindow(days: days, from: from, to: to)
    }
}
