// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Byline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "byline", targets: ["byline"]),
        .library(name: "BylineFeed", targets: ["BylineFeed"]),
        .library(name: "BylineFeedparserShape", targets: ["BylineFeedparserShape"]),
        .library(name: "BylineStore", targets: ["BylineStore"]),
        .library(name: "BylinePostgres", targets: ["BylinePostgres"]),
        .library(name: "BylineFetch", targets: ["BylineFetch"]),
        .library(name: "BylineText", targets: ["BylineText"]),
        .library(name: "BylineStories", targets: ["BylineStories"]),
        .library(name: "BylineFacts", targets: ["BylineFacts"]),
        .library(name: "BylineReport", targets: ["BylineReport"]),
        .library(name: "BylinePipeline", targets: ["BylinePipeline"]),
        .library(name: "BylineEmbed", targets: ["BylineEmbed"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Already in the graph through async-http-client and hummingbird; named here because
        // BylineFetch and the tests import their modules directly (NIOSSL: TLS failures are typed).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.26.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // OpenBLAS is loaded with dlopen when the first embedder is made (see byline_blas.h).
        .target(
            name: "CBylineBLAS",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        .target(
            name: "BylineEmbed",
            dependencies: ["CBylineBLAS"],
            swiftSettings: upcoming
        ),
        .target(name: "CBylineScan"),
        .target(
            name: "BylineFeed",
            dependencies: ["CLibXML2", "CBylineScan"],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineFeedparserShape",
            dependencies: ["BylineFeed", "BylineText"],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineStore",
            dependencies: [
                "BylineFeed",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylinePostgres",
            dependencies: [
                "BylineStore", "BylineFeed",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                // Its pool's error type only: a tripped circuit breaker is a lost connection.
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineFetch",
            dependencies: [
                "BylineText",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineText",
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineStories",
            dependencies: ["BylineText"],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineFacts",
            dependencies: ["BylineText"],
            swiftSettings: upcoming
        ),
        .target(name: "CBylineSystem"),
        .target(
            name: "BylineReport",
            dependencies: [
                "CBylineSystem", "BylineText",
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylinePipeline",
            dependencies: [
                "BylineFeed", "BylineStore", "BylineFetch", "BylineStories", "BylineFacts", "BylineReport", "BylineEmbed", "CBylineSystem",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "byline",
            dependencies: [
                "BylinePipeline", "BylineFeed", "BylineFeedparserShape", "BylineStore", "BylinePostgres", "BylineFetch", "BylineFacts",
                "BylineReport", "BylineStories", "BylineEmbed", "CBylineSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "BylineTestSupport",
            dependencies: [
                "BylineStore", "BylinePostgres", "BylinePipeline",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/BylineTestSupport",
            swiftSettings: upcoming
        ),
        .testTarget(name: "BylineFeedTests", dependencies: ["BylineFeed", "BylineTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(name: "BylineFeedparserShapeTests", dependencies: ["BylineFeedparserShape", "BylineFeed", "BylineTestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "CBylineScanTests", dependencies: ["CBylineScan", "BylineTestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "BylineEmbedTests", dependencies: ["BylineEmbed"], resources: [.copy("Fixtures")],
                    swiftSettings: upcoming),
        .testTarget(name: "BylineCLITests", dependencies: [
                        "BylineTestSupport", "BylinePipeline", "BylineEmbed", .product(name: "Hummingbird", package: "hummingbird"),
                        .product(name: "GRDB", package: "GRDB.swift"),
                    ],
                    swiftSettings: upcoming),
        .testTarget(name: "BylineStoreTests", dependencies: [
                        "BylineStore", "BylinePostgres", "BylineFeed", "BylineTestSupport",
                        .product(name: "GRDB", package: "GRDB.swift"),
                    ],
                    swiftSettings: upcoming),
        .testTarget(name: "BylineFetchTests", dependencies: [
                        "BylineFetch", "BylineTestSupport",
                        .product(name: "Hummingbird", package: "hummingbird"),
                        .product(name: "HTTPTypes", package: "swift-http-types"),
                        .product(name: "Logging", package: "swift-log"),
                        .product(name: "NIOCore", package: "swift-nio"),
                        .product(name: "NIOPosix", package: "swift-nio"),
                    ], swiftSettings: upcoming),
        .testTarget(name: "BylineTextTests", dependencies: ["BylineText"], swiftSettings: upcoming),
        .testTarget(name: "BylineStoriesTests", dependencies: ["BylineStories", "BylineTestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "BylineFactsTests", dependencies: ["BylineFacts", "BylineTestSupport", "BylineEmbed"],
                    swiftSettings: upcoming),
        .testTarget(name: "BylineReportTests", dependencies: [
                        "BylineReport", "BylineTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                    ],
                    swiftSettings: upcoming),
        .testTarget(name: "BylinePipelineTests", dependencies: [
                        "BylinePipeline", "BylineStore", "BylinePostgres", "BylineFeed", "BylineFetch", "BylineFacts", "BylineReport",
                        "BylineTestSupport", "BylineEmbed", "BylineStories",
                        .product(name: "Hummingbird", package: "hummingbird"),
                        .product(name: "GRDB", package: "GRDB.swift"),
                        .product(name: "HTTPTypes", package: "swift-http-types"),
                        .product(name: "Logging", package: "swift-log"),
                        .product(name: "NIOCore", package: "swift-nio"),
                        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                    ], resources: [.copy("Fixtures")], swiftSettings: upcoming),
    ],
    swiftLanguageModes: [.v6]
)
