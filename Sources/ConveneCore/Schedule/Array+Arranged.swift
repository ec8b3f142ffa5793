extension Array {
    /// Rearranges the elements in place so that position `i` holds what was at
    /// `order[i]` (`order` a permutation of the indices), moving each element once and
    /// never holding a second copy of the array: a year's occurrences are put in
    /// schedule order without doubling the memory they take.
    mutating func arrange(by order: [Int]) {
        precondition(order.count == count, "an order for every element")
        var placed = [Bool](repeating: false, count: count)
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for start in 0..<buffer.count where !placed[start] {
                // Follow the cycle through `start`: each position takes its element from
                // the position `order` names, until the cycle comes back round. Elements
                // are moved, not copied, so none of their references is counted again.
                let first = (base + start).move()
                var position = start
                while true {
                    placed[position] = true
                    let source = order[position]
                    if source == start { break }
                    // A repeated index would move one element twice and lose another.
                    precondition(!placed[source], "the order is a permutation of the indices")
                    (base + position).moveInitialize(from: base + source, count: 1)
                    position = source
                }
                (base + position).initialize(to: first)
            }
        }
    }
}
