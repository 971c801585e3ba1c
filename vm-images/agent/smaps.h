/* hmsabi-agent: one field of /proc/self/smaps over a range (smaps.c). */
#ifndef HMSABI_SMAPS_H
#define HMSABI_SMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kB of one /proc/self/smaps field ("AnonHugePages", "KSM") summed over
 * the mappings inside [base, base + len); *seen says whether any mapping had
 * the field at all; -1 when smaps cannot be read. */
long smaps_range_kb(uintptr_t base, size_t len, const char *field, bool *seen);

#endif
