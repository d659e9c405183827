package dev.camelrtmp.component;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camelrtmp.http.HlsSegmenter;
import dev.camelrtmp.http.hls.HlsStream;
import dev.camelrtmp.media.AudioTagHeader;
import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.VideoTagHeader;
import dev.camelrtmp.protocol.LogSafe;
import dev.camelrtmp.protocol.RtmpProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LL-HLS rendition of one live stream in a folder: an {@link HlsSegmenter} cuts the stream into the parts and
 * segments of an {@link HlsStream} (as the HTTP listener does), and after every change the folder is brought in
 * step with it: the files the playlist names are written first, each whole (a temporary file renamed), then the
 * playlist {@code index.m3u8} is replaced the same way, then the files that left the window are deleted once the
 * window has moved on by its own length (RFC 8216bis 6.2.2: a removed segment stays available for its duration plus
 * the playlist's), so the folder stays bounded. The playlist is written from the first complete segment on (players
 * that ignore parts need one), without blocking reload or preload hints, which a file server cannot answer.
 * <p>
 * A failure (full disk, permission) ends the writing: the folder keeps what was written, the playlist names only
 * whole files. Fed by one thread at a time; the route's stop may end it meanwhile, hence the synchronized methods.
 */
final class HlsFolder implements StreamRecord {

    private static final Logger LOG = LoggerFactory.getLogger(HlsFolder.class);
    /** The playlist's file name. */
    static final String PLAYLIST = "index.m3u8";
    /** The names this class writes (and, at the start of a stream, removes when a previous run left them). */
    private static final Pattern OWN_FILE = Pattern.compile(
            "index\\.m3u8|init-(\\d+)\\.mp4|(?:seg|part)-(\\d+)(?:\\.\\d+)?\\.m4s|\\.hls-.*\\.tmp");

    private final String stream;
    private final Path folder;
    private final HlsStream hls;
    private final HlsSegmenter segmenter;
    /** The files written and not deleted, by name. */
    private final Map<String, HlsStream.WindowFile> written = new HashMap<>();
    private byte[] lastPlaylist;
    private boolean writing;
    private String failure;
    private long playlists;
    private boolean malformedWarned;

    private HlsFolder(String stream, Path folder, long partMillis, long segmentMillis, int segmentCount,
            long firstMsn, int firstInitVersion) {
        this.stream = stream;
        this.folder = folder;
        this.hls = new HlsStream(stream, partMillis, segmentCount, false, firstMsn, firstInitVersion);
        this.segmenter = new HlsSegmenter(hls, partMillis, segmentMillis);
    }

    /**
     * Creates {@code folder} if needed and removes the HLS files an earlier stream left in it; the numbers of
     * segments and init segments go on after the highest it left, so that a name never stands for other bytes than
     * before (a CDN may still cache them). When that fails the rendition is failed from the start.
     */
    static HlsFolder open(String stream, Path folder, long partMillis, long segmentMillis, int segmentCount) {
        long nextMsn = 0;
        int nextInit = 1;
        String failure = null;
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> old = Files.newDirectoryStream(folder,
                    p -> OWN_FILE.matcher(p.getFileName().toString()).matches())) {
                for (Path file : old) {
                    Matcher name = OWN_FILE.matcher(file.getFileName().toString());
                    if (name.matches() && name.group(1) != null) {
                        nextInit = (int) Math.max(nextInit, number(name.group(1)) + 1);
                    } else if (name.matches() && name.group(2) != null) {
                        nextMsn = Math.max(nextMsn, number(name.group(2)) + 1);
                    }
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            failure = Recording.cause(e, folder);
        }
        HlsFolder f = new HlsFolder(stream, folder, partMillis, segmentMillis, segmentCount, nextMsn, nextInit);
        f.writing = failure == null;
        f.failure = failure;
        return f;
    }

    /** A number from a file name; 0 for one too long to be ours, so that numbers going on cannot overflow. */
    private static long number(String digits) {
        return digits.length() > 9 ? 0 : Long.parseLong(digits);
    }

    @Override
    public String stream() {
        return stream;
    }

    /** The playlist file. */
    @Override
    public Path file() {
        return folder.resolve(PLAYLIST);
    }

    @Override
    public synchronized boolean isRecording() {
        return writing;
    }

    @Override
    public synchronized String failure() {
        return failure;
    }

    /** How many times the playlist was written. */
    synchronized long playlists() {
        return playlists;
    }

    /** Takes onMetaData's values. */
    synchronized void metadata(Map<String, Object> metadata) {
        if (writing) {
            segmenter.metadata(metadata);
        }
    }

    /**
     * Takes an audio or video tag body; false when writing failed now, which ends the writing. A body whose tag
     * header does not parse is skipped, with one WARN line per stream (then DEBUG).
     */
    synchronized boolean media(int tagType, long timestamp, byte[] body) {
        if (!writing) {
            return true;
        }
        try {
            if (tagType == FlvTagType.VIDEO) {
                segmenter.video(timestamp, body, VideoTagHeader.parse(body));
            } else {
                segmenter.audio(timestamp, body, AudioTagHeader.parse(body));
            }
        } catch (RtmpProtocolException e) {
            if (!malformedWarned) {
                malformedWarned = true;
                LOG.warn("HLS of {}: skipping a malformed {} tag at {} ms: {} (further ones at DEBUG)",
                        LogSafe.of(stream), tagType == FlvTagType.VIDEO ? "video" : "audio", timestamp,
                        e.getMessage());
            } else {
                LOG.debug("HLS of {}: skipping a malformed tag at {} ms: {}", LogSafe.of(stream), timestamp,
                        e.getMessage());
            }
            return true;
        }
        return sync();
    }

    /**
     * Another publish of the stream takes over: it goes on in the same playlist after a discontinuity. False when
     * writing what the last one left failed now.
     */
    synchronized boolean start() {
        if (!writing) {
            return true;
        }
        segmenter.start();
        return sync();
    }

    /**
     * The publish ended: the last part and segment are written and the playlist ends with {@code EXT-X-ENDLIST}.
     * False when that failed now.
     */
    @Override
    public synchronized boolean close() {
        if (!writing) {
            return true;
        }
        segmenter.end();
        boolean done = sync();
        writing = false;
        return done;
    }

    private boolean sync() {
        try {
            mirror();
            return true;
        } catch (IOException e) {
            writing = false;
            failure = Recording.cause(e, folder);
            return false;
        }
    }

    private void mirror() throws IOException {
        byte[] text = hls.playlist();
        if (text == null || text == lastPlaylist) {
            return; // nothing changed (the stream hands out the same playlist until it changes)
        }
        HlsStream.Window window = hls.window();
        if (!window.complete()) {
            return;
        }
        for (HlsStream.WindowFile file : window.files()) {
            if (!written.containsKey(file.name())) {
                write(file.name(), file.data());
                written.put(file.name(), file);
            }
        }
        write(PLAYLIST, List.of(window.playlist()));
        lastPlaylist = window.playlist();
        playlists++;
        retire(window);
    }

    /** Deletes the files of segments older than the window by more than its length, and inits nothing needs. */
    private void retire(HlsStream.Window window) throws IOException {
        long keepFrom = window.firstMsn() - (window.lastMsn() - window.firstMsn() + 1);
        Set<Integer> inits = new HashSet<>();
        for (Iterator<HlsStream.WindowFile> it = written.values().iterator(); it.hasNext();) {
            HlsStream.WindowFile file = it.next();
            if (file.msn() >= 0 && file.msn() < keepFrom) {
                Files.deleteIfExists(folder.resolve(file.name()));
                it.remove();
            } else if (file.msn() >= 0) {
                inits.add(file.initVersion());
            }
        }
        for (HlsStream.WindowFile file : window.files()) {
            if (file.msn() < 0) {
                inits.add(file.initVersion());
            }
        }
        for (Iterator<HlsStream.WindowFile> it = written.values().iterator(); it.hasNext();) {
            HlsStream.WindowFile file = it.next();
            if (file.msn() < 0 && !inits.contains(file.initVersion())) {
                Files.deleteIfExists(folder.resolve(file.name()));
                it.remove();
            }
        }
    }

    /** Writes a file whole under a temporary name and renames it, replacing what had the name. */
    private void write(String name, List<byte[]> data) throws IOException {
        Path tmp = folder.resolve(".hls-" + name + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (byte[] piece : data) {
                    ByteBuffer buffer = ByteBuffer.wrap(piece);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
            }
            Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the failure above is what counts
            }
            throw e;
        }
    }

    /** What the folder keeps, for a log line. */
    @Override
    public synchronized String kept() {
        return playlists > 0 ? "the playlist names only whole files" : "no playlist written";
    }
}
