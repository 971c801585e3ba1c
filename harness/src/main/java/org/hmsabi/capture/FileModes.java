package org.hmsabi.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

/** A file's permission bits as a number (0644), the way the agent and tar record them. */
final class FileModes {
    private FileModes() {
    }

    static int bits(Path path) throws IOException {
        int bits = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
            bits |= 1 << (8 - permission.ordinal()); // OWNER_READ (ordinal 0) is 0400, OTHERS_EXECUTE (8) is 0001
        }
        return bits;
    }
}
