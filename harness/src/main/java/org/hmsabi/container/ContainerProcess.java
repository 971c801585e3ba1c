package org.hmsabi.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A command running in a container (QEMU, or a module build), seen as a {@link Process} so that it is supervised
 * as a host process is (QEMU's QemuProcess): stdout is the console, stderr the messages (both from the
 * container's log stream), destroying it removes the container.
 *
 * <p>If this JVM dies without closing it (SIGKILL), a small host process, the reaper, removes the
 * container: it holds a pipe from this JVM on its stdin, runs in its own session (a signal to the
 * test's process group does not reach it), and calls {@code docker rm -f} when the pipe closes.
 * What even the reaper cannot cover (the machine stops) is left to the owner labels, read by
 * {@link LocalContainers} and ci/docker-up.
 */
public final class ContainerProcess extends Process {
    private static final String REAPER_SCRIPT =
            "trap '' INT TERM HUP; cat >/dev/null; exec docker rm -f \"$1\" >/dev/null 2>&1";
    private static final int KILLED = 137;

    private final GenericContainer<?> container;
    private final DockerClient docker;
    private final String id;
    private final long qemuPid;
    private final Process reaper;
    private final ChunkStream console = new ChunkStream();
    private final ChunkStream messages = new ChunkStream();
    private final CountDownLatch exited = new CountDownLatch(1);
    private final AtomicBoolean removed = new AtomicBoolean();
    private volatile int exitCode = KILLED;

    private ContainerProcess(GenericContainer<?> container, DockerClient docker, Process reaper) {
        this.container = container;
        this.docker = docker;
        this.id = container.getContainerId();
        this.reaper = reaper;
        Integer pid = docker.inspectContainerCmd(id).exec().getState().getPid();
        this.qemuPid = pid == null ? -1 : pid;
        container.followOutput(this::route, OutputFrame.OutputType.STDOUT, OutputFrame.OutputType.STDERR);
        Thread waiter = new Thread(this::awaitExit, "hmsabi-container-wait");
        waiter.setDaemon(true);
        waiter.start();
    }

    /**
     * Starts the reaper for the container {@code name}, then the container: a JVM killed at any
     * moment in between leaves nothing behind ({@code docker rm -f} of a name not yet created is harmless).
     */
    static ContainerProcess start(String name, GenericContainer<?> container, DockerClient docker, String dockerHost) {
        Process reaper;
        try {
            ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "-c", REAPER_SCRIPT, "hmsabi-container-reaper", name)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("DOCKER_HOST", dockerHost);
            reaper = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the container reaper (setsid, bash, docker): " + e.getMessage(), e);
        }
        try {
            container.start();
            return new ContainerProcess(container, docker, reaper);
        } catch (RuntimeException e) {
            reaper.destroyForcibly();
            try {
                container.stop();
            } catch (RuntimeException alsoFailed) {
                // nothing was created, or the engine went away
            }
            throw e;
        }
    }

    public String containerId() {
        return id;
    }

    private void route(OutputFrame frame) {
        switch (frame.getType()) {
            case STDOUT -> console.add(frame.getBytes());
            case STDERR -> messages.add(frame.getBytes());
            case END -> {
                console.end();
                messages.end();
            }
        }
    }

    private void awaitExit() {
        try {
            exitCode = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
        } catch (RuntimeException removedMeanwhile) {
            exitCode = KILLED;
        } finally {
            exited.countDown();
        }
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream(); // QEMU's stdin is not used; the console is output only
    }

    @Override
    public InputStream getInputStream() {
        return console;
    }

    @Override
    public InputStream getErrorStream() {
        return messages;
    }

    @Override
    public int waitFor() throws InterruptedException {
        exited.await();
        return exitCode;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return exited.await(timeout, unit);
    }

    @Override
    public int exitValue() {
        if (exited.getCount() > 0) {
            throw new IllegalThreadStateException("QEMU is still running in container " + id);
        }
        return exitCode;
    }

    @Override
    public boolean isAlive() {
        return exited.getCount() > 0;
    }

    /** QEMU's pid on this host (containers share the host's process table, seen from outside). */
    @Override
    public long pid() {
        return qemuPid;
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return Stream.empty(); // QEMU lives in the container; removing the container ends it
    }

    /** Removes the container (QEMU is killed with it), then retires the reaper. */
    @Override
    public void destroy() {
        if (!removed.compareAndSet(false, true)) {
            return;
        }
        try {
            container.stop();
        } catch (RuntimeException stopFailed) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException alreadyGone) {
                // removed already, or the engine went away: the reaper and the labels are the fallback
            }
        }
        reaper.destroyForcibly();
        exited.countDown();
        console.end();
        messages.end();
    }

    @Override
    public Process destroyForcibly() {
        destroy();
        return this;
    }

    /** Bytes handed over by the log stream's thread, read by {@link QemuProcess}'s pump. */
    private static final class ChunkStream extends InputStream {
        private static final byte[] END = new byte[0];
        private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(1024);
        private final AtomicBoolean ended = new AtomicBoolean();
        private byte[] current = new byte[0];
        private int position;
        private boolean finished;

        void add(byte[] bytes) {
            if (bytes != null && bytes.length > 0 && !ended.get()) {
                try {
                    chunks.put(bytes);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        void end() {
            if (ended.compareAndSet(false, true) && !chunks.offer(END)) {
                chunks.clear(); // a reader that fell this far behind loses the tail rather than hanging
                chunks.offer(END);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (position == current.length) {
                if (finished) {
                    return -1;
                }
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                position = 0;
                finished = current == END;
            }
            int n = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
