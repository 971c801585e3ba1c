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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hmsabi.BadInputException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.LocalFiles;
import org.hmsabi.Messages;
import org.hmsabi.Shard;
import org.hmsabi.gate.GateOutcome;
import org.hmsabi.gate.GuestRecord;
import org.hmsabi.gate.RunMatrix;
import org.hmsabi.gate.TopologyRun;
import org.hmsabi.history.HistoryOutcome;

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
        List<String> problems = new ArrayList<>();
        Map<Path, GateOutcome> shards = read(directories, OutcomeJson::read, problems);
        GateOutcome reference = shards.values().iterator().next();
        int count = reference.matrix().shard().count();
        Map<Integer, Path> byIndex = parts(shards, GateOutcome::matrix, ShardMerge::difference,
                outcome -> outcome.runs().stream().map(TopologyRun::topology).toList());
        RunMatrix matrix = reference.matrix();
        List<TopologyRun> runs = new ArrayList<>();
        shards.values().forEach(outcome -> runs.addAll(outcome.runs()));
        missing(matrix, byIndex, problems).forEach((part, problem) -> {
            for (String cell : part.mineNames()) {
                runs.add(new TopologyRun(cell, TopologyRun.Status.NOT_BOOTED, Optional.of(problem), List.of(), List.of(), List.of(),
                        Optional.empty(), reference.command() + " --shard " + part.shard().text()));
            }
        });
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

    /**
     * Reads each shard's outcome; a directory given twice is bad input, an unreadable one a problem
     * (its part is then missing), none readable an infrastructure failure.
     */
    private static <T> Map<Path, T> read(List<Path> directories, Function<Path, T> reader, List<String> problems) {
        if (directories.isEmpty()) {
            throw new BadInputException("report merge: give the results directory of every shard");
        }
        Set<Path> distinct = new LinkedHashSet<>();
        for (Path directory : directories) {
            if (!distinct.add(directory.toAbsolutePath().normalize())) {
                throw new BadInputException("report merge: " + directory + " is given twice; give each shard's directory once");
            }
        }
        Map<Path, T> shards = new LinkedHashMap<>();
        for (Path directory : directories) {
            try {
                shards.put(directory, reader.apply(directory));
            } catch (InfrastructureException unreadable) {
                problems.add(Messages.firstLine(unreadable.getMessage()));
            }
        }
        if (shards.isEmpty()) {
            throw new InfrastructureException("report merge: no shard's outcome could be read: " + problems.get(0));
        }
        return shards;
    }

    /**
     * Each shard's directory by its part: every shard cut from the same run as the first, each part
     * once, and every run of a shard of one of its own cells (so a cell's results come from its shard
     * alone, once). Directories of other runs, or a part given twice, are the command's mistake
     * (bad input, exit 2); a shard holding another part's results is a damaged shard (exit 3).
     */
    private static <T> Map<Integer, Path> parts(Map<Path, T> shards, Function<T, RunMatrix> matrixOf,
                                                BiFunction<T, T, Optional<String>> difference, Function<T, List<String>> runNames) {
        Map.Entry<Path, T> first = shards.entrySet().iterator().next();
        int count = matrixOf.apply(first.getValue()).shard().count();
        Map<Integer, Path> byIndex = new LinkedHashMap<>();
        for (Map.Entry<Path, T> shard : shards.entrySet()) {
            RunMatrix matrix = matrixOf.apply(shard.getValue());
            Optional<String> different = difference.apply(first.getValue(), shard.getValue());
            if (different.isPresent()) {
                throw new BadInputException("report merge: " + shard.getKey() + " was cut from another run than " + first.getKey()
                        + " (" + different.get() + "); merge the shards of one run, each run with the same options and --shard I/"
                        + count);
            }
            List<String> itsCells = matrix.mineNames();
            for (String run : runNames.apply(shard.getValue())) {
                if (!itsCells.contains(matrix.cellOf(run))) {
                    throw new InfrastructureException("report merge: " + shard.getKey() + " holds results of " + run
                            + ", which is not a cell of its shard " + matrix.shard().text() + "; re-run that shard and merge again");
                }
            }
            Path earlier = byIndex.putIfAbsent(matrix.shard().index(), shard.getKey());
            if (earlier != null) {
                throw new BadInputException("report merge: " + earlier + " and " + shard.getKey() + " are both shard "
                        + matrix.shard().text() + "; pass each shard's results directory once");
            }
        }
        return byIndex;
    }

    /** The parts none of the shards given holds, each with the line that says what to re-run. */
    private static Map<RunMatrix, String> missing(RunMatrix matrix, Map<Integer, Path> byIndex, List<String> problems) {
        Map<RunMatrix, String> missing = new LinkedHashMap<>();
        int count = matrix.shard().count();
        for (int index = 1; index <= count; index++) {
            if (!byIndex.containsKey(index)) {
                RunMatrix part = matrix.as(new Shard(index, count));
                String problem = "shard " + part.shard().text() + " gave no results (none of the directories given holds it)";
                problems.add("report merge: " + problem + "; re-run it with --shard " + part.shard().text() + " and merge again");
                missing.put(part, problem);
            }
        }
        return missing;
    }

    /**
     * The shards of one history ({@code history --shard I/N}) merged: the histories in the unsharded
     * order, every shard's skipped lines, and a line for each cell of a missing part (exit 3).
     */
    public static HistoryOutcome mergeHistories(List<Path> directories, List<String> problems) {
        Map<Path, HistoryOutcome> shards = read(directories, HistoryOutcomeJson::read, problems);
        HistoryOutcome reference = shards.values().iterator().next();
        Map<Integer, Path> byIndex = parts(shards, HistoryOutcome::matrix, (a, b) -> {
            if (a.strict() != b.strict()) {
                return Optional.of("one with --strict, one without");
            }
            return sameCut(a.matrix(), b.matrix(), a.command(), b.command());
        }, outcome -> outcome.histories().stream().map(org.hmsabi.history.AbiHistory::topology).toList());
        RunMatrix whole = reference.matrix().as(Shard.WHOLE);
        List<org.hmsabi.history.AbiHistory> histories = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        shards.values().forEach(outcome -> {
            histories.addAll(outcome.histories());
            skipped.addAll(outcome.skipped());
        });
        missing(reference.matrix(), byIndex, problems).forEach((part, problem) -> part.mineNames()
                .forEach(cell -> skipped.add(cell + ": " + problem)));
        List<String> order = whole.names();
        histories.sort(java.util.Comparator.comparingInt(history -> order.indexOf(whole.cellOf(history.topology()))));
        return new HistoryOutcome(reference.command(), reference.strict(), whole, histories, skipped);
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
        return sameCut(a.matrix(), b.matrix(), a.command(), b.command());
    }

    /** How two shards' matrices and commands differ, if they do. */
    private static Optional<String> sameCut(RunMatrix a, RunMatrix b, String commandA, String commandB) {
        if (a.shard().count() != b.shard().count()) {
            return Optional.of("--shard I/" + a.shard().count() + " against --shard I/" + b.shard().count());
        }
        if (!a.cells().equals(b.cells())) {
            return Optional.of("fixtures " + a.names() + " against " + b.names());
        }
        if (!Objects.equals(commandA, commandB)) {
            return Optional.of("'" + commandA + "' against '" + commandB + "'");
        }
        return Optional.empty();
    }

    /**
     * {@code out} is replaced whole, so it must be a results directory and none of the shards' (nor
     * hold one): anything else would be deleted (exit 2).
     */
    private static void refuseToReplace(Path target, java.util.Collection<Path> shards, Predicate<Path> isResults) {
        for (Path shard : shards) {
            Path input = shard.toAbsolutePath().normalize();
            if (input.startsWith(target)) {
                throw new BadInputException("report merge --out " + target + ": it is, or holds, the shard " + shard
                        + ", which merging would delete; give a directory of its own, e.g. results/merged");
            }
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                && !(Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && isResults.test(target))) {
            throw new BadInputException("report merge --out " + target + ": it exists and is not a results directory of this kind, so"
                    + " merging would delete what it holds; give a new or a results directory");
        }
    }

    /**
     * Writes the merged reports and every shard's snapshots into {@code out}: first into a new
     * directory beside it, then moved into place, so {@code out} is the old one or the whole new
     * one, never half of one. Returns the outcome as written (snapshot paths under {@code out}).
     */
    public static GateOutcome write(Merged merged, Path out) {
        replaceWhole(out, merged.shards().keySet(), directory -> Files.isRegularFile(directory.resolve(OutcomeJson.FILE_NAME)), staging -> {
            for (Map.Entry<Path, GateOutcome> shard : merged.shards().entrySet()) {
                copyTree(shard.getKey().resolve("snapshots"), staging.resolve("snapshots"));
            }
            Reports.writeAll(relocate(merged.outcome(), merged.shards(), staging), staging);
        });
        return relocate(merged.outcome(), merged.shards(), out.toAbsolutePath().normalize());
    }

    /** Writes a merged history's reports into {@code out} ({@code history/}), replacing an earlier {@code out} whole. */
    public static Path writeHistory(HistoryOutcome merged, List<Path> shards, Path out) {
        replaceWhole(out, shards, HistoryOutcomeJson::isHistory, staging -> HistoryOutcomeJson.writeAll(merged, staging));
        return out.resolve(HistoryOutcomeJson.DIRECTORY);
    }

    /** What fills a directory; may fail with an I/O error. */
    private interface Filling {
        void fill(Path directory) throws IOException;
    }

    /**
     * Fills a new directory beside {@code out}, then moves it into place: {@code out} is the old one
     * or the whole new one, never half of one.
     */
    private static void replaceWhole(Path out, java.util.Collection<Path> shards, Predicate<Path> isResults, Filling filling) {
        Path target = out.toAbsolutePath().normalize();
        refuseToReplace(target, shards, isResults);
        Path parent = target.getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".merging-");
            filling.fill(staging);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Path old = Files.createTempDirectory(parent, "." + target.getFileName() + ".replaced-");
                Files.move(target, old.resolve("old"));
                Files.move(staging, target);
                LocalFiles.deleteTree(old);
            } else {
                Files.move(staging, target);
            }
            staging = null;
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
