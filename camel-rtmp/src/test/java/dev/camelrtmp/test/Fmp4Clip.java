package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A clip as fragmented MP4 that FFmpeg made ({@code -movflags empty_moov+default_base_moof+frag_keyframe
 * -frag_duration 200000}: a fragment at each key frame and every 200 ms), split into its init segment and its
 * moof+mdat fragments: what an fMP4 muxer hands to an HLS stream. Each fragment's duration and whether it starts
 * with a key frame come from ffprobe (the video track is track 1).
 *
 * @param file      the fragmented MP4 file
 * @param init      its init segment (ftyp, moov)
 * @param fragments its fragments in order
 */
public record Fmp4Clip(Path file, byte[] init, List<Fragment> fragments) {

    /**
     * One moof+mdat.
     *
     * @param data           its bytes
     * @param durationMillis the duration of its video samples (0 for a fragment of audio only)
     * @param keyFrame       whether its first video sample is a key frame
     */
    public record Fragment(byte[] data, long durationMillis, boolean keyFrame) {
    }

    private static final int VIDEO_TRACK = 1;

    /** Fragments {@code clip} (video first, then audio) into {@code dir}. */
    public static Fmp4Clip of(Path clip, Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve(clip.getFileName() + ".fragmented.mp4");
        ProcessRunner.run(List.of(Peers.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y", "-i",
                clip.toString(), "-map", "0:v", "-map", "0:a", "-c", "copy", "-movflags",
                "empty_moov+default_base_moof+frag_keyframe", "-frag_duration", "200000", file.toString()), null, 120)
                .requireSuccess("ffmpeg fragmenting " + clip);
        byte[] bytes = Files.readAllBytes(file);
        List<Boolean> keyFrames = videoKeyFrames(file);
        double fps = frameRate(file);
        List<Fragment> fragments = new ArrayList<>();
        int initEnd = -1;
        int moofStart = -1;
        int samples = 0;
        int sample = 0;
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.remaining() >= 8) {
            int start = in.position();
            long size = Integer.toUnsignedLong(in.getInt());
            String type = new String(bytes, start + 4, 4, StandardCharsets.US_ASCII);
            in.getInt();
            if (size == 1) {
                size = in.getLong();
            } else if (size == 0) {
                size = bytes.length - start;
            }
            int end = Math.toIntExact(start + size);
            if (type.equals("moof")) {
                initEnd = initEnd < 0 ? start : initEnd;
                moofStart = start;
                samples = videoSamples(bytes, start + 8, end);
            } else if (type.equals("mdat") && moofStart >= 0) {
                boolean key = samples > 0 && keyFrames.get(sample);
                fragments.add(new Fragment(Arrays.copyOfRange(bytes, moofStart, end),
                        Math.round(samples * 1000 / fps), key));
                sample += samples;
                moofStart = -1;
            }
            in.position(end);
        }
        if (sample != keyFrames.size()) {
            throw new AssertionError("fragments hold " + sample + " video samples, ffprobe counts " + keyFrames.size());
        }
        return new Fmp4Clip(file, Arrays.copyOfRange(bytes, 0, initEnd), List.copyOf(fragments));
    }

    /** The sample count of the video track's trun boxes in a moof's payload. */
    private static int videoSamples(byte[] file, int from, int to) {
        int count = 0;
        for (int at = from; at < to;) {
            int size = ByteBuffer.wrap(file, at, 8).getInt();
            if (new String(file, at + 4, 4, StandardCharsets.US_ASCII).equals("traf")) {
                int track = -1;
                for (int box = at + 8; box < at + size;) {
                    int boxSize = ByteBuffer.wrap(file, box, 8).getInt();
                    String boxType = new String(file, box + 4, 4, StandardCharsets.US_ASCII);
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
    private static List<Boolean> videoKeyFrames(Path file) throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error", "-select_streams",
                "v", "-show_entries", "packet=flags", "-of", "csv=p=0", file.toString()), null, 120)
                .requireSuccess("ffprobe " + file);
        List<Boolean> keys = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                keys.add(line.trim().startsWith("K"));
            }
        }
        return keys;
    }

    private static double frameRate(Path file) throws IOException, InterruptedException {
        String rate = ProcessRunner.run(List.of(Peers.ffprobe().toString(), "-v", "error", "-select_streams", "v",
                "-show_entries", "stream=r_frame_rate", "-of", "csv=p=0", file.toString()), null, 60)
                .requireSuccess("ffprobe " + file).stdout().trim();
        String[] parts = rate.split("/");
        return Double.parseDouble(parts[0]) / Double.parseDouble(parts[1]);
    }
}
