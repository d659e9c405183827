package dev.camelrtmp.server;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import io.netty.util.internal.ThreadExecutorMap;

/**
 * The writes of the players of one event loop: a player with messages queued is handed here once (until it has
 * written them), and one task on the event loop writes and flushes every such player in turn. A message handed out
 * to 2,000 players on two event loops thus costs two task submissions, not 2,000; each player still flushes once per
 * turn of its loop.
 * <p>
 * Handed a player from another event loop (a publisher's), the flusher is scheduled when that loop has finished its
 * turn (by a task of its own there), not at once: the messages of one read of the publisher then reach the players
 * of the other loops in one write task and one flush each, instead of waking those loops for the first of them.
 * <p>
 * Threading: {@link #schedule} from any thread (the publisher's event loop, a route's thread); the players are
 * written on the event loop.
 */
final class PlayerFlusher implements Runnable {

    /** The most players one task writes before it lets the event loop do other work (it then runs again). */
    static final int PLAYERS_PER_TASK = 4096;

    private final EventLoop eventLoop;
    private final Queue<Player> ready = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Schedules this flusher on its event loop: run on another event loop at the end of its turn. */
    private final Runnable scheduleOnLoop = this::execute;

    /** @param eventLoop the event loop of every player handed here */
    PlayerFlusher(EventLoop eventLoop) {
        this.eventLoop = eventLoop;
    }

    /**
     * Has {@code player}'s queued messages written on the event loop's next turn. Called once per player until its
     * {@link Player#writePending()} ran.
     */
    void schedule(Player player) {
        ready.add(player);
        if (scheduled.compareAndSet(false, true)) {
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
    }

    private void execute() {
        try {
            eventLoop.execute(this);
        } catch (RejectedExecutionException stopped) {
            // the event loop is shutting down with the server: nothing will be sent any more
            Player p;
            while ((p = ready.poll()) != null) {
                p.discardPending();
            }
            scheduled.set(false);
        }
    }

    /** On the event loop: writes (and flushes) every player with messages queued. */
    @Override
    public void run() {
        scheduled.set(false); // a player handed here from now on makes sure of another turn
        Player player;
        int written = 0;
        while (written < PLAYERS_PER_TASK && (player = ready.poll()) != null) {
            player.writePending();
            written++;
        }
        if (!ready.isEmpty() && scheduled.compareAndSet(false, true)) {
            execute();
        }
    }
}
