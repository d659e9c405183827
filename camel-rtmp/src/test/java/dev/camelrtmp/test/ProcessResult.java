package dev.camelrtmp.test;

/**
 * How a program run by the tests ended.
 *
 * @param exitCode its exit code
 * @param stdout   what it printed on standard output
 * @param stderr   what it printed on standard error
 */
public record ProcessResult(int exitCode, String stdout, String stderr) {

    /** Throws with the program's output when it did not exit with 0. */
    public ProcessResult requireSuccess(String what) {
        if (exitCode != 0) {
            throw new AssertionError(what + " exited with " + exitCode + "\nstderr:\n" + tail(stderr));
        }
        return this;
    }

    private static String tail(String s) {
        return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
    }
}
