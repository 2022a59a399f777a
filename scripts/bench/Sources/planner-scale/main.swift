// Plans a large deterministic fleet and prints how long planning took and the peak memory.
//
// Usage: planner-scale [devices] [classes] [artifacts] [measured-per-device] [runs]
// Defaults: 1,000,000 devices, 1,000 classes, 10 artifacts, 3 measured per device, 3 runs.

import Planner

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
func argument(_ position: Int, default value: Int) -> Int {
    position < arguments.count ? arguments[position] : value
}

let fleet = ScaleFleet(
    deviceCount: argument(0, default: 1_000_000),
    classCount: argument(1, default: 1_000),
    artifactCount: argument(2, default: 10),
    measuredPerDevice: argument(3, default: 3)
)
let runs = max(1, argument(4, default: 3))
let clock = ContinuousClock()
let buildStart = clock.now
let input = fleet.input()
print(
    "devices \(fleet.deviceCount), classes \(fleet.classCount), artifacts \(fleet.artifactCount), measurements \(input.measurements.count)")
print("built input in \(clock.now - buildStart); RSS \(Int(ProcessStatus.residentMiB ?? 0)) MiB")

for run in 1...runs {
    let cpuStart = ProcessStatus.cpuSeconds
    let start = clock.now
    do {
        let plan = try FleetPlanner.plan(input)
        let wall = clock.now - start
        let cpu = ProcessStatus.cpuSeconds - cpuStart
        let summary = plan.summary
        print("run \(run): plan \(wall) wall, \(cpu) s CPU; peak RSS (VmHWM) \(Int(ProcessStatus.peakResidentMiB ?? 0)) MiB")
        if run == runs {
            print(
                "assigned \(summary.assignedCount) (predicted \(summary.predictedCount)), changed \(summary.changedCount), "
                    + "no feasible \(summary.noFeasibleCount), awaiting \(summary.awaitingBenchmarksCount), "
                    + "jobs \(summary.benchmarkJobCount)"
            )
            for devicePlan in plan.devicePlans.prefix(3) {
                print("  \(devicePlan.deviceID): \(devicePlan.reason)")
            }
        }
    } catch {
        print("planning failed: \(error)")
    }
}
