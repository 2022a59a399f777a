import RegistryClient

extension RegistryClientError {
    /// A failure that says something about the artifact or this device's disk, not about the
    /// registry's availability: report it instead of retrying.
    var isArtifactFault: Bool {
        switch self {
        case .checksumMismatch, .file: true
        case .status(let code, _, _, _): (400..<500).contains(code) && ![401, 403, 408, 429].contains(code)
        case .unreachable, .invalidURL, .invalidResponse, .encoding, .cancelled: false
        }
    }
}

extension Error {
    /// The registry no longer accepts this device's token.
    var isUnauthorized: Bool {
        (self as? RegistryClientError)?.statusCode == 401
    }

    /// The registry could not be reached at all.
    var isUnreachable: Bool {
        if case .unreachable = self as? RegistryClientError { return true }
        return false
    }
}
