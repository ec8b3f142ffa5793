extension Array {
    /// Rearranges the elements in place so that position `i` holds what was at
    /// `order[i]` (`order` a permutation of the indices), moving each element once and
    /// never holding a second copy of the array: a year's occurrences are put in
    /// schedule order without doubling the memory they take.
    mutating func arrange(by order: [Int]) {
        precondition(order.count == count, "an order for every element")
        var placed = [Bool](repeating: false, count: count)
        for start in indices where !placed[start] {
            // Follow the cycle through `start`: each position takes its element from the
            // position `order` names, until the cycle comes back round.
            let first = self[start]
            var position = start
            while true {
                placed[position] = true
                let source = order[position]
                if source == start { break }
                self[position] = self[source]
                position = source
            }
            self[position] = first
        }
    }
}
