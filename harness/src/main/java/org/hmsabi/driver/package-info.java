/**
 * Vendor driver validation ({@code hmsabi validate-driver}): boot a kernel with a vendor's
 * modules in the initramfs, load them through the agent, bring the memory they add online,
 * and judge what user space sees against what the vendor promises in an expect file.
 * {@link org.hmsabi.driver.DriverValidation} is the entry point.
 */
package org.hmsabi.driver;
