/* Debug builds only (see vxdriver.vcxproj): nothing here is part of Release|x64. */
#include "vxcfg.h"

HW_TIMER VxDebugTimer;

BOOLEAN
VxAdapterState(PVOID DeviceExtension, PVOID Context, BOOLEAN SaveState)
{
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(SaveState);
    StorPortNotification(RequestTimerCall, DeviceExtension, VxDebugTimer, 1000000);
    return TRUE;
}

VOID
VxDebugTimer(PVOID DeviceExtension)
{
    ((PVX_EXT)DeviceExtension)->DebugFlags = 0;
}
