package dev.camelrtmp.server;

/**
 * Decides whether a play may go ahead. Called on a worker thread (never an event loop), so it may block, e.g. to ask
 * a database or a Camel route; while it decides, the player's connection is not read.
 */
@FunctionalInterface
public interface PlayAuthorizer {

    PlayDecision authorize(PlayRequest request);
}
