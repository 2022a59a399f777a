import RegistryService
import RegistryStore

extension Registry {
    /// The SQLite store of a registry opened on a data folder (as every registry of these tests
    /// is), for statements made behind the service's back.
    var sqlite: RegistryStore {
        guard let store = store as? RegistryStore else { preconditionFailure("these tests open SQLite registries") }
        return store
    }
}
