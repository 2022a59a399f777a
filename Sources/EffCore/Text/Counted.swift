extension Int {
    /// `1 device`, `3 devices`: the count with its noun, singular for one.
    public func counted(_ noun: String, plural: String? = nil) -> String {
        "\(self) \(self == 1 ? noun : plural ?? noun + "s")"
    }
}
