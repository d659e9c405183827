package dev.camelrtmp.component;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.mp4.Fmp4Fragmenter;

/**
 * The fragmented MP4 recording of one publish: an {@link Fmp4Fragmenter} and the file it writes to. The init segment
 * goes first, then each fragment in one write, so that the file is playable after every fragment. A fragment is
 * cut once {@code fragmentMillis} of media wait, right before a video key frame (audio-only: at once; without key
 * frames: at ten times that). A new init segment (another codec or resolution) flushes the file and starts the next
 * name. A failure ends the recording; the file keeps the fragments written before. One delivery thread writes while
 * the route's stop may close it, hence the synchronized methods.
 */
final class Mp4Recording implements StreamRecord {

    private final String stream;
    private final Path folder;
    private final String base;
    private final long fragmentMillis;
    private final Fmp4Fragmenter fragmenter = new Fmp4Fragmenter();
    private Path file;
    private FileChannel channel;
    private boolean initWritten;
    private int initVersion;
    private int sequence = 1;
    private long fragmentStart = -1;
    private boolean video;
    private long fragments;
    /** The file's length after the last whole box written. */
    private long committed;
    private boolean recording;
    private String failure;

    private Mp4Recording(String stream, Path folder, String base, long fragmentMillis) {
        this.stream = stream;
        this.folder = folder;
        this.base = base;
        this.fragmentMillis = fragmentMillis;
    }

    /**
     * Creates {@code folder} if needed and opens the first free name of {@code base.mp4}, {@code base-1.mp4}...;
     * when that fails the recording is failed from the start.
     */
    static Mp4Recording open(String stream, Path folder, String base, long fragmentMillis) {
        Mp4Recording r = new Mp4Recording(stream, folder, base, fragmentMillis);
        try {
            Files.createDirectories(folder);
            r.openNext();
            r.recording = true;
        } catch (IOException e) {
            r.failure = Recording.cause(e);
            r.file = folder.resolve(base + ".mp4");
        }
        return r;
    }

    private void openNext() throws IOException {
        Path candidate = folder.resolve(base + ".mp4");
        for (int n = 1;; n++) {
            try {
                channel = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                file = candidate;
                initWritten = false;
                committed = 0;
                return;
            } catch (FileAlreadyExistsException taken) {
                candidate = folder.resolve(base + "-" + n + ".mp4");
            }
        }
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public synchronized Path file() {
        return file;
    }

    @Override
    public synchronized boolean isRecording() {
        return recording;
    }

    @Override
    public synchronized String failure() {
        return failure;
    }

    synchronized long fragments() {
        return fragments;
    }

    /** Hands onMetaData's values (width, height) to the fragmenter. */
    synchronized void metadata(Map<String, Object> metadata) {
        fragmenter.metadata(metadata);
    }

    /** Adds one audio or video tag body; false when writing failed, which ends the recording. */
    synchronized boolean write(int type, long timestamp, byte[] body) {
        if (!recording) {
            return true;
        }
        try {
            boolean sample = fragmenter.add(type, timestamp, body);
            if (initWritten && fragmenter.initVersion() != initVersion) {
                writeFragment(fragmenter.flush(sequence));
                channel.close();
                openNext();
                fragmentStart = -1;
            }
            if (!sample) {
                return true;
            }
            boolean key = type == FlvTagType.VIDEO && body.length > 0 && ((body[0] >> 4) & 0x07) == 1;
            video |= type == FlvTagType.VIDEO;
            if (fragmentStart < 0) {
                fragmentStart = timestamp;
            }
            long waited = timestamp - fragmentStart;
            if (waited >= fragmentMillis && (key || !video || waited >= 10 * fragmentMillis)) {
                if (writeFragment(key ? fragmenter.cutBefore(sequence, timestamp) : fragmenter.cut(sequence))) {
                    fragmentStart = timestamp;
                }
            }
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /** Writes the init segment when not yet written, then the fragment; false when there was nothing to write. */
    private boolean writeFragment(Fmp4Fragmenter.Fragment fragment) throws IOException {
        byte[] init = fragmenter.initSegment();
        if (fragment == null || init == null) {
            return false;
        }
        if (!initWritten) {
            writeFully(init);
            initWritten = true;
            initVersion = fragmenter.initVersion();
        }
        writeFully(fragment.bytes());
        sequence++;
        fragments++;
        return true;
    }

    private void writeFully(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        committed += bytes.length;
    }

    /** Writes what waits and ends the recording; false when that failed now. */
    @Override
    public synchronized boolean close() {
        if (!recording) {
            return true;
        }
        try {
            writeFragment(fragmenter.flush(sequence));
            recording = false;
            channel.close();
            if (!initWritten) {
                Files.deleteIfExists(file); // nothing playable came
            }
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /** Whether the file exists with an init segment. */
    synchronized boolean fileKept() {
        return initWritten;
    }

    private void failed(IOException e) {
        recording = false;
        failure = Recording.cause(e);
        try (FileChannel c = channel) {
            if (c.isOpen()) {
                c.truncate(committed); // no part of a fragment stays behind
            }
        } catch (IOException ignored) {
            // the failure above is what counts
        }
        if (!initWritten) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // an empty file left behind is harmless
            }
        }
    }

    /** What the file keeps, for a log line. */
    @Override
    public synchronized String kept() {
        return initWritten ? "the files keep " + fragments + " whole fragments" : "nothing recorded";
    }
}
