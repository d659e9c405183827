/**
 * The {@code flv} data format: FLV files to frame messages and back. In a package of its own, apart from the
 * {@code flv} component, so that tools that look up a data format's catalog entry by package (Quarkus' build)
 * do not find the component's.
 */
package dev.camelrtmp.dataformat;
