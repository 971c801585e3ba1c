// SPDX-License-Identifier: GPL-2.0
/*
 * A module that loads but warns: validate-driver must fail it for the W taint and show the
 * WARNING lines from the kernel log (ValidateDriverTest). Never for real use.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init hmsabi_warn_init(void)
{
	WARN(1, "hmsabi_warn: a warning on purpose, for validate-driver's test\n");
	return 0;
}

static void __exit hmsabi_warn_exit(void)
{
}

module_init(hmsabi_warn_init);
module_exit(hmsabi_warn_exit);
MODULE_DESCRIPTION("hmsabi test module: warns when loaded");
MODULE_LICENSE("GPL");
