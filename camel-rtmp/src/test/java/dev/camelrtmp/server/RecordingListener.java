package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps what a server delivered, as lines and messages, for assertions. */
final class RecordingListener implements StreamListener {

    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<MediaMessage> messages = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onPublishStart(PublishInfo stream) {
        events.add("start " + stream.path() + " " + stream.streamName());
    }

    @Override
    public void onMessage(PublishInfo stream, MediaMessage message) {
        messages.add(message);
    }

    @Override
    public void onPublishEnd(PublishInfo stream, EndReason reason, PublishStats stats) {
        events.add("end " + stream.path() + " " + reason + " " + stats.videoMessages() + "v " + stats.audioMessages()
                + "a " + stats.dataMessages() + "d");
    }
}
