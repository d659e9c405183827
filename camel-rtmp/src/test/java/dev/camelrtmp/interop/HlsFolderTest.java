package dev.camelrtmp.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.camelrtmp.component.HlsConstants;
import dev.camelrtmp.component.RtmpConstants;
import dev.camelrtmp.dataformat.FlvDataFormat;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.test.BundledFfmpeg;
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.LlHlsProbe;
import dev.camelrtmp.test.LogCapture;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import dev.camelrtmp.test.Tmpfs;
import dev.camelrtmp.test.Wait;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code hls:} producer, end to end: FFmpeg publishes over RTMP, the route writes LL-HLS folders; while live the
 * playlist passes the LL-HLS probe (as a file server's playlist: no blocking reload, no hint) and names only files
 * that exist; after the end FFmpeg's hls demuxer reads the folder's playlist and gets every packet of the clip;
 * a short window deletes old files; a full disk ends one stream's folder while another stream goes on.
 */
class HlsFolderTest extends CamelTestSupport {

    private static final Pattern NAMED = Pattern.compile("URI=\"([^\"]+)\"");
    private static final Pattern OWN_FILE = Pattern.compile(
            "index\\.m3u8|init-\\d+\\.mp4|(seg|part)-(\\d+)(\\.\\d+)?\\.m4s");

    private final int port = AvailablePortFinder.getNextAvailable();
    private final int takeOverPort = AvailablePortFinder.getNextAvailable();
    private final BlockingQueue<Message> ends = new LinkedBlockingQueue<>();
    /** Messages the take-over route handled, by connection, in the order the connections came. */
    private final Map<String, Integer> publishers = java.util.Collections.synchronizedMap(new LinkedHashMap<>());

    @TempDir
    Path work;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + port + "?lifecycleEvents=true")
                        .to("hls:" + work.resolve("all") + "?segmentCount=30")
                        .to("hls:" + work.resolve("window") + "?segmentCount=3")
                        .filter(header(RtmpConstants.EVENT).isEqualTo(RtmpConstants.PUBLISH_END))
                        .process(e -> ends.add(e.getIn().copy()));
                from("rtmp://127.0.0.1:" + takeOverPort + "?duplicatePublish=TAKE_OVER").routeId("takeover")
                        .to("hls:" + work.resolve("takeover"))
                        .process(e -> publishers.merge(e.getIn().getHeader(RtmpConstants.CONNECTION_ID,
                                String.class), 1, Integer::sum));
                from("direct:file")
                        .unmarshal(new FlvDataFormat().application("vod").streamKey("movie"))
                        .split(body()).streaming()
                            .to("hls:" + work.resolve("files"))
                        .end();
            }
        };
    }

    private String url(String application, String key) {
        return "rtmp://127.0.0.1:" + port + "/" + application + "/" + key;
    }

    @Test
    void liveFolderPassesTheProbeAndFfmpegReadsEveryPacketAfterTheEnd() throws Exception {
        Path clip = Clips.h264Aac(10);
        Path all = work.resolve("all/live/cam");
        Path window = work.resolve("window/live/cam");
        List<String> publish = List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url("live", "cam"));
        Process publisher = ProcessRunner.start(publish, null);
        Wait.until("a playlist with two segments while live", Duration.ofSeconds(30),
                () -> !publisher.isAlive() || segments(all.resolve("index.m3u8")) >= 2);
        assertThat(publisher.isAlive()).as("the publish still goes on").isTrue();
        // every playlist seen while live passes the probe and names only files that are there (segmentCount=30: none
        // is deleted within the clip, however long this thread stalls)
        Set<String> seen = new TreeSet<>();
        while (publisher.isAlive()) {
            for (Path folder : List.of(all, window)) {
                String text = Files.readString(folder.resolve("index.m3u8"));
                if (!text.contains("#EXT-X-ENDLIST") && seen.add(text)) {
                    LlHlsProbe.Playlist probed = LlHlsProbe.checkStatic(text);
                    assertThat(probed.partTargetMillis()).isEqualTo(200);
                    assertThat(text).contains("#EXT-X-PART:", "#EXT-X-PROGRAM-DATE-TIME:");
                    if (folder.equals(all)) {
                        // (in the short window a stall of this thread longer than the window could see a file go)
                        assertNamedFilesExist(folder, text);
                    }
                }
            }
            publisher.waitFor(100, TimeUnit.MILLISECONDS);
        }
        assertThat(seen.size()).as("live playlists checked").isGreaterThan(20);
        ProcessRunner.await(publisher, 60, publish).requireSuccess("ffmpeg publish");
        Message end = ends.poll(60, TimeUnit.SECONDS);
        assertThat(end).as("PUBLISH_END within 60 s").isNotNull();
        assertThat(end.getHeader(HlsConstants.WRITE_ERROR)).isNull();
        assertThat(end.getHeader(HlsConstants.PLAYLIST, String.class))
                .isEqualTo(window.resolve("index.m3u8").toString());

        String last = Files.readString(all.resolve("index.m3u8"));
        assertThat(last).endsWith("#EXT-X-ENDLIST\n");
        LlHlsProbe.Playlist whole = LlHlsProbe.checkStatic(last);
        assertThat(whole.mediaSequence()).isZero();
        assertNamedFilesExist(all, last);
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        List<Integer> played = Played.assertTails(read(all), source, true);
        assertThat(played).as("every packet of each stream").isEqualTo(source.stream().map(List::size).toList());

        // the short window: old files gone, the folder holds the window and as much again
        String windowed = Files.readString(window.resolve("index.m3u8"));
        LlHlsProbe.Playlist probed = LlHlsProbe.checkStatic(windowed);
        long first = probed.mediaSequence();
        long size = probed.segments().size();
        assertThat(first).as("segments left the window").isGreaterThan(size);
        assertNamedFilesExist(window, windowed);
        Set<Long> kept = new TreeSet<>();
        List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(window)) {
            list.forEach(p -> files.add(p.getFileName().toString()));
        }
        for (String name : files) {
            Matcher own = OWN_FILE.matcher(name);
            assertThat(own.matches()).as("only HLS files, no temporary ones: " + name).isTrue();
            if (own.group(2) != null) {
                kept.add(Long.parseLong(own.group(2)));
            }
        }
        assertThat(kept).as("segments kept: the window and as many before it")
                .containsExactlyElementsOf(range(first - size, probed.last().msn()));
        int maxParts = probed.segments().stream().mapToInt(s -> s.parts().size()).max().orElse(0);
        assertThat(files.size()).as("files in the folder")
                .isLessThanOrEqualTo((int) (2 * size * (1 + maxParts)) + 2);
        Played.assertTails(read(window), source, false);
    }

    /**
     * HEVC and AV1 over Enhanced RTMP from FFmpeg 7.1: FFmpeg 7.1 reads back every packet from the first video key
     * frame on (audio that the clip has before it is not packaged, as over the HTTP listener).
     */
    @ParameterizedTest
    @ValueSource(strings = { "hevc", "av1" })
    void enhancedRtmpCodecsFromFfmpeg71(String codec) throws Exception {
        BundledFfmpeg ff = BundledFfmpeg.v71().verified();
        Path clip = codec.equals("hevc") ? Clips.hevcAac() : Clips.av1Aac();
        Path reference = work.resolve(codec + "-reference.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-map", "0", "-c", "copy", "-f", "flv", reference.toString()), ff.env(), 120)
                .requireSuccess(ff + " remux");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                reference.toString(), "-map", "0", "-c", "copy", "-f", "flv", url("live", codec)), ff.env(), 120)
                .requireSuccess(ff + " publish");
        assertThat(ends.poll(60, TimeUnit.SECONDS)).as("PUBLISH_END").isNotNull();
        Path folder = work.resolve("all/live/" + codec);
        String text = Files.readString(folder.resolve("index.m3u8"));
        assertThat(text).endsWith("#EXT-X-ENDLIST\n");
        LlHlsProbe.checkStatic(text);
        assertNamedFilesExist(folder, text);
        Path out = work.resolve(codec + "-read.flv");
        ProcessRunner.run(List.of(ff.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                folder.resolve("index.m3u8").toString(), "-map", "0", "-c", "copy", "-f", "flv", "-y",
                out.toString()), ff.env(), 120).requireSuccess(ff + " hls read");
        // packaging starts at the first video key frame: audio published before it is not in the folder
        long audioBefore = 0;
        for (FlvTag tag : FlvReader.readAll(reference)) {
            if (tag.type() == FlvTagType.VIDEO && VideoTagHeader.parse(tag.data()).codedKeyframe()) {
                break;
            }
            if (tag.type() == FlvTagType.AUDIO && !AudioTagHeader.parse(tag.data()).sequenceHeader()) {
                audioBefore++;
            }
        }
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), reference, ff.env()));
        List<Integer> played = Played.assertTails(Played.hashesByStream(MediaTools.framemd5(ff.ffmpeg(), out,
                ff.env())), source, false);
        assertThat(MediaTools.streamCodecs(ff.ffprobe(), out, ff.env())).contains(codec, "aac");
        List<String> codecs = MediaTools.streamCodecs(ff.ffprobe(), reference, ff.env());
        int video = codecs.indexOf(codec);
        assertThat(played.get(video)).as("every video packet").isEqualTo(source.get(video).size());
        assertThat(played.get(1 - video)).as("every audio packet from the first key frame on")
                .isEqualTo(source.get(1 - video).size() - (int) audioBefore);
    }

    /**
     * A publish of the same key after the end: the earlier files go, and the numbers go on (a CDN may still cache
     * the earlier names), so the new playlist starts past the old one's last segment, with init segment 2.
     */
    @Test
    void republishGoesOnWithNewNames() throws Exception {
        Path clip = Clips.h264Aac(4);
        Path folder = work.resolve("all/live/again");
        List<String> publish = List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url("live", "again"));
        ProcessRunner.run(publish, null, 60).requireSuccess("first publish");
        assertThat(ends.poll(60, TimeUnit.SECONDS)).as("PUBLISH_END").isNotNull();
        LlHlsProbe.Playlist before = LlHlsProbe.checkStatic(Files.readString(folder.resolve("index.m3u8")));
        assertThat(before.segments().get(0).map()).isEqualTo("init-1.mp4");
        ProcessRunner.run(publish, null, 60).requireSuccess("second publish");
        assertThat(ends.poll(60, TimeUnit.SECONDS)).as("PUBLISH_END").isNotNull();
        String text = Files.readString(folder.resolve("index.m3u8"));
        LlHlsProbe.Playlist after = LlHlsProbe.checkStatic(text);
        assertThat(after.mediaSequence()).isEqualTo(before.last().msn() + 1);
        assertThat(after.segments().get(0).map()).isEqualTo("init-2.mp4");
        assertThat(folder.resolve("init-1.mp4")).doesNotExist();
        assertThat(folder.resolve("seg-" + before.last().msn() + ".m4s")).doesNotExist();
        assertNamedFilesExist(folder, text);
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        Played.assertTails(read(folder), source, true);
    }

    /**
     * Without lifecycle events, a publish that takes another's key over goes on in the same playlist after a
     * discontinuity (with them, the first publish's PUBLISH_END ends its playlist and the next starts anew, as
     * {@link #republishGoesOnWithNewNames} shows); the route's stop ends the playlist, and the segments after the
     * discontinuity hold the new publish whole.
     */
    @Test
    void takeOverWithoutEventsGoesOnAfterADiscontinuity() throws Exception {
        Path folder = work.resolve("takeover/live/cam");
        String url = "rtmp://127.0.0.1:" + takeOverPort + "/live/cam";
        Process first = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error",
                "-re", "-i", Clips.h264Aac(10).toString(), "-c", "copy", "-f", "flv", url), null);
        Wait.until("a playlist with two segments", Duration.ofSeconds(30),
                () -> !first.isAlive() || segments(folder.resolve("index.m3u8")) >= 2);
        assertThat(first.isAlive()).as("the first publish goes on").isTrue();
        Path clip = Clips.h264Aac(4);
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-re", "-i",
                clip.toString(), "-c", "copy", "-f", "flv", url), null, 60).requireSuccess("taking over");
        ProcessRunner.await(first, 60, List.of("first publish"));
        int published = MediaTools.publishedMessages(clip);
        Wait.until("the route handled every message of the second publish", Duration.ofSeconds(30), () -> {
            synchronized (publishers) {
                return publishers.size() == 2 && publishers.values().stream().skip(1).findFirst().orElse(0)
                        == published;
            }
        });
        assertThat(Files.readString(folder.resolve("index.m3u8"))).doesNotContain("#EXT-X-ENDLIST");
        context.getRouteController().stopRoute("takeover");
        String text = Files.readString(folder.resolve("index.m3u8"));
        assertThat(text).endsWith("#EXT-X-ENDLIST\n").containsOnlyOnce("#EXT-X-ENDLIST")
                .contains("#EXT-X-DISCONTINUITY\n");
        LlHlsProbe.Playlist probed = LlHlsProbe.checkStatic(text);
        assertNamedFilesExist(folder, text);
        int from = 0;
        String map = null;
        for (int s = 0; s < probed.segments().size(); s++) {
            LlHlsProbe.Segment segment = probed.segments().get(s);
            map = segment.map() != null ? segment.map() : map;
            if (segment.discontinuity()) {
                from = s;
                break;
            }
        }
        assertThat(from).as("segments before the discontinuity").isPositive();
        Path joined = work.resolve("taken-over.mp4");
        try (var out = Files.newOutputStream(joined)) {
            out.write(Files.readAllBytes(folder.resolve(map)));
            for (LlHlsProbe.Segment segment : probed.segments().subList(from, probed.segments().size())) {
                out.write(Files.readAllBytes(folder.resolve("seg-" + segment.msn() + ".m4s")));
            }
        }
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        Played.assertTails(Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), joined, null)), source, true);
    }

    /** Frames from an FLV file through the flv data format (the same headers) make a folder as well. */
    @Test
    void framesOfTheFlvDataFormat() throws Exception {
        Path clip = Clips.h264Aac(4);
        try (var in = Files.newInputStream(clip)) {
            org.apache.camel.Exchange done = template.send("direct:file", e -> e.getIn().setBody(in));
            assertThat(done.getException()).isNull();
        }
        Path folder = work.resolve("files/vod/movie");
        String text = Files.readString(folder.resolve("index.m3u8"));
        assertThat(text).endsWith("#EXT-X-ENDLIST\n");
        LlHlsProbe.checkStatic(text);
        assertNamedFilesExist(folder, text);
        List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), clip, null));
        Played.assertTails(read(folder), source, true);
    }

    /**
     * A full disk (a 1 MB tmpfs under one application's folder) ends that stream's HLS once: one ERROR line, no stack
     * trace, the publisher told and disconnected, the playlist naming only whole files; another stream published
     * meanwhile is written to the end.
     */
    @Test
    void fullDiskEndsOneStreamWhileAnotherGoesOn() throws Exception {
        Path clip = Clips.h264Aac(300);
        Path disk = work.resolve("all").resolve("full");
        Files.createDirectories(disk);
        Tmpfs tmpfs = Tmpfs.mount(disk, "1m");
        try (LogCapture log = LogCapture.start()) {
            Process other = ProcessRunner.start(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "error", "-re", "-i", Clips.h264Aac(4).toString(), "-c", "copy", "-f", "flv",
                    url("live", "other")), null);
            ProcessResult publish = ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel",
                    "error", "-i", clip.toString(), "-c", "copy", "-f", "flv", url("full", "cam")), null, 120);
            assertThat(publish.exitCode()).as("FFmpeg fails once told\n" + publish.stderr()).isNotZero();
            assertThat(publish.stderr()).contains("Recording failed: No space left on device");
            ProcessRunner.await(other, 60, List.of("ffmpeg publish other")).requireSuccess("ffmpeg publish other");
            Message full = null;
            for (int i = 0; i < 2; i++) {
                Message end = ends.poll(60, TimeUnit.SECONDS);
                assertThat(end).as("PUBLISH_END within 60 s").isNotNull();
                if ("full".equals(end.getHeader(RtmpConstants.APPLICATION))) {
                    full = end;
                } else {
                    assertThat(end.getHeader(HlsConstants.WRITE_ERROR)).isNull();
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.getHeader(HlsConstants.WRITE_ERROR)).isEqualTo("No space left on device");
            assertThat(log.atLeast(org.apache.logging.log4j.Level.ERROR)).as("ERROR lines").hasSize(1);
            assertThat(log.atLeast(org.apache.logging.log4j.Level.INFO).stream().filter(e -> e.getThrown() != null))
                    .as("no stack trace").isEmpty();
            Path folder = disk.resolve("cam");
            if (Files.exists(folder.resolve("index.m3u8"))) {
                String text = Files.readString(folder.resolve("index.m3u8"));
                LlHlsProbe.checkStatic(text);
                assertNamedFilesExist(folder, text);
            }
            for (Path path : List.of(work.resolve("all/live/other"), work.resolve("window/live/other"))) {
                String text = Files.readString(path.resolve("index.m3u8"));
                assertThat(text).endsWith("#EXT-X-ENDLIST\n");
                assertNamedFilesExist(path, text);
            }
            List<List<String>> source = Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), Clips.h264Aac(4),
                    null));
            Played.assertTails(read(work.resolve("all/live/other")), source, true);
        } finally {
            context.stop();
            tmpfs.close();
        }
    }

    /** FFmpeg's hls demuxer reads the folder's playlist (a local path) into FLV: its packets per stream. */
    private List<List<String>> read(Path folder) throws Exception {
        Path out = work.resolve(folder.getFileName() + "-" + folder.getParent().getParent().getFileName() + ".flv");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-i",
                folder.resolve("index.m3u8").toString(), "-map", "0", "-c", "copy", "-f", "flv", "-y",
                out.toString()), null, 120).requireSuccess("ffmpeg hls read");
        return Played.hashesByStream(MediaTools.framemd5(Peers.ffmpeg(), out, null));
    }

    private static void assertNamedFilesExist(Path folder, String playlist) throws IOException {
        List<String> named = new ArrayList<>();
        for (String line : playlist.split("\n")) {
            Matcher uri = NAMED.matcher(line);
            if (uri.find()) {
                named.add(uri.group(1));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                named.add(line);
            }
        }
        assertThat(named).isNotEmpty();
        for (String name : named) {
            assertThat(folder.resolve(name)).as("named in the playlist").isNotEmptyFile();
        }
    }

    private static int segments(Path playlist) {
        try {
            return (int) Files.readString(playlist, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("seg-"))
                    .count();
        } catch (NoSuchFileException notYet) {
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> all = new ArrayList<>();
        for (long msn = from; msn <= to; msn++) {
            all.add(msn);
        }
        return all;
    }
}
