package org.hmsabi.spec;

/**
 * A policy put in place before a case's call: on the calling thread (set_mempolicy) or on the
 * case's range (mbind). It must itself succeed; get_mempolicy and set_mempolicy_home_node read it.
 */
public record MempolicyPrelude(Scope scope, MempolicyMode mode, MempolicyNodeMask nodes) {

    public enum Scope { THREAD, RANGE }

    public static MempolicyPrelude thread(MempolicyMode mode, Integer... nodes) {
        return new MempolicyPrelude(Scope.THREAD, mode, MempolicyNodeMask.of(nodes));
    }

    public static MempolicyPrelude range(MempolicyMode mode, Integer... nodes) {
        return new MempolicyPrelude(Scope.RANGE, mode, MempolicyNodeMask.of(nodes));
    }
}
