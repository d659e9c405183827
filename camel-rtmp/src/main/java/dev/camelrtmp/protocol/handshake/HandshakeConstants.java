package dev.camelrtmp.protocol.handshake;

/** Sizes and version numbers of the RTMP handshake (RTMP specification section 5.2). */
public final class HandshakeConstants {

    /** The RTMP version byte of C0 and S0. */
    public static final int RTMP_VERSION = 3;
    /** The size of C1, S1, C2 and S2. */
    public static final int PACKET_SIZE = 1536;

    private HandshakeConstants() {
    }
}
