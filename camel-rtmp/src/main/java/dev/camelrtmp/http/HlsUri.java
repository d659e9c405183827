package dev.camelrtmp.http;

/**
 * A request path of the HLS side, {@code /<app>/<key>/<file>} where the file is {@code index.m3u8},
 * {@code init-<v>.mp4}, {@code seg-<msn>.m4s} or {@code part-<msn>.<i>.m4s}; or the same files of a variant of a
 * multitrack stream, {@code /<app>/<key>/v<track id>/<file>} ({@link #asVariant()}: as parsed, the key of such a
 * path is {@code v<track id>} and the application holds the key).
 *
 * @param application the application (may hold slashes)
 * @param key         the stream key
 * @param kind        what is asked for
 * @param number      the init version or media sequence number; -1 for the playlist
 * @param part        the part's index; -1 for others
 * @param variant     the video track id of the variant asked for; -1 for the path's own files
 */
record HlsUri(String application, String key, Kind kind, long number, int part, int variant) {

    HlsUri(String application, String key, Kind kind, long number, int part) {
        this(application, key, kind, number, part, -1);
    }

    enum Kind { PLAYLIST, INIT, SEGMENT, PART }

    static final String PLAYLIST_NAME = "index.m3u8";

    /** The live path, {@code app/key}. */
    String path() {
        return application + "/" + key;
    }

    /** The path of the stream served: the live path, or {@code app/key/v<id>} of a variant. */
    String streamPath() {
        return variant < 0 ? path() : HlsPackager.variantPath(path(), variant);
    }

    /**
     * This path read as a variant's, {@code /<app>/<key>/v<id>/<file>}: null when the key is not {@code v<id>}
     * (a track id, 0 to 255) or the application has no slash to hold the key.
     */
    HlsUri asVariant() {
        int slash = application.lastIndexOf('/');
        if (variant >= 0 || slash < 1 || slash == application.length() - 1
                || !key.startsWith(HlsPackager.VARIANT_PREFIX)) {
            return null;
        }
        long id = number(key, HlsPackager.VARIANT_PREFIX.length(), key.length());
        return id < 0 || id > 255 ? null : new HlsUri(application.substring(0, slash), application.substring(slash + 1),
                kind, number, part, (int) id);
    }

    /** Parses a decoded request path; null when it is not an HLS path. */
    static HlsUri parse(String path) {
        int fileSlash = path.lastIndexOf('/');
        if (fileSlash < 0) {
            return null;
        }
        int keySlash = path.lastIndexOf('/', fileSlash - 1);
        if (keySlash < 2 || path.charAt(0) != '/' || fileSlash - keySlash < 2) {
            return null;
        }
        String application = path.substring(1, keySlash);
        String key = path.substring(keySlash + 1, fileSlash);
        String file = path.substring(fileSlash + 1);
        if (file.equals(PLAYLIST_NAME)) {
            return new HlsUri(application, key, Kind.PLAYLIST, -1, -1);
        }
        if (file.startsWith("init-") && file.endsWith(".mp4")) {
            long version = number(file, 5, file.length() - 4);
            return version < 0 || version > Integer.MAX_VALUE ? null
                    : new HlsUri(application, key, Kind.INIT, version, -1);
        }
        if (file.startsWith("seg-") && file.endsWith(".m4s")) {
            long msn = number(file, 4, file.length() - 4);
            return msn < 0 ? null : new HlsUri(application, key, Kind.SEGMENT, msn, -1);
        }
        if (file.startsWith("part-") && file.endsWith(".m4s")) {
            int dot = file.indexOf('.', 5);
            if (dot < 0) {
                return null;
            }
            long msn = number(file, 5, dot);
            long part = number(file, dot + 1, file.length() - 4);
            return msn < 0 || part < 0 || part > Integer.MAX_VALUE ? null
                    : new HlsUri(application, key, Kind.PART, msn, (int) part);
        }
        return null;
    }

    /** The decimal number between from and to, or -1 when that is not one (at most 18 digits). */
    static long number(String text, int from, int to) {
        if (to <= from || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
