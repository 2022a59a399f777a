/// The median of `key` over `values`, or `nil` when there are none: the middle value, or the mean
/// of the two middle values when the count is even. Reorders `values`; runs in linear expected time.
///
/// `key` must not return NaN.
func median<Element>(_ values: inout ArraySlice<Element>, of key: (Element) -> Double) -> Double? {
    values.withUnsafeMutableBufferPointer { buffer in
        guard !buffer.isEmpty else {
            return nil
        }
        let upper = buffer.count / 2
        select(buffer, rank: upper, by: key)
        let upperValue = key(buffer[upper])
        guard buffer.count.isMultiple(of: 2), let lower = buffer[..<upper].lazy.map(key).max() else {
            return upperValue
        }
        return (lower + upperValue) / 2
    }
}

/// Reorders `values` so that `values[rank]` holds the element it would hold if sorted by `key`,
/// with nothing larger before it and nothing smaller after it (Hoare's selection, median-of-three
/// pivot).
private func select<Element>(_ values: UnsafeMutableBufferPointer<Element>, rank: Int, by key: (Element) -> Double) {
    var low = 0
    var high = values.count - 1
    while low < high {
        let pivot = medianOfThree(key(values[low]), key(values[low + (high - low) / 2]), key(values[high]))
        var left = low
        var right = high
        while left <= right {
            while key(values[left]) < pivot {
                left += 1
            }
            while key(values[right]) > pivot {
                right -= 1
            }
            if left <= right {
                values.swapAt(left, right)
                left += 1
                right -= 1
            }
        }
        // Now low...right ≤ pivot, left...high ≥ pivot, and anything between equals the pivot.
        if rank <= right {
            high = right
        } else if rank >= left {
            low = left
        } else {
            return
        }
    }
}

private func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
    max(min(a, b), min(max(a, b), c))
}
