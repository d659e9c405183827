package dev.camelrtmp.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * PROXY protocol headers written by hand from the specification (v1 text, v2 binary), and a TCP forwarder that
 * writes one before what its client sends: an L4 balancer in a few lines, for publishers such as FFmpeg.
 */
public final class ProxyHeaders {

    private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
            0x0A };

    private ProxyHeaders() {
    }

    /** {@code PROXY TCP4|TCP6 src dst srcport dstport\r\n}. */
    public static byte[] v1(InetSocketAddress source, InetSocketAddress destination) {
        String family = source.getAddress() instanceof java.net.Inet6Address ? "TCP6" : "TCP4";
        return ("PROXY " + family + " " + source.getAddress().getHostAddress() + " "
                + destination.getAddress().getHostAddress() + " " + source.getPort() + " " + destination.getPort()
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY command over TCP4 or TCP6 (both addresses of one family). */
    public static byte[] v2(InetSocketAddress source, InetSocketAddress destination) {
        byte[] src = source.getAddress().getAddress();
        byte[] dst = destination.getAddress().getAddress();
        ByteBuffer header = ByteBuffer.allocate(16 + 2 * src.length + 4);
        header.put(V2_SIGNATURE).put((byte) 0x21).put((byte) (src.length == 4 ? 0x11 : 0x21))
                .putShort((short) (2 * src.length + 4)).put(src).put(dst)
                .putShort((short) source.getPort()).putShort((short) destination.getPort());
        return header.array();
    }

    /** A v2 LOCAL command (a balancer's health check), no addresses. */
    public static byte[] v2Local() {
        return ByteBuffer.allocate(16).put(V2_SIGNATURE).put((byte) 0x20).put((byte) 0).putShort((short) 0).array();
    }

    public static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    /**
     * Listens on a free loopback port and forwards each connection to {@code 127.0.0.1:targetPort}, first writing
     * the header that {@code header} makes for the n-th connection (from 0).
     */
    public static final class Forwarder implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        public Forwarder(int targetPort, IntFunction<byte[]> header) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                int n = 0;
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        client.setTcpNoDelay(true);
                        upstream.setTcpNoDelay(true);
                        sockets.add(client);
                        sockets.add(upstream);
                        upstream.getOutputStream().write(header.apply(n++));
                        pump(client, upstream);
                        pump(upstream, client);
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            }, "proxy-forwarder");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = from.getInputStream()) {
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                    }
                    to.shutdownOutput();
                } catch (IOException e) {
                    closeQuietly(to);
                }
            }, "proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                closeQuietly(s);
            }
        }
    }
}
