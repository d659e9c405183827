package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults around a live FFmpeg publish: the publisher killed, a route that throws (the stream goes on, or closes
 * when asked to), the Camel context stopped under live publishers, and a slow stream beside a fast one.
 */
class FaultsTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();
    private final AtomicInteger thrown = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String base = "rtmp://127.0.0.1:" + port;
                from(base + "/live?lifecycleEvents=true").to("mock:live");
                from(base + "/flaky?lifecycleEvents=true")
                        .process(e -> failEveryTenthVideo(e))
                        .to("mock:flaky");
                from(base + "/fragile?lifecycleEvents=true&closeOnRouteError=true")
                        .process(e -> failEveryTenthVideo(e))
                        .to("mock:fragile");
                from(base + "/mixed?lifecycleEvents=true")
                        .process(e -> {
                            if ("slow".equals(e.getIn().getHeader(RtmpConstants.STREAM_KEY))) {
                                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // 20 ms of work
                            }
                        })
                        .to("mock:mixed");
            }
        };
    }

    private void failEveryTenthVideo(Exchange e) {
        Long ts = e.getIn().getHeader(RtmpConstants.TIMESTAMP, Long.class);
        if ("VIDEO".equals(e.getIn().getHeader(RtmpConstants.MESSAGE_TYPE)) && ts != null && ts > 1000
                && ts % 10 == 0) {
            thrown.incrementAndGet();
            throw new IllegalStateException("the route fails on purpose at " + ts);
        }
    }

    private Process publish(String path, Path clip) throws Exception {
        return ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-re",
                "-i", clip.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + path), null);
    }

    private static Map<String, Object> end(MockEndpoint mock) {
        return mock.getExchanges().stream().map(e -> e.getIn().getHeaders())
                .filter(h -> "PUBLISH_END".equals(h.get(RtmpConstants.EVENT))).findFirst().orElse(null);
    }

    @Test
    void killedPublisherEndsItsStreamAsClientClosed() throws Exception {
        MockEndpoint live = getMockEndpoint("mock:live");
        Process publisher = publish("live/killed", Clips.h264Aac(10));
        Wait.until("publishing", Duration.ofSeconds(10), () -> live.getReceivedCounter() > 50);
        publisher.destroyForcibly(); // SIGKILL: no FCUnpublish, no FIN handshake from the application
        publisher.waitFor(10, TimeUnit.SECONDS);
        Wait.until("the stream ends", Duration.ofSeconds(10), () -> end(live) != null);
        assertThat(end(live)).containsEntry(RtmpConstants.END_REASON, "CLIENT_CLOSED");
    }

    @Test
    void routeErrorsAreHandledAndTheStreamGoesOn() throws Exception {
        Process publisher = publish("flaky/cam", Clips.h264Aac(6));
        ProcessRunner.await(publisher, 60, List.of("ffmpeg")).requireSuccess("publisher");
        MockEndpoint flaky = getMockEndpoint("mock:flaky");
        Wait.until("the stream ends", Duration.ofSeconds(10), () -> end(flaky) != null);
        assertThat(thrown.get()).isPositive();
        // every message but the failed ones went through, and the stream ended normally
        assertThat(flaky.getReceivedCounter())
                .isEqualTo(MediaTools.publishedMessages(Clips.h264Aac(6)) + 2 - thrown.get());
        assertThat(end(flaky)).containsEntry(RtmpConstants.END_REASON, "UNPUBLISHED");
    }

    @Test
    void routeErrorClosesTheConnectionWhenAskedTo() throws Exception {
        Process publisher = publish("fragile/cam", Clips.h264Aac(6));
        MockEndpoint fragile = getMockEndpoint("mock:fragile");
        Wait.until("the stream ends", Duration.ofSeconds(15), () -> end(fragile) != null);
        assertThat(end(fragile)).containsEntry(RtmpConstants.END_REASON, "ERROR");
        assertThat(thrown.get()).isEqualTo(1);
        assertThat(publisher.waitFor(15, TimeUnit.SECONDS)).as("FFmpeg gives up once its connection is closed")
                .isTrue();
        ProcessRunner.await(publisher, 1, List.of("ffmpeg"));
    }

    @Test
    void slowStreamDoesNotSlowTheOthers() throws Exception {
        Path clip = Clips.h264Aac(6);
        Process slow = publish("mixed/slow", clip);
        Process fast = publish("mixed/fast", clip);
        ProcessRunner.await(fast, 60, List.of("fast")).requireSuccess("fast publisher");
        long fastDone = System.nanoTime();
        MockEndpoint mixed = getMockEndpoint("mock:mixed");
        Wait.until("the fast stream is delivered whole", Duration.ofSeconds(60),
                () -> mixed.getExchanges().stream().filter(e -> "PUBLISH_END".equals(e.getIn().getHeader(
                        RtmpConstants.EVENT)) && "fast".equals(e.getIn().getHeader(RtmpConstants.STREAM_KEY))).count()
                        == 1);
        double fastLag = (System.nanoTime() - fastDone) / 1e9;
        ProcessRunner.await(slow, 60, List.of("slow")).requireSuccess("slow publisher");
        Wait.until("the slow stream is delivered whole", Duration.ofSeconds(60),
                () -> mixed.getExchanges().stream().filter(e -> "PUBLISH_END".equals(e.getIn().getHeader(
                        RtmpConstants.EVENT))).count() == 2);
        long fastCount = mixed.getExchanges().stream().filter(e -> "fast".equals(e.getIn().getHeader(
                RtmpConstants.STREAM_KEY))).count();
        long slowCount = mixed.getExchanges().stream().filter(e -> "slow".equals(e.getIn().getHeader(
                RtmpConstants.STREAM_KEY))).count();
        int messages = MediaTools.publishedMessages(clip) + 2; // with PUBLISH_START and PUBLISH_END
        assertThat(fastCount).isEqualTo(messages);
        assertThat(slowCount).isEqualTo(messages);
        // ~440 messages at 20 ms take the slow route 9 s; the fast stream was all delivered as it arrived
        assertThat(fastLag).as("seconds the fast stream's end lagged its publisher").isLessThan(2.0);
    }

    @Test
    void stoppingCamelClosesLivePublishersWithinABound() throws Exception {
        Process a = publish("live/a", Clips.h264Aac(30));
        Process b = publish("live/b", Clips.h264Aac(30));
        MockEndpoint live = getMockEndpoint("mock:live");
        Wait.until("both publishing", Duration.ofSeconds(10), () -> live.getExchanges().stream()
                .filter(e -> "PUBLISH_START".equals(e.getIn().getHeader(RtmpConstants.EVENT))).count() == 2);
        long start = System.nanoTime();
        context.stop();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(seconds).as("seconds to stop with 2 live publishers").isLessThan(10);
        assertThat(a.waitFor(10, TimeUnit.SECONDS)).as("publisher a disconnected").isTrue();
        assertThat(b.waitFor(10, TimeUnit.SECONDS)).as("publisher b disconnected").isTrue();
    }
}
