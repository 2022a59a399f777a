/// A validated ``PlanningInput`` with its references resolved to array positions, so that planning
/// needs no string lookups. Positions are `Int32` to halve the memory of fleet-sized inputs.
struct PlanningIndex {
    /// Positions of the artifacts the policy lets the planner choose, in input order.
    let eligibleArtifacts: [Int]
    /// How many artifacts the policy left out as synthetic.
    let excludedSyntheticCount: Int
    /// Per device, the ordinal of its hardware class (in order of first appearance).
    let deviceClasses: [Int32]
    /// How many distinct hardware classes there are.
    let classCount: Int
    /// Per measurement, the position of its device.
    let measurementDevices: [Int32]
    /// Per measurement, the position of its artifact.
    let measurementArtifacts: [Int32]
    /// Per measurement, the ordinal of its backend in ``backends``.
    let measurementBackends: [Int32]
    /// The distinct backends measured, in order of first appearance.
    let backends: [String]
    /// Per artifact position, whether the policy lets the planner choose it.
    let isEligible: [Bool]
    /// Measurement positions grouped by device position.
    let measurementsByDevice: Buckets<Int32>

    /// Validates `input` (size, policy, then artifacts, devices and measurements, each id
    /// uniqueness before values) and indexes it.
    init(_ input: PlanningInput) throws(PlanningError) {
        let (pairCount, overflow) = input.devices.count.multipliedReportingOverflow(by: input.artifacts.count)
        for count in [input.devices.count, input.measurements.count, overflow ? Int.max : pairCount]
        where count > Int32.max {
            throw .inputTooLarge(count: count)
        }
        try input.policy.validate()

        let artifactPositions = try IDTable(input.artifacts.map(\.id), duplicate: PlanningError.duplicateArtifactID)
        var eligibleArtifacts: [Int] = []
        for (position, artifact) in input.artifacts.enumerated() {
            try artifact.validate()
            if !artifact.isSynthetic || input.policy.allowSynthetic {
                eligibleArtifacts.append(position)
            }
        }

        let devicePositions = try IDTable(input.devices.map(\.id), duplicate: PlanningError.duplicateDeviceID)
        var classOrdinals = IDTable()
        var deviceClasses: [Int32] = []
        deviceClasses.reserveCapacity(input.devices.count)
        for device in input.devices {
            try device.validate()
            deviceClasses.append(Int32(truncatingIfNeeded: classOrdinals.insert(device.hardwareClass).position))
        }

        var measurementDevices: [Int32] = []
        var measurementArtifacts: [Int32] = []
        var measurementBackends: [Int32] = []
        var backendOrdinals = IDTable()
        measurementDevices.reserveCapacity(input.measurements.count)
        measurementArtifacts.reserveCapacity(input.measurements.count)
        measurementBackends.reserveCapacity(input.measurements.count)
        // Measurements usually come grouped by device, in device order: try the last device and the
        // next one before looking the id up.
        var lastDevice = 0
        for measurement in input.measurements {
            let devicePosition: Int
            if let nearby = (lastDevice..<min(lastDevice + 2, input.devices.count)).first(where: {
                input.devices[$0].id == measurement.deviceID
            }) {
                devicePosition = nearby
            } else if let position = devicePositions.position(of: measurement.deviceID) {
                devicePosition = position
            } else {
                throw .unknownDevice(deviceID: measurement.deviceID, artifactID: measurement.artifactID)
            }
            lastDevice = devicePosition
            guard let artifactPosition = artifactPositions.position(of: measurement.artifactID) else {
                throw .unknownArtifact(deviceID: measurement.deviceID, artifactID: measurement.artifactID)
            }
            try measurement.validate()
            measurementDevices.append(Int32(truncatingIfNeeded: devicePosition))
            measurementArtifacts.append(Int32(truncatingIfNeeded: artifactPosition))
            measurementBackends.append(Int32(truncatingIfNeeded: backendOrdinals.insert(measurement.backend).position))
        }
        var isEligible = [Bool](repeating: false, count: input.artifacts.count)
        for artifact in eligibleArtifacts {
            isEligible[artifact] = true
        }

        self.eligibleArtifacts = eligibleArtifacts
        self.excludedSyntheticCount = input.artifacts.count - eligibleArtifacts.count
        self.deviceClasses = deviceClasses
        self.classCount = classOrdinals.count
        self.measurementDevices = measurementDevices
        self.measurementArtifacts = measurementArtifacts
        self.measurementBackends = measurementBackends
        self.backends = backendOrdinals.ids
        self.isEligible = isEligible
        self.measurementsByDevice = Buckets(
            count: measurementDevices.count,
            bucketCount: input.devices.count,
            placeholder: 0,
            key: { Int(measurementDevices[$0]) },
            item: { Int32(truncatingIfNeeded: $0) }
        )
        try self.rejectDuplicateMeasurements(input)
    }

    /// At most one measurement per device, artifact and backend.
    private func rejectDuplicateMeasurements(_ input: PlanningInput) throws(PlanningError) {
        let backendCount = self.backends.count
        var seenOnDevice = [Int](repeating: -1, count: input.artifacts.count * backendCount)
        for device in input.devices.indices {
            for measurement in self.measurementsByDevice[device] {
                let pair = Int(self.measurementArtifacts[Int(measurement)]) * backendCount + Int(self.measurementBackends[Int(measurement)])
                guard seenOnDevice[pair] != device else {
                    let duplicate = input.measurements[Int(measurement)]
                    throw .duplicateMeasurement(deviceID: duplicate.deviceID, artifactID: duplicate.artifactID)
                }
                seenOnDevice[pair] = device
            }
        }
    }
}
