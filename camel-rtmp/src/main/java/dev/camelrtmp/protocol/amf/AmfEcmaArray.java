package dev.camelrtmp.protocol.amf;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA array (associative array, marker 0x08), as {@code onMetaData} is usually sent; ordered like a
 * {@link LinkedHashMap}. Encoded back as an ECMA array rather than an object.
 */
public class AmfEcmaArray extends LinkedHashMap<String, Object> {

    private static final long serialVersionUID = 1L;

    public AmfEcmaArray() {
    }

    public AmfEcmaArray(Map<String, ?> values) {
        super(values);
    }
}
