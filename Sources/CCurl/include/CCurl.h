#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

/// `curl_easy_setopt` and `curl_easy_getinfo` are variadic, so Swift does not import them.
/// These wrappers fix the type of the third argument, one function per type libcurl takes.

/// Initialises libcurl with `CURL_GLOBAL_DEFAULT`. Not thread-safe: call it once per process.
CURLcode ccurl_global_init(void);

/// Sets an option that takes a `long`.
CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);

/// Sets an option that takes a pointer: a C string (libcurl copies it), a `curl_slist *`,
/// a buffer, or callback user data.
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value);

/// Sets an option that takes a `curl_off_t`.
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);

/// Sets an option that takes a `curl_write_callback` (`CURLOPT_WRITEFUNCTION`, `CURLOPT_HEADERFUNCTION`).
CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);

/// Sets `CURLOPT_XFERINFOFUNCTION`.
CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback);

/// Reads information of type `long`.
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// Reads information of type `double`.
CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);

/// Reads information of type `char *`; the string belongs to the handle.
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);

#endif
