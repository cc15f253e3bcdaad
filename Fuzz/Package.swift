// swift-tools-version: 6.0
// The libFuzzer driver of the project's fuzz targets (Sources/FuzzTargets). A package of
// its own because it builds only with `-sanitize=fuzzer`, which instruments every module
// in the build: `scripts/fuzz` builds and runs it; see docs/limits.md.
import Foundation
import PackageDescription

// A path dependency is known by its directory's name, whatever the checkout is called.
let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "HyperliquidMMFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: project.path)],
    targets: [
        .executableTarget(
            name: "mm-fuzz",
            dependencies: [.product(name: "FuzzTargets", package: project.lastPathComponent)]
        ),
    ]
)
