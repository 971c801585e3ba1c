package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.SortedMap;

/** What a snapshot records for one path of the guest's sysfs or procfs. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Entry.File.class, name = "file"),
    @JsonSubTypes.Type(value = Entry.Table.class, name = "table"),
    @JsonSubTypes.Type(value = Entry.Unreadable.class, name = "unreadable"),
    @JsonSubTypes.Type(value = Entry.WriteOnly.class, name = "write-only"),
    @JsonSubTypes.Type(value = Entry.Link.class, name = "link"),
    @JsonSubTypes.Type(value = Entry.Directory.class, name = "dir")
})
public sealed interface Entry {

    /** A readable file whose whole content is one cell. {@code mode} is the octal permission string. */
    record File(String mode, Cell content) implements Entry {
    }

    /** A readable file split into named rows (meminfo, vmstat, zoneinfo). */
    record Table(String mode, SortedMap<String, Cell> rows) implements Entry {
    }

    /** A file the agent could not read, with the symbolic errno. */
    record Unreadable(String mode, String errno) implements Entry {
    }

    /** A file without read permission (e.g. node/compact): its presence and mode are the ABI. */
    record WriteOnly(String mode) implements Entry {
    }

    /** A symbolic link and its target as readlink shows it. */
    record Link(String target) implements Entry {
    }

    record Directory(String mode) implements Entry {
    }
}
