package dev.camelrtmp.component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.test.Tmpfs;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The recorder's folder check at start and its file names, with Exchanges sent straight to {@code flv:} (the
 * FFmpeg publishes are in the interop tests).
 */
class FlvRecordProducerTest {

    @TempDir
    Path dir;

    private static CamelContext recorder(String uri) throws Exception {
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
        Path file = Files.writeString(dir.resolve("recordings"), "not a folder");
        try (CamelContext context = recorder("flv:" + file)) {
            assertThatThrownBy(context::start).rootCause()
                    .hasMessage("flv: cannot record into folder " + file + ": exists and is not a folder");
        }
        try (CamelContext context = recorder("flv:" + file.resolve("sub"))) {
            assertThatThrownBy(context::start).rootCause()
                    .hasMessage("flv: cannot record into folder " + file.resolve("sub") + ": Not a directory");
        }
    }

    @Test
    void routeDoesNotStartWhenNothingCanBeWrittenInTheFolder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("read-only"));
        try (Tmpfs readOnly = Tmpfs.mountReadOnly(folder); CamelContext context = recorder("flv:" + folder)) {
            assertThatThrownBy(context::start).rootCause()
                    .hasMessage("flv: cannot record into folder " + folder + ": Read-only file system");
        }
    }

    @Test
    void missingFolderIsCreatedAtStartAndNoProbeIsLeft() throws Exception {
        Path folder = dir.resolve("a/b/recordings");
        try (CamelContext context = recorder("flv:" + folder)) {
            context.start();
            assertThat(folder).isDirectory().isEmptyDirectory();
        }
    }

    /** Records one publish of a few tags through the endpoint; returns the PUBLISH_END event's headers. */
    private static Map<String, Object> record(ProducerTemplate template, String app, String key, int tags) {
        Map<String, Object> headers = new HashMap<>(Map.of(RtmpConstants.APPLICATION, app,
                RtmpConstants.STREAM_KEY, key, RtmpConstants.CONNECTION_ID, "c-" + key.hashCode(),
                RtmpConstants.MESSAGE_STREAM_ID, 1));
        headers.put(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
        headers.put(RtmpConstants.EVENT, RtmpConstants.PUBLISH_START);
        template.sendBodyAndHeaders("direct:in", null, headers);
        headers.remove(RtmpConstants.EVENT);
        headers.put(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_VIDEO);
        for (int i = 0; i < tags; i++) {
            headers.put(RtmpConstants.TIMESTAMP, i * 40L);
            template.sendBodyAndHeaders("direct:in", new byte[] { 0x17, 1, 0, 0, 0, (byte) i }, headers);
        }
        headers.put(RtmpConstants.MESSAGE_TYPE, RtmpConstants.TYPE_EVENT);
        headers.put(RtmpConstants.EVENT, RtmpConstants.PUBLISH_END);
        Exchange end = template.send("direct:in", e -> e.getIn().setHeaders(new HashMap<>(headers)));
        return end.getMessage().getHeaders();
    }

    @Test
    void longAndUnicodeKeysRecordIntoDistinctSafeFiles() throws Exception {
        Path folder = dir.resolve("recordings");
        try (CamelContext context = recorder("flv:" + folder)) {
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            String long1 = "k".repeat(5000);
            String long2 = "k".repeat(4999) + "j";
            Map<String, String> expected = new java.util.LinkedHashMap<>();
            expected.put("ключ", "%D0%BA%D0%BB%D1%8E%D1%87.flv");
            expected.put("мост", "%D0%BC%D0%BE%D1%81%D1%82.flv");
            expected.put("../../escape", "%2E.%2F..%2Fescape.flv");
            expected.put(long1, RecordingNames.of(long1) + ".flv");
            expected.put(long2, RecordingNames.of(long2) + ".flv");
            int tags = 3;
            for (Map.Entry<String, String> key : expected.entrySet()) {
                Map<String, Object> end = record(template, "live", key.getKey(), tags++);
                Path file = Path.of((String) end.get(FlvConstants.FILE_NAME));
                assertThat(file).isEqualTo(folder.resolve("live").resolve(key.getValue()));
                assertThat(end).doesNotContainKey(FlvConstants.RECORD_ERROR);
                List<FlvTag> read = FlvReader.readAll(file);
                assertThat(read).hasSize(tags - 1);
                assertThat(end.get(FlvConstants.VIDEO_TAGS)).isEqualTo((long) tags - 1);
            }
            assertThat(RecordingNames.of(long1)).isNotEqualTo(RecordingNames.of(long2));
            // nothing escaped the application folder; the application name is encoded as well
            try (var files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("live");
            }
            Map<String, Object> end = record(template, "../app", "cam", 1);
            assertThat(Path.of((String) end.get(FlvConstants.FILE_NAME)))
                    .isEqualTo(folder.resolve("%2E.%2Fapp").resolve("cam.flv"));
        }
    }
}
