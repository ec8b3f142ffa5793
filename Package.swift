// swift-tools-version: 6.1
import PackageDescription

/// Dependencies point one way: the pure core at the bottom, adapters above it,
/// executables on top (see README.md, "Architecture").
let package = Package(
    name: "Convene",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "convened", targets: ["convened"]),
        .executable(name: "convenectl", targets: ["convenectl"]),
        .executable(name: "convene-bench", targets: ["convene-bench"]),
        .library(name: "ConveneCore", targets: ["ConveneCore"]),
        .library(name: "ConveneConfig", targets: ["ConveneConfig"]),
        // For the fuzz targets in Fuzz/, a package of their own.
        .library(name: "ConveneSpool", targets: ["ConveneSpool"]),
        .library(name: "ConveneProtocol", targets: ["ConveneProtocol"]),
        .library(name: "ConveneServer", targets: ["ConveneServer"]),
        .library(name: "ConveneInbox", targets: ["ConveneInbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Without the default FullFoundation trait, Hummingbird imports FoundationEssentials only.
        .package(
            url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["ConfigurationSupport"]),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Pure domain: calendar arithmetic, time zones, recurrence, holidays, the model.
        .target(name: "ConveneCore"),
        // A TOML 1.0 parser that keeps the source position of every key and value.
        .target(name: "ConveneTOML"),
        // The system's libsqlite3, for the ledger; only ConveneStore talks to it.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The ledger of notifications and the coordinators' overrides, in SQLite through a
        // thin layer of its own over libsqlite3 (no Foundation).
        .target(name: "ConveneStore", dependencies: ["ConveneCore", "CSQLite"]),
        // Messages (RFC 5322 with iMIP iCalendar) and the Maildir spool they are written to.
        .target(name: "ConveneSpool", dependencies: ["ConveneCore"]),
        // libsystemd: journal, sd_notify, socket activation.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        // The journal as a swift-log handler, sd_notify, the watchdog and inherited sockets.
        .target(
            name: "ConveneSystemd",
            dependencies: ["CSystemd", "ConveneCore", .product(name: "Logging", package: "swift-log")]
        ),
        // The control API over the daemon's Unix socket (HTTP/1.1 + JSON, Hummingbird).
        .target(
            name: "ConveneServer",
            dependencies: [
                "ConveneProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Inbound mail read from its bytes: iTIP REPLYs, typed answers, auto-replies, bounces (pure, no I/O).
        .target(name: "ConveneInbox", dependencies: ["ConveneCore"]),
        // The schedule source (one owner of every plan) and exactly-once delivery into the spool.
        .target(
            name: "ConveneDelivery",
            dependencies: ["ConveneCore", "ConveneInbox", "ConveneProtocol", "ConveneSpool", "ConveneStore"]),
        // The daemon's parts: its state, snapshots for reads, and the services that run it.
        .target(
            name: "ConveneDaemon",
            dependencies: [
                "ConveneCore", "ConveneConfig", "ConveneDelivery", "ConveneInbox", "ConveneSpool", "ConveneStore",
                "ConveneSystemd", "ConveneServer", "ConveneProtocol", "ConveneDocuments",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "convened",
            dependencies: [
                "ConveneDaemon", "ConveneSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            linkerSettings: selfContainedRelease
        ),
        // What convened and convenectl exchange: request and response types (Foundation only).
        .target(name: "ConveneProtocol"),
        // The core's values as the protocol's documents, for the daemon and the offline client.
        .target(name: "ConveneDocuments", dependencies: ["ConveneCore", "ConveneProtocol"]),
        // TOML files → validated `Configuration`, with every error located.
        .target(name: "ConveneConfig", dependencies: ["ConveneCore", "ConveneProtocol", "ConveneTOML"]),
        .executableTarget(
            name: "convenectl",
            dependencies: [
                "ConveneCore", "ConveneConfig", "ConveneProtocol", "ConveneDocuments", "ConveneStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: selfContainedRelease
        ),
        .executableTarget(
            name: "convene-bench",
            dependencies: ["ConveneCore", "ConveneConfig", "ConveneDelivery", "ConveneSpool", "ConveneStore"]
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
        .testTarget(
            name: "ConveneSystemdTests",
            dependencies: ["ConveneSystemd", "ConveneTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "ConveneServerTests",
            dependencies: [
                "ConveneServer", "ConveneProtocol", "ConveneTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ConveneDaemonTests",
            dependencies: [
                "ConveneDaemon", "ConveneCore", "ConveneDelivery", "ConveneInbox", "ConveneServer", "ConveneSpool",
                "ConveneStore",
                "ConveneSystemd", "ConveneProtocol",
                "ConveneTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ConveneTOMLTests", dependencies: ["ConveneTOML", "ConveneTestSupport"]),
        .testTarget(
            name: "ConveneInboxTests", dependencies: ["ConveneInbox", "ConveneCore", "ConveneTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ConveneSpoolTests", dependencies: ["ConveneSpool", "ConveneCore", "ConveneConfig", "ConveneTestSupport"],
            resources: [.copy("Golden")]),
        .testTarget(
            name: "ConveneStoreTests",
            dependencies: ["ConveneStore", "ConveneCore", "ConveneTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ConveneConfigTests",
            dependencies: ["ConveneConfig", "ConveneCore", "ConveneTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "ConvenectlTests",
            dependencies: ["ConveneTestSupport", "ConveneConfig", "ConveneCore", "ConveneProtocol", "convenectl"],
            exclude: ["Expected"]
        ),
        // Whole programs: the delivery burst killed at random points, convened under a real
        // systemd user manager and journald, socket activation.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ConveneCore", "ConveneConfig", "ConveneStore", "ConveneTestSupport", "convene-bench", "convened"]
        ),
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

/// Release builds of the two programs carry the Swift runtime and Foundation inside them
/// (and drop the sections nothing uses), so they run on a Debian server with no Swift
/// toolchain; debug builds, and so the tests' own, link them shared. Symbols are bound
/// at start and the relocated data made read-only (`-z now -z relro`), as Debian's
/// hardening does for its own binaries.
/// `CONVENE_SHARED_RUNTIME=1` builds them the other way, for the benchmark that compares
/// the two (`scripts/bench`, in a build folder of its own).
var selfContainedRelease: [LinkerSetting] {
    guard Context.environment["CONVENE_SHARED_RUNTIME"] != "1" else { return [] }
    return [
        .unsafeFlags(
            [
                "-static-stdlib", "-Xlinker", "--gc-sections", "-l_FoundationCollections", "-l_FoundationCShims",
                "-Xlinker", "-z", "-Xlinker", "now", "-Xlinker", "-z", "-Xlinker", "relro",
            ],
            .when(configuration: .release))
    ]
}
