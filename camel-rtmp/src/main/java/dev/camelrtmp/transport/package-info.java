/**
 * Netty transports: the one place that chooses NIO, epoll or io_uring and builds event loop groups and channel
 * classes for it. Written against the API that Netty 4.1 and 4.2 share, so the component runs on the Netty its
 * users' runtime brings; what only Netty 4.2 has (io_uring) is found at run time. Knows nothing of RTMP or Camel.
 */
package dev.camelrtmp.transport;
