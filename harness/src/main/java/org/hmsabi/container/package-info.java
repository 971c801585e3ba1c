/**
 * Local Docker containers, one implementation for every use: running a command in a local image
 * (built by vm-images/container/build, never pulled) with network mode none, host paths
 * bind-mounted at the same paths, as this process's user, and never an orphaned container
 * (a reaper per container, owner labels). QEMU runs in one (the qemu layer's container runner),
 * and so do module builds for kernels whose compiler this machine lacks (the kernel layer).
 * Layer 1: it may use the root package only.
 */
package org.hmsabi.container;
