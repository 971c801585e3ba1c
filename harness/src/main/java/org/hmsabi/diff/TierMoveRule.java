package org.hmsabi.diff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hmsabi.diff.Finding.Kind;
import org.hmsabi.model.Cell;
import org.hmsabi.model.Entry;
import org.hmsabi.model.Snapshot;

/**
 * A node that sits in another memory tier in the candidate is one VALUE_CHANGED finding,
 * {@code node 2: memory_tier4 → memory_tier1}, covering the nodelist of both tiers and every path
 * of a tier directory that appeared or disappeared with the move. Its severity is that of the
 * nodelist change (testing ABI). A nodelist change or tier directory is absorbed only when moves
 * explain all of it; a node that joined or left tiering altogether stays a finding of its own.
 */
final class TierMoveRule implements GroupingRule {
    static final String TIERS = "/sys/devices/virtual/memory_tiering/";
    private static final Pattern NODELIST = Pattern.compile(Pattern.quote(TIERS) + "(memory_tier[0-9]+)/nodelist");

    private record Move(int node, String from, String to) {
    }

    @Override
    public List<Finding> apply(List<Finding> findings, SnapshotPair pair) {
        Map<String, SortedSet<Integer>> before = tiers(pair.baseline());
        Map<String, SortedSet<Integer>> after = tiers(pair.candidate());
        Map<Integer, String> tierBefore = tierOfNode(before);
        Map<Integer, String> tierAfter = tierOfNode(after);
        List<Move> moves = new ArrayList<>();
        tierBefore.forEach((node, tier) -> {
            String now = tierAfter.get(node);
            if (now != null && !now.equals(tier)) {
                moves.add(new Move(node, tier, now));
            }
        });
        if (moves.isEmpty()) {
            return findings;
        }
        Set<Integer> moved = new HashSet<>();
        moves.forEach(move -> moved.add(move.node()));
        Set<Finding> absorbed = new HashSet<>();
        List<Finding> result = new ArrayList<>();
        for (Move move : moves) {
            List<Finding> members = findings.stream().filter(finding -> isPartOf(move, finding, before, after)).toList();
            List<Finding> nodelists = members.stream().filter(member -> member.kind() == Kind.VALUE_CHANGED).toList();
            result.add(Findings.group(Kind.VALUE_CHANGED, "node " + move.node() + ": " + move.from() + " → " + move.to(),
                    members, nodelists, Optional.of(move.from()), Optional.of(move.to())));
            members.stream().filter(member -> explained(tierOf(member), before, after, moved)).forEach(absorbed::add);
        }
        findings.stream().filter(finding -> !absorbed.contains(finding)).forEach(result::add);
        return result;
    }

    private static boolean isPartOf(Move move, Finding finding, Map<String, SortedSet<Integer>> before,
                                    Map<String, SortedSet<Integer>> after) {
        String path = finding.paths().get(0);
        if (path.equals(nodelist(move.from())) || path.equals(nodelist(move.to()))) {
            return true;
        }
        boolean fromVanished = !after.containsKey(move.from()) && AbiPath.isWithin(path, TIERS + move.from());
        boolean toAppeared = !before.containsKey(move.to()) && AbiPath.isWithin(path, TIERS + move.to());
        return fromVanished || toAppeared;
    }

    /** Whether moves account for every node a tier gained or lost. */
    private static boolean explained(Optional<String> tier, Map<String, SortedSet<Integer>> before,
                                     Map<String, SortedSet<Integer>> after, Set<Integer> moved) {
        if (tier.isEmpty()) {
            return false;
        }
        SortedSet<Integer> was = before.getOrDefault(tier.get(), new TreeSet<>());
        SortedSet<Integer> now = after.getOrDefault(tier.get(), new TreeSet<>());
        Set<Integer> changed = new TreeSet<>(was);
        changed.addAll(now);
        Set<Integer> kept = new TreeSet<>(was);
        kept.retainAll(now);
        changed.removeAll(kept);
        return moved.containsAll(changed);
    }

    private static Optional<String> tierOf(Finding finding) {
        String path = finding.paths().get(0);
        if (!path.startsWith(TIERS)) {
            return Optional.empty();
        }
        String rest = path.substring(TIERS.length());
        int slash = rest.indexOf('/');
        return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
    }

    private static String nodelist(String tier) {
        return TIERS + tier + "/nodelist";
    }

    /** Each tier's nodes, from the nodelist files of a snapshot. */
    static Map<String, SortedSet<Integer>> tiers(Snapshot snapshot) {
        Map<String, SortedSet<Integer>> tiers = new TreeMap<>();
        snapshot.sysfs().forEach((path, entry) -> {
            Matcher matcher = NODELIST.matcher(path);
            if (matcher.matches() && entry instanceof Entry.File file && file.content() instanceof Cell.Value value) {
                tiers.put(matcher.group(1), readableIds(value.value()));
            }
        });
        return tiers;
    }

    private static Map<Integer, String> tierOfNode(Map<String, SortedSet<Integer>> tiers) {
        Map<Integer, String> tierOfNode = new TreeMap<>();
        tiers.forEach((tier, nodes) -> nodes.forEach(node -> tierOfNode.put(node, tier)));
        return tierOfNode;
    }

    /** A tier's nodes; a list the guest garbled contributes none (a diff reads what it can). */
    private static java.util.SortedSet<Integer> readableIds(String list) {
        try {
            return org.hmsabi.topology.NodeLists.parse(list);
        } catch (IllegalArgumentException garbled) {
            return new java.util.TreeSet<>();
        }
    }
}
