import CCurl

/// The process's one call of `curl_global_init`, which is not thread-safe in libcurl 7.88:
/// a `static let` runs it exactly once, under the runtime's lock.
enum CurlGlobal {
    /// The result of `curl_global_init(CURL_GLOBAL_DEFAULT)`.
    static let initialization: CURLcode = ccurl_global_init()
}
