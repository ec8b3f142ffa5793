// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for the parsers and writers that take text from outside: the
/// RRULE parser and expander, the configuration loader, the control API's request
/// handling and the message writer. A package of its own so that the sanitizer flags
/// (`-sanitize=fuzzer,address`) never reach the main build; `scripts/fuzz`
/// builds and runs them.
///
/// Each executable defines `LLVMFuzzerTestOneInput` and takes `main` from libFuzzer,
/// so it is compiled as a library module (no top-level code, no `@main`).
let fuzzer: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "ConveneFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Convene", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // What every fuzz target shares: reading the input, reporting a broken invariant.
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "fuzz-rrule",
            dependencies: ["FuzzSupport", .product(name: "ConveneCore", package: "Convene")],
            swiftSettings: fuzzer
        ),
        .executableTarget(
            name: "fuzz-config",
            dependencies: ["FuzzSupport", .product(name: "ConveneConfig", package: "Convene")],
            swiftSettings: fuzzer
        ),
        .executableTarget(
            name: "fuzz-control-api",
            dependencies: [
                "FuzzSupport",
                .product(name: "ConveneServer", package: "Convene"),
                .product(name: "ConveneProtocol", package: "Convene"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: fuzzer
        ),
        .executableTarget(
            name: "fuzz-message",
            dependencies: [
                "FuzzSupport",
                .product(name: "ConveneCore", package: "Convene"),
                .product(name: "ConveneSpool", package: "Convene"),
            ],
            swiftSettings: fuzzer
        ),
        .executableTarget(
            name: "fuzz-inbound",
            dependencies: [
                "FuzzSupport",
                .product(name: "ConveneCore", package: "Convene"),
                .product(name: "ConveneInbox", package: "Convene"),
            ],
            swiftSettings: fuzzer
        ),
    ],
    swiftLanguageModes: [.v6]
)
