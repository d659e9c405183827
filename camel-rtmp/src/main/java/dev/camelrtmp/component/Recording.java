package dev.camelrtmp.component;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import dev.camelrtmp.media.FlvTagType;
import dev.camelrtmp.media.FlvWriter;

/**
 * The recording of one publish: its file and writer, and once it failed, why. A failure ends it: the file keeps the
 * whole tags written before (it is removed when that is none) and later writes are not attempted. One delivery
 * thread writes while the route's stop may close it, hence the synchronized methods.
 */
final class Recording implements StreamRecord {

    private final String stream;
    private final Path file;
    private final FlvWriter writer;
    private boolean recording;
    private String failure;

    private Recording(String stream, Path file, FlvWriter writer, String failure) {
        this.stream = stream;
        this.file = file;
        this.writer = writer;
        this.recording = writer != null;
        this.failure = failure;
    }

    /**
     * Creates {@code folder} if needed and opens the first free name of {@code base.flv}, {@code base-1.flv},
     * {@code base-2.flv}...: an earlier recording is never overwritten. When that fails the recording is failed
     * from the start.
     *
     * @param stream the publish, {@code application/key}, for log lines
     */
    static Recording open(String stream, Path folder, String base) {
        Path file = folder.resolve(base + ".flv");
        try {
            Files.createDirectories(folder);
            for (int n = 1;; n++) {
                try {
                    return new Recording(stream, file, new FlvWriter(file), null);
                } catch (FileAlreadyExistsException taken) {
                    file = folder.resolve(base + "-" + n + ".flv");
                }
            }
        } catch (IOException e) {
            return new Recording(stream, file, null, cause(e));
        }
    }

    /** The publish, {@code application/key}. */
    @Override
    public String stream() {
        return stream;
    }

    /** The file recorded into (or that could not be opened). */
    @Override
    public Path file() {
        return file;
    }

    /** Whether the file exists: it was opened, and kept at least one tag if the recording failed. */
    synchronized boolean fileKept() {
        return writer != null && (failure == null || tagsKept() > 0);
    }

    /** Whether tags are still written: neither failed nor closed. */
    @Override
    public synchronized boolean isRecording() {
        return recording;
    }

    /** Why the recording failed, or null. */
    @Override
    public synchronized String failure() {
        return failure;
    }

    /** Tags of a type in the file. */
    synchronized long tagCount(int type) {
        return writer == null ? 0 : writer.tagCount(type);
    }

    /** Writes one tag; false when that failed, which ends the recording. Only while {@link #isRecording()}. */
    synchronized boolean write(int type, long timestamp, byte[] data, int offset, int length) {
        if (!recording) {
            return true;
        }
        try {
            writer.writeTag(type, timestamp, data, offset, length);
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    /** Ends the recording; false when closing the file failed now. */
    @Override
    public synchronized boolean close() {
        if (!recording) {
            return true;
        }
        recording = false;
        try {
            writer.close();
            return true;
        } catch (IOException e) {
            failed(e);
            return false;
        }
    }

    private void failed(IOException e) {
        recording = false;
        failure = cause(e);
        try {
            writer.close(); // closed already after a failed write; this one releases the file in any case
        } catch (IOException ignored) {
            // the failure above is what counts
        }
        if (tagsKept() == 0) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // an empty file left behind is harmless
            }
        }
    }

    private long tagsKept() {
        return writer.tagCount(FlvTagType.AUDIO) + writer.tagCount(FlvTagType.VIDEO)
                + writer.tagCount(FlvTagType.SCRIPT_DATA);
    }

    /** What the tags kept are, for a log line. */
    @Override
    public synchronized String kept() {
        if (writer == null) {
            return "nothing recorded";
        }
        if (!fileKept()) {
            return "nothing kept, file removed";
        }
        return "the file keeps " + writer.tagCount(FlvTagType.VIDEO) + " video, " + writer.tagCount(FlvTagType.AUDIO)
                + " audio and " + writer.tagCount(FlvTagType.SCRIPT_DATA) + " data tags";
    }

    /**
     * A short cause of a file system failure, without stack trace or folder (it may go to the publisher): "No space
     * left on device", "File name too long", "live: exists and is not a folder".
     */
    static String cause(IOException e) {
        return cause(e, null);
    }

    /** {@link #cause(IOException)}, without naming the file when it is {@code folder} or a file in it. */
    static String cause(IOException e, Path folder) {
        if (e instanceof FileSystemException fs) {
            if (fs.getReason() != null) {
                return fs.getReason();
            }
            String what = e instanceof NoSuchFileException ? "no such file or folder"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "exists and is not a folder"
                    : e instanceof NotDirectoryException ? "not a folder" : e.getClass().getSimpleName();
            Path file = fs.getFile() == null ? null : Path.of(fs.getFile());
            return file == null || file.equals(folder) || folder != null && folder.equals(file.getParent())
                    || file.getFileName() == null ? what
                    : file.getFileName() + ": " + what;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
