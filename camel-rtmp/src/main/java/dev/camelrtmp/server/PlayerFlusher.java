package dev.camelrtmp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camelrtmp.protocol.chunk.ChunkedMessage;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * The writes of the players of one event loop. What is given to its players arrives here as deliveries, in the
 * order given: a live message chunked once for all players of the loop that take it ({@link #handOut}, one
 * delivery per message and loop, however many players), or a message of one player's own (a control message, a
 * start sequence). One task on the event loop writes what has arrived, making each player's retained duplicate of
 * shared chunks there, and then flushes each player it wrote to once. A message handed out to 2,000 players on two
 * event loops thus costs two deliveries and at most two task submissions, not 2,000 of either.
 * <p>
 * Each player's messages keep their order: every delivery of a player is made under the monitor of its
 * {@link LiveSource} and this queue is first in, first out.
 * <p>
 * Handed a delivery from another event loop (a publisher's), the flusher is scheduled when that loop has finished
 * its turn (by a task of its own there), not at once: the messages of one read of the publisher then reach the
 * players of the other loops in one write task and one flush each, instead of waking those loops for the first of
 * them.
 * <p>
 * With a write delay ({@code playerWriteDelay}, merged writes), live messages wait up to that long on the queue, so
 * that each player gets the messages of that window in one flush (one system call) instead of one each: the players'
 * cost falls with the number of sends. A player's own messages (control messages, the start sequence with the GOP
 * cache) are written at once, and with them whatever waits before them.
 * <p>
 * Threading: deliveries from any thread (the publisher's event loop, a route's thread); the players are written on
 * the event loop.
 */
final class PlayerFlusher implements Runnable {

    /**
     * The most writes one task makes (checked between deliveries) before it lets the event loop do other work: high
     * enough that a backlog of one read of the publisher (a few dozen messages to a loop's thousands of players)
     * still takes one task and one flush per player.
     */
    static final int WRITES_PER_TASK = 1 << 16;

    /** No run is pending. */
    private static final int IDLE = 0;
    /** A run is scheduled after the write delay. */
    private static final int DELAYED = 1;
    /** A run is on its way at once (at the end of the caller's turn at the latest). */
    private static final int NOW = 2;

    private final EventLoop eventLoop;
    private final long writeDelayNanos;
    private final Queue<Delivery> ready = PlatformDependent.newMpscQueue();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    /** Schedules this flusher on its event loop: run on another event loop at the end of its turn. */
    private final Runnable scheduleOnLoop = this::execute;
    /** The players written to in this task and not yet flushed. On the event loop. */
    private final List<Player> touched = new ArrayList<>();

    /** @param eventLoop the event loop of every player handed here; live messages are written at once */
    PlayerFlusher(EventLoop eventLoop) {
        this(eventLoop, 0);
    }

    /**
     * @param eventLoop        the event loop of every player handed here
     * @param writeDelayMillis how long live messages may wait to be written with those that follow; 0 for none
     */
    PlayerFlusher(EventLoop eventLoop, long writeDelayMillis) {
        if (writeDelayMillis < 0) {
            throw new IllegalArgumentException("write delay " + writeDelayMillis);
        }
        this.eventLoop = eventLoop;
        this.writeDelayNanos = TimeUnit.MILLISECONDS.toNanos(writeDelayMillis);
    }

    /** Something to write to one or more players of the loop; owns a reference to what it writes. */
    private abstract static class Delivery {
        /** On the event loop: writes to each player; returns the number of writes. */
        abstract int write(List<Player> touched);

        /** The loop stopped: releases what would have been written, and the players' queued-byte counts. */
        abstract void discard();
    }

    /** One message of one player. */
    private static final class Own extends Delivery {
        private final Player player;
        private final Object message;
        private final long length;

        Own(Player player, Object message, long length) {
            this.player = player;
            this.message = message;
            this.length = length;
        }

        @Override
        int write(List<Player> touched) {
            player.writeNow(message, length, touched);
            return 1;
        }

        @Override
        void discard() {
            ReferenceCountUtil.release(message);
            player.unqueued(length);
        }
    }

    /** One live message, chunked once, for the players of the loop that admitted it. */
    static final class Shared extends Delivery {
        private final PlayerFlusher flusher;
        /** The shared encoding, as the {@link SharedChunks} keeps it (compared by identity). */
        private final ChunkedMessage encoding;
        /** This delivery's own reference to the encoding's bytes. */
        private final ChunkedMessage chunked;
        private final long length;
        private Player[] players = new Player[8];
        private int count;

        Shared(PlayerFlusher flusher, ChunkedMessage encoding) {
            this.flusher = flusher;
            this.encoding = encoding;
            this.chunked = encoding.retainedDuplicate();
            this.length = encoding.message().length();
        }

        void add(Player player) {
            if (count == players.length) {
                players = java.util.Arrays.copyOf(players, count * 2);
            }
            players[count++] = player;
        }

        @Override
        int write(List<Player> touched) {
            try {
                for (int i = 0; i < count; i++) {
                    players[i].writeNow(chunked.retainedDuplicate(), length, touched);
                }
            } finally {
                chunked.release();
            }
            return count;
        }

        @Override
        void discard() {
            chunked.release();
            for (int i = 0; i < count; i++) {
                players[i].unqueued(length);
            }
        }
    }

    /**
     * The deliveries of one live message to players of any loop, collected under the source's monitor while each
     * player decides, then handed to the loops' flushers at once ({@link #dispatch}).
     */
    static final class HandOut {
        private final List<Shared> deliveries = new ArrayList<>(2);

        /** Adds {@code player} (of {@code flusher}'s loop) to the delivery of {@code encoding}. */
        void add(PlayerFlusher flusher, ChunkedMessage encoding, Player player) {
            for (int i = 0, n = deliveries.size(); i < n; i++) {
                Shared shared = deliveries.get(i);
                if (shared.flusher == flusher && shared.encoding == encoding) {
                    shared.add(player);
                    return;
                }
            }
            Shared shared = new Shared(flusher, encoding);
            shared.add(player);
            deliveries.add(shared);
        }

        /** Hands each delivery to its flusher (or, should that fail, releases it). */
        void dispatch() {
            for (int i = 0, n = deliveries.size(); i < n; i++) {
                Shared shared = deliveries.get(i);
                shared.flusher.deliver(shared, false);
            }
            deliveries.clear();
        }
    }

    /** Has {@code player}'s {@code message} (of {@code length} queued bytes) written on the loop's next turn. */
    void deliver(Player player, Object message, long length) {
        deliver(new Own(player, message, length), true);
    }

    /** @param urgent written on the loop's next turn even with a write delay */
    private void deliver(Delivery delivery, boolean urgent) {
        ready.add(delivery);
        if (urgent || writeDelayNanos == 0) {
            for (int s = state.get(); s != NOW; s = state.get()) {
                if (state.compareAndSet(s, NOW)) {
                    scheduleNow();
                    return;
                }
            }
        } else if (state.compareAndSet(IDLE, DELAYED)) {
            try {
                eventLoop.schedule(this, writeDelayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                discardAll();
            }
        }
    }

    private void scheduleNow() {
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        if (current != null && current != eventLoop && !current.isShuttingDown()) {
            try {
                current.execute(scheduleOnLoop); // at the end of this turn of the calling loop
                return;
            } catch (RejectedExecutionException stopping) {
                // the calling loop stops: schedule at once
            }
        }
        execute();
    }

    private void execute() {
        try {
            eventLoop.execute(this);
        } catch (RejectedExecutionException stopped) {
            discardAll();
        }
    }

    /** The event loop is shutting down with the server: nothing will be sent any more. */
    private void discardAll() {
        Delivery d;
        while ((d = ready.poll()) != null) {
            d.discard();
        }
        state.set(IDLE);
    }

    /** On the event loop: writes what was delivered, then flushes every player written to once. */
    @Override
    public void run() {
        state.set(IDLE); // a delivery from now on makes sure of another run (a run scheduled earlier finds less)
        Delivery delivery;
        int written = 0;
        try {
            while (written < WRITES_PER_TASK && (delivery = ready.poll()) != null) {
                written += delivery.write(touched);
            }
        } finally {
            for (int i = 0, n = touched.size(); i < n; i++) {
                touched.get(i).flushWritten();
            }
            touched.clear();
        }
        if (!ready.isEmpty()) {
            for (int s = state.get(); s != NOW; s = state.get()) {
                if (state.compareAndSet(s, NOW)) {
                    execute();
                    return;
                }
            }
        }
    }
}
