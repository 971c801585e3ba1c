package org.hmsabi.capture;

import org.hmsabi.model.Snapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hmsabi.Messages;
import org.hmsabi.HmsabiException;
import org.hmsabi.guest.Guest;
import org.hmsabi.guest.GuestBootException;
import org.hmsabi.guest.GuestSpec;
import org.hmsabi.guest.KernelLog;
import org.hmsabi.guest.GuestBooting;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.qemu.QemuRunners;
import org.hmsabi.topology.Topology;

/**
 * Boots guests and captures their snapshots, several at a time. Booting dominates a gate run and
 * TCG keeps one host core busy per guest, so on a 2-core machine two guests at a time pays off.
 * Progress goes to {@code progress} as "[N of M, 0:42, about 2:06 left] ..." lines: guests done of
 * guests submitted, time since the first submission, and the rest estimated at the pace so far.
 */
public final class ParallelCaptures implements AutoCloseable {
    private final ExecutorService pool;
    private final GuestBooting booting;
    private final Consumer<String> progress;
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> started = new java.util.concurrent.atomic.AtomicReference<>();

    /** {@code parallel} guests at a time, each booted as {@code booting} says. */
    public ParallelCaptures(int parallel, GuestBooting booting, Consumer<String> progress) {
        this.booting = booting;
        this.pool = Executors.newFixedThreadPool(Math.max(1, parallel), runnable -> {
            Thread thread = new Thread(runnable, "hmsabi-capture");
            thread.setDaemon(true);
            return thread;
        });
        this.progress = progress;
    }

    /** Where these guests' QEMU runs, by fixture. */
    public QemuRunners runners() {
        return booting.runners();
    }

    /** Boots {@code kernel} on {@code topology} and captures; never completes exceptionally. */
    public CompletableFuture<Capture> submit(Kernel kernel, Topology topology) {
        submitted.incrementAndGet();
        started.compareAndSet(null, java.time.Instant.now());
        return CompletableFuture.supplyAsync(() -> captureOne(kernel, topology), pool);
    }

    /**
     * Runs {@code work} on the spec of a guest of {@code kernel} on {@code topology} as these captures
     * boot it ({@link #guestSpec}), counted with the captures: at most {@code parallel} guests at a
     * time, one progress line when done ({@code what}: {@code outcome} of the result, or FAILED and
     * why). Completes exceptionally with what {@code work} throws.
     */
    public <T> CompletableFuture<T> submit(Kernel kernel, Topology topology, String what, Function<GuestSpec, T> work,
                                           Function<T, String> outcome) {
        submitted.incrementAndGet();
        started.compareAndSet(null, java.time.Instant.now());
        String which = kernel.exactReference() + " on " + topology.name() + ", " + what;
        return CompletableFuture.supplyAsync(() -> {
            try {
                T result = work.apply(guestSpec(kernel, topology));
                report(which, outcome.apply(result));
                return result;
            } catch (RuntimeException e) {
                report(which, "FAILED: " + Messages.firstLine(String.valueOf(e.getMessage())));
                throw e;
            }
        }, pool);
    }

    /** How these captures boot a guest of {@code kernel} on {@code topology}. */
    public GuestSpec guestSpec(Kernel kernel, Topology topology) {
        return booting.spec(kernel, topology);
    }

    private Capture captureOne(Kernel kernel, Topology topology) {
        GuestSpec spec = guestSpec(kernel, topology);
        Capture capture;
        try (Guest guest = Guest.boot(spec)) {
            Snapshot snapshot = Snapshots.captureWithWrites(guest, kernel, topology,
                    attribute -> progress.accept(kernel.exactReference() + " on " + topology.name() + ": not put back after the writes: " + attribute));
            KernelLog log = KernelLog.read(guest.session());
            capture = new Capture(kernel.exactReference(), topology, Optional.of(snapshot), guest.bootTime(), guest.consoleText(), Optional.empty(),
                    Optional.of(log));
        } catch (GuestBootException e) {
            capture = new Capture(kernel.exactReference(), topology, Optional.empty(), Duration.ZERO, e.console(), Optional.of(e.getMessage()));
        } catch (HmsabiException e) {
            capture = new Capture(kernel.exactReference(), topology, Optional.empty(), Duration.ZERO, "", Optional.of(e.getMessage()));
        } catch (RuntimeException e) { // a fault of hmsabi's own: this guest fails, the run goes on (the guest closed itself)
            capture = new Capture(kernel.exactReference(), topology, Optional.empty(), Duration.ZERO, "",
                    Optional.of("an internal error of hmsabi while capturing (please report it): " + e.getMessage()));
        }
        report(capture);
        return capture;
    }

    private void report(Capture capture) {
        report(capture.kernel() + " on " + capture.topology().name(), capture.failure()
                .map(failure -> "FAILED: " + failure)
                .orElseGet(() -> String.format("captured (boot %.1f s)", capture.bootTime().toMillis() / 1000.0)));
    }

    private void report(String what, String outcome) {
        int done = finished.incrementAndGet();
        progress.accept("[" + pace(done, submitted.get(), Duration.between(started.get(), java.time.Instant.now())) + "] "
                + what + ": " + outcome);
    }

    /** {@code 3 of 12, 0:42, about 2:06 left}; the estimate is left out once all are done. */
    static String pace(int done, int total, Duration elapsed) {
        String text = done + " of " + total + ", " + clock(elapsed);
        if (done < total && done > 0) {
            text += ", about " + clock(elapsed.multipliedBy(total - done).dividedBy(done)) + " left";
        }
        return text;
    }

    private static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return seconds / 60 + ":" + String.format("%02d", seconds % 60);
    }

    /** Stops taking work and waits for running guests; each guest closes (and kills QEMU) by itself. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
