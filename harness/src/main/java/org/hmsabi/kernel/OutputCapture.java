package org.hmsabi.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a child process and keeps a bounded part of it: the head (for
 * output that is parsed) or the tail (for diagnostics, where apt's last "E:" line matters).
 * Draining everything keeps the child from blocking on a full pipe.
 */
final class OutputCapture implements Runnable {
    private final InputStream in;
    private final int limit;
    private final boolean keepTail;
    private final byte[] tail;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private long total;

    private OutputCapture(InputStream in, int limit, boolean keepTail) {
        this.in = in;
        this.limit = limit;
        this.keepTail = keepTail;
        this.tail = keepTail ? new byte[limit] : new byte[0];
    }

    static OutputCapture head(InputStream in, int limit) {
        return new OutputCapture(in, limit, false);
    }

    static OutputCapture tail(InputStream in, int limit) {
        return new OutputCapture(in, limit, true);
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                keep(buffer, n);
            }
        } catch (IOException e) {
            // The stream breaks when the process is killed; its exit status tells what happened.
        }
    }

    private synchronized void keep(byte[] buffer, int n) {
        for (int i = 0; i < n; i++) {
            if (keepTail) {
                tail[(int) (total % limit)] = buffer[i];
            } else if (total < limit) {
                head.write(buffer[i]);
            }
            total++;
        }
    }

    synchronized boolean truncated() {
        return total > limit;
    }

    synchronized String text() {
        if (!keepTail) {
            return head.toString(StandardCharsets.UTF_8);
        }
        int kept = (int) Math.min(total, limit);
        byte[] ordered = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            ordered[i] = tail[(int) ((start + i) % limit)];
        }
        return new String(ordered, StandardCharsets.UTF_8);
    }
}
