package dev.camelrtmp.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.camelrtmp.protocol.amf.Amf0;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A command message (RTMP 7.1.1 and 7.2): a name, a transaction id, a command object and further arguments,
 * AMF0-encoded in a type 20 message, or in a type 17 message after a format byte (where values may switch to AMF3).
 *
 * @param name          the command name, e.g. {@code connect}
 * @param transactionId the transaction id; a reply echoes it
 * @param commandObject the command object (a Map, or null)
 * @param arguments     the values after the command object
 */
public record Command(String name, double transactionId, Object commandObject, List<Object> arguments) {

    /** The chunk stream NetConnection commands and their replies travel on. */
    public static final int CHUNK_STREAM_ID = 3;
    /** The chunk stream NetStream status messages travel on. */
    public static final int STREAM_CHUNK_STREAM_ID = 5;

    public Command {
        arguments = arguments == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(arguments));
    }

    /** The argument at {@code index} after the command object, or null when absent. */
    public Object argument(int index) {
        return index < arguments.size() ? arguments.get(index) : null;
    }

    /** Decodes a command message of type 20 or 17. */
    public static Command decode(RtmpMessage message, int maxAmfDepth) {
        byte[] payload = message.payload();
        int offset = 0;
        if (message.typeId() == MessageType.COMMAND_AMF3 && payload.length > 0 && payload[0] == 0) {
            offset = 1; // the AMF3 command message's format selector
        }
        ByteBuf in = Unpooled.wrappedBuffer(payload, offset, payload.length - offset);
        List<Object> values = Amf0.decodeAll(in, maxAmfDepth);
        if (values.isEmpty() || !(values.get(0) instanceof String)) {
            throw new RtmpProtocolException("command message without a command name");
        }
        String name = (String) values.get(0);
        double transactionId = values.size() > 1 && values.get(1) instanceof Number n ? n.doubleValue() : 0;
        Object commandObject = values.size() > 2 ? values.get(2) : null;
        List<Object> arguments = values.size() > 3 ? values.subList(3, values.size()) : List.of();
        return new Command(name, transactionId, commandObject, arguments);
    }

    /**
     * Encodes this command as a message.
     *
     * @param type            {@link MessageType#COMMAND_AMF0} or {@link MessageType#COMMAND_AMF3}
     * @param chunkStreamId   the chunk stream to send it on
     * @param messageStreamId the message stream (0 for NetConnection commands)
     */
    public RtmpMessage toMessage(int type, int chunkStreamId, int messageStreamId) {
        Object[] values = new Object[3 + arguments.size()];
        values[0] = name;
        values[1] = transactionId;
        values[2] = commandObject;
        for (int i = 0; i < arguments.size(); i++) {
            values[3 + i] = arguments.get(i);
        }
        byte[] amf = Amf0.encodeAll(values);
        if (type == MessageType.COMMAND_AMF3) {
            byte[] withFormat = new byte[amf.length + 1];
            System.arraycopy(amf, 0, withFormat, 1, amf.length);
            amf = withFormat;
        }
        return new RtmpMessage(chunkStreamId, type, 0, messageStreamId, amf);
    }

    @Override
    public String toString() {
        return name + "(" + (long) transactionId + ", " + commandObject + ", " + arguments + ")";
    }
}
