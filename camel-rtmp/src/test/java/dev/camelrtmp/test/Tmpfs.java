package dev.camelrtmp.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test, to fill a disk for real. Mounting needs root (CAP_SYS_ADMIN): where it is not
 * permitted the test is skipped with a message, except under CI ({@code CI=true}), where it fails.
 */
public final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code 8m}) on the existing folder {@code dir}. */
    public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
        return mountWith(dir, "size=" + size);
    }

    /** Mounts a read-only tmpfs on the existing folder {@code dir}: nothing can be written there, even by root. */
    public static Tmpfs mountReadOnly(Path dir) throws IOException, InterruptedException {
        return mountWith(dir, "size=1m,ro");
    }

    private static Tmpfs mountWith(Path dir, String options) throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs",
                dir.toString()), null, 30);
        if (r.exitCode() != 0) {
            String message = "cannot mount a tmpfs on " + dir + " (needs root): " + r.stderr().trim();
            if (Peers.ci()) {
                throw new AssertionError(message + " -- required when CI=true");
            }
            Assumptions.abort(message);
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Unmounts; lazily if something still holds a file open, so that no mount outlives the test. */
    @Override
    public void close() throws IOException, InterruptedException {
        ProcessResult r = ProcessRunner.run(List.of("umount", dir.toString()), null, 30);
        if (r.exitCode() != 0) {
            ProcessRunner.run(List.of("umount", "-l", dir.toString()), null, 30)
                    .requireSuccess("umount -l " + dir);
            throw new AssertionError("umount " + dir + " failed (a file still open?): " + r.stderr().trim());
        }
    }
}
