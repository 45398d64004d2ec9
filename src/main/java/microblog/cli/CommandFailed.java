package microblog.cli;

/** A command that cannot be done: its message is the one line the operator reads (exit status 1). */
final class CommandFailed extends RuntimeException {
    CommandFailed(String message) {
        super(message, null, false, false);
    }
}
