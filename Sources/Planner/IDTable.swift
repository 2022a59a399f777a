/// The positions of distinct string ids, numbered in order of insertion.
///
/// An open-addressing hash table (linear probing, FNV-1a over the UTF-8 bytes) whose 8-byte slots
/// hold a 32-bit fingerprint of the hash and the position. For millions of short ids it is several
/// times faster than `[String: Int]`, which seeds a SipHash hasher per lookup. The hash is unseeded,
/// which is fine for fleet data the caller controls, but not for ids from untrusted sources.
struct IDTable {
    /// The ids in order of insertion; an id's position is its index here.
    private(set) var ids: [String] = []
    /// `fingerprint << 32 | (position + 1)`, or 0 for an empty slot. Positions stay below 2³²
    /// because more ids than that cannot be held in memory.
    private var slots: [UInt64]

    /// Creates an empty table with room for `capacity` ids before it grows.
    init(capacity: Int = 0) {
        self.slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity))
        self.ids.reserveCapacity(capacity)
    }

    /// Creates a table of `ids`, numbered by their index; throws `duplicate(id)` for the first id
    /// that repeats an earlier one.
    ///
    /// Hashes a batch of ids before placing them, so that the cache misses of placing one id
    /// overlap with the next instead of waiting behind its hashing.
    init<Failure: Error>(_ ids: [String], duplicate: (String) -> Failure) throws(Failure) {
        self.init(capacity: ids.count)
        let batchSize = 256
        var hashes: [UInt64] = []
        hashes.reserveCapacity(batchSize)
        for batchStart in stride(from: 0, to: ids.count, by: batchSize) {
            let batch = batchStart..<min(batchStart + batchSize, ids.count)
            hashes.removeAll(keepingCapacity: true)
            for id in ids[batch] {
                hashes.append(Self.hash(id))
            }
            for (id, hash) in zip(ids[batch], hashes) {
                guard case .vacant(let slot) = self.probe(id, hash: hash) else {
                    throw duplicate(id)
                }
                self.slots[slot] = Self.slot(hash: hash, position: self.ids.count)
                self.ids.append(id)
            }
        }
    }

    /// The number of ids.
    var count: Int {
        self.ids.count
    }

    /// The position of `id`, or `nil` if it was never inserted.
    func position(of id: String) -> Int? {
        let hash = Self.hash(id)
        switch self.probe(id, hash: hash) {
        case .found(let position): return position
        case .vacant: return nil
        }
    }

    /// Inserts `id` unless present; returns its position and whether it is new.
    mutating func insert(_ id: String) -> (position: Int, isNew: Bool) {
        let hash = Self.hash(id)
        switch self.probe(id, hash: hash) {
        case .found(let position):
            return (position, false)
        case .vacant(let slot):
            let position = self.ids.count
            self.ids.append(id)
            self.slots[slot] = Self.slot(hash: hash, position: position)
            if self.ids.count * 2 > self.slots.count {
                self.grow()
            }
            return (position, true)
        }
    }

    private enum Probe {
        case found(Int)
        case vacant(Int)
    }

    private func probe(_ id: String, hash: UInt64) -> Probe {
        let mask = self.slots.count - 1
        let fingerprint = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = self.slots[slot]
            if entry == 0 {
                return .vacant(slot)
            }
            let position = Int(entry & 0xFFFF_FFFF) - 1
            if entry >> 32 == fingerprint, self.ids[position] == id {
                return .found(position)
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        self.slots = [UInt64](repeating: 0, count: self.slots.count * 2)
        let mask = self.slots.count - 1
        for (position, id) in self.ids.enumerated() {
            let hash = Self.hash(id)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask
            }
            self.slots[slot] = Self.slot(hash: hash, position: position)
        }
    }

    /// A power of two at least twice `capacity`, so the table stays at most half full.
    private static func slotCount(for capacity: Int) -> Int {
        var count = 8
        while count < capacity * 2 {
            count *= 2
        }
        return count
    }

    private static func slot(hash: UInt64, position: Int) -> UInt64 {
        (hash >> 32) << 32 | UInt64(truncatingIfNeeded: position + 1) & 0xFFFF_FFFF
    }

    /// FNV-1a over 8-byte words of the UTF-8 bytes, then a final mix so that the low bits, which
    /// pick the slot, depend on every byte. Equal strings hash equally however they are stored.
    private static func hash(_ id: String) -> UInt64 {
        if let hash = id.utf8.withContiguousStorageIfAvailable({ hashBytes(UnsafeRawBufferPointer($0)) }) {
            return hash
        }
        return Array(id.utf8).withUnsafeBytes(hashBytes)
    }

    private static func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
            offset += 8
        }
        for byte in bytes[offset...] {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        return hash ^ (hash >> 33)
    }
}
