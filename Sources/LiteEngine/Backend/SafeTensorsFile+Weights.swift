import TensorIO

extension SafeTensorsFile {
    /// The first byte of tensor `name`, for a backend that hands the weights to its library
    /// without copying them; the file must stay open while the library reads them.
    func weightBytes(_ name: String) throws(EngineError) -> UnsafeRawPointer {
        let buffer: UnsafeRawBufferPointer
        do {
            buffer = try unsafeBytes(of: name)
        } catch {
            throw EngineError(error.description)
        }
        guard let base = buffer.baseAddress else { throw EngineError("tensor '\(name)' is empty") }
        return base
    }
}
