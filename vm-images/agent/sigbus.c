/* hmsabi-agent: a hugetlb fault that finds no free huge page on the nodes the
 * policy allows (or races a migration or soft offline, hugetlb-race) is
 * SIGBUS, not an error return: the write is abandoned. The agent is PID 1: an
 * unhandled SIGBUS would panic the guest. Only a write made here jumps back;
 * a SIGBUS anywhere else is what it would be without the handler. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "sigbus.h"

static sigjmp_buf bus_jump;
static volatile sig_atomic_t bus_armed;

static void on_sigbus(int sig)
{
    if (bus_armed)
        siglongjmp(bus_jump, 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

void sigbus_catch(void)
{
    static bool installed;
    if (!installed) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigbus;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, NULL);
        installed = true;
    }
}

bool sigbus_write(uintptr_t addr)
{
    if (sigsetjmp(bus_jump, 1) != 0) { /* back from on_sigbus: the write was abandoned */
        bus_armed = 0;
        return false;
    }
    bus_armed = 1;
    *(volatile char *)addr = 1;
    bus_armed = 0;
    return true;
}

void sigbus_disarm(void)
{
    bus_armed = 0;
}
