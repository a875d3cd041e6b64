/* Included as "MyDrv.h": the file system on Windows ignores case, the source does too. */
#pragma once

#include <storport.h>

#define IC_ENABLE_BUILDIO 1
#define IC_REGISTER_TIMER(ext) \
    StorPortNotification(RequestTimerCall, (ext), IcPoll, IC_POLL_USEC)

typedef struct _IC_EXT {
    PULONG Regs;
    ULONG Polls;
} IC_EXT, *PIC_EXT;

VOID IcPoll(PVOID DeviceExtension);
