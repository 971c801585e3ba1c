package org.hmsabi.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hmsabi.guest.AgentReply;
import org.hmsabi.guest.AgentRequest;
import org.hmsabi.guest.AgentSession;
import org.hmsabi.kernel.KernelVersion;
import org.hmsabi.model.WriteRecord;
import org.hmsabi.spec.WriteSpec;

/**
 * Performs the writes of spec/writes.yaml in a booted guest and records each outcome: for every
 * attribute the kernel has, in spec order, each case is a {@code read} of what the attribute
 * holds, one {@code write} request, a {@code read} of what it shows then, and a write-back of
 * what it held at first (a write-back the kernel refuses leaves the next case another start,
 * which its own first read records). At the end every
 * attribute is written back once more, in spec order, so the guest is as it was (a weight before
 * weighted-interleave {@code auto}, which recomputes the weights). Paths are the spec's: the one
 * number a path may hold is taken from the guest's listing of the parent directory, as a number.
 * Three batches in all (listings, the values before, the writes), so a guest answers them in one
 * round trip each.
 */
public final class WriteCapture {
    /** What a guest shows is kept to this length (a read-back is one short value). */
    static final int MAX_VALUE = 256;
    private static final Pattern MODE = Pattern.compile("0[0-7]{3}");
    private static final Pattern ERRNO = Pattern.compile("E[A-Z0-9]{1,15}");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * The records, and the attributes the final write-back could not put back (path and errno),
     * empty when the guest is as it was.
     */
    public record Result(List<WriteRecord> records, List<String> notRestored) {
        public Result {
            records = List.copyOf(records);
            notRestored = List.copyOf(notRestored);
        }
    }

    private final WriteSpec spec;

    public WriteCapture(WriteSpec spec) {
        this.spec = spec;
    }

    public Result capture(AgentSession session) {
        KernelVersion kernel = KernelVersion.ofGuestRelease(session.kernelRelease());
        List<WriteSpec.Attribute> attributes = spec.attributesFor(kernel);

        // 1. Which instance a numbered path means: the lowest number the guest lists.
        Map<WriteSpec.Attribute, AgentRequest> listings = new LinkedHashMap<>();
        attributes.stream().filter(WriteSpec.Attribute::numbered)
                .forEach(a -> listings.put(a, session.request("tree", a.parent(), "1")));
        List<List<AgentReply>> listed = session.call(List.copyOf(listings.values()), TIMEOUT);
        Map<WriteSpec.Attribute, Optional<String>> paths = new LinkedHashMap<>();
        int i = 0;
        for (WriteSpec.Attribute attribute : attributes) {
            if (attribute.numbered()) {
                List<AgentReply> replies = listed.get(i++);
                paths.put(attribute, replies.stream().filter(r -> r instanceof AgentReply.Entry)
                        .map(r -> attribute.numberOf(((AgentReply.Entry) r).path())).flatMap(Optional::stream)
                        .min(Integer::compare).map(attribute::instance));
            } else {
                paths.put(attribute, Optional.of(attribute.path()));
            }
        }

        // 2. What each attribute holds before any write, and its mode.
        List<WriteSpec.Attribute> present = attributes.stream().filter(a -> paths.get(a).isPresent()).toList();
        List<List<AgentReply>> read = session.call(present.stream().map(a -> session.request("read", paths.get(a).get())).toList(), TIMEOUT);
        Map<WriteSpec.Attribute, AgentReply.Read> before = new LinkedHashMap<>();
        for (int k = 0; k < present.size(); k++) {
            Optional<AgentReply> reply = last(read.get(k));
            if (reply.isPresent() && reply.get() instanceof AgentReply.Read was) {
                before.put(present.get(k), was);
            }
        }

        // 3. Each case: write, read back, write back; then every attribute written back once more.
        record Step(WriteSpec.Attribute attribute, WriteSpec.Case c, AgentRequest before, AgentRequest write, AgentRequest read,
                    Optional<AgentRequest> back) {
        }
        List<AgentRequest> requests = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (WriteSpec.Attribute attribute : present) {
            String path = paths.get(attribute).get();
            Optional<String> original = original(before.get(attribute));
            for (WriteSpec.Case c : attribute.writesFor(kernel)) {
                AgentRequest readBefore = session.request("read", path);
                AgentRequest write = session.request("write", path, c.written());
                AgentRequest readBack = session.request("read", path);
                Optional<AgentRequest> back = attribute.restore() ? original.map(value -> session.request("write", path, value)) : Optional.empty();
                steps.add(new Step(attribute, c, readBefore, write, readBack, back));
                requests.add(readBefore);
                requests.add(write);
                requests.add(readBack);
                back.ifPresent(requests::add);
            }
        }
        Map<AgentRequest, String> finalRestores = new LinkedHashMap<>();
        for (WriteSpec.Attribute attribute : present) {
            if (attribute.restore()) {
                original(before.get(attribute)).ifPresent(value -> {
                    AgentRequest back = session.request("write", paths.get(attribute).get(), value);
                    requests.add(back);
                    finalRestores.put(back, paths.get(attribute).get());
                });
            }
        }
        List<List<AgentReply>> replies = session.call(requests, TIMEOUT.plusMillis(50L * requests.size()));
        Map<Integer, AgentReply> byId = new LinkedHashMap<>();
        for (int k = 0; k < requests.size(); k++) {
            int id = requests.get(k).id();
            last(replies.get(k)).ifPresent(reply -> byId.put(id, reply));
        }

        List<WriteRecord> records = new ArrayList<>();
        for (WriteSpec.Attribute attribute : attributes) {
            if (paths.get(attribute).isEmpty()) {
                attribute.writesFor(kernel).forEach(c -> records.add(new WriteRecord(attribute.caseId(c), attribute.path(), null,
                        c.display(), "ENOENT", null, null, null)));
            }
        }
        for (Step step : steps) {
            AgentReply.Read was = before.get(step.attribute());
            String mode = was == null || !MODE.matcher(was.mode()).matches() ? null : was.mode();
            records.add(new WriteRecord(step.attribute().caseId(step.c()), paths.get(step.attribute()).get(), mode, step.c().display(),
                    outcome(byId.get(step.write().id())), content(byId.get(step.before().id())), content(byId.get(step.read().id())),
                    step.back().map(back -> outcome(byId.get(back.id()))).filter(o -> !o.equals("ok")).orElse(null)));
        }
        records.sort(java.util.Comparator.comparingInt(r -> order(r, attributes, kernel)));
        List<String> notRestored = new ArrayList<>();
        finalRestores.forEach((request, path) -> {
            String outcome = outcome(byId.get(request.id()));
            if (!outcome.equals("ok")) {
                notRestored.add(path + " " + outcome);
            }
        });
        return new Result(records, notRestored);
    }

    /** Records in spec order, whatever the attribute's path resolved to. */
    private static int order(WriteRecord record, List<WriteSpec.Attribute> attributes, KernelVersion kernel) {
        int position = 0;
        for (WriteSpec.Attribute attribute : attributes) {
            for (WriteSpec.Case c : attribute.writesFor(kernel)) {
                if (attribute.caseId(c).equals(record.id())) {
                    return position;
                }
                position++;
            }
        }
        return position;
    }

    /** A read's content as a record keeps it; null when it could not be read. */
    private static String content(AgentReply reply) {
        return reply instanceof AgentReply.Read read && read.error().isEmpty() ? read.value().map(WriteCapture::value).orElse(null) : null;
    }

    /**
     * What an attribute held, as it can be written back: its content without the final newline,
     * or, for a choice list that marks the current choice in brackets ({@code always [madvise] never}),
     * that choice.
     */
    private static Optional<String> original(AgentReply.Read read) {
        if (read == null || read.error().isPresent() || read.truncated()) {
            return Optional.empty();
        }
        return read.value().map(WriteCapture::stripNewline).filter(v -> v.length() <= MAX_VALUE && v.chars().noneMatch(ch -> ch < 0x20))
                .map(WriteCapture::writable);
    }

    private static final Pattern CHOICES = Pattern.compile("(?:[a-z_]+ )*\\[([a-z_]+)\\](?: [a-z_]+)*");

    /** The value that selects what a sysfs choice list shows selected, or the content itself. */
    static String writable(String content) {
        java.util.regex.Matcher choices = CHOICES.matcher(content);
        return choices.matches() ? choices.group(1) : content;
    }

    /** A guest's value as the record keeps it: one line, bounded. */
    static String value(String text) {
        String line = stripNewline(text);
        return line.length() > MAX_VALUE ? line.substring(0, MAX_VALUE) + "..." : line;
    }

    private static String stripNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code ok}, the errno, or what the agent did instead. */
    static String outcome(AgentReply reply) {
        if (reply == null) {
            return "AGENT:no-reply";
        }
        if (reply.error().isPresent()) {
            return ERRNO.matcher(reply.error().get()).matches() ? reply.error().get() : "AGENT:bad-errno";
        }
        return reply instanceof AgentReply.Write write && write.ok() ? "ok" : "AGENT:reply-" + (reply.op().matches("[a-z]{1,16}") ? reply.op() : "other");
    }

    private static Optional<AgentReply> last(List<AgentReply> replies) {
        return replies.isEmpty() ? Optional.empty() : Optional.of(replies.get(replies.size() - 1));
    }
}
