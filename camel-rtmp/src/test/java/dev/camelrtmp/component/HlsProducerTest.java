package dev.camelrtmp.component;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.camelrtmp.test.Tmpfs;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code hls:} producer's checks at start: the folder, the options, the headers it needs (the FFmpeg publishes
 * are in HlsFolderTest).
 */
class HlsProducerTest {

    @TempDir
    Path dir;

    private static CamelContext route(String uri) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to(uri);
            }
        });
        return context;
    }

    @Test
    void routeDoesNotStartWhenTheFolderIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("hls"), "not a folder");
        try (CamelContext context = route("hls:" + file)) {
            assertThatThrownBy(context::start).rootCause()
                    .hasMessage("hls: cannot write into folder " + file + ": exists and is not a folder");
        }
    }

    @Test
    void routeDoesNotStartWhenNothingCanBeWrittenInTheFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("read-only"));
        try (Tmpfs readOnly = Tmpfs.mountReadOnly(folder); CamelContext context = route("hls:" + folder)) {
            assertThatThrownBy(context::start).rootCause()
                    .hasMessage("hls: cannot write into folder " + folder + ": Read-only file system");
        }
    }

    @Test
    void missingFolderIsCreatedAtStartAndNoProbeIsLeft() throws Exception {
        Path folder = dir.resolve("a/b/hls");
        try (CamelContext context = route("hls:" + folder)) {
            context.start();
            assertThat(folder).isDirectory().isEmptyDirectory();
        }
    }

    @Test
    void durationsAndCountMustMakeSense() throws Exception {
        for (String options : new String[] { "partDuration=0", "partDuration=500&segmentDuration=400",
            "segmentCount=0" }) {
            try (CamelContext context = route("hls:" + dir + "?" + options)) {
                assertThatThrownBy(context::start).as(options).rootCause()
                        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("hls: ");
            }
        }
    }

    @Test
    void anExchangeWithoutTheRtmpHeadersFails() throws Exception {
        try (CamelContext context = route("hls:" + dir)) {
            context.start();
            Exception failure = context.createProducerTemplate().send("direct:in", e -> e.getIn().setBody(new byte[1]))
                    .getException();
            assertThat(failure).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("hls: the Exchange lacks the RTMP headers");
        }
    }
}
