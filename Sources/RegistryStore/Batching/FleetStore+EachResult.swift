extension FleetStore {
    /// Adds each of `results` in a transaction of its own with ``addResult(_:)``: how both stores
    /// retry a batch whose transaction failed, so that one bad row cannot fail its neighbours.
    /// `failure` turns what a store throws into the error its caller sees.
    public func addEachResult(
        _ results: [BenchmarkResultRecord], failure: (any Error) -> StoreError
    ) async -> [Result<Bool, StoreError>] {
        var outcomes: [Result<Bool, StoreError>] = []
        outcomes.reserveCapacity(results.count)
        for result in results {
            do {
                outcomes.append(.success(try await addResult(result)))
            } catch {
                outcomes.append(.failure(failure(error)))
            }
        }
        return outcomes
    }
}
