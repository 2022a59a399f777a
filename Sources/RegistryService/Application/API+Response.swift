import Hummingbird
import RegistryAPI

extension FleetView: ResponseEncodable {}
extension RemeasureView: ResponseEncodable {}
extension DeviceView: ResponseEncodable {}
extension EnrollResponse: ResponseEncodable {}
extension ArtifactView: ResponseEncodable {}
extension BenchmarkReport: ResponseEncodable {}
extension ResultAcknowledgement: ResponseEncodable {}
extension BenchmarkJobView: ResponseEncodable {}
extension PlanView: ResponseEncodable {}
extension DeploymentView: ResponseEncodable {}
extension AssignmentView: ResponseEncodable {}
extension BackupView: ResponseEncodable {}
extension FleetEventView: ResponseEncodable {}

/// `GET /healthz`.
struct Health: ResponseEncodable {
    var status = "ok"
}
