/**
 * The ABI spec and the syscall contract as data: spec/*.yaml loaded into attribute rules
 * ({@link org.hmsabi.spec.AbiSpec}, {@link org.hmsabi.spec.AttributeRule}, grammars, value classes,
 * stability) and mempolicy cases ({@link org.hmsabi.spec.SyscallCase}, the catalog, the contract).
 * Layer 2: it may use the root, topology and kernel, never snapshots or guests.
 */
package org.hmsabi.spec;
