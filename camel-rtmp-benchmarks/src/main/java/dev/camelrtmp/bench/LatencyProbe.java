package dev.camelrtmp.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.client.RtmpPublisher;
import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.client.RtmpUrl;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Latency of the HTTP outputs (issue 16): one publisher sends the benchmark clip in real time to a camel-rtmp
 * listener in this JVM (a route that takes every message, as the consumer always runs); an HTTP-FLV reader notes when
 * each video frame arrives, and an LL-HLS reader, following the playlist with blocking reloads ({@code _HLS_msn},
 * {@code _HLS_part}), notes when each video frame's part is listed, so fetchable. Latency of a frame = that time minus
 * the time the publisher sent it. Both readers start before the publish (the LL-HLS one asks until the path is
 * published, and its packaging starts at the GOP cache, so at the first frame); frames of the first
 * {@code --warmup} seconds (3) are not counted: the first segment is only listed once it is complete.
 * <p>
 * {@code --latency true [--seconds 20] [--warmup 3] [--part MS] [--clip FILE]}; prints p50 / p90 / max per output.
 */
final class LatencyProbe {

    private static final Pattern PART = Pattern.compile("part-(\\d+)\\.(\\d+)\\.m4s");
    private static final Pattern HINT = Pattern.compile("#EXT-X-PRELOAD-HINT:.*URI=\"([^\"]+)\"");
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private LatencyProbe() {
    }

    static void run(Map<String, String> options) throws Exception {
        new LatencyProbe().measure(Path.of(options.get("clip")), Integer.parseInt(options.getOrDefault("seconds",
                "20")), Integer.parseInt(options.getOrDefault("warmup", "3")), options.getOrDefault("part", null));
    }

    private void measure(Path clip, int seconds, int warmup, String partOption) throws Exception {
        int rtmpPort = freePort();
        int httpPort = freePort();
        List<FlvTag> tags = FlvReader.readAll(clip);
        List<FlvTag> timeline = new ArrayList<>();
        for (FlvTag tag : tags) {
            if (tag.timestamp() <= seconds * 1000L) {
                timeline.add(tag);
            }
        }
        Map<Long, Integer> videoIndexByTimestamp = new HashMap<>();
        int counted = 0;
        for (FlvTag tag : timeline) {
            if (codedVideo(tag)) {
                videoIndexByTimestamp.putIfAbsent(tag.timestamp(), counted++);
            }
        }
        int videoFrames = counted;
        long[] sent = new long[videoFrames];
        long[] flvArrived = new long[videoFrames];
        long[] hlsListed = new long[videoFrames];
        Arrays.fill(flvArrived, -1);
        Arrays.fill(hlsListed, -1);

        CamelContext context = new DefaultCamelContext();
        String part = partOption == null ? "" : "&hlsPartDuration=" + partOption;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rtmp://127.0.0.1:" + rtmpPort + "/live?httpPort=" + httpPort + part).routeId("take")
                        .process(exchange -> { });
            }
        });
        context.start();
        EventLoopGroup group = dev.camelrtmp.transport.Transport.NIO.newGroup(1, null);
        try {
            String base = "http://127.0.0.1:" + httpPort + "/live/probe";
            CompletableFuture<Void> flv = CompletableFuture.runAsync(() -> readFlv(base + ".flv",
                    videoIndexByTimestamp, flvArrived, videoFrames));
            CompletableFuture<Void> hls = CompletableFuture.runAsync(() -> readHls(base + "/", hlsListed,
                    videoFrames));
            RtmpPublisher publisher = RtmpPublisher.connect(group, NioSocketChannel.class,
                    RtmpUrl.parse("rtmp://127.0.0.1:" + rtmpPort + "/live").withStreamName("probe"), 4096, null,
                    10_000).get(30, TimeUnit.SECONDS);
            long start = System.nanoTime();
            int v = 0;
            for (FlvTag tag : timeline) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(tag.timestamp());
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(Math.min(1_000_000L, due - System.nanoTime()));
                }
                if (codedVideo(tag)) {
                    sent[v++] = System.nanoTime();
                }
                publisher.send(tag.type(), tag.timestamp(), tag.data(), 60_000);
            }
            publisher.close();
            flv.get(60, TimeUnit.SECONDS);
            hls.get(60, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            context.stop();
        }
        int first = 0;
        while (first < videoFrames && sent[first] - sent[0] < TimeUnit.SECONDS.toNanos(warmup)) {
            first++;
        }
        System.out.println("| output | frames measured of " + videoFrames + " | p50 ms | p90 ms | max ms |");
        System.out.println("|---|---|---|---|---|");
        System.out.println(row("HTTP-FLV (frame received)", sent, flvArrived, first));
        System.out.println(row("LL-HLS (part listed" + (partOption == null ? "" : ", part " + partOption + " ms")
                + ")", sent, hlsListed, first));
    }

    private static String row(String name, long[] sent, long[] arrived, int first) {
        List<Long> latencies = new ArrayList<>();
        for (int i = first; i < sent.length; i++) {
            if (arrived[i] >= 0 && sent[i] > 0) {
                latencies.add(Math.max(0, arrived[i] - sent[i]));
            }
        }
        latencies.sort(null);
        if (latencies.isEmpty()) {
            return "| " + name + " | 0 | - | - | - |";
        }
        return String.format("| %s | %d | %.0f | %.0f | %.0f |", name, latencies.size(),
                millis(latencies.get(latencies.size() / 2)), millis(latencies.get(latencies.size() * 9 / 10)),
                millis(latencies.get(latencies.size() - 1)));
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static boolean codedVideo(FlvTag tag) {
        byte[] d = tag.data();
        if (tag.type() != 9 || d.length < 2) {
            return false;
        }
        return (d[0] & 0x0F) == 7 && d[1] == 1;
    }

    /** Follows the FLV response, noting when each coded video frame arrives. */
    private void readFlv(String url, Map<Long, Integer> indexByTimestamp, long[] arrived, int frames) {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (DataInputStream in = new DataInputStream(response.body())) {
                in.readFully(new byte[13]);
                int seen = 0;
                while (seen < frames) {
                    int type = in.readUnsignedByte();
                    int size = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                    long ts = in.readUnsignedShort() << 8 | in.readUnsignedByte();
                    ts |= (long) in.readUnsignedByte() << 24;
                    in.readFully(new byte[3]);
                    byte[] body = new byte[size];
                    in.readFully(body);
                    in.readInt();
                    long now = System.nanoTime();
                    if (type == 9 && size > 1 && (body[0] & 0x0F) == 7 && body[1] == 1) {
                        Integer index = indexByTimestamp.get(ts);
                        if (index != null && arrived[index] < 0) {
                            arrived[index] = now;
                            seen++;
                        }
                    }
                }
            }
        } catch (EOFException end) {
            // the publish ended
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("HTTP-FLV reader: " + e, e);
        }
    }

    /**
     * Follows the media playlist with blocking reloads: each response lists the parts that exist; a part not seen
     * before is fetched and its video samples counted, in order, so the n-th video sample is the n-th frame sent.
     */
    private void readHls(String base, long[] listed, int frames) {
        try {
            String query = "";
            int videoTrack = -1;
            int counted = 0;
            List<String> seenParts = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (counted < frames && System.nanoTime() < deadline) {
                HttpResponse<String> playlist = http.send(HttpRequest.newBuilder(URI.create(base + "index.m3u8"
                        + query)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                long now = System.nanoTime();
                if (playlist.statusCode() != 200) {
                    if (counted > 0) {
                        break; // the publish ended
                    }
                    LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                String text = playlist.body();
                if (videoTrack < 0) {
                    Matcher map = MAP.matcher(text);
                    if (map.find()) {
                        videoTrack = videoTrackId(get(base + map.group(1)));
                    }
                }
                Matcher part = PART.matcher(text);
                List<String> inPlaylist = new ArrayList<>();
                for (String line : text.split("\n")) {
                    if (line.startsWith("#EXT-X-PART:")) {
                        Matcher m = PART.matcher(line);
                        if (m.find()) {
                            inPlaylist.add(m.group());
                        }
                    }
                }
                for (String name : inPlaylist) {
                    if (seenParts.contains(name)) {
                        continue;
                    }
                    seenParts.add(name);
                    int samples = videoSamples(get(base + name), videoTrack);
                    for (int i = 0; i < samples && counted < frames; i++) {
                        listed[counted++] = now;
                    }
                }
                Matcher hint = HINT.matcher(text);
                if (hint.find() && part.reset(hint.group(1)).find()) {
                    query = "?_HLS_msn=" + part.group(1) + "&_HLS_part=" + part.group(2);
                } else {
                    query = "";
                    LockSupport.parkNanos(50_000_000L);
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("LL-HLS reader: " + e, e);
        }
    }

    private byte[] get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** The track_ID of the init segment's track whose handler is 'vide', or -1. */
    static int videoTrackId(byte[] init) {
        ByteBuffer moov = child(ByteBuffer.wrap(init), "moov");
        if (moov == null) {
            return -1;
        }
        for (ByteBuffer trak : children(moov, "trak")) {
            ByteBuffer tkhd = child(trak.duplicate(), "tkhd");
            ByteBuffer mdia = child(trak.duplicate(), "mdia");
            ByteBuffer hdlr = mdia == null ? null : child(mdia, "hdlr");
            if (tkhd == null || hdlr == null) {
                continue;
            }
            int version = tkhd.get(tkhd.position()) & 0xFF;
            int id = tkhd.getInt(tkhd.position() + (version == 1 ? 20 : 12));
            String handler = fourCc(hdlr, hdlr.position() + 8);
            if (handler.equals("vide")) {
                return id;
            }
        }
        return -1;
    }

    /** The number of samples of {@code track} in a fragment (moof's trafs' truns). */
    static int videoSamples(byte[] fragment, int track) {
        int samples = 0;
        ByteBuffer all = ByteBuffer.wrap(fragment);
        while (true) {
            ByteBuffer moof = child(all, "moof");
            if (moof == null) {
                return samples;
            }
            for (ByteBuffer traf : children(moof, "traf")) {
                ByteBuffer tfhd = child(traf.duplicate(), "tfhd");
                if (tfhd == null || tfhd.getInt(tfhd.position() + 4) != track) {
                    continue;
                }
                for (ByteBuffer trun : children(traf, "trun")) {
                    samples += trun.getInt(trun.position() + 4);
                }
            }
        }
    }

    /** The body of the next box of that type in {@code in} (moved past it), or null. */
    private static ByteBuffer child(ByteBuffer in, String type) {
        while (in.remaining() >= 8) {
            int start = in.position();
            long size = in.getInt(start) & 0xFFFFFFFFL;
            String t = fourCc(in, start + 4);
            int header = 8;
            if (size == 1) {
                size = in.getLong(start + 8);
                header = 16;
            } else if (size == 0) {
                size = in.remaining();
            }
            if (size < header || size > in.remaining()) {
                return null;
            }
            in.position(start + (int) size);
            if (t.equals(type)) {
                ByteBuffer body = in.duplicate();
                body.position(start + header).limit(start + (int) size);
                return body.slice();
            }
        }
        return null;
    }

    private static List<ByteBuffer> children(ByteBuffer in, String type) {
        List<ByteBuffer> found = new ArrayList<>();
        ByteBuffer b;
        while ((b = child(in, type)) != null) {
            found.add(b);
        }
        return found;
    }

    private static String fourCc(ByteBuffer in, int at) {
        return new String(new byte[] { in.get(at), in.get(at + 1), in.get(at + 2), in.get(at + 3) },
                java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
