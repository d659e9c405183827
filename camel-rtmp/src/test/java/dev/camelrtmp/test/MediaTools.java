package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.media.FlvReader;
import dev.camelrtmp.media.FlvTag;
import dev.camelrtmp.media.FlvTagType;

/**
 * FFmpeg-based measurements for the interop tests: packet counts and per-packet checksums.
 */
public final class MediaTools {

    private MediaTools() {
    }

    /** Packet counts per codec type (video, audio) as ffprobe sees them. */
    public static Map<String, Long> packetCounts(Path ffprobe, Path file, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of(ffprobe.toString(), "-v", "error", "-show_entries",
                "packet=codec_type", "-of", "csv=p=0", file.toString()), env, 120).requireSuccess("ffprobe " + file);
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (String line : r.stdout().split("\n")) {
            String type = line.trim().replace(",", "");
            if (!type.isEmpty()) {
                counts.merge(type, 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * The packet lines of {@code ffmpeg -i FILE -c copy -f framemd5 -}: stream, dts, pts, duration, size and hash
     * of each packet, side data aside.
     */
    public static List<String> framemd5(Path ffmpeg, Path file, Map<String, String> env, String... inputOptions)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error"));
        cmd.addAll(List.of(inputOptions));
        cmd.addAll(List.of("-i", file.toString(), "-map", "0:v?", "-map", "0:a?", "-c", "copy", "-f", "framemd5",
                "-"));
        ProcessResult r = ProcessRunner.run(cmd, env, 120).requireSuccess("ffmpeg framemd5 " + file);
        List<String> packets = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split(",");
            StringBuilder packet = new StringBuilder();
            for (int i = 0; i < Math.min(6, fields.length); i++) {
                packet.append(i == 0 ? "" : ",").append(fields[i].trim());
            }
            packets.add(packet.toString());
        }
        return packets;
    }

    private static final Map<Path, List<FlvTag>> PUBLISHED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The FLV tags FFmpeg writes when it remuxes {@code clip} with {@code -c copy}: what the same FFmpeg publishes
     * over RTMP, message for message (metadata, sequence headers, frames, end of sequence). Made once per clip.
     * Tests derive expected message counts from it rather than from one FFmpeg build's output.
     */
    public static List<FlvTag> publishedTags(Path clip) throws IOException, InterruptedException {
        List<FlvTag> tags = PUBLISHED.get(clip);
        if (tags == null) {
            Path remux = java.nio.file.Files.createTempFile("published-", ".flv");
            try {
                ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y",
                        "-i", clip.toString(), "-c", "copy", "-f", "flv", remux.toString()), null, 120)
                        .requireSuccess("ffmpeg remux of " + clip);
                tags = List.copyOf(FlvReader.readAll(remux));
            } finally {
                java.nio.file.Files.deleteIfExists(remux);
            }
            PUBLISHED.put(clip, tags);
        }
        return tags;
    }

    /** How many messages FFmpeg publishes for {@code clip}: {@link #publishedTags(Path)}' count. */
    public static int publishedMessages(Path clip) throws IOException, InterruptedException {
        return publishedTags(clip).size();
    }

    /** How many of the published messages are of an FLV tag type ({@link FlvTagType}). */
    public static long publishedMessages(Path clip, int tagType) throws IOException, InterruptedException {
        return publishedTags(clip).stream().filter(t -> t.type() == tagType).count();
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packet counts per stream index, as ffprobe sees them. */
    public static Map<Integer, Long> packetCountsByStream(Path ffprobe, Path file, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of(ffprobe.toString(), "-v", "error", "-show_entries",
                "packet=stream_index", "-of", "csv=p=0", file.toString()), env, 120).requireSuccess("ffprobe " + file);
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        for (String line : r.stdout().split("\n")) {
            String index = line.trim().replace(",", "");
            if (!index.isEmpty()) {
                counts.merge(Integer.parseInt(index), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** The codec name of each stream, by index, as ffprobe sees them. */
    public static List<String> streamCodecs(Path ffprobe, Path file, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of(ffprobe.toString(), "-v", "error", "-show_entries",
                "stream=codec_name", "-of", "csv=p=0", file.toString()), env, 120).requireSuccess("ffprobe " + file);
        List<String> codecs = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                codecs.add(line.trim().replace(",", ""));
            }
        }
        return codecs;
    }

    /**
     * Waits until FFmpeg reads {@code file} as exactly {@code expected} packet lines: for files another program is
     * still finishing. Bounded by {@code timeout}.
     */
    public static void awaitFramemd5(Path ffmpeg, Path file, Map<String, String> env, List<String> expected,
            java.time.Duration timeout) {
        Wait.until(file + " equals the source packet for packet", timeout, () -> {
            try {
                return java.nio.file.Files.exists(file) && framemd5(ffmpeg, file, env).equals(expected);
            } catch (Exception | AssertionError notYet) {
                return false;
            }
        });
    }
}
