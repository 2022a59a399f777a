/// A command failed; `description` is the one line printed after `Error:`.
struct CLIError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
