package dev.camelrtmp.transport;

import java.util.concurrent.ThreadFactory;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

/**
 * Netty 4.2's io_uring transport. Loaded only once {@link Transport} has found its classes: its references to
 * {@code io.netty.channel.uring} stay out of every other class, so that the component runs without the optional
 * jars and on Netty 4.1.
 */
final class IoUringSupport {

    private IoUringSupport() {
    }

    /** Why io_uring cannot run here (the native library, the kernel), or null when it can. */
    static String unavailability() {
        if (IoUring.isAvailable()) {
            return null;
        }
        Throwable cause = IoUring.unavailabilityCause();
        return "Netty reports " + (cause == null ? "it unavailable" : cause.toString())
                + " (it needs the native library of this platform and a kernel recent enough for Netty that allows "
                + "io_uring: see kernel.io_uring_disabled and the container's seccomp profile)";
    }

    static EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return new MultiThreadIoEventLoopGroup(threads, threadFactory, IoUringIoHandler.newFactory());
    }

    static Class<? extends ServerChannel> serverChannel() {
        return IoUringServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> socketChannel() {
        return IoUringSocketChannel.class;
    }
}
