package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from Linux's /proc/PID/stat, for the CPU each server spends per request. */
final class Cpu {
    /** USER_HZ: the unit of /proc's times; 100 on every Linux the bench runs on (sysconf(_SC_CLK_TCK)). */
    private static final double TICKS_PER_SECOND = 100;

    private Cpu() {
    }

    /**
     * User plus system seconds of {@code pid}, and with {@code reaped} those of its children that have exited and
     * been waited for; 0 for a process that is gone.
     */
    static double seconds(long pid, boolean reaped) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException gone) {
            return 0;
        }
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start with field 3.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);          // utime, stime: fields 14, 15
        if (reaped) {
            ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);         // cutime, cstime: fields 16, 17
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The seconds of a process and all its live descendants (a Jetty launched by start.jar --exec, nginx). */
    static double tree(ProcessHandle root) {
        double total = seconds(root.pid(), false);
        for (ProcessHandle p : root.descendants().toList()) {
            total += seconds(p.pid(), false);
        }
        return total;
    }
}
