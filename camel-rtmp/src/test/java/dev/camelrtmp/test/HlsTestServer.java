package dev.camelrtmp.test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.camelrtmp.http.HttpFlvServer;
import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.server.DuplicatePublish;
import dev.camelrtmp.server.EndReason;
import dev.camelrtmp.server.MediaMessage;
import dev.camelrtmp.server.PlayPolicy;
import dev.camelrtmp.server.PublishInfo;
import dev.camelrtmp.server.PublishStats;
import dev.camelrtmp.server.PublishTarget;
import dev.camelrtmp.server.RtmpServer;
import dev.camelrtmp.server.RtmpServerOptions;
import dev.camelrtmp.server.StreamListener;
import dev.camelrtmp.server.TrafficStatistics;
import org.apache.camel.test.AvailablePortFinder;

/**
 * An RTMP server on loopback with its HTTP listener, whose application {@code live} may be played by everybody:
 * for tests that feed HLS streams of the listener themselves.
 */
public final class HlsTestServer implements AutoCloseable {

    private final ExecutorService delivery = Executors.newCachedThreadPool();
    private final RtmpServer server;
    private final HttpFlvServer http;

    public HlsTestServer(int segmentCount) throws Exception {
        RtmpServerOptions options = new RtmpServerOptions().host("127.0.0.1")
                .port(AvailablePortFinder.getNextAvailable()).httpPort(AvailablePortFinder.getNextAvailable())
                .hlsSegmentCount(segmentCount);
        server = new RtmpServer(options, delivery);
        server.start();
        server.register(new PublishTarget("live", null, new NoListener(), null, DuplicatePublish.REFUSE, 0,
                new TrafficStatistics(), PlayPolicy.OPEN));
        http = new HttpFlvServer(server, options);
        http.start();
    }

    /** Creates the HLS stream of {@code live/<key>} with parts of 200 ms. */
    public HlsStream create(String key) {
        return http.hlsStreams().create("live/" + key, 200);
    }

    /** The playlist URL of {@code live/<key>}. */
    public String playlistUrl(String key) {
        return "http://127.0.0.1:" + http.localAddress().getPort() + "/live/" + key + "/index.m3u8";
    }

    @Override
    public void close() {
        http.stop();
        server.stop();
        delivery.shutdown();
    }

    private static final class NoListener implements StreamListener {
        @Override
        public void onPublishStart(PublishInfo stream) {
        }

        @Override
        public void onMessage(PublishInfo stream, MediaMessage message) {
        }

        @Override
        public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        }
    }
}
