import ConveneCore
import ConveneSpool
import FuzzSupport

/// Fuzzes the message writer: a notification whose words come from the input
/// (`FuzzedMeeting`) is rendered as the spool's RFC 5322 message and as the forum's
/// calendar feed, and both are read back (`MessageCheck`): every input text must come
/// back as it went in, up to the documented normalisations (`Normalised`), and the
/// MIME and iCalendar forms must hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let meeting = FuzzedMeeting(FuzzInput(data, size).fields(separatedBy: 0xFF))
    let message = MessageRenderer(configuration: meeting.configuration).render(meeting.notification, writtenAt: meeting.writtenAt)
    MessageCheck(words: MeetingWords(meeting: meeting, kind: meeting.kind)).message(message)
    let notification = meeting.notification
    let feed = CalendarFeed(configuration: meeting.configuration).render(
        forum: FuzzedMeeting.forumID, occurrences: [notification.occurrence],
        told: [notification.occurrence.uid: notification.sequence], generatedAt: meeting.writtenAt)
    let feedKind: Notification.Kind = notification.occurrence.takesPlace ? .invitation : .cancellation
    MessageCheck(words: MeetingWords(meeting: meeting, kind: feedKind)).feed(String(decoding: feed, as: UTF8.self))
    return 0
}
