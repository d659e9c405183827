package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.camelrtmp.component.FlvConstants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.test.MediaTools;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route that collects what real publishers send to {@code rtmp://127.0.0.1:PORT/live} and records it with the
 * {@code flv:} recorder, and the checks the interop tests share.
 */
abstract class PublishTestSupport extends CamelTestSupport {

    /** One message as the route saw it. */
    record Received(String type, int typeId, long timestamp, boolean sequenceHeader, Integer packetType,
            String sha256, int length, String codec, String fourCc, Integer trackId, boolean enhanced) {
    }

    protected final int port = AvailablePortFinder.getNextAvailable();
    protected final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    protected final List<Message> events = Collections.synchronizedList(new ArrayList<>());
    protected volatile CountDownLatch ended = new CountDownLatch(1);
    protected volatile long startNanos;
    protected volatile long endNanos;

    @TempDir
    protected Path work;

    protected String rtmpUrl(String key) {
        return scheme() + "://127.0.0.1:" + port + "/live/" + key;
    }

    /** rtmp, or rtmps for tests over TLS. */
    protected String scheme() {
        return "rtmp";
    }

    /** Extra endpoint options, each starting with {@code &}. */
    protected String consumerOptions() {
        return "";
    }

    /** Extra steps after the collector, e.g. a delay that makes the route slow. */
    protected void slowDown(org.apache.camel.model.RouteDefinition route) {
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                org.apache.camel.model.RouteDefinition route = from(scheme() + "://127.0.0.1:" + port
                        + "/live?lifecycleEvents=true" + consumerOptions()).routeId("ingest");
                slowDown(route);
                route.to("flv:" + work.resolve("recordings"))
                        .process(PublishTestSupport.this::collect);
            }
        };
    }

    private void collect(Exchange exchange) {
        Message in = exchange.getIn();
        String type = in.getHeader(RtmpConstants.MESSAGE_TYPE, String.class);
        if (RtmpConstants.TYPE_EVENT.equals(type)) {
            events.add(in.copy());
            if (RtmpConstants.PUBLISH_START.equals(in.getHeader(RtmpConstants.EVENT))) {
                startNanos = System.nanoTime();
            }
            if (RtmpConstants.PUBLISH_END.equals(in.getHeader(RtmpConstants.EVENT))) {
                endNanos = System.nanoTime();
                ended.countDown();
            }
            return;
        }
        byte[] body = in.getBody(byte[].class);
        received.add(new Received(type, in.getHeader(RtmpConstants.MESSAGE_TYPE_ID, Integer.class),
                in.getHeader(RtmpConstants.TIMESTAMP, Long.class),
                Boolean.TRUE.equals(in.getHeader(RtmpConstants.SEQUENCE_HEADER, Boolean.class)),
                in.getHeader(RtmpConstants.PACKET_TYPE, Integer.class), MediaTools.sha256(body), body.length,
                in.getHeader(RtmpConstants.CODEC, String.class), in.getHeader(RtmpConstants.FOURCC, String.class),
                in.getHeader(RtmpConstants.TRACK_ID, Integer.class),
                Boolean.TRUE.equals(in.getHeader(RtmpConstants.ENHANCED, Boolean.class))));
    }

    protected void awaitEnd() throws InterruptedException {
        assertThat(ended.await(60, TimeUnit.SECONDS)).as("PUBLISH_END within 60 s").isTrue();
    }

    /** The recording the PUBLISH_END event names. */
    protected Path recording() {
        Message end = events.stream().filter(m -> RtmpConstants.PUBLISH_END.equals(m.getHeader(RtmpConstants.EVENT)))
                .findFirst().orElseThrow();
        Path file = Path.of(end.getHeader(FlvConstants.FILE_NAME, String.class));
        assertThat(Files.exists(file)).as("recording " + file).isTrue();
        return file;
    }

    /** The audio and video messages received, in order. */
    protected List<Received> media() {
        synchronized (received) {
            return received.stream().filter(r -> !r.type().equals(RtmpConstants.TYPE_DATA)).toList();
        }
    }

    /**
     * Asserts the route received exactly the audio and video tags of the reference FLV file, in order, with equal
     * timestamps and payload hashes.
     */
    protected void assertMediaEqualsTagsOf(Path reference) throws Exception {
        List<FlvTag> tags = new ArrayList<>();
        for (FlvTag tag : FlvReader.readAll(reference)) {
            if (tag.type() == FlvTagType.AUDIO || tag.type() == FlvTagType.VIDEO) {
                tags.add(tag);
            }
        }
        List<Received> media = media();
        List<String> expected = tags.stream().map(t -> (t.type() == FlvTagType.AUDIO ? "AUDIO" : "VIDEO") + "@"
                + t.timestamp() + " " + t.data().length + " " + MediaTools.sha256(t.data())).toList();
        List<String> actual = media.stream().map(r -> r.type() + "@" + (r.timestamp() & 0xFFFFFFFFL) + " "
                + r.length() + " " + r.sha256()).toList();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    /**
     * Whether a message carries coded frames: not a sequence header, end of sequence, metadata or multichannel
     * configuration.
     */
    protected static boolean isCodedFrame(Received r) {
        if (r.sequenceHeader()) {
            return false;
        }
        if (r.packetType() == null) {
            return true;
        }
        if (r.enhanced()) {
            return r.packetType() == 1 || r.packetType() == 3 && r.type().equals("VIDEO");
        }
        return r.packetType() == 1;
    }

    /** Coded frames (no sequence headers or end-of-sequence) of one type. */
    protected long codedFrames(String type) {
        return media().stream().filter(r -> r.type().equals(type) && !r.sequenceHeader()
                && !(r.packetType() != null && r.packetType() == 2 && type.equals("VIDEO"))).count();
    }
}
