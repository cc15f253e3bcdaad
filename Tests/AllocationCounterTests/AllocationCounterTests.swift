import CAllocationCounter
import Testing

/// A class whose instances must live on the heap (they escape into an array).
private final class Node {
    let value: Int
    init(value: Int) { self.value = value }
}

/// The counter `mm-replay bench engine` reports: the Swift runtime's allocation hook,
/// swapped for a counting wrapper during a region. Other suites run in parallel in the
/// same process and allocate too, so only lower bounds are checked.
@Suite(.serialized) struct AllocationCounterTests {
    @Test func countsNothingOutsideARegionAndNestsRegions() {
        let outside = mm_allocation_count()
        let numbers = (0..<64).map { [$0] }  // 65 array buffers, not counted
        #expect(mm_allocation_count() == outside, "allocations counted with no region open")
        #expect(mm_allocation_counter_start() == 1)
        #expect(mm_allocation_counter_start() == 1, "a nested region keeps the wrapper")
        mm_allocation_counter_stop()
        let before = mm_allocation_count()
        let inner = [Int](repeating: numbers.count, count: 8)
        #expect(mm_allocation_count() > before, "the outer region still counts after the inner one stopped")
        mm_allocation_counter_stop()
        #expect(inner.count == 8)
    }

    @Test func countsEveryClassInstanceAllocatedInTheRegion() {
        #expect(mm_allocation_counter_start() == 1)
        defer { mm_allocation_counter_stop() }
        let count = 1_000
        var nodes: [Node] = []
        nodes.reserveCapacity(count)
        let before = mm_allocation_count()
        for index in 0..<count { nodes.append(Node(value: index)) }
        let counted = mm_allocation_count() - before
        #expect(counted >= UInt64(count), "\(counted) allocations counted for \(count) class instances")
        // The objects the wrapper returned are real, initialized instances.
        #expect(nodes.reduce(0) { $0 + $1.value } == count * (count - 1) / 2)
    }

    @Test func countsArrayAndStringBuffers() {
        #expect(mm_allocation_counter_start() == 1)
        defer { mm_allocation_counter_stop() }
        let before = mm_allocation_count()
        let numbers = [Int](repeating: 7, count: 256)
        let text = String(repeating: "long enough to need a heap buffer ", count: 4)
        let counted = mm_allocation_count() - before
        #expect(counted >= 2, "\(counted) allocations counted for an array and a string buffer")
        #expect(numbers.count == 256 && text.utf8.count == 136)
    }
}
