package dev.camelrtmp.component;

import org.apache.camel.spi.Metadata;

/**
 * The headers the RTMP consumer sets on each Exchange.
 */
public final class RtmpConstants {

    @Metadata(description = "The application the stream was published to (from connect's app, without query).",
              javaType = "String")
    public static final String APPLICATION = "CamelRtmpApplication";
    @Metadata(description = "The stream key: the published stream name without its query string.", javaType = "String")
    public static final String STREAM_KEY = "CamelRtmpStreamKey";
    @Metadata(description = "The stream name exactly as published, with any query string (key?token=...).",
              javaType = "String")
    public static final String STREAM_NAME = "CamelRtmpStreamName";
    @Metadata(description = "The publisher's address, host:port; on PLAY_START and PLAY_END the player's.",
              javaType = "String")
    public static final String CLIENT_ADDRESS = "CamelRtmpClientAddress";
    @Metadata(description = "An id of the publisher's connection (on PLAY_START and PLAY_END the player's), unique "
                            + "within the server.",
              javaType = "String")
    public static final String CONNECTION_ID = "CamelRtmpConnectionId";
    @Metadata(description = "What the Exchange carries: AUDIO, VIDEO or DATA (an FLV tag body each), or EVENT (a "
                            + "lifecycle event, no body).",
              javaType = "String", enums = "AUDIO,VIDEO,DATA,EVENT")
    public static final String MESSAGE_TYPE = "CamelRtmpMessageType";
    @Metadata(description = "The RTMP message type id: 8 audio, 9 video, 18 AMF0 data, 15 AMF3 data.",
              javaType = "Integer")
    public static final String MESSAGE_TYPE_ID = "CamelRtmpMessageTypeId";
    @Metadata(description = "The message stream id the stream is published on (on PLAY_START and PLAY_END: played "
                            + "on; 0 over HTTP-FLV).",
              javaType = "Integer")
    public static final String MESSAGE_STREAM_ID = "CamelRtmpMessageStreamId";
    @Metadata(description = "The timestamp in milliseconds (extended timestamps applied; counts on past the 32-bit "
                            + "wrap).",
              javaType = "Long")
    public static final String TIMESTAMP = "CamelRtmpTimestamp";
    @Metadata(description = "The codec: for video AVC, HEVC, AV1, VP9, VP8, SORENSON_H263, SCREEN, VP6, VP6_ALPHA, "
                            + "SCREEN_V2; for audio AAC, MP3, OPUS, FLAC, AC3, EAC3, SPEEX, LINEAR_PCM_LE, "
                            + "G711_ALAW, G711_MULAW, NELLYMOSER...",
              javaType = "String")
    public static final String CODEC = "CamelRtmpCodec";
    @Metadata(description = "Audio and video: the codec's FourCC (Enhanced RTMP: avc1, hvc1, av01, vp09, vp08, vvc1, "
                            + "mp4a, .mp3, Opus, fLaC, ac-3, ec-3; legacy AVC, HEVC, AAC and MP3 get theirs too).",
              javaType = "String")
    public static final String FOURCC = "CamelRtmpFourCc";
    @Metadata(description = "Audio and video: the track id; 0 (the default track) unless the message is an Enhanced "
                            + "RTMP multitrack message. A message carrying several tracks becomes one Exchange per "
                            + "track.",
              javaType = "Integer")
    public static final String TRACK_ID = "CamelRtmpTrackId";
    @Metadata(description = "Audio and video: whether the tag has an Enhanced RTMP header (ExHeader).",
              javaType = "Boolean")
    public static final String ENHANCED = "CamelRtmpEnhanced";
    @Metadata(description = "Audio and video: the Enhanced RTMP ModEx timestamp offset in nanoseconds (0 to 999999), "
                            + "present only when the tag carries one.",
              javaType = "Integer")
    public static final String TIMESTAMP_NANO_OFFSET = "CamelRtmpTimestampNanoOffset";
    @Metadata(description = "Video: whether the message is a coded key frame. Sequence headers and end of sequence, "
                            + "which FLV also marks with the key frame type, are not.", javaType = "Boolean")
    public static final String KEY_FRAME = "CamelRtmpKeyFrame";
    @Metadata(description = "Whether the message is a sequence header: AVC/HEVC decoder configuration, AAC "
                            + "AudioSpecificConfig, or an Enhanced RTMP SequenceStart.",
              javaType = "Boolean")
    public static final String SEQUENCE_HEADER = "CamelRtmpSequenceHeader";
    @Metadata(description = "The packet type of the tag: legacy AVC/HEVC/AAC 0 sequence header, 1 coded data, 2 end of "
                            + "sequence (video); Enhanced RTMP: 0 SequenceStart, 1 CodedFrames, 2 SequenceEnd, "
                            + "3 CodedFramesX, 4 Metadata, 5 MPEG2TSSequenceStart (video) or MultichannelConfig "
                            + "(audio 4), 6/5 Multitrack. Absent for codecs without packet types.",
              javaType = "Integer")
    public static final String PACKET_TYPE = "CamelRtmpPacketType";
    @Metadata(description = "Video: the composition time offset in milliseconds (presentation minus decoding time).",
              javaType = "Integer")
    public static final String COMPOSITION_TIME = "CamelRtmpCompositionTime";
    @Metadata(description = "Data: the handler name (onMetaData, onCuePoint...), after any @setDataFrame.",
              javaType = "String")
    public static final String DATA_NAME = "CamelRtmpDataName";
    @Metadata(description = "Data: the decoded onMetaData object.", javaType = "java.util.Map<String, Object>")
    public static final String METADATA = "CamelRtmpMetadata";
    @Metadata(description = "Lifecycle events only: PUBLISH_START, PUBLISH_END, PUBLISH_REFUSED (a publish the "
                            + "authorization or the duplicate policy refused), PLAY_START or PLAY_END (a player "
                            + "began or ended playing a stream of the consumer).",
              javaType = "String", enums = "PUBLISH_START,PUBLISH_END,PUBLISH_REFUSED,PLAY_START,PLAY_END")
    public static final String EVENT = "CamelRtmpEvent";
    @Metadata(description = "PUBLISH_END: why the stream ended: UNPUBLISHED, CLIENT_CLOSED, ERROR, TIMEOUT, "
                            + "SERVER_STOPPED, TAKEN_OVER. PLAY_END: why the play ended: STOPPED (closeStream or "
                            + "deleteStream), CLIENT_CLOSED, ERROR, TIMEOUT (read timeout or playIdleTimeout), "
                            + "SERVER_STOPPED, TOO_SLOW (playerMaxDroppedFrames), UNPUBLISHED (HTTP-FLV: the "
                            + "publisher ended, and so did the response).",
              javaType = "String",
              enums = "UNPUBLISHED,CLIENT_CLOSED,ERROR,TIMEOUT,SERVER_STOPPED,TAKEN_OVER,STOPPED,TOO_SLOW")
    public static final String END_REASON = "CamelRtmpEndReason";
    @Metadata(description = "PLAY_START and PLAY_END only: how the player plays: RTMP (also RTMPS) or HTTP_FLV "
                            + "(the httpPort listener).",
              javaType = "String", enums = "RTMP,HTTP_FLV")
    public static final String PLAY_TRANSPORT = "CamelRtmpPlayTransport";
    @Metadata(description = "PUBLISH_END only: the number of video messages received.", javaType = "Long")
    public static final String VIDEO_COUNT = "CamelRtmpVideoCount";
    @Metadata(description = "PUBLISH_END only: the number of audio messages received.", javaType = "Long")
    public static final String AUDIO_COUNT = "CamelRtmpAudioCount";
    @Metadata(description = "PUBLISH_END only: the number of data messages received.", javaType = "Long")
    public static final String DATA_COUNT = "CamelRtmpDataCount";
    @Metadata(description = "PUBLISH_END only: how often the server stopped reading the publisher's connection "
                            + "because the route was behind (TCP backpressure).",
              javaType = "Long")
    public static final String READ_PAUSES = "CamelRtmpReadPauses";
    @Metadata(description = "PLAY_END only: the audio, video and data messages sent to the player (metadata and "
                            + "sequence headers included).",
              javaType = "Long")
    public static final String MESSAGES_SENT = "CamelRtmpMessagesSent";
    @Metadata(description = "PLAY_END only: the messages the slow-player policy dropped because the player fell "
                            + "behind (see playerMaxQueuedBytes).",
              javaType = "Long")
    public static final String MESSAGES_DROPPED = "CamelRtmpMessagesDropped";
    @Metadata(description = "PLAY_END only: the payload bytes of the messages sent to the player.", javaType = "Long")
    public static final String BYTES_SENT = "CamelRtmpBytesSent";
    @Metadata(label = "producer", description = "Producer, on the PUBLISH_END event it passes on: how often it "
                                                + "reconnected to the remote server during the stream.",
              javaType = "Long")
    public static final String RECONNECTS = "CamelRtmpReconnects";
    @Metadata(label = "producer", description = "Producer, on the PUBLISH_END event it passes on: how many frames "
                                                + "of the stream it dropped while reconnecting (see reconnectGap), "
                                                + "or, serving (see serve), while a connection or another route "
                                                + "published its path.",
              javaType = "Long")
    public static final String DROPPED_FRAMES = "CamelRtmpDroppedFrames";
    @Metadata(description = "The publish type argument: live, record or append.", javaType = "String")
    public static final String PUBLISH_TYPE = "CamelRtmpPublishType";
    @Metadata(description = "PUBLISH_START only: the tcUrl from connect.", javaType = "String")
    public static final String TC_URL = "CamelRtmpTcUrl";
    @Metadata(description = "PUBLISH_START only: the whole connect command object.",
              javaType = "java.util.Map<String, Object>")
    public static final String CONNECT_PARAMETERS = "CamelRtmpConnectParameters";

    @Metadata(description = "PUBLISH_REFUSED: the onStatus code sent to the publisher; from an authorization "
                            + "endpoint: the code to refuse with (default NetStream.Publish.BadName).",
              javaType = "String")
    public static final String STATUS_CODE = "CamelRtmpStatusCode";
    @Metadata(description = "PUBLISH_REFUSED: the reason sent to the publisher; from an authorization endpoint: the "
                            + "reason to refuse with.",
              javaType = "String")
    public static final String STATUS_DESCRIPTION = "CamelRtmpStatusDescription";
    @Metadata(description = "Authorization requests: the query parameters of the stream name (key?token=...).",
              javaType = "java.util.Map<String, String>")
    public static final String QUERY_PARAMETERS = "CamelRtmpQueryParameters";
    @Metadata(description = "Set by an authorization endpoint: true allows the publish.", javaType = "Boolean")
    public static final String AUTHORIZED = "CamelRtmpAuthorized";

    /**
     * Exchange property a route sets to end the publish the Exchange belongs to, for example because it cannot
     * record it: its value, a String, is the reason. Once the Exchange has been through the route, the {@code rtmp:}
     * consumer sends the publisher {@code onStatus} with level {@code error}, the code from
     * {@link #CLOSE_PUBLISH_CODE} and this reason as description, then closes its connection; the stream ends with
     * reason ERROR.
     */
    public static final String CLOSE_PUBLISH = "CamelRtmpClosePublish";
    /**
     * Exchange property: the onStatus code sent with {@link #CLOSE_PUBLISH}; {@value #DEFAULT_CLOSE_PUBLISH_CODE}
     * when unset.
     */
    public static final String CLOSE_PUBLISH_CODE = "CamelRtmpClosePublishCode";
    /** The onStatus code of {@link #CLOSE_PUBLISH} when {@link #CLOSE_PUBLISH_CODE} is not set. */
    public static final String DEFAULT_CLOSE_PUBLISH_CODE = "NetStream.Failed";

    /** Values of {@link #MESSAGE_TYPE}. */
    public static final String TYPE_AUDIO = "AUDIO";
    public static final String TYPE_VIDEO = "VIDEO";
    public static final String TYPE_DATA = "DATA";
    public static final String TYPE_EVENT = "EVENT";
    /** Values of {@link #EVENT}. */
    public static final String PUBLISH_START = "PUBLISH_START";
    public static final String PUBLISH_END = "PUBLISH_END";
    public static final String PUBLISH_REFUSED = "PUBLISH_REFUSED";
    public static final String PLAY_START = "PLAY_START";
    public static final String PLAY_END = "PLAY_END";

    private RtmpConstants() {
    }
}
