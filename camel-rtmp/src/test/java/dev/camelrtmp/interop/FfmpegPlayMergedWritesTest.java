package dev.camelrtmp.interop;

/**
 * {@link FfmpegPlayTest} with merged writes ({@code playerWriteDelay}): a player joining mid-stream still starts on a
 * key frame at once and gets the exact tail; a waiting player gets the whole stream.
 */
class FfmpegPlayMergedWritesTest extends FfmpegPlayTest {

    @Override
    protected String consumerOptions() {
        return "&playerWriteDelay=100";
    }
}
