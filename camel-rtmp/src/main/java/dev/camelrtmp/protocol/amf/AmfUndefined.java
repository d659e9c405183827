package dev.camelrtmp.protocol.amf;

/** The AMF {@code undefined} value (AMF0 marker 0x06, AMF3 marker 0x00). */
public enum AmfUndefined {
    INSTANCE;

    @Override
    public String toString() {
        return "undefined";
    }
}
