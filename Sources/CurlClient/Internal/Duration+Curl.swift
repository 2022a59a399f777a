extension Duration {
    /// Whole milliseconds, rounded up and at least 1, since libcurl reads 0 as "no limit".
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = self.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, milliseconds))
    }

    /// Whole seconds, rounded up and at least 1.
    var curlSeconds: Int {
        (self.curlMilliseconds + 999) / 1000
    }
}
