import CCurl

/// libcurl's callbacks. Each gets the ``TransferContext`` as its user-data pointer, which
/// ``CurlEasyHandle/perform(_:timeout:rangeStart:configuration:context:)`` keeps alive for the transfer.
extension TransferContext {
    /// `CURLOPT_HEADERFUNCTION`: one header line per call.
    static let headerCallback: curl_write_callback = { data, size, count, userdata in
        guard let data, let userdata else {
            return 0
        }
        unretained(userdata).receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
    }

    /// `CURLOPT_WRITEFUNCTION`: the next piece of the body. Returning less than offered makes curl
    /// end the transfer with `CURLE_WRITE_ERROR`.
    static let bodyCallback: curl_write_callback = { data, size, count, userdata in
        guard let data, let userdata else {
            return 0
        }
        let accepted = unretained(userdata).receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
        return accepted ? size * count : 0
    }

    /// `CURLOPT_XFERINFOFUNCTION`: called about once a second even while no data flows, so cancellation is
    /// noticed during a stall. Non-zero ends the transfer with `CURLE_ABORTED_BY_CALLBACK`.
    static let progressCallback: curl_xferinfo_callback = { userdata, _, _, _, _ in
        guard let userdata else {
            return 0
        }
        return unretained(userdata).shouldAbort() ? 1 : 0
    }

    private static func unretained(_ userdata: UnsafeMutableRawPointer) -> TransferContext {
        Unmanaged<TransferContext>.fromOpaque(userdata).takeUnretainedValue()
    }
}
