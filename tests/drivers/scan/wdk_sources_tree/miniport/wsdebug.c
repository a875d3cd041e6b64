/* Built only when NTDEBUG is "ntsd": not part of a free build, so never scanned. */
#include "wsdrv.h"

VOID
WsDebugTimer(PVOID DeviceExtension)
{
    StorPortNotification(RequestTimerCall, DeviceExtension, WsDebugTimer, 1000);
}
