import CDNNL

/// Whether oneDNN can serve on this machine.
enum OneDNNLibrary {
    /// Why oneDNN cannot be used here, or nil when it can. Computed once per process.
    static let unavailability: String? = {
        do throws(EngineError) {
            _ = try OneDNNContext()
        } catch {
            return "oneDNN cannot create a CPU engine (\(error.description))"
        }
        // Needs at least AVX2: below it oneDNN runs its slow reference int8 kernels.
        // ONEDNN_MAX_CPU_ISA lowers what this reports, which is how to force the fallback.
        let isa = dnnl_get_effective_cpu_isa()
        guard isa.rawValue & dnnl_cpu_isa_avx2.rawValue == dnnl_cpu_isa_avx2.rawValue else {
            return "oneDNN needs a CPU with AVX2 or newer (effective ISA 0x\(String(isa.rawValue, radix: 16)))"
        }
        guard OneDNNThreads.isControllable else { return "this oneDNN build has no OpenMP runtime to set thread counts with" }
        return nil
    }()

    /// The effective instruction set, for logs (`avx512_core_vnni`, …).
    static var instructionSet: String {
        switch dnnl_get_effective_cpu_isa() {
        case dnnl_cpu_isa_avx512_core_amx: "avx512_core_amx"
        case dnnl_cpu_isa_avx512_core_bf16: "avx512_core_bf16"
        case dnnl_cpu_isa_avx512_core_vnni: "avx512_core_vnni"
        case dnnl_cpu_isa_avx512_core: "avx512_core"
        case dnnl_cpu_isa_avx2_vnni: "avx2_vnni"
        case dnnl_cpu_isa_avx2: "avx2"
        default: "older than avx2"
        }
    }
}
