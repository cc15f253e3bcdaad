/// A min-heap of timed items; ties leave in insertion order, so a run is deterministic.
struct EventQueue<Item> {
    private var heap: [(time: Int64, order: UInt64, item: Item)] = []
    private var counter: UInt64 = 0

    var isEmpty: Bool { self.heap.isEmpty }
    var nextTime: Int64? { self.heap.first?.time }

    mutating func push(_ item: Item, at time: Int64) {
        self.counter += 1
        self.heap.append((time, self.counter, item))
        var child = self.heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(self.heap[child], self.heap[parent]) else { break }
            self.heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: Int64, item: Item)? {
        guard !self.heap.isEmpty else { return nil }
        self.heap.swapAt(0, self.heap.count - 1)
        let top = self.heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < self.heap.count && Self.less(self.heap[left], self.heap[smallest]) { smallest = left }
            if right < self.heap.count && Self.less(self.heap[right], self.heap[smallest]) { smallest = right }
            if smallest == parent { break }
            self.heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.time, top.item)
    }

    private static func less(_ a: (time: Int64, order: UInt64, item: Item), _ b: (time: Int64, order: UInt64, item: Item)) -> Bool {
        (a.time, a.order) < (b.time, b.order)
    }
}
