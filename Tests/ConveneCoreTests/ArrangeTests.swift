import ConveneTestSupport
import PropertyBased
import Testing

@testable import ConveneCore

/// `Array.arrange(by:)`, which puts a placed year in schedule order in place: the same
/// as building the arranged array by indexing, for any permutation.
@Suite struct ArrangeTests {
    @Test func arrangingInPlaceEqualsIndexing() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var generator = SeededGenerator(seed: seed)
            let count = Int(generator.next() % 200)
            // Strings, so moving an element moves a reference as occurrences' do.
            let values = (0..<count).map { "value \($0) " + String(repeating: "x", count: Int(generator.next() % 20)) }
            var order = Array(0..<count)
            order.shuffle(using: &generator)
            var arranged = values
            arranged.arrange(by: order)
            #expect(arranged == order.map { values[$0] }, "seed \(seed)")
        }
    }

    @Test func identityAndReversal() {
        var empty: [Int] = []
        empty.arrange(by: [])
        #expect(empty.isEmpty)
        var same = [3, 1, 2]
        same.arrange(by: [0, 1, 2])
        #expect(same == [3, 1, 2])
        var reversed = Array(0..<9)
        reversed.arrange(by: Array((0..<9).reversed()))
        #expect(reversed == Array((0..<9).reversed()))
    }
}
