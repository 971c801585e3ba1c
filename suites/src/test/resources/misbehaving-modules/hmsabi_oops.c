// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose init oopses (a NULL write): validate-driver must fail it for the D taint and
 * show the oops from the kernel log (ValidateDriverTest). Never for real use.
 */
#include <linux/compiler.h>
#include <linux/module.h>

static int __init hmsabi_oops_init(void)
{
	int *nowhere = NULL;

	WRITE_ONCE(*nowhere, 1);
	return 0;
}

module_init(hmsabi_oops_init);
MODULE_DESCRIPTION("hmsabi test module: oopses when loaded");
MODULE_LICENSE("GPL");
