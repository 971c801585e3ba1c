/**
 * Kernels under test: references ({@link org.hmsabi.kernel.KernelRef}), their resolution to a
 * bootable image with modules ({@link org.hmsabi.kernel.Kernel}), Debian downloads through apt
 * ({@link org.hmsabi.kernel.DebianArchive}), the on-disk cache
 * ({@link org.hmsabi.kernel.KernelCache}) and the pinned default kernels
 * ({@link org.hmsabi.kernel.KernelPins}); versions and ranges of versions
 * ({@link org.hmsabi.kernel.KernelVersion}, {@link org.hmsabi.kernel.KernelRange}) as the spec, the
 * syscall contract and waivers name kernels, apart from ranges of Debian references for bisect
 * ({@link org.hmsabi.kernel.KernelRefRange}).
 *
 * <p>The entry point is {@link org.hmsabi.kernel.Kernels#resolve(String)}.
 *
 * <p>Lowest layer beside topology and container: it may use the root package and container (to build
 * modules in a container of the Debian suite whose compiler built the kernel).
 */
package org.hmsabi.kernel;
