// SPDX-License-Identifier: GPL-2.0
/*
 * hmsabi_example: adds a device's memory to the system the way a device driver does.
 *
 * It binds to QEMU's ivshmem-plain PCI device (1af4:1110), whose BAR2 is plain RAM of the
 * size of its memory backend, and hot-adds that BAR as driver-managed System RAM on one NUMA
 * node with add_memory_driver_managed(), like drivers/dax/kmem.c does for device-dax. It can
 * give that node a memory type (abstract distance), so the node joins a slower memory tier.
 * Unbinding or unloading offlines and removes the memory again.
 *
 * Parameters:
 *   nid        node to add the memory to; default -1: the first *possible* node without memory.
 *              A node is possible when the firmware (ACPI SRAT) names it; only then can the
 *              kernel give it memory later. A memory-less possible node is what a platform
 *              describes for device memory that a driver brings up after boot.
 *   adistance  abstract distance of the memory type for the node (memory tiers, chunks of 128;
 *              DRAM is 576); default 0: like dax/kmem, from the HMAT performance on kernels that
 *              can compute it (6.9+, mt_calc_adistance), else 5 times DRAM. -1: set no type.
 */
#include <linux/memory.h>
#include <linux/memory-tiers.h>
#include <linux/memory_hotplug.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/pci.h>
#include <linux/version.h>

#define DRIVER_NAME "hmsabi_example"
#define RESOURCE_NAME "System RAM (hmsabi_example)"
#define IVSHMEM_BAR 2
/* dax/kmem's default for memory without performance data. */
#define EXAMPLE_DEFAULT_ADISTANCE (MEMTIER_ADISTANCE_DRAM * 5)

static int nid = NUMA_NO_NODE;
module_param(nid, int, 0444);
MODULE_PARM_DESC(nid, "NUMA node for the device memory (default: first possible node without memory)");

static int adistance;
module_param(adistance, int, 0444);
MODULE_PARM_DESC(adistance, "abstract distance of the node's memory type (0: like dax/kmem, -1: none)");

struct example_device {
	struct resource *region;
	struct memory_dev_type *mtype;
	u64 start;
	u64 size;
	int nid;
};

static int first_memoryless_possible_node(void)
{
	int node;

	for_each_node(node)
		if (!node_state(node, N_MEMORY))
			return node;
	return NUMA_NO_NODE;
}

static int wanted_adistance(int node)
{
	int adist = EXAMPLE_DEFAULT_ADISTANCE;

	if (adistance)
		return adistance;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	/* Leaves adist alone when the firmware described no performance for the node. */
	mt_calc_adistance(node, &adist);
#endif
	return adist;
}

static void example_put_type(struct memory_dev_type *mtype)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	put_memory_type(mtype);
#else
	destroy_memory_type(mtype);
#endif
}

static int example_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct example_device *dev;
	u64 block = memory_block_size_bytes();
	int node = nid == NUMA_NO_NODE ? first_memoryless_possible_node() : nid;
	int rc;

	if (node == NUMA_NO_NODE || node < 0 || node >= MAX_NUMNODES || !node_possible(node)) {
		dev_err(&pdev->dev, "no usable node (nid=%d): the firmware must declare a memory-less node "
			"(hot-plug room on the last node), or pass nid=\n", nid);
		return -ENODEV;
	}
	rc = pcim_enable_device(pdev);
	if (rc)
		return rc;

	dev = devm_kzalloc(&pdev->dev, sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	dev->nid = node;
	dev->start = pci_resource_start(pdev, IVSHMEM_BAR);
	dev->size = pci_resource_len(pdev, IVSHMEM_BAR);
	if (!dev->size || !IS_ALIGNED(dev->start, block) || !IS_ALIGNED(dev->size, block)) {
		dev_err(&pdev->dev, "BAR%d %pR is not aligned to the %llu MiB memory block size\n",
			IVSHMEM_BAR, &pdev->resource[IVSHMEM_BAR], block >> 20);
		return -EINVAL;
	}

	/*
	 * Claim the BAR, then clear BUSY so that add_memory_driver_managed() can nest its System RAM
	 * resource inside it (what dax/kmem does): nobody else can claim the range meanwhile.
	 */
	dev->region = request_mem_region(dev->start, dev->size, DRIVER_NAME);
	if (!dev->region) {
		dev_err(&pdev->dev, "BAR%d %pR is in use\n", IVSHMEM_BAR, &pdev->resource[IVSHMEM_BAR]);
		return -EBUSY;
	}
	dev->region->flags &= ~IORESOURCE_BUSY;

	if (adistance >= 0) {
		dev->mtype = alloc_memory_type(wanted_adistance(node));
		if (IS_ERR(dev->mtype)) {
			rc = PTR_ERR(dev->mtype);
			dev->mtype = NULL;
			goto release;
		}
		init_node_memory_type(node, dev->mtype);
	}

	rc = add_memory_driver_managed(node, dev->start, dev->size, RESOURCE_NAME, MHP_NONE);
	if (rc) {
		dev_err(&pdev->dev, "adding %llu MiB at %#llx to node %d failed: %d\n",
			dev->size >> 20, dev->start, node, rc);
		goto clear_type;
	}
	pci_set_drvdata(pdev, dev);
	dev_info(&pdev->dev, "added %llu MiB at %#llx to node %d\n", dev->size >> 20, dev->start, node);
	return 0;

clear_type:
	if (dev->mtype) {
		clear_node_memory_type(node, dev->mtype);
		example_put_type(dev->mtype);
	}
release:
	dev->region->flags |= IORESOURCE_BUSY;
	release_mem_region(dev->start, dev->size);
	return rc;
}

static void example_remove(struct pci_dev *pdev)
{
	struct example_device *dev = pci_get_drvdata(pdev);
	int rc = offline_and_remove_memory(dev->start, dev->size);

	if (rc) {
		/* Pages in use that cannot migrate: the memory stays, and so must its resource. */
		dev_err(&pdev->dev, "cannot offline and remove %#llx+%llu MiB: %d; the memory stays\n",
			dev->start, dev->size >> 20, rc);
		return;
	}
	if (dev->mtype) {
		clear_node_memory_type(dev->nid, dev->mtype);
		example_put_type(dev->mtype);
	}
	dev->region->flags |= IORESOURCE_BUSY;
	release_mem_region(dev->start, dev->size);
	dev_info(&pdev->dev, "removed %llu MiB from node %d\n", dev->size >> 20, dev->nid);
}

static const struct pci_device_id example_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1110) }, /* QEMU ivshmem (ivshmem-plain) */
	{ }
};
MODULE_DEVICE_TABLE(pci, example_ids);

static struct pci_driver example_driver = {
	.name = DRIVER_NAME,
	.id_table = example_ids,
	.probe = example_probe,
	.remove = example_remove,
};
module_pci_driver(example_driver);

MODULE_DESCRIPTION("hmsabi example: a PCI BAR of device memory added as a NUMA node");
MODULE_LICENSE("GPL");
