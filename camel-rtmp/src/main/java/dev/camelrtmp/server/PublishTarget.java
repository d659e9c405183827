package dev.camelrtmp.server;

/**
 * Something that accepts publishes to an application, or to one stream key of it, registered with
 * {@link RtmpServer#register}.
 *
 * @param application        the application name clients connect to, or null for any application
 * @param streamKey          the one stream key accepted, or null for any
 * @param listener           receives the published streams
 * @param authorizer         decides on each publish, or null to allow every publish that reaches this target
 * @param duplicate          what to do when a key already live is published again
 * @param idleTakeOverMillis with {@link DuplicatePublish#REFUSE}: a new publisher of a live key takes over anyway
 *                           when the live publisher has received no audio, video or data message for at least this
 *                           long (time the server was not reading it does not count); 0 never
 * @param statistics         what was published to this target
 * @param play               who may play the target's streams
 */
public record PublishTarget(String application, String streamKey, StreamListener listener,
        PublishAuthorizer authorizer, DuplicatePublish duplicate, long idleTakeOverMillis,
        TrafficStatistics statistics, PlayPolicy play) {

    public PublishTarget {
        play = play == null ? PlayPolicy.OPEN : play;
    }

    /** A target whose streams everybody may play. */
    public PublishTarget(String application, String streamKey, StreamListener listener,
            PublishAuthorizer authorizer, DuplicatePublish duplicate, long idleTakeOverMillis,
            TrafficStatistics statistics) {
        this(application, streamKey, listener, authorizer, duplicate, idleTakeOverMillis, statistics,
                PlayPolicy.OPEN);
    }

    /** A target with its own, new statistics. */
    public PublishTarget(String application, String streamKey, StreamListener listener,
            PublishAuthorizer authorizer, DuplicatePublish duplicate, long idleTakeOverMillis) {
        this(application, streamKey, listener, authorizer, duplicate, idleTakeOverMillis, new TrafficStatistics());
    }

    /**
     * The default of {@code idleTakeOverMillis}: a healthy publisher sends audio or video many times a second, so
     * five seconds without a single message (while the server reads it) means it is stalled or gone.
     */
    public static final long DEFAULT_IDLE_TAKE_OVER_MILLIS = 5000;

    /** A target with the default idle take-over. */
    public PublishTarget(String application, String streamKey, StreamListener listener,
            PublishAuthorizer authorizer, DuplicatePublish duplicate) {
        this(application, streamKey, listener, authorizer, duplicate, DEFAULT_IDLE_TAKE_OVER_MILLIS);
    }

    /** A target that allows every publish and refuses duplicates of a live key that is not idle. */
    public PublishTarget(String application, String streamKey, StreamListener listener) {
        this(application, streamKey, listener, null, DuplicatePublish.REFUSE);
    }

    boolean accepts(String application, String streamKey) {
        return servesApplication(application) && (this.streamKey == null || this.streamKey.equals(streamKey));
    }

    boolean servesApplication(String application) {
        return this.application == null || this.application.equals(application);
    }
}
