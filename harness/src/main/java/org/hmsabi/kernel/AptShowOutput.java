package org.hmsabi.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hmsabi.InfrastructureException;

/** Reads the first matching record of {@code apt-cache show --no-all-versions PKG}. */
final class AptShowOutput {
    private AptShowOutput() {}

    static Optional<DebianPackage> parse(String output, String packageName) {
        for (String paragraph : output.split("\\n\\s*\\n")) {
            Map<String, String> fields = fields(paragraph);
            if (packageName.equals(fields.get("Package"))) {
                return Optional.of(toPackage(packageName, fields));
            }
        }
        return Optional.empty();
    }

    /** RFC 822-style fields; continuation lines (leading blank) belong to the previous field. */
    private static Map<String, String> fields(String paragraph) {
        Map<String, String> fields = new HashMap<>();
        for (String line : paragraph.split("\\n")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return fields;
    }

    private static DebianPackage toPackage(String packageName, Map<String, String> fields) {
        String version = required(packageName, fields, "Version");
        String sha256 = required(packageName, fields, "SHA256").toLowerCase(java.util.Locale.ROOT);
        String size = required(packageName, fields, "Size");
        try {
            return new DebianPackage(packageName, version, sha256, Long.parseLong(size));
        } catch (NumberFormatException e) {
            throw new InfrastructureException("apt-cache show " + packageName + " gave Size '" + size
                    + "', not a number; run 'apt-get update' and retry", e);
        }
    }

    private static String required(String packageName, Map<String, String> fields, String field) {
        String value = fields.get(field);
        if (value == null || value.isEmpty()) {
            throw new InfrastructureException("apt-cache show " + packageName + " has no " + field
                    + " field; run 'apt-get update' and retry");
        }
        return value;
    }
}
