import EffCore
import Foundation
import GRDB

/// Records whose JSON columns hold FleetModel values (a device's hardware, a result's intervals and
/// context, a plan entry's candidates, an assignment's health readings): they are stored with the
/// same snake_case keys as on the wire (``EffCore/SnakeCaseJSON``).
public protocol SnakeCaseJSONColumns: FetchableRecord, EncodableRecord {}

extension SnakeCaseJSONColumns {
    public static func databaseJSONDecoder(for column: String) -> JSONDecoder { SnakeCaseJSON.decoder() }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder {
        let encoder = SnakeCaseJSON.encoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension AssignmentRecord: SnakeCaseJSONColumns {}
extension BenchmarkResultRecord: SnakeCaseJSONColumns {}
extension DeviceRecord: SnakeCaseJSONColumns {}
extension PlanEntryRecord: SnakeCaseJSONColumns {}
