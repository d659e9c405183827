package dev.camelrtmp.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.server.PublishDecision;
import dev.camelrtmp.server.PublishRequest;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may publish, with FFmpeg as the publisher: a list of keys, a bean, a route deciding on a token in the stream
 * name; refusals reach FFmpeg as onStatus errors and the route as PUBLISH_REFUSED events. A second publisher of a
 * live key is refused, or takes over.
 */
class AuthorizationTest extends CamelTestSupport {

    private final int port = AvailablePortFinder.getNextAvailable();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("studioOnly", (dev.camelrtmp.server.PublishAuthorizer) (PublishRequest r) ->
                "studio".equals(r.connectParameters().get("app")) && r.clientAddress().startsWith("127.0.0.1:")
                        ? PublishDecision.allow()
                        : PublishDecision.deny(PublishDecision.UNAUTHORIZED, "Studio only."));
        return context;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                String base = "rtmp://127.0.0.1:" + port;
                from(base + "/listed?lifecycleEvents=true&allowedStreamKeys=cam1,cam2").to("mock:listed");
                from(base + "/studio?lifecycleEvents=true&publishAuthorizer=#studioOnly").to("mock:studio");
                from(base + "/token?lifecycleEvents=true&authorizationUri=direct:authorize").to("mock:token");
                from("direct:authorize")
                        .choice()
                            .when(simple("${header.CamelRtmpQueryParameters[token]} == 's3cret'"))
                                .setBody(constant(true))
                            .otherwise()
                                .setHeader(RtmpConstants.STATUS_CODE, constant(PublishDecision.UNAUTHORIZED))
                                .setHeader(RtmpConstants.STATUS_DESCRIPTION, constant("Bad token."))
                                .setBody(constant(false));
                from(base + "/dup?lifecycleEvents=true").to("mock:dup");
                from(base + "/takeover?lifecycleEvents=true&duplicatePublish=TAKE_OVER").to("mock:takeover");
            }
        };
    }

    private ProcessResult publish(String path, boolean realTime) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error"));
        if (realTime) {
            cmd.add("-re");
        }
        cmd.addAll(List.of("-i", Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/" + path));
        return ProcessRunner.run(cmd, null, 60);
    }

    private static List<String> events(MockEndpoint mock) {
        return mock.getExchanges().stream().map(e -> e.getIn().getHeader(RtmpConstants.EVENT, String.class))
                .filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void listedKeysOnly() throws Exception {
        assertThat(publish("listed/cam1", false).exitCode()).isZero();
        ProcessResult refused = publish("listed/cam9", false);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("is not allowed");
        MockEndpoint listed = getMockEndpoint("mock:listed");
        dev.camelrtmp.test.Wait.until("refusal event", java.time.Duration.ofSeconds(10),
                () -> events(listed).contains("PUBLISH_REFUSED"));
        assertThat(events(listed)).containsExactly("PUBLISH_START", "PUBLISH_END", "PUBLISH_REFUSED");
        assertThat(listed.getExchanges().get(listed.getExchanges().size() - 1).getIn().getHeaders())
                .containsEntry(RtmpConstants.STREAM_KEY, "cam9")
                .containsEntry(RtmpConstants.STATUS_CODE, "NetStream.Publish.BadName");
    }

    @Test
    void beanDecides() throws Exception {
        assertThat(publish("studio/any", false).exitCode()).isZero();
        MockEndpoint studio = getMockEndpoint("mock:studio");
        dev.camelrtmp.test.Wait.until("stream recorded", java.time.Duration.ofSeconds(10),
                () -> events(studio).contains("PUBLISH_END"));
        assertThat(studio.getReceivedCounter()).isEqualTo(MediaTools.publishedMessages(Clips.h264Aac(6)) + 2);
    }

    @Test
    void routeDecidesOnTheToken() throws Exception {
        ProcessResult wrong = publish("token/cam?token=guess", false);
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("Bad token.");
        assertThat(publish("token/cam?token=s3cret", false).exitCode()).isZero();
        MockEndpoint token = getMockEndpoint("mock:token");
        dev.camelrtmp.test.Wait.until("allowed stream ends", java.time.Duration.ofSeconds(10),
                () -> events(token).contains("PUBLISH_END"));
        assertThat(events(token)).containsExactly("PUBLISH_REFUSED", "PUBLISH_START", "PUBLISH_END");
        assertThat(token.getExchanges().get(0).getIn().getHeader(RtmpConstants.STATUS_CODE))
                .isEqualTo("NetStream.Publish.Unauthorized");
        assertThat(token.getExchanges().get(1).getIn().getHeader(RtmpConstants.STREAM_NAME))
                .isEqualTo("cam?token=s3cret");
    }

    @Test
    void secondPublisherOfALiveKeyIsRefused() throws Exception {
        Process first = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-re", "-i", Clips.h264Aac(6).toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/dup/cam"), null);
        MockEndpoint dup = getMockEndpoint("mock:dup");
        dev.camelrtmp.test.Wait.until("first publisher live", java.time.Duration.ofSeconds(10),
                () -> events(dup).contains("PUBLISH_START"));
        ProcessResult second = publish("dup/cam", false);
        assertThat(second.exitCode()).isNotZero();
        assertThat(second.stderr()).contains("already being published");
        ProcessRunner.await(first, 60, List.of("first")).requireSuccess("first publisher");
        dev.camelrtmp.test.Wait.until("first stream ends", java.time.Duration.ofSeconds(10),
                () -> events(dup).contains("PUBLISH_END"));
        assertThat(events(dup)).containsExactly("PUBLISH_START", "PUBLISH_REFUSED", "PUBLISH_END");
    }

    @Test
    void secondPublisherTakesOver() throws Exception {
        Path clip = Clips.h264Aac(6);
        Process first = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                "error", "-re", "-i", clip.toString(), "-c", "copy", "-f", "flv",
                "rtmp://127.0.0.1:" + port + "/takeover/cam"), null);
        MockEndpoint takeover = getMockEndpoint("mock:takeover");
        dev.camelrtmp.test.Wait.until("first publisher live", java.time.Duration.ofSeconds(10),
                () -> events(takeover).contains("PUBLISH_START"));
        assertThat(publish("takeover/cam", false).exitCode()).isZero();
        ProcessRunner.await(first, 60, List.of("first"));
        dev.camelrtmp.test.Wait.until("both streams end", java.time.Duration.ofSeconds(10),
                () -> events(takeover).stream().filter("PUBLISH_END"::equals).count() == 2);
        List<String> reasons = takeover.getExchanges().stream()
                .filter(e -> "PUBLISH_END".equals(e.getIn().getHeader(RtmpConstants.EVENT)))
                .map(e -> e.getIn().getHeader(RtmpConstants.END_REASON, String.class)).toList();
        assertThat(reasons).containsExactlyInAnyOrder("TAKEN_OVER", "UNPUBLISHED");
        Map<String, Object> lastEnd = takeover.getExchanges().get(takeover.getExchanges().size() - 1).getIn()
                .getHeaders();
        assertThat(lastEnd).containsKey(RtmpConstants.VIDEO_COUNT);
    }
}
