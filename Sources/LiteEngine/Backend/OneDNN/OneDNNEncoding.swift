import CDNNL
import LiteArtifact

/// How an int8 tensor of the artifact is stored in oneDNN's buffers.
///
/// The artifact's `qs8-qc8` scheme has signed activations with a zero point. Every tensor whose
/// zero point is −128 (all ReLU6 outputs: their calibrated range starts at 0) is stored as
/// unsigned 8-bit with zero point 0 instead: `u = q + 128` is the same number with the same
/// scale, so the arithmetic is unchanged and the artifact format stays as it is. oneDNN 2.6 has
/// its fast depthwise kernel (`brdgmm_dw`) only for unsigned inputs, and a zero point of 0 costs
/// nothing.
struct OneDNNEncoding: Equatable {
    var type: dnnl_data_type_t
    /// The zero point in the stored type.
    var zeroPoint: Int32

    init(_ parameters: QuantizationParameters) {
        if parameters.zeroPoint == -128 {
            type = dnnl_u8
            zeroPoint = 0
        } else {
            type = dnnl_s8
            zeroPoint = parameters.zeroPoint
        }
    }

    var isUnsigned: Bool { type == dnnl_u8 }

    /// The stored byte of the artifact's signed value `q`.
    @inline(__always)
    func store(_ q: Int8) -> UInt8 {
        isUnsigned ? UInt8(bitPattern: q) ^ 0x80 : UInt8(bitPattern: q)
    }

    /// The artifact's signed value of a stored byte.
    @inline(__always)
    func load(_ byte: UInt8) -> Int32 {
        isUnsigned ? Int32(byte) - 128 : Int32(Int8(bitPattern: byte))
    }
}
