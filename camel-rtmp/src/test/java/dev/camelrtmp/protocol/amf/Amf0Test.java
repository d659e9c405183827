package dev.camelrtmp.protocol.amf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.camelrtmp.protocol.RtmpProtocolException;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Amf0Test {

    /** Hand-built AMF0 bytes. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes b(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        Bytes str(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            b(utf8.length >> 8, utf8.length & 0xFF);
            out.write(utf8, 0, utf8.length);
            return this;
        }

        Bytes string(String s) {
            return b(0x02).str(s);
        }

        Bytes number(double d) {
            long bits = Double.doubleToLongBits(d);
            b(0x00);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (bits >>> (i * 8)));
            }
            return this;
        }

        Bytes end() {
            return b(0, 0, 9);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static List<Object> decodeAll(byte[] bytes) {
        return Amf0.decodeAll(Unpooled.wrappedBuffer(bytes));
    }

    @Test
    void decodesFfmpegConnectCommand() {
        byte[] connect = new Bytes().string("connect").number(1.0).b(0x03)
                .str("app").string("live")
                .str("type").string("nonprivate")
                .str("flashVer").string("FMLE/3.0 (compatible; FMSc/1.0)")
                .str("tcUrl").string("rtmp://127.0.0.1:1935/live")
                .end().bytes();
        List<Object> values = decodeAll(connect);
        assertThat(values).hasSize(3);
        assertThat(values.get(0)).isEqualTo("connect");
        assertThat(values.get(1)).isEqualTo(1.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) values.get(2);
        assertThat(object).containsExactly(Map.entry("app", "live"), Map.entry("type", "nonprivate"),
                Map.entry("flashVer", "FMLE/3.0 (compatible; FMSc/1.0)"),
                Map.entry("tcUrl", "rtmp://127.0.0.1:1935/live"));
        assertThat(Amf0.encodeAll(values.toArray())).isEqualTo(connect);
    }

    @Test
    void decodesSetDataFrameWithEcmaArrayAndWrongCount() {
        byte[] metadata = new Bytes().string("@setDataFrame").string("onMetaData")
                .b(0x08, 0, 0, 0, 99) // a count that does not match: only a hint
                .str("duration").number(0)
                .str("width").number(320)
                .str("videocodecid").number(7)
                .str("encoder").string("Lavf59.27.100")
                .str("stereo").b(0x01, 0x00)
                .end().bytes();
        List<Object> values = decodeAll(metadata);
        assertThat(values.get(2)).isInstanceOf(AmfEcmaArray.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) values.get(2);
        assertThat(map).containsEntry("width", 320.0).containsEntry("encoder", "Lavf59.27.100")
                .containsEntry("stereo", false).hasSize(5);
    }

    @Test
    void acceptsEcmaArrayWithoutEndMarkerAtTheEnd() {
        byte[] bytes = new Bytes().b(0x08, 0, 0, 0, 1).str("a").number(1).bytes();
        assertThat(decodeAll(bytes)).containsExactly(Map.of("a", 1.0));
    }

    @Test
    void roundTripsEveryType() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("n", 1.5);
        object.put("s", "text");
        object.put("nested", new LinkedHashMap<>(Map.of("x", true)));
        AmfEcmaArray ecma = new AmfEcmaArray();
        ecma.put("k", "v");
        List<Object> list = new ArrayList<>(List.of(1.0, "two", false));
        String longString = "x".repeat(70_000);
        Object[] values = { 42.0, true, false, "héllo", longString, object, null, AmfUndefined.INSTANCE, ecma, list,
                new Date(1_700_000_000_000L), AmfUnsupported.INSTANCE, new AmfXmlDocument("<a/>"),
                new AmfTypedObject("com.example.Thing", new LinkedHashMap<>(Map.of("p", 3.0))) };
        List<Object> decoded = decodeAll(Amf0.encodeAll(values));
        assertThat(decoded).containsExactly(values);
        assertThat(decoded.get(8)).isInstanceOf(AmfEcmaArray.class);
    }

    @Test
    void integersAndLongsEncodeAsNumbers() {
        assertThat(decodeAll(Amf0.encodeAll(7, 8L, 1.5f))).containsExactly(7.0, 8.0, 1.5);
    }

    @Test
    void referencesResolveToTheSameObject() {
        byte[] bytes = new Bytes().b(0x03).str("a").number(1).end().b(0x07, 0, 0).bytes();
        List<Object> values = decodeAll(bytes);
        assertThat(values.get(1)).isSameAs(values.get(0));
        assertThatThrownBy(() -> decodeAll(new Bytes().b(0x07, 0, 5).bytes()))
                .isInstanceOf(AmfException.class).hasMessageContaining("reference 5");
    }

    @Test
    void avmplusMarkerSwitchesToAmf3() {
        byte[] bytes = new Bytes().b(0x11, 0x06, 0x07).b('a', 'b', 'c').b(0x11, 0x04, 0x7F).bytes();
        assertThat(decodeAll(bytes)).containsExactly("abc", 127);
    }

    @Test
    void deepNestingIsRejectedNotOverflowed() {
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            deep.write(0x0A);
            deep.write(0);
            deep.write(0);
            deep.write(0);
            deep.write(1);
        }
        assertThatThrownBy(() -> decodeAll(deep.toByteArray())).isInstanceOf(AmfException.class)
                .hasMessageContaining("nested deeper than 64");
        Bytes objects = new Bytes();
        for (int i = 0; i < 1000; i++) {
            objects.b(0x03).str("o");
        }
        assertThatThrownBy(() -> decodeAll(objects.bytes())).isInstanceOf(AmfException.class);
    }

    @Test
    void everyTruncationOfAValidEncodingIsAProtocolError() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("level", "status");
        object.put("code", "NetStream.Publish.Start");
        object.put("list", List.of(1.0, new Date(5), "x"));
        byte[] valid = Amf0.encodeAll("onStatus", 0.0, null, object, new AmfTypedObject("T", Map.of("a", 1.0)),
                new AmfXmlDocument("<x/>"), "x".repeat(70_000));
        for (int length = 1; length < valid.length; length += length < 400 ? 1 : 997) {
            byte[] prefix = java.util.Arrays.copyOf(valid, length);
            try {
                decodeAll(prefix);
            } catch (RtmpProtocolException expected) {
                continue;
            }
            // a prefix that ends exactly between values decodes: it must then be a prefix of the values
            assertThat(valid.length).isGreaterThan(length);
        }
    }

    @Test
    void malformedValuesAreRejectedWithTheirOffset() {
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x04 })).isInstanceOf(AmfException.class)
                .hasMessageContaining("reserved type marker 0x4");
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x0E })).isInstanceOf(AmfException.class);
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x09 })).isInstanceOf(AmfException.class)
                .hasMessageContaining("object end marker outside");
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x20 })).isInstanceOf(AmfException.class)
                .hasMessageContaining("unknown type marker 0x20 ");
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x0A, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF }))
                .isInstanceOf(AmfException.class).hasMessageContaining("strict array of");
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x0C, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF }))
                .isInstanceOf(AmfException.class).hasMessageContaining("long string");
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x02, 0x00, 0x05, 'a' })).isInstanceOf(AmfException.class)
                .hasMessageContaining("at offset 3");
    }

    @Test
    void refusesToEncodeWhatAmf0CannotCarry() {
        assertThatThrownBy(() -> Amf0.encodeAll(new Object())).isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> Amf0.encodeAll(cyclic)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cyclicReferencesAreRejected() {
        // an object whose member refers back to the object itself (reference 0)
        byte[] cyclic = new Bytes().b(0x03).str("self").b(0x07, 0, 0).end().bytes();
        assertThatThrownBy(() -> decodeAll(cyclic)).isInstanceOf(AmfException.class)
                .hasMessageContaining("cyclic");
        // through AMF3: an object holding an array that refers back to the object (a fuzzing finding)
        assertThatThrownBy(() -> decodeAll(new byte[] { 0x11, 0x0A, 0x0B, 0x01, 0x03, 'a', 0x09, 0x03, 0x01, 0x0A,
                0x00, 0x01 })).isInstanceOf(AmfException.class).hasMessageContaining("cyclic");
    }

    @Test
    void referencesThatExpandBeyondAMillionValuesAreRejected() {
        // value 0 is [1.0]; value i is [ref(i-1), ref(i-1)]: 30 small values describe 2^30 numbers
        Bytes b = new Bytes().b(0x0A, 0, 0, 0, 1).number(1);
        for (int i = 1; i < 30; i++) {
            b.b(0x0A, 0, 0, 0, 2, 0x07, 0, i - 1, 0x07, 0, i - 1);
        }
        assertThatThrownBy(() -> decodeAll(b.bytes())).isInstanceOf(AmfException.class)
                .hasMessageContaining("expand to more than");
        // the same sharing, kept small, is fine
        Bytes small = new Bytes().b(0x0A, 0, 0, 0, 1).number(1);
        for (int i = 1; i < 10; i++) {
            small.b(0x0A, 0, 0, 0, 2, 0x07, 0, i - 1, 0x07, 0, i - 1);
        }
        assertThat(decodeAll(small.bytes())).hasSize(10);
    }
}
