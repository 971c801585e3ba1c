package org.hmsabi.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hmsabi.HmsabiException;
import org.hmsabi.InfrastructureException;
import org.hmsabi.Messages;
import org.hmsabi.kernel.AptArchive;
import org.hmsabi.kernel.CxlToolPackages;
import org.hmsabi.kernel.KernelPins;
import org.hmsabi.kernel.Kernels;

/**
 * User-space tools a guest gets for the devices its machine carries: a machine with a CXL type-3
 * device gets ndctl's {@code cxl} (from the cache, fetched there the first time,
 * {@link CxlToolPackages}). Where the tool cannot be had, the guest gets
 * {@value #CXL_TOOL_MISSING} instead, one line saying why, so the cxl suite names the condition
 * instead of failing to start a program.
 */
public final class GuestTools {
    /** In the guest: why it has no cxl tool (absent when it has one). */
    public static final String CXL_TOOL_MISSING = "/etc/hmsabi/cxl-tool-missing";

    private GuestTools() {
    }

    /** The initramfs files of the tools {@code spec}'s machine needs: archive path → content. */
    static Map<String, byte[]> files(GuestSpec spec) {
        return files(spec, () -> Kernels.archive(spec.cacheDir(), KernelPins.findOrNone(Path.of("").toAbsolutePath()),
                System.getenv(), line -> { }));
    }

    /** The same, asking {@code archive} (only when the cache lacks the tool). */
    static Map<String, byte[]> files(GuestSpec spec, Supplier<AptArchive> archive) {
        if (!spec.wantsCxlTool()) {
            return Map.of();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try {
            Path root = CxlToolPackages.cached(spec.cacheDir())
                    .orElseGet(() -> CxlToolPackages.cachedOrFetch(spec.cacheDir(), archive.get(), line -> { }));
            for (Map.Entry<String, Path> file : CxlToolPackages.guestFiles(root).entrySet()) {
                files.put(file.getKey(), Files.readAllBytes(file.getValue()));
            }
        } catch (HmsabiException e) {
            files.clear();
            files.put(CXL_TOOL_MISSING.substring(1), (Messages.firstLine(e.getMessage()) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("cannot read the cxl tool from the cache: " + e.getMessage(), e);
        }
        return files;
    }
}
