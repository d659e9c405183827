package dev.camelrtmp.component;

/**
 * What the {@code flv:} recorder does with a publish whose recording failed (a full disk, an I/O error, a name the
 * file system refuses). Either way the failure is logged once, the file keeps the whole tags written before it,
 * and the rest of the publish is not recorded.
 */
public enum RecordErrorAction {
    /**
     * Tell the publisher (onStatus error NetStream.Record.Failed on its stream) and close its connection: the
     * encoder learns that nothing is being recorded and can retry or alert.
     */
    CLOSE_PUBLISHER,
    /** Let the stream go on unrecorded: the rest of the route still receives every message. */
    CONTINUE_UNRECORDED
}
