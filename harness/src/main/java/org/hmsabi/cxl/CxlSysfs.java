package org.hmsabi.cxl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.hmsabi.InfrastructureException;
import org.hmsabi.capture.SnapshotCapture;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.model.Entry;
import org.hmsabi.spec.AbiSpec;

/**
 * The CXL bus as user space sees it, through the agent: {@code /sys/bus/cxl/devices}, one link per
 * device (root, ports, endpoints, decoders, memdevs, regions), each read through its link so that
 * every path names the device and not where the kernel put it. Guest output is untrusted: device
 * names must look like CXL device names and are bounded in number before a path is built from them.
 */
final class CxlSysfs {
    static final String DEVICES = "/sys/bus/cxl/devices";
    static final String REGION_DRIVER = "/sys/bus/cxl/drivers/cxl_region";
    /** Attribute groups below a device that belong to it (memdev partitions, region access classes). */
    static final Set<String> GROUPS = Set.of("ram", "pmem", "access0", "access1");
    /** What is not the device's own ABI: power management, the uevent, the bus link. */
    static final Set<String> SKIPPED = Set.of("power", "uevent", "subsystem");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z_-]{0,23}[0-9]{1,6}(\\.[0-9]{1,6})?");
    private static final int MAX_DEVICES = 256;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AgentSession session;
    private final SnapshotCapture capture = new SnapshotCapture(AbiSpec.bundled());

    CxlSysfs(AgentSession session) {
        this.session = session;
    }

    Optional<String> read(String path) {
        return session.read(path, TIMEOUT).map(String::strip);
    }

    /** Empty when the kernel took the value, else the errno. */
    Optional<String> write(String path, String value) {
        return session.write(path, value, TIMEOUT);
    }

    /** True when the path exists (a directory, or a link to one). */
    boolean exists(String path) {
        List<AgentReply> replies = session.call(session.request("tree", path, "0"), TIMEOUT);
        return !replies.isEmpty() && replies.get(replies.size() - 1).error().isEmpty();
    }

    /** A guest value as messages show it: at most 80 characters, control characters replaced. */
    static String bounded(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 80 ? clean : clean.substring(0, 80) + "...";
    }

    /** The entries directly below a directory (links not followed). */
    List<AgentReply> tree(String path) {
        return session.call(session.request("tree", path, "1"), TIMEOUT);
    }

    /** The device names on the bus, sorted. */
    List<String> devices() {
        List<String> names = new ArrayList<>();
        for (AgentReply reply : session.call(session.request("tree", DEVICES, "1"), TIMEOUT)) {
            if (reply instanceof AgentReply.Entry entry && entry.type().equals("link")) {
                String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
                if (!NAME.matcher(name).matches()) {
                    throw new InfrastructureException(session.kernelRelease() + ": " + DEVICES + " lists a device named '"
                            + name.replaceAll("[^ -~]", "?") + "', which is no CXL device name");
                }
                names.add(name);
            }
        }
        if (names.size() > MAX_DEVICES) {
            throw new InfrastructureException(session.kernelRelease() + ": " + DEVICES + " lists more than " + MAX_DEVICES + " devices");
        }
        return names.stream().sorted().toList();
    }

    /**
     * Every device's attributes, as snapshot entries keyed {@code /sys/bus/cxl/devices/<device>/<attribute>}
     * (and {@code .../<group>/<attribute>} for {@link #GROUPS}); child devices are entries of their own.
     */
    SortedMap<String, Entry> entries() {
        List<String> devices = devices();
        SortedMap<String, Entry> entries = new TreeMap<>();
        List<String> groups = new ArrayList<>();
        // Each device's own directory only (depth 1), then its attribute groups: never a child device's files.
        List<List<AgentReply>> replies = session.call(devices.stream()
                .map(device -> session.request("tree", DEVICES + "/" + device, "1")).toList(), TIMEOUT);
        for (int i = 0; i < devices.size(); i++) {
            String root = DEVICES + "/" + devices.get(i);
            entries.put(root, new Entry.Directory("0755"));
            for (AgentReply reply : replies.get(i)) {
                if (!(reply instanceof AgentReply.PathReply file) || !file.path().startsWith(root + "/")) {
                    continue;
                }
                String name = file.path().substring(root.length() + 1);
                if (GROUPS.contains(name) && file.type().equals("dir")) {
                    groups.add(file.path());
                    entries.put(file.path(), capture.entryOf(file.path(), file));
                } else if (!SKIPPED.contains(name) && !file.type().equals("dir")) {
                    entries.put(file.path(), capture.entryOf(file.path(), file));
                }
            }
        }
        List<List<AgentReply>> inGroups = session.call(groups.stream().map(group -> session.request("tree", group, "1")).toList(), TIMEOUT);
        for (List<AgentReply> group : inGroups) {
            for (AgentReply reply : group) {
                if (reply instanceof AgentReply.PathReply file && !file.type().equals("dir")) {
                    entries.put(file.path(), capture.entryOf(file.path(), file));
                }
            }
        }
        return entries;
    }

}
