package dev.camelrtmp.protocol.amf;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Amf3Test {

    private static Object roundTrip(Object value) {
        ByteBuf buf = Unpooled.buffer();
        Amf3.encode(buf, value);
        Object decoded = Amf3.decode(buf);
        assertThat(buf.isReadable()).isFalse();
        return decoded;
    }

    private static Object decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Amf3.decode(Unpooled.wrappedBuffer(b));
    }

    @Test
    void u29EdgeValues() {
        for (int v : new int[] { 0, 1, 127, 128, 16383, 16384, (1 << 21) - 1, 1 << 21, (1 << 28) - 1, -1,
                -(1 << 28) }) {
            assertThat(roundTrip(v)).as("integer " + v).isEqualTo(v);
        }
        assertThat(decode(0x04, 0x81, 0x00)).isEqualTo(128);
        assertThat(decode(0x04, 0xFF, 0xFF, 0xFF, 0xFF)).isEqualTo(-1);
        assertThat(roundTrip(1 << 28)).as("beyond 29 bits: a double").isEqualTo((double) (1 << 28));
    }

    @Test
    void roundTripsCommonTypes() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("name", "cam");
        object.put("list", new ArrayList<>(List.of(1, "a", true)));
        object.put("bytes", new byte[] { 1, 2, 3 });
        assertThat(roundTrip(null)).isNull();
        assertThat(roundTrip(AmfUndefined.INSTANCE)).isSameAs(AmfUndefined.INSTANCE);
        assertThat(roundTrip(true)).isEqualTo(true);
        assertThat(roundTrip(2.5)).isEqualTo(2.5);
        assertThat(roundTrip("héllo")).isEqualTo("héllo");
        assertThat(roundTrip(new Date(123456))).isEqualTo(new Date(123456));
        assertThat(roundTrip(new AmfXmlDocument("<x/>"))).isEqualTo(new AmfXmlDocument("<x/>"));
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) roundTrip(object);
        assertThat(decoded.get("name")).isEqualTo("cam");
        assertThat(decoded.get("list")).isEqualTo(List.of(1, "a", true));
        assertThat((byte[]) decoded.get("bytes")).containsExactly(1, 2, 3);
        AmfEcmaArray ecma = new AmfEcmaArray();
        ecma.put("k", 1);
        assertThat(roundTrip(ecma)).isEqualTo(ecma);
        AmfTypedObject typed = new AmfTypedObject("flex.Thing", new LinkedHashMap<>(Map.of("a", 1)));
        assertThat(roundTrip(typed)).isEqualTo(typed);
    }

    @Test
    void stringAndObjectReferences() {
        // array of 2: "ab", then a reference to string 0
        assertThat(decode(0x09, 0x05, 0x01, 0x06, 0x05, 'a', 'b', 0x06, 0x00)).isEqualTo(List.of("ab", "ab"));
        // array of 2: an empty object, then a reference to object 1 (object 0 is the array itself)
        Object decoded = decode(0x09, 0x05, 0x01, 0x0A, 0x0B, 0x01, 0x01, 0x0A, 0x02);
        List<?> list = (List<?>) decoded;
        assertThat(list.get(1)).isSameAs(list.get(0));
        // sealed traits, then an object using a traits reference
        Object typed = decode(0x09, 0x05, 0x01,
                0x0A, 0x13, 0x03, 'T', 0x03, 'x', 0x04, 0x01,
                0x0A, 0x01, 0x04, 0x02);
        List<?> typedList = (List<?>) typed;
        assertThat(typedList.get(0)).isEqualTo(new AmfTypedObject("T", Map.of("x", 1)));
        assertThat(typedList.get(1)).isEqualTo(new AmfTypedObject("T", Map.of("x", 2)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void vectorsDictionariesAndAssociativeArrays() {
        assertThat(decode(0x0D, 0x05, 0x00, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF)).isEqualTo(List.of(1, -1));
        assertThat(decode(0x0E, 0x03, 0x00, 0xFF, 0xFF, 0xFF, 0xFF)).isEqualTo(List.of(4294967295L));
        assertThat(decode(0x11, 0x03, 0x00, 0x06, 0x03, 'k', 0x04, 0x05)).isEqualTo(Map.of("k", 5));
        Object mixed = decode(0x09, 0x03, 0x03, 'a', 0x04, 0x01, 0x01, 0x06, 0x03, 'z');
        assertThat(mixed).isInstanceOf(AmfEcmaArray.class);
        assertThat((Map<Object, Object>) mixed).containsEntry("a", 1).containsEntry("0", "z");
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> decode(0x06, 0x02)).isInstanceOf(AmfException.class)
                .hasMessageContaining("string reference 1");
        assertThatThrownBy(() -> decode(0x0A, 0x05)).isInstanceOf(AmfException.class)
                .hasMessageContaining("traits reference 1");
        assertThatThrownBy(() -> decode(0x0A, 0x04)).isInstanceOf(AmfException.class)
                .hasMessageContaining("object reference 2");
        assertThatThrownBy(() -> decode(0x0A, 0x07, 0x03, 'X')).isInstanceOf(AmfException.class)
                .hasMessageContaining("externalizable class 'X'");
        assertThatThrownBy(() -> decode(0x12)).isInstanceOf(AmfException.class)
                .hasMessageContaining("unknown type marker 0x12");
        assertThatThrownBy(() -> decode(0x0C, 0xFF, 0xFF, 0xFF, 0x7F)).isInstanceOf(AmfException.class)
                .hasMessageContaining("truncated byte array");
        assertThatThrownBy(() -> decode(0x04, 0x80)).isInstanceOf(AmfException.class)
                .hasMessageContaining("truncated U29");
        byte[] deep = new byte[300_000];
        for (int i = 0; i < deep.length; i += 3) {
            deep[i] = 0x09;
            deep[i + 1] = 0x03;
            deep[i + 2] = 0x01;
        }
        assertThatThrownBy(() -> Amf3.decode(Unpooled.wrappedBuffer(deep))).isInstanceOf(AmfException.class)
                .hasMessageContaining("nested deeper");
    }
}
