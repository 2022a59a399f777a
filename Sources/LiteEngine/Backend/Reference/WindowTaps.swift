extension NetworkPlan.Step {
    /// Calls `body(inputPixel, tap)` for every kernel tap of output pixel (`outY`, `outX`) that
    /// falls inside the input (zero padding contributes nothing). `inputPixel` indexes H×W and
    /// `tap` indexes the kernel's k×k positions.
    @inline(__always)
    func forEachTap(outY: Int, outX: Int, kernel: Int, stride: Int, _ body: (_ inputPixel: Int, _ tap: Int) -> Void) {
        for kernelY in 0..<kernel {
            let inY = outY * stride + kernelY - padding.top
            guard inY >= 0, inY < input.height else { continue }
            for kernelX in 0..<kernel {
                let inX = outX * stride + kernelX - padding.left
                guard inX >= 0, inX < input.width else { continue }
                body(inY * input.width + inX, kernelY * kernel + kernelX)
            }
        }
    }
}
