extension HTTPRequest {
    /// The header lines for `CURLOPT_HTTPHEADER`: `defaults` merged with the request's own fields, then
    /// lines that switch off what curl would add unasked.
    ///
    /// - Throws: ``HTTPClientError/invalidURL(_:)`` for a URL C cannot carry, and
    ///   ``HTTPClientError/invalidHeader(name:)`` for a field that would corrupt the request head.
    func curlHeaderLines(defaults: HTTPHeaders) throws(HTTPClientError) -> [String] {
        guard !self.url.isEmpty, !self.url.utf8.contains(0) else {
            throw .invalidURL(self.url)
        }
        let headers = defaults.merging(self.headers)
        var lines: [String] = []
        for field in headers {
            guard field.name.isHTTPToken, !field.value.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }) else {
                throw .invalidHeader(name: field.name)
            }
            // In curl's syntax `Name:` removes a header and `Name;` sends it with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // curl sends `Expect: 100-continue` before larger bodies and waits for the answer.
        if !headers.contains(name: "Expect") {
            lines.append("Expect:")
        }
        // With a body, curl claims `application/x-www-form-urlencoded` unless told otherwise.
        if self.body != nil, !headers.contains(name: "Content-Type") {
            lines.append("Content-Type:")
        }
        return lines
    }
}

extension String {
    /// Whether the string is a non-empty HTTP token (RFC 9110 `tchar`s).
    fileprivate var isHTTPToken: Bool {
        !self.isEmpty
            && self.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    return true
                default:
                    return "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }
}
