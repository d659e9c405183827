package dev.camelrtmp.media;

import java.io.ByteArrayInputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import dev.camelrtmp.protocol.RtmpProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlvWriterReaderTest {

    @TempDir
    Path dir;

    @Test
    void roundTripWithExtendedTimestampsAndLargeTags() throws Exception {
        Path file = dir.resolve("a.flv");
        byte[] big = new byte[3 * 1024 * 1024];
        new Random(1).nextBytes(big);
        try (FlvWriter writer = new FlvWriter(file)) {
            writer.writeTag(FlvTagType.SCRIPT_DATA, 0, new byte[] { 2, 0, 1, 'x' });
            writer.writeTag(FlvTagType.VIDEO, 0x01234567L, big);
            writer.writeTag(FlvTagType.VIDEO, 0xFFFFFFFFL, new byte[] { 0x27, 1 }, 0, 2);
            assertThat(writer.tagCount(FlvTagType.VIDEO)).isEqualTo(2);
        }
        List<FlvTag> tags = FlvReader.readAll(file);
        assertThat(tags).hasSize(3);
        assertThat(tags.get(1).timestamp()).isEqualTo(0x01234567L);
        assertThat(tags.get(1).data()).isEqualTo(big);
        assertThat(tags.get(2).timestamp()).isEqualTo(0xFFFFFFFFL);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[4]).as("flags: video only").isEqualTo((byte) 0x01);
        // PreviousTagSize after the last tag: 11 + 2
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) 13);
    }

    @Test
    void neverOverwrites() throws Exception {
        Path file = dir.resolve("b.flv");
        new FlvWriter(file).close();
        assertThatThrownBy(() -> new FlvWriter(file)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void flagsReflectWhatWasWritten() throws Exception {
        Path file = dir.resolve("c.flv");
        try (FlvWriter writer = new FlvWriter(file)) {
            writer.writeTag(FlvTagType.AUDIO, 0, new byte[] { (byte) 0xAF, 1 });
            writer.writeTag(FlvTagType.VIDEO, 0, new byte[] { 0x17, 1 });
        }
        assertThat(Files.readAllBytes(file)[4]).isEqualTo((byte) 0x05);
    }

    @Test
    void readerRejectsWhatIsNoFlv() throws Exception {
        assertThatThrownBy(() -> new FlvReader(new ByteArrayInputStream("GIF89a...".getBytes())))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("not an FLV file");
        Path file = dir.resolve("d.flv");
        try (FlvWriter writer = new FlvWriter(file)) {
            writer.writeTag(FlvTagType.VIDEO, 0, new byte[100]);
        }
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(file), 13 + 11 + 50);
        try (FlvReader reader = new FlvReader(new ByteArrayInputStream(truncated))) {
            assertThatThrownBy(reader::next).isInstanceOf(RtmpProtocolException.class)
                    .hasMessageContaining("ends inside a tag");
        }
    }

    /** A tag as written, to compare with what a file keeps. */
    private record Written(int type, long timestamp, byte[] data) {
    }

    /**
     * A file channel on a disk of {@code budget} bytes: a write that reaches the end writes what fits, the next one
     * fails as a full disk does.
     */
    private static final class FullDiskChannel implements java.nio.channels.SeekableByteChannel {
        private final java.nio.channels.FileChannel file;
        private long budget;

        FullDiskChannel(Path path, long budget) throws java.io.IOException {
            this.file = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            this.budget = budget;
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws java.io.IOException {
            if (budget == 0 && src.hasRemaining()) {
                throw new java.io.IOException("No space left on device");
            }
            int n = (int) Math.min(src.remaining(), budget);
            java.nio.ByteBuffer part = src.slice(src.position(), n);
            int written = 0;
            while (part.hasRemaining()) {
                written += file.write(part);
            }
            src.position(src.position() + written);
            budget -= written;
            return written;
        }

        @Override
        public int read(java.nio.ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() throws java.io.IOException {
            return file.position();
        }

        @Override
        public java.nio.channels.SeekableByteChannel position(long newPosition) throws java.io.IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws java.io.IOException {
            return file.size();
        }

        @Override
        public java.nio.channels.SeekableByteChannel truncate(long size) throws java.io.IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return file.isOpen();
        }

        @Override
        public void close() throws java.io.IOException {
            file.close();
        }
    }

    /** Small, medium and large (over the 16 KiB buffer) tags of every type, the same on every run. */
    private static List<Written> mixedTags() {
        Random random = new Random(7);
        List<Written> tags = new java.util.ArrayList<>();
        int[] sizes = { 0, 40, 300, 9_000, 70_000, 5, 150_000, 16 * 1024 - 11, 16 * 1024, 64 * 1024, 1_000, 30_000, 200_000 };
        int[] types = { FlvTagType.SCRIPT_DATA, FlvTagType.VIDEO, FlvTagType.AUDIO };
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < sizes.length; i++) {
                byte[] data = new byte[sizes[i] + random.nextInt(50)];
                random.nextBytes(data);
                tags.add(new Written(types[(round + i) % 3], round * 1000L + i * 33L, data));
            }
        }
        return tags;
    }

    @Test
    void failedWriteLeavesOnlyWholeTags() throws Exception {
        List<Written> tags = mixedTags();
        long total = 13;
        java.util.List<Long> ends = new java.util.ArrayList<>(List.of(13L));
        for (Written tag : tags) {
            total += 11 + tag.data().length + 4;
            ends.add(total);
        }
        // disks that fill up everywhere: before the header, inside it, at and around every tag boundary, and at
        // random points inside tags (so inside buffered flushes, straight-through bodies and the final flush)
        java.util.SortedSet<Long> budgets = new java.util.TreeSet<>(List.of(0L, 1L, 12L, total - 1));
        for (long end : ends) {
            budgets.addAll(List.of(end - 1, end, end + 1, end + 11, end + 12));
        }
        Random random = new Random(3);
        for (int i = 0; i < 200; i++) {
            budgets.add((long) random.nextInt((int) total));
        }
        long size = total;
        budgets.removeIf(b -> b < 0 || b >= size);
        int run = 0;
        for (long budget : budgets) {
            Path file = dir.resolve("full-" + run++ + ".flv");
            FlvWriter writer = new FlvWriter(new FullDiskChannel(file, budget));
            java.io.IOException failure = null;
            try {
                for (Written tag : tags) {
                    writer.writeTag(tag.type(), tag.timestamp(), tag.data());
                }
                writer.close();
            } catch (java.io.IOException e) {
                failure = e;
            }
            String what = "disk of " + budget + " bytes";
            assertThat(failure).as(what + ": the write fails").isNotNull().hasMessage("No space left on device");
            long length = Files.size(file);
            List<Long> wholeEnds = new java.util.ArrayList<>(ends);
            wholeEnds.add(0L);
            assertThat(length).as(what + ": the file ends at a whole tag").isIn(wholeEnds.toArray())
                    .isEqualTo(writer.bytesWritten()).isLessThanOrEqualTo(budget);
            int kept = ends.indexOf(length); // whole tags in the file
            assertThat(length).as(what + ": no whole tag that reached the disk is lost")
                    .isEqualTo(ends.stream().filter(e -> e <= budget).mapToLong(Long::longValue).max().orElse(0));
            assertThatThrownBy(() -> writer.writeTag(FlvTagType.VIDEO, 0, new byte[1])).as(what + ": closed")
                    .hasMessageContaining("closed");
            writer.close(); // nothing more to do
            if (length == 0) {
                continue;
            }
            List<FlvTag> read = FlvReader.readAll(file);
            assertThat(read).as(what).hasSize(kept);
            for (int i = 0; i < kept; i++) {
                assertThat(read.get(i).type()).isEqualTo(tags.get(i).type());
                assertThat(read.get(i).timestamp()).isEqualTo(tags.get(i).timestamp());
                assertThat(read.get(i).data()).as(what + ", tag " + i).isEqualTo(tags.get(i).data());
            }
            for (int type : new int[] { FlvTagType.AUDIO, FlvTagType.VIDEO, FlvTagType.SCRIPT_DATA }) {
                assertThat(writer.tagCount(type)).as(what + ": tags of type " + type + " the file keeps")
                        .isEqualTo(read.stream().filter(t -> t.type() == type).count());
            }
        }
        assertThat(run).isGreaterThan(100);
    }

    @Test
    void failureAtCloseAlsoLeavesWholeTags() throws Exception {
        Path file = dir.resolve("close.flv");
        // everything but the last few bytes fits: the writes succeed into the buffer, the final flush fails
        FlvWriter writer = new FlvWriter(new FullDiskChannel(file, 13 + 3 * (11 + 100 + 4) - 2));
        for (int i = 0; i < 3; i++) {
            writer.writeTag(FlvTagType.AUDIO, i, new byte[100]);
        }
        assertThatThrownBy(writer::close).hasMessage("No space left on device");
        // the two tags that reached the disk whole stay, the third is cut off
        assertThat(Files.size(file)).isEqualTo(13 + 2 * (11 + 100 + 4));
        assertThat(writer.tagCount(FlvTagType.AUDIO)).isEqualTo(2);
        assertThat(FlvReader.readAll(file)).hasSize(2);
    }
}
