package dev.camelrtmp.protocol.amf;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Counts the values one decode call stands for once references are followed. A few hundred bytes of nested shared
 * references can describe a tree of 2^40 values: harmless to decode (references share objects), but any later
 * walk (toString, equals, re-encoding) would never end. Past {@link #MAX_VALUES} the input is refused.
 */
final class ExpansionBudget {

    static final long MAX_VALUES = 1L << 20;

    private final Map<Object, Long> sizes = new IdentityHashMap<>();
    private long values;

    long values() {
        return values;
    }

    /**
     * Accounts for one decoded value.
     *
     * @param before     {@link #values()} when its decoding started
     * @param value      the value
     * @param referenced whether it was a reference to an earlier value
     */
    void count(long before, Object value, boolean referenced) {
        if (referenced) {
            values += value == null ? 1 : sizes.getOrDefault(value, 1L);
        } else {
            values++;
            if (value instanceof Map || value instanceof java.util.List || value instanceof AmfTypedObject) {
                sizes.putIfAbsent(value, values - before);
            }
        }
        if (values > MAX_VALUES) {
            throw new AmfException("AMF: references expand to more than " + MAX_VALUES + " values");
        }
    }
}
