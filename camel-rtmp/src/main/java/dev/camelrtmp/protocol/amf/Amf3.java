package dev.camelrtmp.protocol.amf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;

/**
 * AMF3 decoding (all markers, with string, object and traits reference tables) and encoding of the common types.
 * Java types as for {@link Amf0}, plus Integer (AMF3 integer), {@code byte[]} (ByteArray), lists for vectors and
 * {@code LinkedHashMap<Object,Object>} for dictionaries. AMF3 appears in RTMP inside AMF0 values after the
 * avmplus-object marker (0x11), as command messages of type 17 and data messages of type 15 use it.
 */
public final class Amf3 {

    static final int UNDEFINED = 0x00;
    static final int NULL = 0x01;
    static final int FALSE = 0x02;
    static final int TRUE = 0x03;
    static final int INTEGER = 0x04;
    static final int DOUBLE = 0x05;
    static final int STRING = 0x06;
    static final int XML_DOC = 0x07;
    static final int DATE = 0x08;
    static final int ARRAY = 0x09;
    static final int OBJECT = 0x0A;
    static final int XML = 0x0B;
    static final int BYTE_ARRAY = 0x0C;
    static final int VECTOR_INT = 0x0D;
    static final int VECTOR_UINT = 0x0E;
    static final int VECTOR_DOUBLE = 0x0F;
    static final int VECTOR_OBJECT = 0x10;
    static final int DICTIONARY = 0x11;

    static final int INT_MIN = -(1 << 28);
    static final int INT_MAX = (1 << 28) - 1;

    private Amf3() {
    }

    public static Object decode(ByteBuf in) {
        return decode(in, Amf0.DEFAULT_MAX_DEPTH);
    }

    public static Object decode(ByteBuf in, int maxDepth) {
        return new Reader(in, maxDepth, new ExpansionBudget()).value(0);
    }

    /** Decodes within an AMF0 value (after the 0x11 switch), counting against the caller's budget. */
    static Object decode(ByteBuf in, int maxDepth, ExpansionBudget budget) {
        return new Reader(in, maxDepth, budget).value(0);
    }

    public static void encode(ByteBuf out, Object value) {
        new Writer(out).value(value);
    }

    private record Traits(String className, boolean dynamic, boolean externalizable, List<String> sealed) {
    }

    private static final class Reader {
        private final ByteBuf in;
        private final int maxDepth;
        private final List<String> strings = new ArrayList<>();
        private final List<Object> objects = new ArrayList<>();
        private final List<Traits> traits = new ArrayList<>();
        /** Containers whose members are being decoded: a reference to one of them would make a cycle. */
        private final java.util.Set<Object> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        private final ExpansionBudget budget;
        private boolean lastWasReference;

        Reader(ByteBuf in, int maxDepth, ExpansionBudget budget) {
            this.in = in;
            this.maxDepth = maxDepth;
            this.budget = budget;
        }

        private AmfException error(String what) {
            return new AmfException("AMF3: " + what + " at offset " + in.readerIndex());
        }

        private void need(long bytes, String what) {
            if (in.readableBytes() < bytes) {
                throw error("truncated " + what + " (" + bytes + " bytes needed, " + in.readableBytes() + " left)");
            }
        }

        /** An unsigned 29-bit integer, 1 to 4 bytes. */
        int u29() {
            int result = 0;
            for (int i = 0; i < 3; i++) {
                need(1, "U29");
                int b = in.readUnsignedByte();
                result = (result << 7) | (b & 0x7F);
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            need(1, "U29");
            return (result << 8) | in.readUnsignedByte();
        }

        private Object reference(int header, String what) {
            int index = header >>> 1;
            if (index >= objects.size()) {
                throw error(what + " reference " + index + " to one of " + objects.size() + " objects");
            }
            Object target = objects.get(index);
            if (target != null && open.contains(target)) {
                throw error(what + " reference " + index + " to an enclosing value: cyclic data is not accepted");
            }
            lastWasReference = true;
            return target;
        }

        /** Decodes a container's members with the container marked open. */
        private <T> T members(T container, Runnable decode) {
            open.add(container);
            decode.run();
            open.remove(container);
            return container;
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
                case UNDEFINED:
                    return AmfUndefined.INSTANCE;
                case NULL:
                    return null;
                case FALSE:
                    return Boolean.FALSE;
                case TRUE:
                    return Boolean.TRUE;
                case INTEGER:
                    return (u29() << 3) >> 3; // sign-extend 29 bits
                case DOUBLE:
                    need(8, "double");
                    return in.readDouble();
                case STRING:
                    return string();
                case XML_DOC:
                case XML: {
                    int header = u29();
                    if ((header & 1) == 0) {
                        return reference(header, "XML");
                    }
                    AmfXmlDocument xml = new AmfXmlDocument(utf8(header >>> 1));
                    objects.add(xml);
                    return xml;
                }
                case DATE: {
                    int header = u29();
                    if ((header & 1) == 0) {
                        return reference(header, "date");
                    }
                    need(8, "date");
                    Date date = new Date((long) in.readDouble());
                    objects.add(date);
                    return date;
                }
                case ARRAY:
                    return array(depth);
                case OBJECT:
                    return object(depth);
                case BYTE_ARRAY: {
                    int header = u29();
                    if ((header & 1) == 0) {
                        return reference(header, "byte array");
                    }
                    int length = header >>> 1;
                    need(length, "byte array");
                    byte[] bytes = new byte[length];
                    in.readBytes(bytes);
                    objects.add(bytes);
                    return bytes;
                }
                case VECTOR_INT:
                case VECTOR_UINT:
                case VECTOR_DOUBLE:
                case VECTOR_OBJECT:
                    return vector(marker, depth);
                case DICTIONARY:
                    return dictionary(depth);
                default:
                    throw error("unknown type marker 0x" + Integer.toHexString(marker));
            }
        }

        String string() {
            int header = u29();
            if ((header & 1) == 0) {
                int index = header >>> 1;
                if (index >= strings.size()) {
                    throw error("string reference " + index + " to one of " + strings.size() + " strings");
                }
                return strings.get(index);
            }
            String s = utf8(header >>> 1);
            if (!s.isEmpty()) {
                strings.add(s);
            }
            return s;
        }

        private String utf8(int length) {
            need(length, "string");
            return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
        }

        private Object array(int depth) {
            int header = u29();
            if ((header & 1) == 0) {
                return reference(header, "array");
            }
            int dense = header >>> 1;
            if (dense > in.readableBytes()) {
                throw error("array of " + dense + " values in " + in.readableBytes() + " bytes");
            }
            String key = string();
            if (key.isEmpty()) {
                List<Object> list = new ArrayList<>(dense);
                objects.add(list);
                return members(list, () -> {
                    for (int i = 0; i < dense; i++) {
                        list.add(value(depth + 1));
                    }
                });
            }
            AmfEcmaArray map = new AmfEcmaArray();
            objects.add(map);
            String first = key;
            return members(map, () -> {
                String name = first;
                while (!name.isEmpty()) {
                    map.put(name, value(depth + 1));
                    name = string();
                }
                for (int i = 0; i < dense; i++) {
                    map.put(String.valueOf(i), value(depth + 1));
                }
            });
        }

        private Object object(int depth) {
            int header = u29();
            if ((header & 1) == 0) {
                return reference(header, "object");
            }
            Traits t;
            if ((header & 2) == 0) {
                int index = header >>> 2;
                if (index >= traits.size()) {
                    throw error("traits reference " + index + " to one of " + traits.size() + " traits");
                }
                t = traits.get(index);
            } else {
                boolean externalizable = (header & 4) != 0;
                boolean dynamic = (header & 8) != 0;
                int sealedCount = header >>> 4;
                if (sealedCount > in.readableBytes()) {
                    throw error(sealedCount + " sealed members in " + in.readableBytes() + " bytes");
                }
                String className = string();
                List<String> sealed = new ArrayList<>(sealedCount);
                for (int i = 0; i < sealedCount; i++) {
                    sealed.add(string());
                }
                t = new Traits(className, dynamic, externalizable, sealed);
                traits.add(t);
            }
            if (t.externalizable()) {
                if (t.className().equals("flex.messaging.io.ArrayCollection")
                        || t.className().equals("flex.messaging.io.ObjectProxy")
                        || t.className().equals("ArrayCollection")) {
                    int slot = objects.size();
                    objects.add(null); // a reference to the collection while it is read finds null
                    Object wrapped = value(depth + 1);
                    objects.set(slot, wrapped);
                    return wrapped;
                }
                throw error("externalizable class '" + t.className() + "' is not supported");
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            Object result = t.className().isEmpty() ? properties : new AmfTypedObject(t.className(), properties);
            objects.add(result);
            Traits traits = t;
            return members(result, () -> {
                for (String name : traits.sealed()) {
                    properties.put(name, value(depth + 1));
                }
                if (traits.dynamic()) {
                    String name = string();
                    while (!name.isEmpty()) {
                        properties.put(name, value(depth + 1));
                        name = string();
                    }
                }
            });
        }

        private Object vector(int marker, int depth) {
            int header = u29();
            if ((header & 1) == 0) {
                return reference(header, "vector");
            }
            int count = header >>> 1;
            need(1, "vector fixed flag");
            in.readByte();
            int elementSize = marker == VECTOR_DOUBLE ? 8 : marker == VECTOR_OBJECT ? 1 : 4;
            need((long) count * elementSize, "vector");
            List<Object> list = new ArrayList<>(count);
            objects.add(list);
            if (marker == VECTOR_OBJECT) {
                string(); // the element type name
            }
            return members(list, () -> {
                for (int i = 0; i < count; i++) {
                    switch (marker) {
                        case VECTOR_INT -> list.add(in.readInt());
                        case VECTOR_UINT -> list.add(in.readUnsignedInt());
                        case VECTOR_DOUBLE -> list.add(in.readDouble());
                        default -> list.add(value(depth + 1));
                    }
                }
            });
        }

        private Object dictionary(int depth) {
            int header = u29();
            if ((header & 1) == 0) {
                return reference(header, "dictionary");
            }
            int count = header >>> 1;
            if (count > in.readableBytes()) {
                throw error("dictionary of " + count + " entries in " + in.readableBytes() + " bytes");
            }
            need(1, "dictionary weak-keys flag");
            in.readByte();
            Map<Object, Object> map = new LinkedHashMap<>();
            objects.add(map);
            return members(map, () -> {
                for (int i = 0; i < count; i++) {
                    Object key = value(depth + 1);
                    map.put(key, value(depth + 1));
                }
            });
        }
    }

    private static final class Writer {
        private final ByteBuf out;

        Writer(ByteBuf out) {
            this.out = out;
        }

        void u29(int value) {
            int v = value & 0x1FFFFFFF;
            if (v < 0x80) {
                out.writeByte(v);
            } else if (v < 0x4000) {
                out.writeByte((v >> 7) | 0x80);
                out.writeByte(v & 0x7F);
            } else if (v < 0x200000) {
                out.writeByte((v >> 14) | 0x80);
                out.writeByte(((v >> 7) & 0x7F) | 0x80);
                out.writeByte(v & 0x7F);
            } else {
                out.writeByte((v >> 22) | 0x80);
                out.writeByte(((v >> 15) & 0x7F) | 0x80);
                out.writeByte(((v >> 8) & 0x7F) | 0x80);
                out.writeByte(v & 0xFF);
            }
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u29((utf8.length << 1) | 1);
            out.writeBytes(utf8);
        }

        void value(Object value) {
            if (value == null) {
                out.writeByte(NULL);
            } else if (value == AmfUndefined.INSTANCE) {
                out.writeByte(UNDEFINED);
            } else if (value instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else if ((value instanceof Integer || value instanceof Short || value instanceof Byte)
                    && ((Number) value).intValue() >= INT_MIN && ((Number) value).intValue() <= INT_MAX) {
                out.writeByte(INTEGER);
                u29(((Number) value).intValue());
            } else if (value instanceof Number n) {
                out.writeByte(DOUBLE);
                out.writeDouble(n.doubleValue());
            } else if (value instanceof CharSequence s) {
                out.writeByte(STRING);
                string(s.toString());
            } else if (value instanceof Date d) {
                out.writeByte(DATE);
                u29(1);
                out.writeDouble(d.getTime());
            } else if (value instanceof AmfXmlDocument x) {
                out.writeByte(XML_DOC);
                byte[] utf8 = x.xml().getBytes(StandardCharsets.UTF_8);
                u29((utf8.length << 1) | 1);
                out.writeBytes(utf8);
            } else if (value instanceof byte[] bytes) {
                out.writeByte(BYTE_ARRAY);
                u29((bytes.length << 1) | 1);
                out.writeBytes(bytes);
            } else if (value instanceof List<?> list) {
                out.writeByte(ARRAY);
                u29((list.size() << 1) | 1);
                string("");
                for (Object element : list) {
                    value(element);
                }
            } else if (value instanceof AmfEcmaArray map) {
                out.writeByte(ARRAY);
                u29(1);
                for (Map.Entry<String, Object> e : map.entrySet()) {
                    string(e.getKey());
                    value(e.getValue());
                }
                string("");
            } else if (value instanceof AmfTypedObject t) {
                object(t.className(), t.properties());
            } else if (value instanceof Map<?, ?> map) {
                object("", map);
            } else {
                throw new IllegalArgumentException("AMF3 cannot encode " + value.getClass().getName());
            }
        }

        /** An object with inline traits, no sealed members and every property dynamic. */
        private void object(String className, Map<?, ?> properties) {
            out.writeByte(OBJECT);
            u29(0x0B); // inline object, inline traits, dynamic, 0 sealed members
            string(className);
            for (Map.Entry<?, ?> e : properties.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("AMF3 dynamic property names cannot be empty");
                }
                string(name);
                value(e.getValue());
            }
            string("");
        }
    }
}
