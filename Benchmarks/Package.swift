// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "BylineBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Byline", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(name: "BenchLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .executableTarget(
            name: "FeedParseBench",
            dependencies: [
                .product(name: "BylineFeed", package: "Byline"), .product(name: "BylineFeedparserShape", package: "Byline"),
                "BenchLibXML2",
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .target(name: "BenchMalloc"),
        .target(
            name: "BenchSynthetic",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "ClusterBenchmark",
            dependencies: ["BenchSynthetic", .product(name: "BylineStories", package: "Byline"), .product(name: "BylineEmbed", package: "Byline")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "FactBenchmark",
            dependencies: [
                .product(name: "BylinePipeline", package: "Byline"), .product(name: "BylineStore", package: "Byline"),
                .product(name: "BylineFacts", package: "Byline"), .product(name: "BylineEmbed", package: "Byline"),
                .product(name: "BylineStories", package: "Byline"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "EmbedBench",
            dependencies: [.product(name: "BylineEmbed", package: "Byline")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "PullBench",
            dependencies: [
                .product(name: "BylinePipeline", package: "Byline"), .product(name: "BylineFetch", package: "Byline"),
                .product(name: "BylineStore", package: "Byline"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "SharedPullBench",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "ScaleBench",
            dependencies: [
                "BenchSynthetic", .product(name: "BylinePipeline", package: "Byline"), .product(name: "BylineStore", package: "Byline"),
                .product(name: "BylineFeed", package: "Byline"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "RunWeekBench",
            dependencies: [
                "BenchSynthetic", "BenchMalloc", .product(name: "BylinePipeline", package: "Byline"), .product(name: "BylineStore", package: "Byline"),
                .product(name: "BylineFetch", package: "Byline"), .product(name: "BylineFeed", package: "Byline"),
                .product(name: "BylineEmbed", package: "Byline"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "DateBench",
            dependencies: [.product(name: "BylineFeed", package: "Byline")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .enableUpcomingFeature("MemberImportVisibility")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
