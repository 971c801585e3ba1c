package org.hmsabi.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One write to a sysfs or procfs attribute as the guest answered it (the snapshot's {@code writes}
 * section, docs/formats.md).
 *
 * @param id       {@code <attribute id>/<value>} from spec/writes.yaml, e.g. {@code numa/demotion_enabled/yes};
 *                 unique within a snapshot, the diff pairs records by it
 * @param path     the attribute written, with its {@code <N>} filled in by the host
 * @param mode     the attribute's permission bits as the guest showed them ({@code "0644"}); absent when it has none
 * @param value    the value written as shown in ids ({@code 1x4097} for a value repeated 4097 times)
 * @param outcome  {@code ok}, or the symbolic errno of the refused write ({@code EINVAL}, {@code ENOENT} for a missing attribute)
 * @param before   what the attribute read just before the write
 * @param readBack what the attribute read after the write, without its final newline; absent when unreadable
 * @param restore  absent when the attribute was put back (or needed no putting back), else the errno of the write-back
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteRecord(String id, String path, String mode, String value, String outcome, String before, String readBack,
                          String restore) {
}
