import ConveneCore
import ConveneProtocol
import FoundationEssentials

/// A coordinator's change checked against a schedule at an instant: the override it
/// stands for, the occurrence before and after, and the schedule with the change made.
/// Nothing is stored; the daemon records the override and puts `schedule` in force.
public struct ProposedChange: Sendable {
    public let override: Override
    public let before: Occurrence
    public let after: Occurrence
    /// The schedule with the change made (the daemon's next source if it is kept).
    public let schedule: ScheduleSource

    /// The longest reason kept.
    public static let reasonLimit = 500
}

extension ScheduleSource {
    /// `change` checked against this schedule at `now`. A move into a clash is refused
    /// unless `allowingClashes` (a dry run, which shows the clashes instead).
    public func propose(_ change: OccurrenceChange, at now: Int, allowingClashes: Bool) throws(ChangeRefusal)
        -> ProposedChange
    {
        guard let before = occurrence(change.uid) else { throw .noOccurrence(uid: change.uid) }
        let override = try Self.override(for: change, before: before, standing: overrides, configuration: configuration)
        let preview = adding(override)
        let after = preview.occurrence(change.uid)!
        // The planner tells nobody about a meeting that has started, so a change to the
        // past would be recorded but never reach the forums' calendars.
        if case .move = change, after.start.instant <= now { throw .startHasPassed(after.start.local) }
        if before.start.instant <= now { throw .alreadyStarted(uid: change.uid) }
        if case .move = change, !after.conflicts.isEmpty, !allowingClashes { throw .clashes(after.conflicts) }
        return ProposedChange(override: override, before: before, after: after, schedule: preview)
    }

    /// The override a change stands for, or why it cannot be made.
    static func override(
        for change: OccurrenceChange, before: Occurrence, standing: [Override], configuration: Configuration
    ) throws(ChangeRefusal) -> Override {
        switch change {
        case .cancel(let uid, let reason):
            guard before.status != .cancelled else { throw .alreadyCancelled(uid: uid) }
            return Override(uid: uid, action: .cancel, reason: try reasonKept(reason))
        case .move(let uid, let start, let venue, let reason):
            guard let time = LocalDateTime(start.count == 16 ? start + ":00" : start) else {
                throw .unreadableStart(start)
            }
            guard time.date.year == before.ruleStart.local.date.year else {
                throw .outsideItsYear(before.ruleStart.local.date.year)
            }
            if let venue, configuration.venue(venue) == nil { throw .noVenue(venue) }
            return Override(uid: uid, action: .move(to: time, venue: venue), reason: try reasonKept(reason))
        case .restore(let uid, let reason):
            guard let last = standing.last(where: { $0.uid == uid }), last.action != .restore else {
                throw .nothingToUndo(uid: uid)
            }
            return Override(uid: uid, action: .restore, reason: reason.isEmpty ? "restored" : reason)
        }
    }

    /// A reason as kept and told to the forums: trimmed, said, not too long.
    static func reasonKept(_ text: String) throws(ChangeRefusal) -> String {
        let trimmed = text.trimmingSpacesAndNewlines()
        guard !trimmed.isEmpty else { throw .noReason }
        guard trimmed.count <= ProposedChange.reasonLimit else { throw .reasonTooLong(limit: ProposedChange.reasonLimit) }
        return trimmed
    }
}
