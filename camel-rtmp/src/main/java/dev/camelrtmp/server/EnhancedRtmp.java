package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Enhanced RTMP additions to {@code connect}: reading what the client announces (fourCcList,
 * videoFourCcInfoMap, audioFourCcInfoMap, capsEx) and stating what this server accepts in the reply.
 */
final class EnhancedRtmp {

    /** FourCcInfoMask bits. */
    static final int CAN_DECODE = 0x01;
    static final int CAN_ENCODE = 0x02;
    static final int CAN_FORWARD = 0x04;

    /** CapsExMask bits. */
    static final int CAPS_EX_RECONNECT = 0x01;
    static final int CAPS_EX_MULTITRACK = 0x02;
    static final int CAPS_EX_MODEX = 0x04;
    static final int CAPS_EX_TIMESTAMP_NANO_OFFSET = 0x08;

    /** What this server handles: it takes any codec as it comes (forwarding it), multitrack, ModEx, nano offsets. */
    static final int SERVER_CAPS_EX = CAPS_EX_RECONNECT | CAPS_EX_MULTITRACK | CAPS_EX_MODEX
            | CAPS_EX_TIMESTAMP_NANO_OFFSET;

    private EnhancedRtmp() {
    }

    /** Whether the client's connect command object announces any Enhanced RTMP capability. */
    static boolean isEnhancedClient(Map<String, Object> connect) {
        return connect.containsKey("fourCcList") || connect.containsKey("videoFourCcInfoMap")
                || connect.containsKey("audioFourCcInfoMap") || connect.containsKey("capsEx");
    }

    /** The client's capsEx, 0 when absent. */
    static int capsEx(Map<String, Object> connect) {
        return connect.get("capsEx") instanceof Number n ? n.intValue() : 0;
    }

    /**
     * Adds this server's capabilities to the properties of the connect {@code _result}, when the client announced
     * any: every codec the client listed (this server receives every codec as it is), "*" with CanForward in both
     * info maps, and capsEx. A legacy client's reply stays as it was.
     */
    static void answerConnect(Map<String, Object> connect, Map<String, Object> properties) {
        if (!isEnhancedClient(connect)) {
            return;
        }
        List<Object> fourCcs = new ArrayList<>();
        if (connect.get("fourCcList") instanceof List<?> list) {
            for (Object fourCc : list) {
                if (fourCc instanceof String s && s.length() <= 4) {
                    fourCcs.add(s); // only FourCCs are echoed, never whatever structure a client sent
                }
            }
        } else {
            fourCcs.add("*");
        }
        properties.put("fourCcList", fourCcs);
        Map<String, Object> forwardAny = new LinkedHashMap<>();
        forwardAny.put("*", (double) CAN_FORWARD);
        properties.put("videoFourCcInfoMap", forwardAny);
        properties.put("audioFourCcInfoMap", new LinkedHashMap<>(forwardAny));
        properties.put("capsEx", (double) SERVER_CAPS_EX);
    }
}
