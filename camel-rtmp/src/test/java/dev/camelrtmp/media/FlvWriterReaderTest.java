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
}
