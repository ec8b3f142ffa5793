import ConveneCore
import ConveneProtocol

extension ItemDocument {
    /// An item as `GET /v1/items` and every change's answer show it: `meeting` is its
    /// occurrence as scheduled, if it still is. Who made each change and why only when
    /// `reasons` (for root and the admin group, as apologies' reasons are).
    public init(
        _ item: Item, meeting: Occurrence?, configuration: Configuration, today: CivilDate, notice: String? = nil,
        reasons: Bool = true
    ) {
        let zone = configuration.organisation.timeZone
        func owner(_ owner: ItemOwner?) -> (id: String?, name: String?) {
            switch owner {
            case .officer(let id)?: (id, configuration.officer(id)?.name ?? id)
            case .named(let name)?: (nil, name)
            case nil: (nil, nil)
            }
        }
        let action = item.action
        let (ownerID, ownerName) = owner(action?.owner)
        self.init(
            id: item.id, occurrence: item.occurrence, meeting: meeting?.title, meetingStart: meeting?.start.rfc3339,
            forums: item.forums, title: item.title, text: item.text, status: item.status.rawValue, owner: ownerID,
            ownerName: ownerName, due: action?.due.description, overdue: item.isOverdue(today: today),
            raisedAt: zone.zoned(instant: item.raised.at).rfc3339, raisedBy: reasons ? item.raised.by : nil,
            history: item.events.map { event in
                let (id, name) = owner(event.owner)
                return Event(
                    kind: event.kind.rawValue, at: zone.zoned(instant: event.at).rfc3339, by: reasons ? event.by : nil,
                    status: event.status?.rawValue, owner: id, ownerName: name, due: event.due?.description,
                    reason: reasons ? event.reason : nil, note: event.note)
            },
            notice: notice)
    }
}
