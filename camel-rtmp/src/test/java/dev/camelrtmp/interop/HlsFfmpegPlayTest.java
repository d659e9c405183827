package dev.camelrtmp.interop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import dev.camelrtmp.test.Clips;
import dev.camelrtmp.test.MediaTools;
import dev.camelrtmp.test.Peers;
import dev.camelrtmp.test.ProcessResult;
import dev.camelrtmp.test.ProcessRunner;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain HLS player on the LL-HLS playlist: FFmpeg's hls demuxer (which ignores the parts) reads a stream fed in
 * real time with the fragments of an fMP4 file that FFmpeg made from a clip (one fragment per part, a segment at
 * each key frame), and gets every packet of that file, payloads identical, in order.
 */
class HlsFfmpegPlayTest {

    private static final int VIDEO_TRACK = 1;

    private final int httpPort = AvailablePortFinder.getNextAvailable();
    private final ExecutorService delivery = Executors.newCachedThreadPool();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private RtmpServer server;
    private HttpFlvServer http;

    @TempDir
    Path dir;

    /** One moof+mdat of the file, with its video sample count. */
    private record Fragment(byte[] data, int videoSamples) {
    }

    @AfterEach
    void stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        if (http != null) {
            http.stop();
        }
        if (server != null) {
            server.stop();
        }
        delivery.shutdown();
    }

    @Test
    void ffmpegPlaysTheSegmentsOfTheSamePlaylistPacketForPacket() throws Exception {
        Path ffmpeg = Peers.ffmpeg();
        Path ffprobe = Peers.ffprobe();
        Path fmp4 = dir.resolve("clip.mp4");
        ProcessRunner.run(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                Clips.h264Aac(4).toString(), "-map", "0:v", "-map", "0:a", "-c", "copy", "-movflags",
                "empty_moov+default_base_moof+frag_keyframe", "-frag_duration", "200000", fmp4.toString()), null, 120)
                .requireSuccess("ffmpeg fragmenting the clip");
        byte[] file = Files.readAllBytes(fmp4);
        List<Fragment> fragments = new ArrayList<>();
        byte[] init = split(file, fragments);
        List<Boolean> keyFrames = videoKeyFrames(ffprobe, fmp4);
        double fps = frameRate(ffprobe, fmp4);
        assertThat(fragments.stream().mapToInt(Fragment::videoSamples).sum()).isEqualTo(keyFrames.size());

        RtmpServerOptions options = new RtmpServerOptions().host("127.0.0.1")
                .port(AvailablePortFinder.getNextAvailable()).httpPort(httpPort).hlsSegmentCount(20);
        server = new RtmpServer(options, delivery);
        server.start();
        server.register(new PublishTarget("live", null, new NoListener(), null, DuplicatePublish.REFUSE, 0,
                new TrafficStatistics(), PlayPolicy.OPEN));
        http = new HttpFlvServer(server, options);
        http.start();
        HlsStream stream = http.hlsStreams().create("live/cam", 200);
        stream.init(init, "avc1.64000d,mp4a.40.2", 320, 240);

        // two segments' worth at once, the rest in real time while FFmpeg reads, then the publisher ends
        AtomicInteger next = new AtomicInteger();
        int[] firstSample = new int[fragments.size()];
        for (int i = 1; i < fragments.size(); i++) {
            firstSample[i] = firstSample[i - 1] + fragments.get(i - 1).videoSamples();
        }
        Runnable feed = () -> {
            int i = next.getAndIncrement();
            if (i >= fragments.size()) {
                if (i == fragments.size()) {
                    stream.end();
                }
                return;
            }
            Fragment fragment = fragments.get(i);
            // a fragment with no video (the audio after the last frame) does not start a segment
            boolean key = fragment.videoSamples() > 0 && keyFrames.get(firstSample[i]);
            stream.addPart(fragment.data(), Math.round(fragment.videoSamples() * 1000 / fps), key, key);
        };
        while (next.get() < 12) {
            feed.run();
        }
        timer.scheduleAtFixedRate(feed, 0, 200, TimeUnit.MILLISECONDS);

        // it reloads every half target duration while nothing new is there: 10 times is 5 s after the end
        List<String> command = List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error",
                "-live_start_index", "0", "-m3u8_hold_counters", "10", "-i",
                "http://127.0.0.1:" + httpPort + "/live/cam/index.m3u8", "-map", "0:v?", "-map", "0:a?", "-c", "copy",
                "-f", "framemd5", "-");
        ProcessResult played = ProcessRunner.run(command, null, 120).requireSuccess("ffmpeg reading the playlist");
        assertThat(next.get()).as("FFmpeg read to the end of the feed").isGreaterThan(fragments.size());
        List<String> expected = MediaTools.framemd5(ffmpeg, fmp4, null);
        assertThat(packets(played.stdout())).hasSize(expected.size()).containsExactlyElementsOf(
                expected.stream().map(HlsFfmpegPlayTest::withoutTimestamps).toList());
    }

    /** The packet lines of framemd5 output without dts, pts and duration: stream, size, hash. */
    private static List<String> packets(String framemd5) {
        List<String> packets = new ArrayList<>();
        for (String line : framemd5.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                packets.add(withoutTimestamps(line));
            }
        }
        return packets;
    }

    private static String withoutTimestamps(String line) {
        String[] fields = Arrays.stream(line.split(",")).map(String::trim).toArray(String[]::new);
        return fields[0] + "," + fields[4] + "," + fields[5];
    }

    /** Splits an fMP4 file into its init segment (what precedes the first moof) and moof+mdat fragments. */
    private static byte[] split(byte[] file, List<Fragment> fragments) {
        ByteBuffer in = ByteBuffer.wrap(file);
        int initEnd = -1;
        int moofStart = -1;
        int samples = 0;
        while (in.remaining() >= 8) {
            int start = in.position();
            long size = Integer.toUnsignedLong(in.getInt());
            String type = new String(file, start + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            in.getInt();
            if (size == 1) {
                size = in.getLong();
            } else if (size == 0) {
                size = file.length - start;
            }
            int end = Math.toIntExact(start + size);
            if (type.equals("moof")) {
                if (initEnd < 0) {
                    initEnd = start;
                }
                moofStart = start;
                samples = videoSamples(file, start + 8, end);
            } else if (type.equals("mdat") && moofStart >= 0) {
                fragments.add(new Fragment(Arrays.copyOfRange(file, moofStart, end), samples));
                moofStart = -1;
            }
            in.position(end);
        }
        return Arrays.copyOfRange(file, 0, initEnd);
    }

    /** The sample count of the video track's trun boxes in a moof's payload. */
    private static int videoSamples(byte[] file, int from, int to) {
        int count = 0;
        for (int at = from; at < to;) {
            int size = ByteBuffer.wrap(file, at, 8).getInt();
            String type = new String(file, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("traf")) {
                int track = -1;
                for (int box = at + 8; box < at + size;) {
                    int boxSize = ByteBuffer.wrap(file, box, 8).getInt();
                    String boxType = new String(file, box + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
                    if (boxType.equals("tfhd")) {
                        track = ByteBuffer.wrap(file, box + 12, 4).getInt();
                    } else if (boxType.equals("trun") && track == VIDEO_TRACK) {
                        count += ByteBuffer.wrap(file, box + 12, 4).getInt();
                    }
                    box += boxSize;
                }
            }
            at += size;
        }
        return count;
    }

    /** Whether each video packet, in decode order, is a key frame. */
    private static List<Boolean> videoKeyFrames(Path ffprobe, Path file) throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of(ffprobe.toString(), "-v", "error", "-select_streams", "v",
                "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString()), null, 120)
                .requireSuccess("ffprobe " + file);
        List<Boolean> keys = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                keys.add(line.trim().startsWith("K"));
            }
        }
        return keys;
    }

    private static double frameRate(Path ffprobe, Path file) throws IOException, InterruptedException {
        String rate = ProcessRunner.run(List.of(ffprobe.toString(), "-v", "error", "-select_streams", "v",
                "-show_entries", "stream=r_frame_rate", "-of", "csv=p=0", file.toString()), null, 60)
                .requireSuccess("ffprobe " + file).stdout().trim();
        String[] parts = rate.split("/");
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
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
