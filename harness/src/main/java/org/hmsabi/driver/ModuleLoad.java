package org.hmsabi.driver;

/**
 * What loading one module did.
 *
 * @param module the module's file name
 * @param status LOADED, FAILED (insmod refused it, or the guest died), NOT_TRIED (an earlier module failed)
 * @param detail insmod's output and the kernel lines it caused, bounded; empty when it loaded quietly
 */
public record ModuleLoad(String module, Status status, String detail) {

    public enum Status { LOADED, FAILED, NOT_TRIED }
}
