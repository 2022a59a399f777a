import EffCore
import Foundation
import Hummingbird
import RegistryAPI

/// A plan as a JSON response, written field by field. A plan holds one entry per device (about 500
/// bytes each, 50 MB for 100,000 devices); `JSONEncoder` spent seconds on that, this writer a
/// tenth of a second. The output is what ``PlanView``'s `Codable` conformance reads (absent
/// optionals are left out, as `JSONEncoder` does).
public struct PlanJSON: ResponseGenerator {
    public var plan: PlanView
    public var status: HTTPResponse.Status

    public init(plan: PlanView, status: HTTPResponse.Status = .ok) {
        self.plan = plan
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: Self.encode(plan))))
    }

    /// The JSON bytes of `plan`.
    public static func encode(_ plan: PlanView) -> [UInt8] {
        var writer = JSONObjectWriter(capacity: 256 + plan.entries.count * 560)
        writer.open()
        writer.field("id", plan.id)
        writer.field("fleet", plan.fleet)
        writer.field("percentile", plan.percentile.rawValue)
        writer.field("headroom", plan.headroom)
        writer.field("allow_synthetic", plan.allowSynthetic)
        writer.field("created_at", plan.createdAt)
        writer.field("pending_jobs", plan.pendingJobs)
        writer.key("entries")
        writer.bytes.append(UInt8(ascii: "["))
        for (index, entry) in plan.entries.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            writer.open()
            writer.field("device_id", entry.deviceId)
            writer.field("device", entry.device)
            writer.field("latency_budget_ms", entry.latencyBudgetMs)
            writer.field("memory_budget_mb", entry.memoryBudgetMb)
            writer.field("decision", entry.decision.rawValue)
            writer.field("artifact_id", entry.artifactId)
            writer.field("variant", entry.variant)
            writer.field("precision", entry.precision)
            writer.field("backend", entry.backend)
            writer.field("latency_ms", entry.latencyMs)
            writer.field("predicted", entry.predicted)
            writer.field("top1", entry.top1)
            writer.field("top1_source", entry.top1Source)
            writer.field("peak_rss_mb", entry.peakRssMb)
            writer.field("current_artifact_id", entry.currentArtifactId)
            writer.field("changes_current", entry.changesCurrent)
            writer.field("reason", entry.reason)
            if let candidates = entry.candidates, let encoded = try? SnakeCaseJSON.encoder().encode(candidates) {
                writer.key("candidates")
                writer.bytes.append(contentsOf: encoded)
            }
            writer.close()
        }
        writer.bytes.append(UInt8(ascii: "]"))
        writer.close()
        return writer.bytes
    }
}

/// Appends JSON objects to a byte array: keys are trusted literals, string values are escaped.
struct JSONObjectWriter {
    var bytes: [UInt8] = []
    private var first = true

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func key(_ key: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func field(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }

    mutating func field(_ key: StaticString, _ value: Double?) {
        guard let value else { return }
        self.key(key)
        // JSON has no NaN or infinity; the registry never stores them (inputs are validated finite).
        bytes.append(contentsOf: (value.isFinite ? value.description : "null").utf8)
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ key: StaticString, _ value: Bool?) {
        guard let value else { return }
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
