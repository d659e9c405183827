package dev.camelrtmp.protocol.amf;

/** The AMF0 {@code unsupported} value (marker 0x0D). */
public enum AmfUnsupported {
    INSTANCE;

    @Override
    public String toString() {
        return "unsupported";
    }
}
