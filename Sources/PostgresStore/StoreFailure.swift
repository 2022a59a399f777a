import PostgresNIO
import RegistryStore

/// What went wrong in a transaction, unwrapped from PostgresNIO's transaction error, and the
/// ``RegistryStore/StoreError`` it is reported as.
struct StoreFailure {
    let underlying: any Error

    init(_ error: any Error) {
        if let transaction = error as? PostgresTransactionError {
            underlying = transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
        } else {
            underlying = error
        }
    }

    /// The server's SQLSTATE, for an error the server reported.
    var sqlState: String? { (underlying as? PSQLError)?.serverInfo?[.sqlState] }

    /// A deadlock or serialization failure, or a transaction that found a concurrent one had
    /// changed what it read (``TransactionConflict``): it may succeed when run again.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" || underlying is TransactionConflict }

    /// The error callers see: a ``StoreError`` as thrown, a constraint violation as `conflict`,
    /// anything else as `io` with the server's message.
    func storeError(_ context: String) -> StoreError {
        if let error = underlying as? StoreError { return error }
        if let error = underlying as? PSQLError {
            let message = error.serverInfo?[.message] ?? String(reflecting: error)
            if let state = sqlState, state.hasPrefix("23") { return StoreError(.conflict, "constraint failed: \(message)") }
            return StoreError(.io, "\(context): \(message)")
        }
        return StoreError(.io, "\(context): \(underlying)")
    }
}

/// Thrown inside a transaction that lost a race with a concurrent one (a row it meant to create was
/// created meanwhile): the store runs the transaction again, and it decides on what is committed now.
struct TransactionConflict: Error {}
