import Logging

/// Events an admin may need to look up: each has a fixed MESSAGE_ID, explained in
/// `systemd/convened.catalog` (`journalctl -x` shows the explanation). Ids are never
/// changed or reused.
public enum CataloguedEvent: String, CaseIterable, Sendable {
    case started
    case configLoaded
    case reloadFailed
    case notificationWritten
    case notificationRetry
    case occurrenceUnplaced
    case answerReceived
    case messageQuarantined
    case messageNeedsPerson
    case contactBounced
    case messageHandedOff
    case handoffFailed

    /// The 128-bit MESSAGE_ID, as 32 hex digits.
    public var messageID: String {
        switch self {
        case .started: "dc43d382142c4c13aa31ab70d5c51cab"
        case .configLoaded: "56ad0b5b7c94479e91460672fa854559"
        case .reloadFailed: "c0a00b7d48c74cec8a566ebbf0fc28f4"
        case .notificationWritten: "60bea676bcf046a19dc31d58d384baee"
        case .notificationRetry: "8d34e34b895d46edaf929eaf88fc03d2"
        case .occurrenceUnplaced: "191df22779d945cf9fb287229f76ea6f"
        case .answerReceived: "4b0e6a1d2f8c4e57a3d9c6b1e7f20a58"
        case .messageQuarantined: "9e2c71f4b6a84d03b5e8f1a7c3d69e12"
        case .messageNeedsPerson: "d7a35e9c0b1f4826a4c7e3f5b9081d6a"
        case .contactBounced: "e98bffafe29746a0b122d5cf3dcdf5ab"
        case .messageHandedOff: "3f6a9c2e81d54b7fa0e4c95d7b3128e6"
        case .handoffFailed: "a4d8e1f27c0b4965b3e6d9a5f1c8027b"
        }
    }

    /// Metadata carrying the event's id (`MESSAGE_ID` in the journal) and `fields`.
    public func metadata(_ fields: Logger.Metadata = [:]) -> Logger.Metadata {
        fields.merging(["message.id": .string(messageID)]) { _, id in id }
    }
}
