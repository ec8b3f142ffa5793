// swift-tools-version: 6.1
import PackageDescription

/// Dependencies point one way: the pure core at the bottom, adapters above it,
/// executables on top (see README.md, "Architecture").
let package = Package(
    name: "Convene",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "convenectl", targets: ["convenectl"]),
        .executable(name: "convene-bench", targets: ["convene-bench"]),
        .library(name: "ConveneCore", targets: ["ConveneCore"]),
        .library(name: "ConveneConfig", targets: ["ConveneConfig"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Pure domain: calendar arithmetic, time zones, recurrence, holidays, the model.
        .target(name: "ConveneCore"),
        // A TOML 1.0 parser that keeps the source position of every key and value.
        .target(name: "ConveneTOML"),
        // The ledger of notifications and the coordinators' overrides, in SQLite.
        .target(name: "ConveneStore", dependencies: ["ConveneCore", .product(name: "GRDB", package: "GRDB.swift")]),
        // Messages (RFC 5322 with iMIP iCalendar) and the Maildir spool they are written to.
        .target(name: "ConveneSpool", dependencies: ["ConveneCore"]),
        // The daemon's parts: delivery of notifications (and, later, its services).
        .target(name: "ConveneDaemon", dependencies: ["ConveneCore", "ConveneSpool", "ConveneStore"]),
        // What convened and convenectl exchange: request and response types (Foundation only).
        .target(name: "ConveneProtocol"),
        // TOML files → validated `Configuration`, with every error located.
        .target(name: "ConveneConfig", dependencies: ["ConveneCore", "ConveneTOML"]),
        .executableTarget(
            name: "convenectl",
            dependencies: [
                "ConveneCore", "ConveneConfig", "ConveneProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "convene-bench",
            dependencies: ["ConveneCore", "ConveneConfig", "ConveneSpool", "ConveneStore", "ConveneDaemon"]
        ),
        // Test doubles and fixtures shared by the test targets.
        .target(name: "ConveneTestSupport", dependencies: ["ConveneCore"], path: "Tests/ConveneTestSupport"),
        .testTarget(
            name: "ConveneCoreTests",
            dependencies: [
                "ConveneCore", "ConveneTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "ConveneTOMLTests", dependencies: ["ConveneTOML", "ConveneTestSupport"]),
        .testTarget(name: "ConveneSpoolTests", dependencies: ["ConveneSpool", "ConveneTestSupport"], resources: [.copy("Golden")]),
        .testTarget(
            name: "ConveneStoreTests",
            dependencies: ["ConveneStore", "ConveneTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ConveneConfigTests",
            dependencies: ["ConveneConfig", "ConveneTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ConvenectlTests",
            dependencies: ["ConveneTestSupport", "ConveneConfig", "ConveneProtocol", "convenectl"],
            exclude: ["Expected"]
        ),
        // Whole programs under faults: the delivery burst killed at random points.
        .testTarget(name: "EndToEndTests", dependencies: ["ConveneCore", "ConveneTestSupport", "convene-bench"]),
        // The files in systemd/, applied by the real systemd tools.
        .testTarget(name: "PackagingTests", dependencies: ["ConveneTestSupport"]),
        // Differential tests against python-dateutil, holidays and tomllib.
        .testTarget(
            name: "OracleTests",
            dependencies: ["ConveneCore", "ConveneTOML", "ConveneSpool", "ConveneTestSupport"],
            resources: [.copy("Oracles")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
