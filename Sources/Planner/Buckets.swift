/// Items grouped by a small integer key, built by one counting sort: O(items + buckets), stable,
/// with no per-bucket allocation.
///
/// Bucket bounds are `Int32` to halve the memory of fleet-sized inputs; ``PlanningIndex``
/// rejects inputs with more than `Int32.max` items.
struct Buckets<Item> {
    /// `starts[bucket]..<starts[bucket + 1]` is the bucket's range in ``items``.
    private let starts: [Int32]
    /// The items, bucket after bucket. Reordering items within a bucket is fine.
    var items: [Item]

    /// Groups `item(index)` for every index in `0..<count` by `key(index)`, which is below
    /// `bucketCount`; indices whose key is `nil` are left out. `placeholder` fills the storage
    /// before the items are written to their places.
    ///
    /// Reads each index's item once, in descending order, and writes it straight to its place.
    init(count: Int, bucketCount: Int, placeholder: Item, key: (Int) -> Int?, item: (Int) -> Item) {
        var starts = [Int32](repeating: 0, count: bucketCount + 1)
        for index in 0..<count {
            if let bucket = key(index) {
                starts[bucket] += 1
            }
        }
        // Turn counts into bucket ends, then fill each bucket from its end, last index first.
        var end: Int32 = 0
        for bucket in 0..<bucketCount {
            end += starts[bucket]
            starts[bucket] = end
        }
        starts[bucketCount] = end
        var items = [Item](repeating: placeholder, count: Int(end))
        for index in (0..<count).reversed() {
            if let bucket = key(index) {
                starts[bucket] -= 1
                items[Int(starts[bucket])] = item(index)
            }
        }
        self.items = items
        self.starts = starts
    }

    /// The items with key `bucket`, in their original order unless reordered since.
    subscript(bucket: Int) -> ArraySlice<Item> {
        self.items[self.range(of: bucket)]
    }

    /// Where the items of `bucket` are in ``items``.
    func range(of bucket: Int) -> Range<Int> {
        Int(self.starts[bucket])..<Int(self.starts[bucket + 1])
    }
}
