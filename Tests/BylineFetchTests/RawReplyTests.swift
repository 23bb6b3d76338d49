import BylineFetch
import Foundation
import NIOCore
import NIOPosix
import Testing

/// A TCP server on 127.0.0.1 that answers every connection with fixed bytes (not necessarily
/// HTTP) and closes it: what a misconfigured port or a non-HTTP service sends a feed reader.
private final class FixedReply: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let reply: [UInt8]

    init(_ reply: [UInt8]) { self.reply = reply }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = context.channel.allocator.buffer(bytes: reply)
        // The channel (Sendable) is closed, not the context, which must not leave the event loop.
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Runs `body` with the URL of a server that answers `reply`.
private func withRawServer<T: Sendable>(_ reply: [UInt8], _ body: (String) async throws -> T) async throws -> T {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let channel = try await ServerBootstrap(group: group)
        .childChannelInitializer { channel in channel.pipeline.addHandler(FixedReply(reply)) }
        .bind(host: "127.0.0.1", port: 0).get()
    let url = "http://127.0.0.1:\(channel.localAddress!.port!)/feed.xml"
    do {
        let result = try await body(url)
        try await channel.close()
        try await group.shutdownGracefully()
        return result
    } catch {
        try? await channel.close()
        try? await group.shutdownGracefully()
        throw error
    }
}

@Suite struct RawReplyTests {
    /// Replies that are not HTTP/1.1 fail with words a user can act on, not the parser's code
    /// ("invalid constant string", "invalid character in header").
    @Test(arguments: [
        ([UInt8](repeating: 0xA7, count: 2_000), "not a valid HTTP response (no HTTP status line)"),
        (Array("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".utf8), "not a valid HTTP response (no HTTP status line)"),
        (Array("HTTP/1.1 200 OK\r\nLocation: /a\u{01}b\r\nContent-Length: 0\r\n\r\n".utf8),
         "not a valid HTTP response (a header with a character headers cannot contain)"),
    ])
    func aReplyThatIsNotHTTPSaysSo(reply: [UInt8], expected: String) async throws {
        let result = try await withRawServer(reply) { url in
            try await withFetcher { fetcher in await fetcher.fetch(FetchRequest(url: url)) }
        }
        #expect(result.error == expected)
    }
}
