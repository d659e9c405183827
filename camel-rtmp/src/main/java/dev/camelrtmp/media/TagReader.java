package dev.camelrtmp.media;

import java.nio.charset.StandardCharsets;

import dev.camelrtmp.protocol.RtmpProtocolException;

/** Bounds-checked big-endian reads over a tag body. */
final class TagReader {

    private final byte[] body;
    private final String what;
    int pos;

    TagReader(byte[] body, String what) {
        this.body = body;
        this.what = what;
    }

    int remaining() {
        return body.length - pos;
    }

    private void need(int n, String field) {
        if (body.length - pos < n) {
            throw new RtmpProtocolException(what + ": truncated " + field + " at offset " + pos + " of "
                    + body.length);
        }
    }

    int u8(String field) {
        need(1, field);
        return body[pos++] & 0xFF;
    }

    int u16(String field) {
        need(2, field);
        int v = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    int u24(String field) {
        need(3, field);
        int v = ((body[pos] & 0xFF) << 16) | ((body[pos + 1] & 0xFF) << 8) | (body[pos + 2] & 0xFF);
        pos += 3;
        return v;
    }

    int s24(String field) {
        return (u24(field) << 8) >> 8;
    }

    String fourCc(String field) {
        need(4, field);
        String s = new String(body, pos, 4, StandardCharsets.ISO_8859_1);
        pos += 4;
        return s;
    }

    void skip(int n, String field) {
        need(n, field);
        pos += n;
    }
}
