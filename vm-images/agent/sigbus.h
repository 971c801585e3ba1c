/* hmsabi-agent: a write to a hugetlb page that may get SIGBUS (sigbus.c). */
#ifndef HMSABI_SIGBUS_H
#define HMSABI_SIGBUS_H

#include <stdbool.h>
#include <stdint.h>

/* Installs the SIGBUS handler, once per process (a fork inherits it; so
 * does a process that shares the agent's memory, which must therefore not
 * install it only in its own copy of the handlers). */
void sigbus_catch(void);

/* Writes one byte at addr; false when the write got SIGBUS and was
 * abandoned (the page stays absent). sigbus_catch must have run. */
bool sigbus_write(uintptr_t addr);

/* For a process whose memory another used: a write that one never finished
 * (it died inside it) must not leave the jump armed into its dead stack. */
void sigbus_disarm(void);

#endif
