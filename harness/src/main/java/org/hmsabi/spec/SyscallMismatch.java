package org.hmsabi.spec;

/** A call whose outcome broke the contract: which case, which kernel, which rule, expected against observed. */
public record SyscallMismatch(SyscallCase call, String kernelRelease, String ruleId, SyscallExpectation expected,
                              long result, String errno) {

    public String message() {
        String observed = errno == null ? "returned " + result : "failed with " + errno + " (result " + result + ")";
        return call + " on " + kernelRelease + ": expected " + expected + " (rule " + ruleId + "), " + observed;
    }

    @Override
    public String toString() {
        return message();
    }
}
