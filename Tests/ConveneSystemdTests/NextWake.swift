import ConveneSystemd
import Foundation

/// When `timer` next woke the loop, or nil if it did not within `patience`. Shared by
/// the wall-clock timer's and the test clock's tests.
func nextWake(of timer: any WakeTimer, patience: Duration = .seconds(5)) async -> Date? {
    await withTaskGroup(of: Date?.self) { group in
        group.addTask {
            var wakes = timer.wakes.makeAsyncIterator()
            return await wakes.next() == nil ? nil : Date()
        }
        group.addTask {
            try? await Task.sleep(for: patience)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
