package dev.camelrtmp.protocol.amf;

import dev.camelrtmp.protocol.RtmpProtocolException;

/** Malformed or unsupported AMF data. */
public class AmfException extends RtmpProtocolException {

    private static final long serialVersionUID = 1L;

    public AmfException(String message) {
        super(message);
    }
}
