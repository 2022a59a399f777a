import CCurl

/// A `curl_slist` of header lines, freed with its owner.
final class CurlHeaderList {
    /// The list's head; `nil` for an empty list.
    private(set) var pointer: UnsafeMutablePointer<curl_slist>?

    init(_ lines: [String]) throws(HTTPClientError) {
        for line in lines {
            guard let appended = curl_slist_append(self.pointer, line) else {
                throw .transport(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "curl_slist_append failed", url: "")
            }
            self.pointer = appended
        }
    }

    deinit {
        curl_slist_free_all(self.pointer)
    }
}
