package dev.camelrtmp.transport;

import java.util.Locale;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A Netty transport: its event loop groups and channel classes. {@link #AUTO} takes epoll where it is available
 * and NIO elsewhere; {@link #IO_URING} needs Netty 4.2 with {@code netty-transport-classes-io_uring} and
 * {@code netty-transport-native-io_uring} (the platform's classifier) on the class path and a kernel that allows
 * io_uring. The io_uring classes are touched only after they were found, so the component loads and runs without
 * them.
 * <p>
 * Built on the event loop API that Netty 4.1 and 4.2 share (4.2 deprecates it but keeps it), so one jar runs on
 * both lines: Spring Boot 3.5, Quarkus 3 and Camel 4.18 bring Netty 4.1, Spring Boot 4 and Camel 4.22 bring 4.2.
 */
@SuppressWarnings("deprecation")
public enum Transport {

    /** Epoll where available, NIO otherwise. Never fails. */
    AUTO,
    /** Java NIO: everywhere. */
    NIO,
    /** Linux epoll (netty-transport-native-epoll). */
    EPOLL,
    /** Linux io_uring (Netty 4.2's netty-transport-native-io_uring). */
    IO_URING;

    private static final String IO_URING_JARS = "io.netty:netty-transport-classes-io_uring and "
            + "io.netty:netty-transport-native-io_uring (classifier linux-x86_64 or linux-aarch_64), of the version "
            + "of Netty";

    /** Why io_uring is not available here, or null when it is; found once. */
    private static volatile String ioUringUnavailability;
    private static volatile boolean ioUringChecked;

    /**
     * The transport an option value names: {@code auto}, {@code nio}, {@code epoll} or {@code io_uring} (case
     * ignored).
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Transport of(String name) {
        if (name != null) {
            String value = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (Transport transport : values()) {
                if (transport.name().equals(value)) {
                    return transport;
                }
            }
        }
        throw new IllegalArgumentException("Unknown transport '" + name + "': one of auto, nio, epoll, io_uring");
    }

    /**
     * The transport this one stands for here: {@link #AUTO} resolved, the others checked.
     *
     * @throws IllegalStateException when the transport asked for is not available, saying why and what to do
     */
    public Transport resolve() {
        return resolve(Transport::unavailability);
    }

    /** {@link #resolve()} with another judge of availability (null: available; else why not). For tests. */
    Transport resolve(Function<Transport, String> unavailability) {
        return switch (this) {
            case AUTO -> unavailability.apply(EPOLL) == null ? EPOLL : NIO;
            case NIO -> NIO;
            case EPOLL, IO_URING -> {
                String why = unavailability.apply(this);
                if (why != null) {
                    throw new IllegalStateException("transport=" + displayName() + " was asked for, but the "
                            + displayName() + " transport is not available: " + why
                            + ". Use transport=auto (epoll where available, else NIO) or transport=nio");
                }
                yield this;
            }
        };
    }

    /** Whether {@link #resolve()} succeeds here. */
    public boolean isAvailable() {
        return unavailability(this) == null;
    }

    /** Why {@code transport} cannot run here, or null when it can ({@link #AUTO} always can). */
    public static String unavailability(Transport transport) {
        return switch (transport) {
            case AUTO, NIO -> null;
            case EPOLL -> epollUnavailability();
            case IO_URING -> ioUringUnavailability();
        };
    }

    /** A group of event loops of this transport ({@link #resolve() resolved}); 0 threads for Netty's default. */
    public EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
        return switch (resolve()) {
            case EPOLL -> new EpollEventLoopGroup(threads, threadFactory);
            case IO_URING -> IoUringSupport.newGroup(threads, threadFactory);
            default -> new NioEventLoopGroup(threads, threadFactory);
        };
    }

    /** The listening channel class of this transport. */
    public Class<? extends ServerChannel> serverChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringSupport.serverChannel();
            default -> NioServerSocketChannel.class;
        };
    }

    /** The connecting channel class of this transport. */
    public Class<? extends SocketChannel> socketChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollSocketChannel.class;
            case IO_URING -> IoUringSupport.socketChannel();
            default -> NioSocketChannel.class;
        };
    }

    /** The name used in logs and options: lower case ({@code io_uring}). */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static String epollUnavailability() {
        try {
            return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
        } catch (LinkageError e) {
            return "io.netty:netty-transport-classes-epoll is not on the class path (" + e + ")";
        }
    }

    private static String ioUringUnavailability() {
        if (!ioUringChecked) {
            synchronized (Transport.class) {
                if (!ioUringChecked) {
                    ioUringUnavailability = findIoUringUnavailability();
                    ioUringChecked = true;
                }
            }
        }
        return ioUringUnavailability;
    }

    private static String findIoUringUnavailability() {
        ClassLoader loader = Transport.class.getClassLoader();
        if (!present("io.netty.channel.IoHandlerFactory", loader)) {
            return "it needs Netty 4.2, and this runtime has Netty " + nettyVersion()
                    + " (Netty 4.1's io_uring is a separate incubator project, which camel-rtmp does not use)";
        }
        if (!present("io.netty.channel.uring.IoUring", loader)) {
            return "the class path lacks " + IO_URING_JARS + ": add them";
        }
        try {
            return IoUringSupport.unavailability();
        } catch (LinkageError e) {
            return "its classes do not link with this runtime's Netty " + nettyVersion() + " (" + e
                    + "): add " + IO_URING_JARS;
        }
    }

    private static boolean present(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String nettyVersion() {
        try {
            io.netty.util.Version version = io.netty.util.Version.identify().get("netty-transport");
            return version != null ? version.artifactVersion() : "(version unknown)";
        } catch (RuntimeException | LinkageError e) {
            return "(version unknown)";
        }
    }
}
