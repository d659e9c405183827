package dev.camelrtmp.protocol.amf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * AMF0 (Action Message Format 0) decoding and encoding, complete: number, boolean, string, object, null, undefined,
 * reference, ECMA array, strict array, date, long string, unsupported, XML document, typed object and the switch to
 * AMF3. Java types: Double, Boolean, String, {@code LinkedHashMap<String,Object>}, null, {@link AmfUndefined},
 * {@link AmfEcmaArray}, {@code ArrayList<Object>}, {@link Date}, {@link AmfUnsupported}, {@link AmfXmlDocument},
 * {@link AmfTypedObject}. Malformed input raises {@link AmfException}; no declared length is trusted for allocation.
 */
public final class Amf0 {

    public static final int DEFAULT_MAX_DEPTH = 64;

    static final int NUMBER = 0x00;
    static final int BOOLEAN = 0x01;
    static final int STRING = 0x02;
    static final int OBJECT = 0x03;
    static final int MOVIECLIP = 0x04;
    static final int NULL = 0x05;
    static final int UNDEFINED = 0x06;
    static final int REFERENCE = 0x07;
    static final int ECMA_ARRAY = 0x08;
    static final int OBJECT_END = 0x09;
    static final int STRICT_ARRAY = 0x0A;
    static final int DATE = 0x0B;
    static final int LONG_STRING = 0x0C;
    static final int UNSUPPORTED = 0x0D;
    static final int RECORDSET = 0x0E;
    static final int XML_DOCUMENT = 0x0F;
    static final int TYPED_OBJECT = 0x10;
    static final int AVMPLUS_OBJECT = 0x11;

    private Amf0() {
    }

    public static Object decode(ByteBuf in) {
        return decode(in, DEFAULT_MAX_DEPTH);
    }

    public static Object decode(ByteBuf in, int maxDepth) {
        return new Reader(in, maxDepth).value(0);
    }

    public static List<Object> decodeAll(ByteBuf in) {
        return decodeAll(in, DEFAULT_MAX_DEPTH);
    }

    /** Decodes values until the buffer is empty; references may point into earlier values of the same call. */
    public static List<Object> decodeAll(ByteBuf in, int maxDepth) {
        Reader reader = new Reader(in, maxDepth);
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(reader.value(0));
        }
        return values;
    }

    public static void encode(ByteBuf out, Object value) {
        new Writer(out).value(value);
    }

    /** Encodes the values in order into a new array. */
    public static byte[] encodeAll(Object... values) {
        ByteBuf out = Unpooled.buffer();
        Writer writer = new Writer(out);
        for (Object value : values) {
            writer.value(value);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static final class Reader {
        private final ByteBuf in;
        private final int maxDepth;
        private final List<Object> references = new ArrayList<>();
        private final ExpansionBudget budget = new ExpansionBudget();
        private boolean lastWasReference;
        /** Containers whose members are being decoded: a reference to one of them would make a cycle. */
        private final java.util.Set<Object> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        Reader(ByteBuf in, int maxDepth) {
            this.in = in;
            this.maxDepth = maxDepth;
        }

        private AmfException error(String what) {
            return new AmfException("AMF0: " + what + " at offset " + in.readerIndex());
        }

        private void need(int bytes, String what) {
            if (in.readableBytes() < bytes) {
                throw error("truncated " + what + " (" + bytes + " bytes needed, " + in.readableBytes() + " left)");
            }
        }

        Object value(int depth) {
            long before = budget.values();
            lastWasReference = false;
            Object value = read(depth);
            budget.count(before, value, lastWasReference);
            lastWasReference = false;
            return value;
        }

        private Object read(int depth) {
            if (depth > maxDepth) {
                throw error("values nested deeper than " + maxDepth);
            }
            need(1, "type marker");
            int marker = in.readUnsignedByte();
            switch (marker) {
                case NUMBER:
                    need(8, "number");
                    return in.readDouble();
                case BOOLEAN:
                    need(1, "boolean");
                    return in.readByte() != 0;
                case STRING:
                    return shortString();
                case LONG_STRING:
                    return longString();
                case OBJECT: {
                    Map<String, Object> object = new LinkedHashMap<>();
                    references.add(object);
                    properties(object, depth, false);
                    return object;
                }
                case NULL:
                    return null;
                case UNDEFINED:
                    return AmfUndefined.INSTANCE;
                case REFERENCE: {
                    need(2, "reference");
                    int index = in.readUnsignedShort();
                    if (index >= references.size()) {
                        throw error("reference " + index + " to one of " + references.size() + " objects");
                    }
                    Object target = references.get(index);
                    if (open.contains(target)) {
                        throw error("reference " + index + " to an enclosing value: cyclic data is not accepted");
                    }
                    lastWasReference = true;
                    return target;
                }
                case ECMA_ARRAY: {
                    need(4, "ECMA array count");
                    in.readInt(); // only a hint: encoders write wrong counts
                    AmfEcmaArray array = new AmfEcmaArray();
                    references.add(array);
                    properties(array, depth, true);
                    return array;
                }
                case STRICT_ARRAY: {
                    need(4, "strict array count");
                    long count = in.readUnsignedInt();
                    if (count > in.readableBytes()) {
                        throw error("strict array of " + count + " values in " + in.readableBytes() + " bytes");
                    }
                    List<Object> list = new ArrayList<>((int) count);
                    references.add(list);
                    open.add(list);
                    for (long i = 0; i < count; i++) {
                        list.add(value(depth + 1));
                    }
                    open.remove(list);
                    return list;
                }
                case DATE: {
                    need(10, "date");
                    double millis = in.readDouble();
                    in.readShort(); // time zone: reserved, should be 0
                    return new Date((long) millis);
                }
                case UNSUPPORTED:
                    return AmfUnsupported.INSTANCE;
                case XML_DOCUMENT:
                    return new AmfXmlDocument(longString());
                case TYPED_OBJECT: {
                    String className = shortString();
                    Map<String, Object> properties = new LinkedHashMap<>();
                    AmfTypedObject typed = new AmfTypedObject(className, properties);
                    references.add(typed);
                    open.add(typed);
                    properties(properties, depth, false);
                    open.remove(typed);
                    return typed;
                }
                case AVMPLUS_OBJECT:
                    return Amf3.decode(in, maxDepth - depth, budget);
                case OBJECT_END:
                    throw error("object end marker outside an object");
                case MOVIECLIP:
                case RECORDSET:
                    throw error("reserved type marker 0x" + Integer.toHexString(marker));
                default:
                    throw error("unknown type marker 0x" + Integer.toHexString(marker));
            }
        }

        /** Reads name/value pairs up to the object end (an empty name and marker 0x09). */
        private void properties(Map<String, Object> target, int depth, boolean lenientEnd) {
            open.add(target);
            readProperties(target, depth, lenientEnd);
            open.remove(target);
        }

        private void readProperties(Map<String, Object> target, int depth, boolean lenientEnd) {
            while (true) {
                if (lenientEnd && in.readableBytes() == 0) {
                    return; // ECMA arrays that lack their end marker at the end of a message
                }
                need(2, "property name");
                int length = in.getUnsignedShort(in.readerIndex());
                if (length == 0) {
                    need(3, "object end");
                    if (in.getUnsignedByte(in.readerIndex() + 2) == OBJECT_END) {
                        in.skipBytes(3);
                        return;
                    }
                }
                String name = shortString();
                target.put(name, value(depth + 1));
            }
        }

        private String shortString() {
            need(2, "string length");
            int length = in.readUnsignedShort();
            need(length, "string");
            return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
        }

        private String longString() {
            need(4, "long string length");
            long length = in.readUnsignedInt();
            if (length > in.readableBytes()) {
                throw error("truncated long string (" + length + " bytes declared, " + in.readableBytes() + " left)");
            }
            return in.readCharSequence((int) length, StandardCharsets.UTF_8).toString();
        }
    }

    private static final class Writer {
        private final ByteBuf out;
        private final Map<Object, Object> inProgress = new IdentityHashMap<>();

        Writer(ByteBuf out) {
            this.out = out;
        }

        void value(Object value) {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value instanceof Number n) {
                out.writeByte(NUMBER);
                out.writeDouble(n.doubleValue());
            } else if (value instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeByte(b ? 1 : 0);
            } else if (value instanceof CharSequence s) {
                byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
                if (utf8.length > 0xFFFF) {
                    out.writeByte(LONG_STRING);
                    out.writeInt(utf8.length);
                } else {
                    out.writeByte(STRING);
                    out.writeShort(utf8.length);
                }
                out.writeBytes(utf8);
            } else if (value == AmfUndefined.INSTANCE) {
                out.writeByte(UNDEFINED);
            } else if (value == AmfUnsupported.INSTANCE) {
                out.writeByte(UNSUPPORTED);
            } else if (value instanceof Date d) {
                out.writeByte(DATE);
                out.writeDouble(d.getTime());
                out.writeShort(0);
            } else if (value instanceof AmfXmlDocument x) {
                byte[] utf8 = x.xml().getBytes(StandardCharsets.UTF_8);
                out.writeByte(XML_DOCUMENT);
                out.writeInt(utf8.length);
                out.writeBytes(utf8);
            } else if (value instanceof AmfTypedObject t) {
                enter(t);
                out.writeByte(TYPED_OBJECT);
                name(t.className());
                properties(t.properties());
                inProgress.remove(t);
            } else if (value instanceof AmfEcmaArray a) {
                enter(a);
                out.writeByte(ECMA_ARRAY);
                out.writeInt(a.size());
                properties(a);
                inProgress.remove(a);
            } else if (value instanceof Map<?, ?> m) {
                enter(m);
                out.writeByte(OBJECT);
                properties(m);
                inProgress.remove(m);
            } else if (value instanceof List<?> list) {
                enter(list);
                out.writeByte(STRICT_ARRAY);
                out.writeInt(list.size());
                for (Object element : list) {
                    value(element);
                }
                inProgress.remove(list);
            } else if (value instanceof Object[] array) {
                value(java.util.Arrays.asList(array));
            } else {
                throw new IllegalArgumentException("AMF0 cannot encode " + value.getClass().getName());
            }
        }

        private void enter(Object container) {
            if (inProgress.put(container, container) != null) {
                throw new IllegalArgumentException("AMF0: cannot encode a value that contains itself");
            }
        }

        private void properties(Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                name(String.valueOf(e.getKey()));
                value(e.getValue());
            }
            out.writeShort(0);
            out.writeByte(OBJECT_END);
        }

        private void name(String name) {
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xFFFF) {
                throw new IllegalArgumentException("AMF0 property name longer than 65535 bytes");
            }
            out.writeShort(utf8.length);
            out.writeBytes(utf8);
        }
    }
}
