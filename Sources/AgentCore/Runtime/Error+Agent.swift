import RegistryClient

extension RegistryClientError {
    /// A failure that says something about the request itself (the artifact, this device's disk,
    /// a report the registry will never accept), not about the registry's availability: report or
    /// drop it instead of retrying.
    var isArtifactFault: Bool {
        switch self {
        case .file: !isDiskFull  // a full disk is this device's, not the artifact's: wait for space
        case .checksumMismatch: true
        case .status(let code, _, _, _): (400..<500).contains(code) && ![401, 408, 429].contains(code)
        case .unreachable, .invalidURL, .invalidResponse, .encoding, .cancelled: false
        }
    }
}

extension Error {
    /// See ``RegistryClientError/isArtifactFault``; false for other errors.
    var isArtifactFault: Bool {
        (self as? RegistryClientError)?.isArtifactFault ?? false
    }

    /// The registry no longer accepts this device's token.
    var isUnauthorized: Bool {
        (self as? RegistryClientError)?.statusCode == 401
    }

    /// The registry refused the request for this caller (an existing device name enrolled with the
    /// fleet's enrollment token and no operator's approval).
    var isForbidden: Bool {
        (self as? RegistryClientError)?.statusCode == 403
    }

    /// The registry could not be reached at all.
    var isUnreachable: Bool {
        if case .unreachable = self as? RegistryClientError { return true }
        return false
    }
}
