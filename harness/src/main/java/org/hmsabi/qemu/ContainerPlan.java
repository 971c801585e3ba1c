package org.hmsabi.qemu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One containerised QEMU run, in Docker's terms: what {@link ContainerLauncher} asks Docker for,
 * kept as a value so it can be checked without an engine and printed as a reproducer.
 * Every host path is mounted at the same path inside, so the QEMU command line is unchanged.
 *
 * @param name                the container's name, unique per run: the reaper knows it before the container exists
 * @param image               the local image (never pulled)
 * @param command             QEMU's argv, starting with the container's binary
 * @param readOnlyFiles       kernel, initramfs, a saved state to restore
 * @param writableDirectories the agent and monitor sockets' directory, and where QEMU saves states
 * @param labels              {@code org.hmsabi.runner} and {@code org.hmsabi.owner}, for cleaning up after a killed JVM
 * @param user                {@code uid:gid} of the harness, so the sockets QEMU creates are ours
 */
record ContainerPlan(String name, String image, List<String> command, List<Path> readOnlyFiles, List<Path> writableDirectories,
                     Map<String, String> labels, String user) {

    /** No network: the guest has none ({@code -nic none}), and neither needs QEMU. */
    static final String NETWORK_MODE = "none";

    ContainerPlan {
        command = List.copyOf(command);
        readOnlyFiles = List.copyOf(readOnlyFiles);
        writableDirectories = List.copyOf(writableDirectories);
        labels = Map.copyOf(new TreeMap<>(labels));
    }

    /** The same run as a {@code docker run} line a person can paste (for reproducers and logs). */
    String shellLine() {
        StringBuilder line = new StringBuilder("docker run --rm --name " + name + " --network " + NETWORK_MODE + " --user " + user);
        new TreeMap<>(labels).forEach((key, value) -> line.append(" --label ").append(quoted(key + "=" + value)));
        readOnlyFiles.forEach(file -> line.append(" -v ").append(quoted(file + ":" + file + ":ro")));
        writableDirectories.forEach(dir -> line.append(" -v ").append(quoted(dir + ":" + dir)));
        line.append(' ').append(image);
        command.forEach(arg -> line.append(' ').append(quoted(arg)));
        return line.toString();
    }

    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
