// Checks of single input values; ``PlanningIndex`` runs them in input order.

extension PlanningPolicy {
    func validate() throws(PlanningError) {
        guard isNonNegativeFinite(self.headroom) else {
            throw .invalidHeadroom(self.headroom)
        }
    }
}

extension ArtifactDescriptor {
    func validate() throws(PlanningError) {
        guard (0...100).contains(self.top1) else {
            throw .invalidAccuracy(artifactID: self.id, value: self.top1)
        }
    }
}

extension FleetDevice {
    func validate() throws(PlanningError) {
        guard isNonNegativeFinite(self.latencyBudgetMs) else {
            throw .invalidLatencyBudget(deviceID: self.id, value: self.latencyBudgetMs)
        }
        if let memoryBudgetMb = self.memoryBudgetMb, !isNonNegativeFinite(memoryBudgetMb) {
            throw .invalidMemoryBudget(deviceID: self.id, value: memoryBudgetMb)
        }
    }
}

extension LatencyMeasurement {
    func validate() throws(PlanningError) {
        try self.check("p50Ms", self.p50Ms)
        try self.check("p90Ms", self.p90Ms)
        try self.check("p99Ms", self.p99Ms)
        try self.check("peakRssMb", self.peakRssMb)
    }

    private func check(_ field: String, _ value: Double) throws(PlanningError) {
        guard isNonNegativeFinite(value) else {
            throw .invalidMeasurement(deviceID: self.deviceID, artifactID: self.artifactID, field: field, value: value)
        }
    }
}

private func isNonNegativeFinite(_ value: Double) -> Bool {
    value.isFinite && value >= 0
}
