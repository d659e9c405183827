package dev.camelrtmp.server;

/**
 * Errors the virtual machine cannot go on from, such as {@link OutOfMemoryError}. Where the server catches
 * everything to keep a connection or a thread alive, it hands these to the thread's uncaught exception handler as
 * well, so that an application that ends the process on them (a default handler that halts, for instance) is told,
 * even though the thread itself carries on.
 */
public final class FatalErrors {

    private FatalErrors() {
    }

    /**
     * Passes {@code error} to the current thread's uncaught exception handler when it is, or is caused by, a
     * {@link VirtualMachineError}.
     *
     * @return whether it was one
     */
    public static boolean report(Throwable error) {
        Throwable t = error;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof VirtualMachineError fatal) {
                Thread thread = Thread.currentThread();
                try {
                    thread.getUncaughtExceptionHandler().uncaughtException(thread, fatal);
                } catch (Throwable ignored) {
                    // the handler failed (it may itself be out of memory): nothing more can be done here
                }
                return true;
            }
        }
        return false;
    }
}
