package dev.camelrtmp.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.camelrtmp.dataformat.FlvDataFormat;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.TestTls;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RTMPS: FFmpeg publishes over TLS to the consumer and the recording is bit-exact; the producer publishes over TLS,
 * trusting the server's certificate through Camel's SSLContextParameters.
 */
class RtmpsTest extends PublishTestSupport {

    @Override
    protected String scheme() {
        return "rtmps";
    }

    @Override
    protected String consumerOptions() {
        return "&sslContextParameters=#serverTls";
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("serverTls", TestTls.server());
        context.getRegistry().bind("clientTls", TestTls.client());
        return context;
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        return new RoutesBuilder[] { createRouteBuilder(), new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:replay").unmarshal(new FlvDataFormat().streamKey("replayed-tls"))
                        .split(body()).streaming()
                            .to("rtmps://127.0.0.1:" + port + "/live?sslContextParameters=#clientTls")
                        .end();
            }
        } };
    }

    @Test
    void ffmpegPublishesOverTlsBitExact() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path clip = Clips.h264Aac(6);
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "warning", "-i", clip.toString(),
                "-c", "copy", "-f", "flv", rtmpUrl("secure")), null, 60).requireSuccess("ffmpeg publish over rtmps");
        awaitEnd();
        assertMediaEqualsTagsOf(clip);
        assertThat(MediaTools.framemd5(ffmpeg, recording(), null))
                .containsExactlyElementsOf(MediaTools.framemd5(ffmpeg, clip, null));
    }

    @Test
    void producerPublishesOverTls() throws Exception {
        Path clip = Clips.h264Aac(6);
        template.sendBody("direct:replay", Files.newInputStream(clip));
        awaitEnd();
        assertMediaEqualsTagsOf(clip);
    }
}
