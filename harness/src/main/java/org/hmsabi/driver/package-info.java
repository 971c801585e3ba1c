/**
 * Vendor driver validation ({@code hmsabi validate-driver}): boot a kernel with a vendor's
 * modules in the initramfs, load them through the agent, bring the memory they add online,
 * and judge what user space sees against what the vendor promises in an expect file.
 * {@link org.hmsabi.driver.DriverValidation} is the entry point.
 * Layer 10: it may use hotplug and everything below it.
 */
package org.hmsabi.driver;
