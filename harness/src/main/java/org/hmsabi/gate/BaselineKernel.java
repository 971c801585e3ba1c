package org.hmsabi.gate;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.hmsabi.kernel.DebianPackage;
import org.hmsabi.kernel.Kernel;
import org.hmsabi.kernel.KernelPin;
import org.hmsabi.kernel.PackagePin;
import org.hmsabi.model.GoldenFiles;
import org.hmsabi.model.Snapshot;

/**
 * The gate's baseline before anything boots: the exact reference its golden files are named by
 * and the package that holds its image. A pinned kernel is fetched (downloaded, unpacked,
 * verified) only when a guest of it must boot, so a gate whose baseline the golden files cover
 * needs neither the download nor an archive that still offers the pinned package.
 */
public final class BaselineKernel {
    private final String exactReference;
    private final String goldenKey;
    private final Optional<DebianPackage> debianPackage;
    private final Supplier<Kernel> fetch;
    private Kernel fetched;

    private BaselineKernel(String exactReference, String goldenKey, Optional<DebianPackage> debianPackage, Supplier<Kernel> fetch,
                           Kernel fetched) {
        this.exactReference = exactReference;
        this.goldenKey = goldenKey;
        this.debianPackage = debianPackage;
        this.fetch = fetch;
        this.fetched = fetched;
    }

    /** A baseline already fetched (a kernel that is not pinned, or a path to an image). */
    public static BaselineKernel of(Kernel kernel) {
        Objects.requireNonNull(kernel, "kernel");
        return new BaselineKernel(kernel.exactReference(),
                GoldenFiles.kernelKey(new Snapshot.KernelInfo(kernel.release(), kernel.exactReference())),
                kernel.debianPackage(), () -> kernel, kernel);
    }

    /** A pinned kernel, described by its pin; {@code fetch} resolves it when a guest of it must boot. */
    public static BaselineKernel pinned(KernelPin pin, Supplier<Kernel> fetch) {
        PackagePin image = pin.image();
        return new BaselineKernel(pin.reference(), GoldenFiles.kernelKey(new Snapshot.KernelInfo("", pin.reference())),
                Optional.of(new DebianPackage(image.packageName(), image.version(), image.sha256(), 0)),
                Objects.requireNonNull(fetch, "fetch"), null);
    }

    /** {@code debian:<abi>}, or the reference as given for a kernel that is not a Debian package. */
    public String exactReference() {
        return exactReference;
    }

    /** The name its golden files have, {@code <kernel>.json}. */
    String goldenKey() {
        return goldenKey;
    }

    /** The Debian package that holds its image, when it is one. */
    public Optional<DebianPackage> debianPackage() {
        return debianPackage;
    }

    /** The bootable kernel, fetched on the first call (a failure to fetch is thrown every time, as the fetch throws it). */
    public synchronized Kernel get() {
        if (fetched == null) {
            fetched = fetch.get();
        }
        return fetched;
    }

    /** Whether it has been fetched (or was given fetched). */
    public synchronized boolean isFetched() {
        return fetched != null;
    }
}
