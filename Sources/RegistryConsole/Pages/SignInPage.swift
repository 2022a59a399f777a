/// `/sign-in`: the form that takes the admin token once.
struct SignInPage: Sendable {
    let title = "Sign in"
    let signedIn = false
    /// Why the last attempt failed.
    var message: String?
}

/// An error page.
struct ErrorPage: Sendable {
    var title: String
    var signedIn: Bool
    var status: Int
    var message: String
}
