package dev.camelrtmp.protocol;

/**
 * RTMP message type ids, as numbered by the RTMP specification (section 5.4 and 7.1).
 */
public final class MessageType {

    public static final int SET_CHUNK_SIZE = 1;
    public static final int ABORT = 2;
    public static final int ACKNOWLEDGEMENT = 3;
    public static final int USER_CONTROL = 4;
    public static final int WINDOW_ACKNOWLEDGEMENT_SIZE = 5;
    public static final int SET_PEER_BANDWIDTH = 6;
    public static final int AUDIO = 8;
    public static final int VIDEO = 9;
    public static final int DATA_AMF3 = 15;
    public static final int SHARED_OBJECT_AMF3 = 16;
    public static final int COMMAND_AMF3 = 17;
    public static final int DATA_AMF0 = 18;
    public static final int SHARED_OBJECT_AMF0 = 19;
    public static final int COMMAND_AMF0 = 20;
    public static final int AGGREGATE = 22;

    private MessageType() {
    }

    /** Whether the type is one of the protocol control messages (1 to 6), sent on message stream 0. */
    public static boolean isProtocolControl(int type) {
        return type >= SET_CHUNK_SIZE && type <= SET_PEER_BANDWIDTH;
    }

    /** A short name for logs. */
    public static String name(int type) {
        switch (type) {
            case SET_CHUNK_SIZE: return "SetChunkSize";
            case ABORT: return "Abort";
            case ACKNOWLEDGEMENT: return "Acknowledgement";
            case USER_CONTROL: return "UserControl";
            case WINDOW_ACKNOWLEDGEMENT_SIZE: return "WindowAcknowledgementSize";
            case SET_PEER_BANDWIDTH: return "SetPeerBandwidth";
            case AUDIO: return "Audio";
            case VIDEO: return "Video";
            case DATA_AMF3: return "DataAMF3";
            case SHARED_OBJECT_AMF3: return "SharedObjectAMF3";
            case COMMAND_AMF3: return "CommandAMF3";
            case DATA_AMF0: return "DataAMF0";
            case SHARED_OBJECT_AMF0: return "SharedObjectAMF0";
            case COMMAND_AMF0: return "CommandAMF0";
            case AGGREGATE: return "Aggregate";
            default: return "Type" + type;
        }
    }
}
