/**
 * The CXL memory expander suite: a region assembled from user space through sysfs on a fixture's
 * CXL host bridge, handed to DAX and kmem, checked as a new NUMA node, and taken apart again
 * (Documentation/ABI/testing/sysfs-bus-cxl, Documentation/driver-api/cxl/). Beside {@code hotplug},
 * whose new-memory checks and event diff it reuses.
 */
package org.hmsabi.cxl;
