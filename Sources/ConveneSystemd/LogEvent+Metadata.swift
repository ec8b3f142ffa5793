import Logging

extension LogEvent {
    /// The handler's metadata with the event's own on top (the event's win), in key
    /// order, as both of the daemon's log handlers write it.
    func metadata(over handlerMetadata: Logger.Metadata) -> [(key: String, value: Logger.Metadata.Value)] {
        handlerMetadata.merging(metadata ?? [:]) { _, entry in entry }
            .sorted { $0.key < $1.key }
            .map { (key: $0.key, value: $0.value) }
    }
}
