package org.hmsabi.report;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.Shard;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.gate.TopologyRun;

/**
 * {@code hmsabi report merge}: the results directories of the shards of one run ({@code --shard
 * I/N}) into one outcome, written by the same report writers as an unsharded run, so findings and
 * verdict are the same. Shards cut from different matrices, or one shard given twice, are refused
 * (exit 3, nothing written). A shard that is missing, or whose directory holds no readable outcome,
 * leaves its cells as runs that were not judged: the merged verdict is incomplete (exit 3), never a pass.
 */
public final class ShardMerge {
    /**
     * The merged outcome and what kept it from being complete.
     *
     * @param outcome  the whole run's outcome (shard 1/1 of the shards' matrix)
     * @param problems one line each: a missing shard, a directory without a readable outcome
     */
    public record Merged(GateOutcome outcome, List<String> problems, Map<Path, GateOutcome> shards) {
        public Merged {
            problems = List.copyOf(problems);
            shards = Map.copyOf(shards);
        }

        /** The outcome's exit code, and 3 whenever a shard is missing or unreadable. */
        public int exitCode() {
            return problems.isEmpty() ? outcome.exitCode() : InfrastructureException.EXIT_CODE;
        }
    }

    private ShardMerge() {
    }

    /** Reads and merges the shards' results directories (nothing is written). */
    public static Merged merge(List<Path> directories) {
        if (directories.isEmpty()) {
            throw new BadInputException("report merge: give the results directory of every shard");
        }
        Set<Path> distinct = new LinkedHashSet<>();
        for (Path directory : directories) {
            if (!distinct.add(directory.toAbsolutePath().normalize())) {
                throw new BadInputException("report merge: " + directory + " is given twice; give each shard's directory once");
            }
        }
        List<String> problems = new ArrayList<>();
        Map<Path, GateOutcome> shards = new LinkedHashMap<>();
        for (Path directory : directories) {
            try {
                shards.put(directory, OutcomeJson.read(directory));
            } catch (InfrastructureException unreadable) {
                problems.add(Messages.firstLine(unreadable.getMessage()));
            }
        }
        if (shards.isEmpty()) {
            throw new InfrastructureException("report merge: no shard's outcome could be read: " + problems.get(0));
        }
        Map.Entry<Path, GateOutcome> first = shards.entrySet().iterator().next();
        GateOutcome reference = first.getValue();
        int count = reference.matrix().shard().count();
        Map<Integer, Path> byIndex = new LinkedHashMap<>();
        for (Map.Entry<Path, GateOutcome> shard : shards.entrySet()) {
            GateOutcome outcome = shard.getValue();
            Optional<String> difference = difference(reference, outcome);
            if (difference.isPresent()) {
                throw new InfrastructureException("report merge: " + shard.getKey() + " was cut from another run than " + first.getKey()
                        + " (" + difference.get() + "); merge the shards of one run, each run with the same options and --shard I/"
                        + count);
            }
            // Every run of a shard belongs to one of its own cells: a cell's results come from its shard alone, once.
            List<String> itsCells = outcome.matrix().mineNames();
            for (TopologyRun run : outcome.runs()) {
                if (!itsCells.contains(outcome.matrix().cellOf(run.topology()))) {
                    throw new InfrastructureException("report merge: " + shard.getKey() + " holds results of " + run.topology()
                            + ", which is not a cell of its shard " + outcome.matrix().shard().text() + "; re-run that shard and merge again");
                }
            }
            int index = outcome.matrix().shard().index();
            Path earlier = byIndex.putIfAbsent(index, shard.getKey());
            if (earlier != null) {
                throw new InfrastructureException("report merge: " + earlier + " and " + shard.getKey() + " are both shard "
                        + outcome.matrix().shard().text() + "; pass each shard's results directory once");
            }
        }
        RunMatrix matrix = reference.matrix();
        List<TopologyRun> runs = new ArrayList<>();
        shards.values().forEach(outcome -> runs.addAll(outcome.runs()));
        for (int index = 1; index <= count; index++) {
            if (byIndex.containsKey(index)) {
                continue;
            }
            RunMatrix missing = matrix.as(new Shard(index, count));
            String problem = "shard " + missing.shard().text() + " gave no results (none of the directories given holds it)";
            problems.add("report merge: " + problem + "; re-run it with --shard " + missing.shard().text() + " and merge again");
            for (String cell : missing.mineNames()) {
                runs.add(new TopologyRun(cell, TopologyRun.Status.NOT_BOOTED, Optional.of(problem), List.of(), List.of(), List.of(),
                        Optional.empty(), reference.command() + " --shard " + missing.shard().text()));
            }
        }
        Instant started = shards.values().stream().map(GateOutcome::started).min(Instant::compareTo).orElseThrow();
        Instant ended = shards.values().stream().map(outcome -> outcome.started().plus(outcome.wallTime()))
                .max(Instant::compareTo).orElseThrow();
        String qemu = String.join("; ", shards.values().stream().map(GateOutcome::qemu).filter(q -> !q.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
        RunMatrix whole = matrix.as(Shard.WHOLE);
        java.util.Map<String, org.hmsabi.kernel.DebianPackage> packages = new java.util.LinkedHashMap<>();
        shards.values().forEach(outcome -> packages.putAll(outcome.packages()));
        GateOutcome merged = new GateOutcome(reference.baseline(), reference.candidate(), reference.strict(), started,
                Duration.between(started, ended), whole.order(runs), reference.command(), reference.kind(), qemu, whole, packages);
        return new Merged(merged, problems, shards);
    }

    /** How two shards' runs differ in what they were cut from, if they do. */
    private static Optional<String> difference(GateOutcome a, GateOutcome b) {
        if (a.kind() != b.kind()) {
            return Optional.of("hmsabi " + a.kind().command() + " against hmsabi " + b.kind().command());
        }
        if (!a.baseline().equals(b.baseline()) || !a.candidate().equals(b.candidate())) {
            return Optional.of("kernels " + a.baseline() + " -> " + a.candidate() + " against " + b.baseline() + " -> " + b.candidate());
        }
        if (a.strict() != b.strict()) {
            return Optional.of("one with --strict, one without");
        }
        if (a.matrix().shard().count() != b.matrix().shard().count()) {
            return Optional.of("--shard I/" + a.matrix().shard().count() + " against --shard I/" + b.matrix().shard().count());
        }
        if (!a.matrix().cells().equals(b.matrix().cells())) {
            return Optional.of("fixtures " + a.matrix().names() + " against " + b.matrix().names());
        }
        if (!Objects.equals(a.command(), b.command())) {
            return Optional.of("'" + a.command() + "' against '" + b.command() + "'");
        }
        return Optional.empty();
    }

    /**
     * Writes the merged reports and every shard's snapshots into {@code out}: first into a new
     * directory beside it, then moved into place, so {@code out} is the old one or the whole new
     * one, never half of one. Returns the outcome as written (snapshot paths under {@code out}).
     */
    public static GateOutcome write(Merged merged, Path out) {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".merging-");
            for (Map.Entry<Path, GateOutcome> shard : merged.shards().entrySet()) {
                copyTree(shard.getKey().resolve("snapshots"), staging.resolve("snapshots"));
            }
            GateOutcome placed = relocate(merged.outcome(), merged.shards(), staging);
            Reports.writeAll(placed, staging);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".replaced-");
                Files.move(target, old.resolve("old"));
                Files.move(staging, target);
                LocalFiles.deleteTree(old);
            } else {
                Files.move(staging, target);
            }
            staging = null;
            return relocate(merged.outcome(), merged.shards(), target);
        } catch (IOException e) {
            throw new InfrastructureException("report merge: cannot write " + out + " (" + e.getMessage() + "); check it is a writable"
                    + " directory and merge again", e);
        } finally {
            if (staging != null) {
                try {
                    LocalFiles.deleteTree(staging);
                } catch (IOException ignored) {
                    // best effort: the failure above is what the user sees
                }
            }
        }
    }

    /** The outcome with each guest's snapshot path moved from its shard's directory to {@code directory}. */
    private static GateOutcome relocate(GateOutcome outcome, Map<Path, GateOutcome> shards, Path directory) {
        List<Path> roots = shards.keySet().stream().map(path -> path.toAbsolutePath().normalize()).toList();
        List<TopologyRun> runs = outcome.runs().stream().map(run -> new TopologyRun(run.topology(), run.status(), run.problem(),
                run.guests().stream().map(guest -> new GuestRecord(guest.kernel(), guest.release(), guest.topology(), guest.bootTime(),
                        guest.snapshot().map(path -> moved(path, roots, directory)), guest.console(), guest.failure())).toList(),
                run.findings(), run.checks(), run.topologySvg(), run.reproduce(), run.cxlSvg())).toList();
        return new GateOutcome(outcome.baseline(), outcome.candidate(), outcome.strict(), outcome.started(), outcome.wallTime(), runs,
                outcome.command(), outcome.kind(), outcome.qemu(), outcome.matrix(), outcome.packages());
    }

    private static Path moved(Path snapshot, List<Path> roots, Path directory) {
        Path file = snapshot.toAbsolutePath().normalize();
        for (Path root : roots) {
            if (file.startsWith(root)) {
                return directory.resolve(root.relativize(file));
            }
        }
        return snapshot;
    }

    /** Copies a directory tree (regular files and directories only; links are not followed). */
    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
