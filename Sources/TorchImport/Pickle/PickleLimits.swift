/// Caps that keep hostile pickles from exhausting memory or the call stack.
///
/// The defaults are orders of magnitude above what real checkpoints need
/// (EfficientNet-Lite0: ~40 stack items, ~2,700 memo entries, nesting depth 4,
/// ~8,000 container elements).
struct PickleLimits: Sendable {
    /// Maximum number of values on the pickle stack (all marks combined).
    var maximumStackSize = 1 << 20
    /// Maximum number of simultaneously open `MARK`s.
    var maximumMarks = 1 << 16
    /// Maximum number of distinct memo slots.
    var maximumMemoSize = 1 << 20
    /// Maximum memo index accepted by `LONG_BINPUT`.
    var maximumMemoIndex = 1 << 30
    /// Maximum nesting depth of tuples / calls / persistent ids.
    var maximumNestingDepth = 64
    /// Maximum number of lists and dicts created.
    var maximumContainers = 1 << 20
    /// Maximum total number of elements stored in tuples, lists and dicts.
    var maximumElements = 1 << 22
    /// Maximum total UTF-8 bytes of string dict keys hashed by `SETITEM(S)`; bounds the work
    /// a pickle can cause by re-inserting one huge memoized string key many times.
    var maximumDictKeyBytes = 1 << 26
    /// Maximum byte length of a `LONG1`/`LONG4` integer.
    var maximumIntegerBytes = 1024
    /// Maximum length of a `GLOBAL` module or name line.
    var maximumGlobalNameLength = 512

    /// The defaults described above.
    static var standard: PickleLimits { PickleLimits() }
}
